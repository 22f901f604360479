// network_nodes: Nodes of any kind by id, with every property (the network page's neighbourhoods).
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (n)
WHERE n.id IN $ids
RETURN n
ORDER BY n.id
