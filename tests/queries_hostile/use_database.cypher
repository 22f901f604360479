// backends: ladybug
// expect: USE switches to another database
// ladybug-stage: screen
USE other
