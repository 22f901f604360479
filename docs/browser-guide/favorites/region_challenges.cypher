// region_challenges: Each region's challenges with the region's priority and the fact's source.
// Parameters (null = no filter):
//   region (string, optional): Region id; all regions when omitted
//   rsp_member (bool, optional): true: partnership members only
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
//   :param rsp_member => null;
MATCH (r:Region)-[f:FACES]->(c:Challenge)
WHERE ($region IS NULL OR r.id = $region)
  AND ($rsp_member IS NULL OR r.rsp_member = $rsp_member)
RETURN r.name AS region, c.name AS challenge, c.theme AS theme, f.priority AS priority,
       f.source AS source
ORDER BY region, CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, challenge
