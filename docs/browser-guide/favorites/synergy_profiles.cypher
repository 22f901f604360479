// synergy_profiles: Challenge profiles: each region's challenges with its priority (input of the synergy score).
// Parameters (null = no filter):
//   regions (list, optional): Only these regions (a one-region answer's neighbourhood)
//   challenges (list, optional): Only these challenges
// Set them first, e.g.:
//   :param regions => ['region-trnava', 'region-skelleftea'];
//   :param challenges => ['chal-battery-value-chain', 'chal-electrification'];
MATCH (r:Region)-[f:FACES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, r.name AS region_name, r.rsp_member AS member, c.id AS challenge,
       c.name AS challenge_name, f.priority AS priority, f.source AS source
ORDER BY region, challenge
