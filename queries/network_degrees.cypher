// How many relationships each of some nodes has (the network page's hubs: a node with far
// more relationships than the rest is not expanded through).
// @param ids list Node ids
MATCH (n)-[r]-()
WHERE n.id IN $ids
RETURN n.id AS id, count(r) AS degree
ORDER BY id
