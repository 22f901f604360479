// backends: neo4j
// expect: LOAD CSV reads a file or URL
MATCH (r:Region) WITH r LIMIT 1
CALL (r) { LOAD CSV FROM '@URL@/b.csv' AS line RETURN count(line) AS n }
RETURN r.id, n
