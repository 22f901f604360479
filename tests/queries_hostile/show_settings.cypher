// backends: neo4j
// expect: SHOW/TERMINATE commands act on the server, not the graph
SHOW SETTINGS YIELD name, value RETURN name, value
