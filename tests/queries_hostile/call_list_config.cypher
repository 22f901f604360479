// backends: neo4j
// expect: CALL dbms.listConfig is not an allowed procedure
CALL dbms.listConfig() YIELD name, value RETURN name, value
