// backends: neo4j
// expect: CALL dbms.listConfig is not an allowed procedure
RETURN COUNT { CALL dbms.listConfig() YIELD name RETURN name } AS settings
