// backends: ladybug
// expect: CALL runs a database function
// ladybug-stage: screen
RETURN 1 AS x UNION CALL read_csv_parallel('@SECRET@') RETURN *
