// region_events: Events a region (or an organisation located in it) hosted or attended.
// Parameters (null = no filter):
//   region (string): Region id
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (r:Region {id: $region})
MATCH (e:Event)
WHERE EXISTS { MATCH (r)-[:ATTENDS|HOSTS]->(e) }
   OR EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:ATTENDS|HOSTS]->(e) }
RETURN e.id AS id, e.name AS event, e.kind AS kind, e.date AS date, e.source AS source
ORDER BY date, event
