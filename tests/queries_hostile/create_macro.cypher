// backends: ladybug
// expect: CREATE writes to the graph or its schema
// ladybug-stage: screen
CREATE MACRO leak(x) AS x + 1
