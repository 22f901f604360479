// partner_candidates: Organisations across regions that work on the given challenges: candidates for a consortium: they offer courses, share practices or partner in projects on them, or are industry, training, research or cluster bodies in a region facing them.
// Parameters (null = no filter):
//   challenges (list): Challenge ids
// Set them first, e.g.:
//   :param challenges => ['chal-battery-value-chain', 'chal-electrification'];
MATCH (o:Organisation)-[:OFFERS]->(k:Course)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN o.id AS id, o.name AS organisation, o.category AS category, r.name AS region,
       c.name AS challenge, 'offers course ' + k.name AS why, k.source AS source
UNION
MATCH (o:Organisation)-[:SHARES]->(p:Practice)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN o.id AS id, o.name AS organisation, o.category AS category, r.name AS region,
       c.name AS challenge, 'shares practice ' + p.name AS why, p.source AS source
UNION
MATCH (o:Organisation)-[:PARTNER_IN]->(p:Project)-[:ADDRESSES]->(c:Challenge)
WHERE c.id IN $challenges
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
RETURN o.id AS id, o.name AS organisation, o.category AS category, r.name AS region,
       c.name AS challenge, 'partner in project ' + p.name AS why, p.source AS source
UNION
MATCH (o:Organisation)-[:LOCATED_IN]->(r:Region)-[f:FACES]->(c:Challenge)
WHERE c.id IN $challenges
  AND o.category IN ['industry', 'vet_provider', 'university', 'research_centre', 'cluster']
RETURN o.id AS id, o.name AS organisation, o.category AS category, r.name AS region,
       c.name AS challenge, 'based in a region facing it (' + f.priority + ' priority)' AS why,
       f.source AS source
