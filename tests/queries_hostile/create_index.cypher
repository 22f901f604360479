// backends: neo4j
// expect: schema commands (CREATE/DROP INDEX or CONSTRAINT) change the database
CREATE INDEX leak IF NOT EXISTS FOR (n:Region) ON (n.leak)
