// network_degrees: How many relationships each of some nodes has (the network page's hubs: a node with far more relationships than the rest is not expanded through).
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (n)-[r]-()
WHERE n.id IN $ids
RETURN n.id AS id, count(r) AS degree
ORDER BY id
