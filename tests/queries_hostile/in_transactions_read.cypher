// backends: neo4j
// expect: CALL { ... } IN TRANSACTIONS commits on its own
UNWIND range(1, 3) AS i CALL (i) { RETURN i AS j } IN TRANSACTIONS RETURN j
