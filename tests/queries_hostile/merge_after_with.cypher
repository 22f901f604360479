// backends: ladybug, neo4j
// expect: writes
// ladybug-stage: plan
MATCH (r:Region) WITH r LIMIT 1 MERGE (x:Region {id: r.id + '-copy'})
