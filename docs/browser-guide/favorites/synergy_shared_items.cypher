// synergy_shared_items: Events and projects with the regions taking part in each (themselves, through their organisations, or as a project's pilot region): two regions in one item already work together. One row per way of taking part; rsp unites the regions of an item's rows.
// Parameters (null = no filter):
//   items (list, optional): Only these events and projects
// Set them first, e.g.:
//   :param items => null;
MATCH (r:Region)-[:ATTENDS|HOSTS]->(x:Event)
WHERE $items IS NULL OR x.id IN $items
RETURN x.id AS item, x.name AS name, 'Event' AS kind, x.source AS source,
       collect(DISTINCT r.id) AS regions
UNION ALL
MATCH (o:Organisation)-[:ATTENDS|HOSTS]->(x:Event)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE $items IS NULL OR x.id IN $items
RETURN x.id AS item, x.name AS name, 'Event' AS kind, x.source AS source,
       collect(DISTINCT r.id) AS regions
UNION ALL
MATCH (r:Region)-[:PARTNER_IN]->(x:Project)
WHERE $items IS NULL OR x.id IN $items
RETURN x.id AS item, x.name AS name, 'Project' AS kind, x.source AS source,
       collect(DISTINCT r.id) AS regions
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(x:Project)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE $items IS NULL OR x.id IN $items
RETURN x.id AS item, x.name AS name, 'Project' AS kind, x.source AS source,
       collect(DISTINCT r.id) AS regions
UNION ALL
MATCH (x:Project)-[:PILOTS_IN]->(r:Region)
WHERE $items IS NULL OR x.id IN $items
RETURN x.id AS item, x.name AS name, 'Project' AS kind, x.source AS source,
       collect(DISTINCT r.id) AS regions
