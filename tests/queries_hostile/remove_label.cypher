// backends: neo4j
// expect: this query writes
MATCH (r:Region) REMOVE r:Region
