// synergy_offers: What each region offers for each challenge: practices, courses and projects there, with the organisation behind each (the contact point). An empty org means the region itself offers it (UNION branches need one column type, so '' rather than null).
MATCH (r:Region)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, '' AS org, '' AS org_name, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, o.id AS org, o.name AS org_name, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, c.id AS challenge, k.id AS item, k.name AS item_name,
       'Course' AS item_kind, o.id AS org, o.name AS org_name, k.source AS source
UNION ALL
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
MATCH (p)-[:ADDRESSES]->(c:Challenge)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, '' AS org, '' AS org_name, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, o.id AS org, o.name AS org_name, p.source AS source
