// backends: ladybug
// expect: LOAD FROM reads a file
// ladybug-stage: screen
LOAD WITH HEADERS (a STRING, b STRING) FROM '@SECRET@' (file_format='csv') RETURN *
