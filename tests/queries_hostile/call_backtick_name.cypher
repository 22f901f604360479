// backends: ladybug
// expect: CALL runs a database function
// ladybug-stage: screen
MATCH (r:Region) CALL `current_setting`('home_directory') RETURN *
