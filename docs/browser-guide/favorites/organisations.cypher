// organisations: Organisations by category and region.
// Parameters (null = no filter):
//   category (string, optional): e.g. industry, vet_provider, university, cluster
//   region (string, optional): Region id
// Set them first, e.g.:
//   :param category => 'vet_provider';
//   :param region => 'region-moravian-silesian';
MATCH (o:Organisation)
WHERE $category IS NULL OR o.category = $category
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
WITH o, r
WHERE $region IS NULL OR r.id = $region
RETURN o.id AS id, o.name AS name, o.category AS category, r.name AS region,
       o.source AS source
ORDER BY category, name
