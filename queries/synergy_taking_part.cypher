// Which events and projects some regions take part in (directly, through their
// organisations, or as a project's pilot region), by id: one row per region, kind and way
// of taking part, with the ids in a list. Two regions sharing one already work together;
// rsp intersects the lists of each pair shown and reads the names of the few it lists
// with synergy_shared_details.
// @param regions list Regions whose events and projects are read
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:ATTENDS|HOSTS]->(e:Event)
RETURN r.id AS region, 'Event' AS item_kind, collect(DISTINCT e.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:ATTENDS|HOSTS]->(e:Event)
RETURN r.id AS region, 'Event' AS item_kind, collect(DISTINCT e.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:PARTNER_IN]->(p:Project)
RETURN r.id AS region, 'Project' AS item_kind, collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:PARTNER_IN]->(p:Project)
RETURN r.id AS region, 'Project' AS item_kind, collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:PILOTS_IN]-(p:Project)
RETURN r.id AS region, 'Project' AS item_kind, collect(DISTINCT p.id) AS items
