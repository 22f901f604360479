// The synergy index's stamp: which build of it is current and which graph it was counted
// from (rsp compares it with the load history and the counts before using the index), and
// the layout of its rows (an index written by an older rsp is not read).
MATCH (s:SynergyStamp)
RETURN s.build AS build, s.loads AS loads, s.last_load AS last_load, s.counts AS counts,
       s.at AS at, s.format AS format
