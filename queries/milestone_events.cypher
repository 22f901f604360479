// Milestone evidence: events of a kind held in the counting window, one row per event.
// @param as_of date optional Last day that counts (no cut-off when omitted)
// @param start date optional First day that counts (no lower bound when omitted)
// @param kind string optional Event kind, e.g. working_group_meeting or study_visit; all when omitted
MATCH (e:Event)
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($start IS NULL OR e.date >= $start)
  AND ($as_of IS NULL OR e.date <= $as_of)
RETURN e.id AS item, e.name AS name, e.date AS date, e.kind AS kind, e.place AS place,
       e.source AS source
ORDER BY date, item
