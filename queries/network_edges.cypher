// Relationships of any type between some nodes, with their properties: the relationships
// of a network page's neighbourhood (both ends shown; a hub's other relationships, which can
// run to thousands, are not read).
// @param ids list Node ids
MATCH (a)-[r]->(b)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, r
ORDER BY source, target
