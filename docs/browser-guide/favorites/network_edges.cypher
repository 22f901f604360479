// network_edges: Relationships of any type between some nodes, with their properties: the relationships of a network page's neighbourhood (both ends shown; a hub's other relationships, which can run to thousands, are not read).
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (a)-[r]->(b)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, r
ORDER BY source, target
