// region_funds: Funds that support a challenge the region faces and whose territory covers the region (`EU`, a NUTS-code prefix of the region, or its country code).
// Parameters (null = no filter):
//   region (string): Region id
// Set them first, e.g.:
//   :param region => 'region-moravian-silesian';
MATCH (r:Region {id: $region})-[f:FACES]->(c:Challenge)<-[s:SUPPORTS]-(fd:Fund)
WHERE any(t IN s.eligible_territory WHERE t = 'EU' OR r.country_code = t
          OR (r.nuts_code IS NOT NULL AND r.nuts_code STARTS WITH t))
RETURN fd.id AS id, fd.name AS fund, fd.level AS level, c.name AS challenge,
       f.priority AS priority, s.eligible_territory AS territory, s.source AS source
ORDER BY fund, challenge
