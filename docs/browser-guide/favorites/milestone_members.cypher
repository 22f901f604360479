// milestone_members: Milestone evidence: partnership member regions (rsp_member=true), one row per region. With a start, only regions whose member_since lies in the window (new members); without one, every member as of the cut-off, those with an unknown member_since included.
// Parameters (null = no filter):
//   as_of (date, optional): Last day that counts (no cut-off when omitted)
//   start (date, optional): First day of the window; member_since must be on or after it
// Set them first, e.g.:
//   :param as_of => null;
//   :param start => null;
MATCH (r:Region)
WHERE r.rsp_member = true
  AND ($start IS NULL OR r.member_since >= $start)
  AND ($as_of IS NULL OR r.member_since IS NULL OR r.member_since <= $as_of)
RETURN r.id AS item, r.name AS name, r.member_since AS date, r.country AS country,
       r.source AS source
ORDER BY item
