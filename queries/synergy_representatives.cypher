// The body that represents each region in the partnership (its default contact point),
// with the role-based contact point (office and organisational address) where sourced.
MATCH (r:Region)-[rb:REPRESENTED_BY]->(o:Organisation)
RETURN r.id AS region, o.id AS org, o.name AS org_name, o.category AS category,
       o.website AS website, rb.function AS function, rb.address AS address,
       rb.verified AS verified, rb.source AS source
ORDER BY region, org
