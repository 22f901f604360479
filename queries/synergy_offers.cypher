// What some regions offer for some challenges: practices, courses and projects available
// there, with the organisation behind each (the contact point). A practice is available in
// a region that shares it, that one of the region's organisations shares, or where it is
// located (LOCATED_IN). A course is available where its provider is; a project where it
// runs (PILOTS_IN) or where a partner organisation is. A bad practice (kind=bad) is a
// lesson, not an offer (`lesson` is true). An empty org means the region itself offers it
// (UNION branches need one column type, so '' rather than null). Each part starts from the
// regions asked for (an index lookup), so the cost follows those regions, not the network.
// @param regions list Regions whose offers are read (the pairs shown)
// @param challenges list Only offers for these challenges
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(o:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(o:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, k.id AS item, k.name AS item_name,
       'Course' AS item_kind, false AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       k.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:PILOTS_IN]-(p:Project)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, false AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(o:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, false AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       p.source AS source
