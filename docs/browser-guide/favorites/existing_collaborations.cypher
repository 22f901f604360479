// existing_collaborations: Pairs of regions that already work together: both attended or hosted an event, or both take part in a project (directly or through organisations located in them). Each region's events and projects are found first (WITH DISTINCT), then who else takes part in them: going from every organisation of a region to every organisation of every other took minutes for one region of the EU-scale network, this takes seconds.
// Parameters (null = no filter):
//   region (string, optional): Region id: only pairs that include it
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (a:Region)-[:ATTENDS|HOSTS|PARTNER_IN]->(x)
WHERE $region IS NULL OR a.id = $region
WITH DISTINCT a, x
MATCH (x)<-[:ATTENDS|HOSTS|PARTNER_IN]-(b:Region)
WHERE a.id <> b.id AND ($region IS NOT NULL OR a.id < b.id)
RETURN a.name AS region_a, b.name AS region_b, x.id AS shared, x.name AS name
UNION
MATCH (a:Region)<-[:LOCATED_IN]-(:Organisation)-[:ATTENDS|HOSTS|PARTNER_IN]->(x)
WHERE $region IS NULL OR a.id = $region
WITH DISTINCT a, x
MATCH (x)<-[:ATTENDS|HOSTS|PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(b:Region)
WHERE a.id <> b.id AND ($region IS NOT NULL OR a.id < b.id)
RETURN a.name AS region_a, b.name AS region_b, x.id AS shared, x.name AS name
