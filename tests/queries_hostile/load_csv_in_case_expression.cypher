// backends: neo4j
// expect: LOAD CSV or CALL inside a subquery expression cannot be checked
MATCH (r:Region)
RETURN CASE WHEN r.id IS NOT NULL
            THEN COLLECT { LOAD CSV FROM '@URL@/d.csv' AS line RETURN line }
            ELSE [] END AS lines
