// backends: neo4j
// expect: administration commands are not graph reads
SHOW USERS
