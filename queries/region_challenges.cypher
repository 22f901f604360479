// Each region's challenges with the region's priority and the fact's source.
// @param region string optional Region id; all regions when omitted
// @param rsp_member bool optional true: partnership members only
MATCH (r:Region)-[f:FACES]->(c:Challenge)
WHERE ($region IS NULL OR r.id = $region)
  AND ($rsp_member IS NULL OR r.rsp_member = $rsp_member)
RETURN r.name AS region, c.name AS challenge, c.theme AS theme, f.priority AS priority,
       f.source AS source
ORDER BY region, CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, challenge
