// projects: Projects with their programme, dates and number of partners.
MATCH (p:Project)
OPTIONAL MATCH (o)-[:PARTNER_IN]->(p)
RETURN p.id AS id, p.name AS name, p.programme AS programme, p.start AS start,
       p.pilot AS pilot, count(o) AS partners, p.source AS source
ORDER BY name
