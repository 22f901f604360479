// backends: ladybug
// expect: DETACH changes the attached databases
// ladybug-stage: screen
DETACH other
