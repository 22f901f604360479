// milestone_pilot_regions: Milestone evidence: regions where a pilot project (pilot=true) runs, one row per region. A pilot counts once it has started (start on or before the cut-off); projects without a start date do not count. date = the region's first pilot start.
// Parameters (null = no filter):
//   as_of (date, optional): Last day that counts (no cut-off when omitted)
//   start (date, optional): Only pilots starting on or after this day
// Set them first, e.g.:
//   :param as_of => null;
//   :param start => null;
MATCH (p:Project)-[pl:PILOTS_IN]->(r:Region)
WHERE p.pilot = true AND p.start IS NOT NULL
  AND ($start IS NULL OR p.start >= $start)
  AND ($as_of IS NULL OR p.start <= $as_of)
RETURN r.id AS item, r.name AS name, min(p.start) AS date, count(DISTINCT p) AS pilots,
       min(p.name) AS project, min(pl.source) AS source
ORDER BY item
