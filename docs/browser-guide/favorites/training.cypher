// training: Courses and micro-credentials addressing a challenge, or the challenges a region faces, with the provider and where it is.
// Parameters (null = no filter):
//   challenge (string, optional): Challenge id
//   region (string, optional): Region id: the challenges this region faces
// Set them first, e.g.:
//   :param challenge => 'chal-battery-value-chain';
//   :param region => 'region-moravian-silesian';
MATCH (k:Course)-[:ADDRESSES]->(c:Challenge)
WHERE ($challenge IS NULL OR c.id = $challenge)
  AND ($region IS NULL OR EXISTS { MATCH (:Region {id: $region})-[:FACES]->(c) })
OPTIONAL MATCH (o:Organisation)-[:OFFERS]->(k)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(place:Region)
RETURN c.name AS challenge, k.name AS course, k.kind AS kind, k.eqf_level AS eqf_level,
       o.name AS provider, o.category AS provider_category, place.name AS provider_region,
       k.source AS source
ORDER BY challenge, course, provider
