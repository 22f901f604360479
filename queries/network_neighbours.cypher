// The nodes next to some nodes, in either direction, with every property: one step of the
// network page's neighbourhood of a node.
// @param ids list Node ids
MATCH (n)-[]-(m)
WHERE n.id IN $ids
RETURN DISTINCT n.id AS node, m AS neighbour
