// shared_challenges: Pairs of regions facing the same challenge, with both priorities.
// Parameters (null = no filter):
//   region (string, optional): Region id: only pairs that include it
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (a:Region)-[fa:FACES]->(c:Challenge)<-[fb:FACES]-(b:Region)
WHERE a.id <> b.id AND (($region IS NULL AND a.id < b.id) OR a.id = $region)
RETURN a.name AS region_a, b.name AS region_b, c.name AS challenge,
       fa.priority AS priority_a, fb.priority AS priority_b
ORDER BY region_a, region_b, challenge
