// synergy_representatives: The body that represents each region in the partnership (its default contact point), with the role-based contact point (office and organisational address) where sourced. Written from the organisation: LadybugDB then walks the relationship from its side (3 ms at EU scale) rather than scanning every organisation for a hash join (25 ms).
MATCH (o:Organisation)<-[rb:REPRESENTED_BY]-(r:Region)
RETURN r.id AS region, o.id AS org, o.name AS org_name, o.category AS category,
       o.website AS website, rb.function AS function, rb.address AS address,
       rb.verified AS verified, rb.source AS source
ORDER BY region, org
