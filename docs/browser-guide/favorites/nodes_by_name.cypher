// nodes_by_name: Nodes of any kind whose name or title contains the text (case-insensitive).
// Parameters (null = no filter):
//   text (string): Text to look for
// Set them first, e.g.:
//   :param text => 'battery';
MATCH (n)
WHERE toLower(coalesce(n.name, n.title, '')) CONTAINS toLower($text)
RETURN n.id AS id, coalesce(n.name, n.title) AS name, n.source AS source
ORDER BY id
