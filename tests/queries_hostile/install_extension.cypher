// backends: ladybug
// expect: INSTALL downloads an extension
// ladybug-stage: screen
INSTALL json
