// synergy_contacts: Contact persons (personal data) of organisations and regions; used only when asked for.
MATCH (p:Contact)-[:WORKS_FOR|REPRESENTS]->(o)
RETURN o.id AS org, p.id AS contact, p.name AS name, p.role AS role, p.email AS email
