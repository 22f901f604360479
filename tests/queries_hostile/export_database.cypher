// backends: ladybug
// expect: EXPORT DATABASE writes files
// ladybug-stage: screen
// absent: @TMP@/export
EXPORT DATABASE '@TMP@/export'
