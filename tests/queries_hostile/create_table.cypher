// backends: ladybug
// expect: CREATE writes to the graph or its schema
// ladybug-stage: screen
CREATE NODE TABLE Leak(id STRING PRIMARY KEY)
