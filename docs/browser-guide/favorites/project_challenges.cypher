// project_challenges: The challenges a project addresses and its current partners.
// Parameters (null = no filter):
//   project (string): Project id
// Set them first, e.g.:
//   :param project => 'proj-albatts';
MATCH (p:Project {id: $project})
OPTIONAL MATCH (p)-[:ADDRESSES]->(c:Challenge)
OPTIONAL MATCH (o:Organisation)-[:PARTNER_IN]->(p)
RETURN c.id AS challenge, o.id AS partner
