// report_participation: What each partnership member takes part in, for the report's region sections: events the region (or an organisation located in it) hosted or attended, projects it is a partner in (itself or through an organisation) and pilot projects running in it. date = the event's date or the project's start (empty when unknown).
// Parameters (null = no filter):
//   as_of (date, optional): Events after this day and projects starting after it are left out
// Set them first, e.g.:
//   :param as_of => null;
MATCH (r:Region)<-[:LOCATED_IN*0..1]-(x)-[:HOSTS]->(e:Event)
WHERE r.rsp_member = true AND ($as_of IS NULL OR e.date <= $as_of)
RETURN r.id AS region, e.id AS item, e.name AS name, 'event' AS action_kind,
       'hosted' AS role, e.kind AS detail, e.date AS date, e.source AS source
UNION
MATCH (r:Region)<-[:LOCATED_IN*0..1]-(x)-[:ATTENDS]->(e:Event)
WHERE r.rsp_member = true AND ($as_of IS NULL OR e.date <= $as_of)
RETURN r.id AS region, e.id AS item, e.name AS name, 'event' AS action_kind,
       'attended' AS role, e.kind AS detail, e.date AS date, e.source AS source
UNION
MATCH (r:Region)<-[:LOCATED_IN*0..1]-(x)-[:PARTNER_IN]->(p:Project)
WHERE r.rsp_member = true AND ($as_of IS NULL OR p.start IS NULL OR p.start <= $as_of)
RETURN r.id AS region, p.id AS item, p.name AS name, 'project' AS action_kind,
       'partner' AS role, p.programme AS detail, p.start AS date, p.source AS source
UNION
MATCH (p:Project)-[:PILOTS_IN]->(r:Region)
WHERE r.rsp_member = true AND ($as_of IS NULL OR p.start IS NULL OR p.start <= $as_of)
RETURN r.id AS region, p.id AS item, p.name AS name, 'project' AS action_kind,
       'pilot' AS role, p.programme AS detail, p.start AS date, p.source AS source
