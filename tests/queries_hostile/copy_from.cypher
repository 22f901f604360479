// backends: ladybug
// expect: COPY ... FROM loads a file into the graph
// ladybug-stage: screen
COPY Region FROM '@SECRET@' (header=false)
