// Which practices, courses and projects some regions offer for some challenges, by id:
// one row per region, challenge, kind of offer and way of reaching the region (the ways of
// synergy_offers), with the ids in a list. rsp unites the ways, keeps the first few items
// of each group for the evidence and reads only those with synergy_offer_details: a
// region can have thousands of offers, and one row per id would make the transfer, not
// the database, the cost of an answer.
// @param regions list Regions whose offers are read (the pairs shown)
// @param challenges list Only offers for these challenges
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson, collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson, collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson, collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Course' AS item_kind, false AS lesson,
       collect(DISTINCT k.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:PILOTS_IN]-(p:Project)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Project' AS item_kind, false AS lesson,
       collect(DISTINCT p.id) AS items
UNION ALL
MATCH (r:Region) WHERE r.id IN $regions
MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
RETURN r.id AS region, c.id AS challenge, 'Project' AS item_kind, false AS lesson,
       collect(DISTINCT p.id) AS items
