// Region nodes with every property, by id (the network page's regions).
// @param ids list Region ids
MATCH (r:Region)
WHERE r.id IN $ids
RETURN r
ORDER BY r.id
