// backends: ladybug, neo4j
// expect-ladybug: CREATE writes to the graph or its schema
// expect-neo4j: this query writes
// ladybug-stage: screen
CREATE (:Region {id: 'leak', name: 'Leak'})
