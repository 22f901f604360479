// backends: ladybug, neo4j
// expect: give exactly one statement
// ladybug-stage: screen
BEGIN TRANSACTION
