// backends: neo4j
// expect: CALL db.createLabel is not an allowed procedure
CALL db.createLabel('Leak')
