// broker_edges: Organisations and what they take part in (projects, events, networks): the graph whose betweenness finds brokers.
MATCH (o:Organisation)-[:PARTNER_IN|ATTENDS|HOSTS|MEMBER_OF]->(x)
RETURN o.id AS org, o.name AS org_name, o.category AS category, x.id AS item
