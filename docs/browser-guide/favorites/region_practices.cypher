// region_practices: Practices a region shares, directly or through its organisations, and what they address.
// Parameters (null = no filter):
//   region (string): Region id
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (r:Region {id: $region})
MATCH (p:Practice)
WHERE EXISTS { MATCH (r)-[:SHARES]->(p) }
   OR EXISTS { MATCH (p)-[:LOCATED_IN]->(r) }
   OR EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:SHARES]->(p) }
OPTIONAL MATCH (p)-[:ADDRESSES]->(c:Challenge)
RETURN p.id AS id, p.name AS practice, p.kind AS kind, c.name AS addresses,
       p.source AS source
ORDER BY practice, addresses
