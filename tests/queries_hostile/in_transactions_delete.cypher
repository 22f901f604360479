// backends: neo4j
// expect: CALL { ... } IN TRANSACTIONS commits on its own
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS
