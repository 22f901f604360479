// The challenges a project addresses and its current partners.
// @param project string Project id
MATCH (p:Project {id: $project})
OPTIONAL MATCH (p)-[:ADDRESSES]->(c:Challenge)
OPTIONAL MATCH (o:Organisation)-[:PARTNER_IN]->(p)
RETURN c.id AS challenge, o.id AS partner
