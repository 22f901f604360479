// backends: neo4j
// expect: LOAD CSV reads a file or URL
/* harmless */ load csv with headers from '@URL@/a.csv' as row return row
