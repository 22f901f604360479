// synergy_participation: Events and projects each region takes part in, directly or through its organisations: two regions sharing one already work together.
MATCH (r:Region)-[:ATTENDS|HOSTS]->(e:Event)
RETURN r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (o:Organisation)-[:ATTENDS|HOSTS]->(e:Event)
MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (r:Region)-[:PARTNER_IN]->(p:Project)
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)
MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
