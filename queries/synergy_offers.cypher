// What each region offers for each challenge: practices, courses and projects available
// there, with the organisation behind each (the contact point). A practice is available in
// a region that shares it, that one of the region's organisations shares, or where it is
// located (LOCATED_IN). A course is available where its provider is; a project where it
// runs (PILOTS_IN) or where a partner organisation is. A bad practice (kind=bad) is a
// lesson, not an offer (`lesson` is true). An empty org means the region itself offers it
// (UNION branches need one column type, so '' rather than null).
// @param regions list optional Only offers available in these regions
// @param challenges list optional Only offers for these challenges
MATCH (r:Region)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (p:Practice)-[:LOCATED_IN]->(r:Region)
MATCH (p)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Practice' AS item_kind, p.kind = 'bad' AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       p.source AS source
UNION ALL
MATCH (o:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, k.id AS item, k.name AS item_name,
       'Course' AS item_kind, false AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       k.source AS source
UNION ALL
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
MATCH (p)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, false AS lesson, '' AS org, '' AS org_name,
       '' AS org_category, '' AS org_website, p.source AS source
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, p.id AS item, p.name AS item_name,
       'Project' AS item_kind, false AS lesson, o.id AS org, o.name AS org_name,
       o.category AS org_category, coalesce(o.website, '') AS org_website,
       p.source AS source
