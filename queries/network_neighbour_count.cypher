// How many distinct nodes are next to some nodes: what one more step of a neighbourhood
// could add, counted before it is read.
// @param ids list Node ids
MATCH (n)-[]-(m)
WHERE n.id IN $ids
RETURN count(DISTINCT m.id) AS nodes
