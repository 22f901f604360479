// Challenge profiles: each region's challenges with its priority (input of the synergy score).
// @param regions list optional Only these regions (a one-region answer's neighbourhood)
// @param challenges list optional Only these challenges
MATCH (r:Region)-[f:FACES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, r.name AS region_name, r.rsp_member AS member, c.id AS challenge,
       c.name AS challenge_name, f.priority AS priority, f.source AS source
ORDER BY region, challenge
