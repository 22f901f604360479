// backends: ladybug
// expect: IMPORT DATABASE reads files into the graph
// ladybug-stage: screen
IMPORT DATABASE '@TMP@'
