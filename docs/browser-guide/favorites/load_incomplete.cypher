// load_incomplete: Batched loads whose last batch never committed: the graph holds part of them until the same load runs again.
MATCH (l:LoadRecord)
WHERE l.complete = false
RETURN l.dataset AS dataset, l.at AS at, l.source AS path
ORDER BY at
