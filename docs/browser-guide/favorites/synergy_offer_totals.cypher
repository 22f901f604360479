// synergy_offer_totals: How many distinct offers each region has for each challenge, by kind: the aggregate the synergy scores are computed from (the offers themselves are read only for the pairs shown, with synergy_offers). Each way an item can be available in a region (see synergy_offers) is counted in its own part, leaving out what an earlier part counted, so the parts add up to distinct items; rsp adds up rows with the same keys.
// Parameters (null = no filter):
//   regions (list, optional): Only offers available in these regions
//   challenges (list, optional): Only offers for these challenges
// Set them first, e.g.:
//   :param regions => ['region-trnava', 'region-skelleftea'];
//   :param challenges => ['chal-battery-value-chain', 'chal-electrification'];
MATCH (o:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, 'Practice' AS kind,
       coalesce(p.kind = 'bad', false) AS lesson, count(DISTINCT p) AS items
UNION ALL
MATCH (r:Region)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
  AND NOT EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:SHARES]->(p) }
RETURN r.id AS region, c.id AS challenge, 'Practice' AS kind,
       coalesce(p.kind = 'bad', false) AS lesson, count(DISTINCT p) AS items
UNION ALL
MATCH (p:Practice)-[:LOCATED_IN]->(r:Region)
MATCH (p)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
  AND NOT EXISTS { MATCH (r)-[:SHARES]->(p) }
  AND NOT EXISTS { MATCH (r)<-[:LOCATED_IN]-(:Organisation)-[:SHARES]->(p) }
RETURN r.id AS region, c.id AS challenge, 'Practice' AS kind,
       coalesce(p.kind = 'bad', false) AS lesson, count(DISTINCT p) AS items
UNION ALL
MATCH (o:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, 'Course' AS kind, false AS lesson,
       count(DISTINCT k) AS items
UNION ALL
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
MATCH (o)-[:LOCATED_IN]->(r:Region)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
RETURN r.id AS region, c.id AS challenge, 'Project' AS kind, false AS lesson,
       count(DISTINCT p) AS items
UNION ALL
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
MATCH (p)-[:ADDRESSES]->(c:Challenge)
WHERE ($regions IS NULL OR r.id IN $regions) AND ($challenges IS NULL OR c.id IN $challenges)
  AND NOT EXISTS { MATCH (p)<-[:PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(r) }
RETURN r.id AS region, c.id AS challenge, 'Project' AS kind, false AS lesson,
       count(DISTINCT p) AS items
