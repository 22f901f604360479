// backends: ladybug
// expect: ATTACH opens another database
// ladybug-stage: screen
// absent: @TMP@/other.lbug
ATTACH '@TMP@/other.lbug' AS other (dbtype lbug)
