// broker_names: Names and categories of organisations by id (the brokers shown).
// Parameters (null = no filter):
//   organisations (list): Organisation ids
// Set them first, e.g.:
//   :param organisations => ['org-asa', 'org-vsb-tuo'];
MATCH (o:Organisation)
WHERE o.id IN $organisations
RETURN o.id AS org, o.name AS org_name, o.category AS category
ORDER BY org
