// backends: neo4j
// expect: LOAD CSV reads a file or URL
LOAD CSV FROM 'file:///etc/passwd' AS row FIELDTERMINATOR ':' RETURN row
