// Names and categories of organisations by id (the brokers shown).
// @param organisations list Organisation ids
MATCH (o:Organisation)
WHERE o.id IN $organisations
RETURN o.id AS org, o.name AS org_name, o.category AS category
ORDER BY org
