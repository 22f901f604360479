// backends: ladybug
// expect: LOAD FROM reads a file
// ladybug-stage: screen
LOAD FROM '@SECRET@' (file_format='csv', header=true, delim=':') RETURN *
