// backends: neo4j
// expect: LOAD CSV reads a file or URL
RETURN COLLECT { LOAD CSV FROM '@URL@/c.csv' AS line RETURN line } AS lines
