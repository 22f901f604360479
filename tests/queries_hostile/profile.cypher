// backends: ladybug
// expect: PROFILE runs the statement
// ladybug-stage: screen
PROFILE MATCH (r:Region) RETURN r.id
