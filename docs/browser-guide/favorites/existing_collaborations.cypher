// existing_collaborations: Pairs of regions that already work together: both attended or hosted an event, or both take part in a project (directly or through organisations located in them).
// Parameters (null = no filter):
//   region (string, optional): Region id: only pairs that include it
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (a:Region)-[:ATTENDS|HOSTS|PARTNER_IN]->(x)<-[:ATTENDS|HOSTS|PARTNER_IN]-(b:Region)
WHERE a.id <> b.id AND (($region IS NULL AND a.id < b.id) OR a.id = $region)
RETURN a.name AS region_a, b.name AS region_b, x.id AS shared, x.name AS name
UNION
MATCH (a:Region)<-[:LOCATED_IN]-(oa:Organisation)-[:ATTENDS|HOSTS|PARTNER_IN]->(x)
MATCH (x)<-[:ATTENDS|HOSTS|PARTNER_IN]-(ob:Organisation)-[:LOCATED_IN]->(b:Region)
WHERE a.id <> b.id AND (($region IS NULL AND a.id < b.id) OR a.id = $region)
RETURN a.name AS region_a, b.name AS region_b, x.id AS shared, x.name AS name
