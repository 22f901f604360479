// backends: ladybug
// expect: CALL runs a database function
// ladybug-stage: screen
MATCH (r:Region) WITH r LIMIT 1 CALL table_info('Region') RETURN *
