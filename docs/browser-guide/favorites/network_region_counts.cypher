// network_region_counts: Every region with how much the graph holds about it: organisations, practices and events located there, projects running there and projects with a partner organisation there, and the challenges it faces (the network page's summary of a graph too big to draw node by node).
MATCH (r:Region)
OPTIONAL MATCH (o:Organisation)-[:LOCATED_IN]->(r)
WITH r, count(o) AS organisations
OPTIONAL MATCH (p:Practice)-[:LOCATED_IN]->(r)
WITH r, organisations, count(p) AS practices
OPTIONAL MATCH (e:Event)-[:LOCATED_IN]->(r)
WITH r, organisations, practices, count(e) AS events
OPTIONAL MATCH (j:Project)-[:PILOTS_IN]->(r)
WITH r, organisations, practices, events, count(DISTINCT j) AS pilots
OPTIONAL MATCH (k:Project)<-[:PARTNER_IN]-(:Organisation)-[:LOCATED_IN]->(r)
WITH r, organisations, practices, events, pilots, count(DISTINCT k) AS partner_projects
OPTIONAL MATCH (r)-[:FACES]->(c:Challenge)
RETURN r.id AS id, r.name AS name, r.country AS country, r.country_code AS country_code,
       r.nuts_code AS nuts_code, r.rsp_member AS rsp_member, r.ara_member AS ara_member,
       r.verified AS verified, r.source AS source, organisations, practices, events, pilots,
       partner_projects, count(c) AS challenges
ORDER BY id
