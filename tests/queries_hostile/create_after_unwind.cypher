// backends: ladybug, neo4j
// expect: writes
// ladybug-stage: plan
unwind [1, 2] AS i /* read? */ CREATE (:Region {id: 'leak-unwound'})
