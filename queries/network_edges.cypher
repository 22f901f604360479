// Relationships of any type at some nodes (either end), with their properties: the network
// page's neighbourhoods keep those between the nodes they show.
// @param ids list Node ids
MATCH (a)-[r]->(b)
WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, b.id AS target, r
ORDER BY source, target
