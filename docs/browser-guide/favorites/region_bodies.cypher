// region_bodies: Public bodies and clusters located in each region: whom to approach in a region that names no representing body (e.g. a candidate member).
MATCH (o:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE o.category IN ['regional_government', 'public_agency', 'cluster']
RETURN r.id AS region, o.id AS org, o.name AS org_name, o.category AS category,
       o.website AS website, o.source AS source
ORDER BY region, category, org_name
