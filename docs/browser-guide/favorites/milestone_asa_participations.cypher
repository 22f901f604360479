// milestone_asa_participations: Milestone evidence: region participations in ASA network actions, one row per (region, action). A region takes part in an action when it, or an organisation located in it, hosts or attends an event held in the window, or is a partner in a project running in the window (started by its end, not ended before its start; projects without a start date do not count). See docs/milestones.md.
// Parameters (null = no filter):
//   as_of (date, optional): Last day of the window (no cut-off when omitted)
//   start (date, optional): First day of the window (no lower bound when omitted)
// Set them first, e.g.:
//   :param as_of => null;
//   :param start => null;
MATCH (r:Region)<-[:LOCATED_IN*0..1]-(x)-[:ATTENDS|HOSTS]->(e:Event)
WHERE ($start IS NULL OR e.date >= $start)
  AND ($as_of IS NULL OR e.date <= $as_of)
RETURN r.id + ' @ ' + e.id AS item, r.name + ': ' + e.name AS name, r.id AS region,
       e.id AS action, 'event' AS action_kind, e.date AS date, e.source AS source
UNION
MATCH (r:Region)<-[:LOCATED_IN*0..1]-(x)-[:PARTNER_IN]->(p:Project)
WHERE p.start IS NOT NULL
  AND ($as_of IS NULL OR p.start <= $as_of)
  AND ($start IS NULL OR p.`end` IS NULL OR p.`end` >= $start)
RETURN r.id + ' @ ' + p.id AS item, r.name + ': ' + p.name AS name, r.id AS region,
       p.id AS action, 'project' AS action_kind, p.start AS date, p.source AS source
