// challenges: Challenges with the number of regions facing them: common ones first.
// Parameters (null = no filter):
//   theme (string, optional): green, digital, social or economic
// Set them first, e.g.:
//   :param theme => 'green';
MATCH (c:Challenge)
WHERE $theme IS NULL OR c.theme = $theme
OPTIONAL MATCH (r:Region)-[:FACES]->(c)
RETURN c.id AS id, c.name AS name, c.theme AS theme, count(r) AS regions
ORDER BY regions DESC, name
