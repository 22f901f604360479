// synergy_profiles: Challenge profiles: each region's challenges with its priority (input of the synergy score).
MATCH (r:Region)-[f:FACES]->(c:Challenge)
RETURN r.id AS region, r.name AS region_name, r.rsp_member AS member, c.id AS challenge,
       c.name AS challenge_name, f.priority AS priority, f.source AS source
ORDER BY region, challenge
