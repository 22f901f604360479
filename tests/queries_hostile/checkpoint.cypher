// backends: ladybug
// expect: CHECKPOINT controls transactions
// ladybug-stage: screen
CHECKPOINT
