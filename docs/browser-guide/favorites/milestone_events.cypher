// milestone_events: Milestone evidence: events of a kind held in the counting window, one row per event.
// Parameters (null = no filter):
//   as_of (date, optional): Last day that counts (no cut-off when omitted)
//   start (date, optional): First day that counts (no lower bound when omitted)
//   kind (string, optional): Event kind, e.g. working_group_meeting or study_visit; all when omitted
// Set them first, e.g.:
//   :param as_of => null;
//   :param start => null;
//   :param kind => null;
MATCH (e:Event)
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($start IS NULL OR e.date >= $start)
  AND ($as_of IS NULL OR e.date <= $as_of)
RETURN e.id AS item, e.name AS name, e.date AS date, e.kind AS kind, e.place AS place,
       e.source AS source
ORDER BY date, item
