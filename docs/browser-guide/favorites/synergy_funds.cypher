// synergy_funds: Funds, the challenges they support and where they are eligible (NUTS/country prefixes).
MATCH (f:Fund)-[s:SUPPORTS]->(c:Challenge)
RETURN f.id AS fund, f.name AS fund_name, c.id AS challenge,
       s.eligible_territory AS territory, s.source AS source
ORDER BY fund, challenge
