// backends: neo4j
// expect: LOAD CSV or CALL inside a subquery expression cannot be checked
MATCH (r:Region)
RETURN CASE WHEN r.id IS NULL THEN 0
            ELSE COUNT { CALL dbms.listConfig() YIELD name RETURN name } END AS n
