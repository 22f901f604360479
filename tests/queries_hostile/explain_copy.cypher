// backends: ladybug
// expect: EXPLAIN/PROFILE cannot be given here
// ladybug-stage: screen
// absent: @TMP@/out.csv
EXPLAIN COPY (MATCH (r:Region) RETURN r.id) TO '@TMP@/out.csv'
