// backends: neo4j
// expect: SHOW/TERMINATE commands act on the server, not the graph
TERMINATE TRANSACTIONS 'neo4j-transaction-1'
