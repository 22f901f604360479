// backends: ladybug, neo4j
// expect: writes
// ladybug-stage: plan
MATCH (r:Region) SET r.name = 'changed'
