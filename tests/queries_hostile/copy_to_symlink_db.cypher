// backends: ladybug
// expect: COPY ... TO writes a file
// ladybug-stage: screen
COPY (MATCH (r:Region) RETURN r.id) TO '@LINK@'
