// network_edges: Relationships of any type at some nodes (either end), with their properties: the network page's neighbourhoods keep those between the nodes they show.
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice'];
MATCH (a)-[r]->(b)
WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS source, b.id AS target, r
ORDER BY source, target
