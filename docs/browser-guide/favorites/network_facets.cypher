// network_facets: Where some nodes are and what they are about, for the network page's filters and layout: the regions a node is located in, runs in (PILOTS_IN), offers from (a course through its provider) or takes part from (a project through its partners), and the themes of the challenges it faces, addresses or supports. Blank ('') where a row gives only one of them.
// Parameters (null = no filter):
//   ids (list): Node ids
// Set them first, e.g.:
//   :param ids => ['region-trnava', 'region-kosice', 'org-stellantis-trnava'];
MATCH (n)-[:LOCATED_IN|PILOTS_IN]->(r:Region)
WHERE n.id IN $ids
RETURN n.id AS id, r.id AS region, '' AS theme
UNION
MATCH (n)<-[:OFFERS]-(:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE n.id IN $ids
RETURN n.id AS id, r.id AS region, '' AS theme
UNION
MATCH (n)<-[:PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE n.id IN $ids
RETURN n.id AS id, r.id AS region, '' AS theme
UNION
MATCH (n)<-[:PARTNER_IN]-(r:Region)
WHERE n.id IN $ids
RETURN n.id AS id, r.id AS region, '' AS theme
UNION
MATCH (n)-[:WORKS_FOR]->(:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE n.id IN $ids
RETURN n.id AS id, r.id AS region, '' AS theme
UNION
MATCH (n)-[:FACES|ADDRESSES|SUPPORTS]->(c:Challenge)
WHERE n.id IN $ids
RETURN n.id AS id, '' AS region, c.theme AS theme
UNION
MATCH (c:Challenge)
WHERE c.id IN $ids
RETURN c.id AS id, '' AS region, c.theme AS theme
