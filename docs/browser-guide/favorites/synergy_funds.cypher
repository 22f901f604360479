// synergy_funds: Funds, the challenges they support and where they are eligible (NUTS/country prefixes).
// Parameters (null = no filter):
//   challenges (list, optional): Only funds for these challenges
// Set them first, e.g.:
//   :param challenges => ['chal-battery-value-chain', 'chal-electrification'];
MATCH (f:Fund)-[s:SUPPORTS]->(c:Challenge)
WHERE $challenges IS NULL OR c.id IN $challenges
RETURN f.id AS fund, f.name AS fund_name, c.id AS challenge,
       s.eligible_territory AS territory, s.source AS source
ORDER BY fund, challenge
