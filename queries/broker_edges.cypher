// Organisations and what they take part in (projects, events, networks): the graph whose
// betweenness finds brokers. One row per organisation with the ids of its items (fewer
// rows to send than one per edge); broker_names names the few shown.
MATCH (o:Organisation)-[:PARTNER_IN|ATTENDS|HOSTS|MEMBER_OF]->(x)
RETURN o.id AS org, collect(x.id) AS items
