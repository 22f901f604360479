// synergy_participation: Events and projects each region takes part in, directly or through its organisations: two regions sharing one already work together.
// Parameters (null = no filter):
//   regions (list, optional): Only these regions
// Set them first, e.g.:
//   :param regions => null;
MATCH (r:Region)-[:ATTENDS|HOSTS]->(e:Event)
WHERE $regions IS NULL OR r.id IN $regions
RETURN DISTINCT r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (o:Organisation)-[:ATTENDS|HOSTS]->(e:Event)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE $regions IS NULL OR r.id IN $regions
RETURN DISTINCT r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (r:Region)-[:PARTNER_IN]->(p:Project)
WHERE $regions IS NULL OR r.id IN $regions
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE $regions IS NULL OR r.id IN $regions
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
WHERE $regions IS NULL OR r.id IN $regions
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
