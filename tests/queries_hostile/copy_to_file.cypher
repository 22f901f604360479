// backends: ladybug
// expect: COPY ... TO writes a file
// ladybug-stage: screen
// absent: @TMP@/out.csv
COPY (MATCH (r:Region) RETURN r.id) TO '@TMP@/out.csv'
