// backends: ladybug
// expect: LOAD FROM reads a file
// ladybug-stage: screen
MATCH (r:Region) WHERE EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation) }
WITH r LIMIT 1
lOaD /* split */
  FrOm '@SECRET@' (file_format='csv', header=false)
RETURN *
