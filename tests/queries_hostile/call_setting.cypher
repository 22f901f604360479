// backends: ladybug
// expect: CALL runs a database function
// ladybug-stage: screen
CALL threads = 1
