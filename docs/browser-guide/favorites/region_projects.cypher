// region_projects: Projects that run in a region or count its organisations (or the region) as partners.
// Parameters (null = no filter):
//   region (string): Region id
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (r:Region {id: $region})
MATCH (p:Project)
WHERE EXISTS { MATCH (p)-[:PILOTS_IN]->(r) }
   OR EXISTS { MATCH (r)-[:PARTNER_IN]->(p) }
   OR EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:PARTNER_IN]->(p) }
RETURN p.id AS id, p.name AS project, p.programme AS programme, p.start AS start,
       p.`end` AS finish, p.pilot AS pilot, p.source AS source
ORDER BY project
