// broker_edges: Organisations and what they take part in (projects, events, networks): the graph whose betweenness finds brokers (ids only; broker_names names the few shown).
MATCH (o:Organisation)-[:PARTNER_IN|ATTENDS|HOSTS|MEMBER_OF]->(x)
RETURN o.id AS org, x.id AS item
