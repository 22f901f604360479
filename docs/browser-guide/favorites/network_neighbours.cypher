// network_neighbours: The nodes next to some nodes, in either direction, with every property: one step of the network page's neighbourhood of a node.
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (n)-[]-(m)
WHERE n.id IN $ids
RETURN DISTINCT n.id AS node, m AS neighbour
