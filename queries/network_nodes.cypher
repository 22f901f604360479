// Nodes of any kind by id, with every property (the network page's neighbourhoods).
// @param ids list Node ids
MATCH (n)
WHERE n.id IN $ids
RETURN n
ORDER BY n.id
