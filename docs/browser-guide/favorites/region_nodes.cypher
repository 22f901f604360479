// region_nodes: Region nodes with every property, by id (the network page's regions).
// Parameters (null = no filter):
//   ids (list): Region ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (r:Region)
WHERE r.id IN $ids
RETURN r
ORDER BY r.id
