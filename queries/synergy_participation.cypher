// Events and projects some regions take part in, directly or through their organisations:
// two regions sharing one already work together. Each part starts from the regions asked
// for (an index lookup), so the cost follows those regions, not the network.
// @param regions list Regions whose events and projects are read
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:ATTENDS|HOSTS]->(e:Event)
RETURN DISTINCT r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(o:Organisation)-[:ATTENDS|HOSTS]->(e:Event)
RETURN DISTINCT r.id AS region, e.id AS item, e.name AS item_name, 'Event' AS item_kind,
       e.date AS date, e.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:PARTNER_IN]->(p:Project)
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(o:Organisation)-[:PARTNER_IN]->(p:Project)
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:PILOTS_IN]-(p:Project)
RETURN DISTINCT r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       p.start AS date, p.source AS source
