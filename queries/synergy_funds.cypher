// Funds, the challenges they support and where they are eligible (NUTS/country prefixes).
// @param challenges list optional Only funds for these challenges
MATCH (f:Fund)-[s:SUPPORTS]->(c:Challenge)
WHERE $challenges IS NULL OR c.id IN $challenges
RETURN f.id AS fund, f.name AS fund_name, c.id AS challenge,
       s.eligible_territory AS territory, s.source AS source
ORDER BY fund, challenge
