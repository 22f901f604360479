// backends: neo4j
// expect: schema commands (CREATE/DROP INDEX or CONSTRAINT) change the database
DROP CONSTRAINT region_id IF EXISTS
