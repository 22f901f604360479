// load_totals: How many loads the history holds, the newest, and how many are still incomplete: what the synergy index's stamp is compared with.
MATCH (l:LoadRecord)
RETURN count(l) AS loads, max(l.at) AS last_load,
       count(CASE WHEN l.complete = false THEN 1 END) AS incomplete
