// backends: neo4j
// expect: this query writes
MATCH (r:Region) FOREACH (x IN [1] | SET r.flag = x)
