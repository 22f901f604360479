// backends: ladybug
// expect: LOAD EXTENSION loads native code into the database
// ladybug-stage: screen
LOAD EXTENSION json
