// network_neighbour_count: How many distinct nodes are next to some nodes: what one more step of a neighbourhood could add, counted before it is read.
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (n)-[]-(m)
WHERE n.id IN $ids
RETURN count(DISTINCT m.id) AS nodes
