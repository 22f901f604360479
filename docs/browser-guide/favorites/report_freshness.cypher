// report_freshness: How fresh the graph's dated records are, for the report's data-freshness section: per kind of record, how many there are, how many carry the date that places them in time (event date, project start, member's member_since), the newest such date and the newest `updated` (when a record was last checked).
// Parameters (null = no filter):
//   as_of (date, optional): Records dated after this day are left out (no cut-off when omitted)
// Set them first, e.g.:
//   :param as_of => null;
MATCH (e:Event)
WHERE $as_of IS NULL OR e.date <= $as_of
RETURN 'events' AS measure, count(e) AS records, count(e.date) AS dated,
       max(e.date) AS newest, max(e.updated) AS checked
UNION ALL
MATCH (p:Project)
WHERE $as_of IS NULL OR p.start IS NULL OR p.start <= $as_of
RETURN 'projects' AS measure, count(p) AS records, count(p.start) AS dated,
       max(p.start) AS newest, max(p.updated) AS checked
UNION ALL
MATCH (r:Region)
WHERE r.rsp_member = true
  AND ($as_of IS NULL OR r.member_since IS NULL OR r.member_since <= $as_of)
RETURN 'members' AS measure, count(r) AS records, count(r.member_since) AS dated,
       max(r.member_since) AS newest, max(r.updated) AS checked
