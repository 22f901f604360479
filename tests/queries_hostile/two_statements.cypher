// backends: ladybug, neo4j
// expect: give exactly one statement
// ladybug-stage: screen
// absent: @TMP@/out.csv
MATCH (r:Region) RETURN r.id; COPY (MATCH (r:Region) RETURN r.id) TO '@TMP@/out.csv'
