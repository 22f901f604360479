// backends: neo4j
// expect: administration commands are not graph reads
CREATE USER leak SET PASSWORD 'leak-leak-leak'
