// load_history: Every load of a dataset, newest first: when, which dataset, from which file or folder and its checksum, and how many records it added, changed and removed.
// Parameters (null = no filter):
//   dataset (string, optional): Only the loads of this dataset
//   since (string, optional): Only loads at or after this time (ISO date or date-time)
// Set them first, e.g.:
//   :param dataset => null;
//   :param since => null;
MATCH (l:LoadRecord)
WHERE ($dataset IS NULL OR l.dataset = $dataset) AND ($since IS NULL OR l.at >= $since)
RETURN l.id AS id, l.at AS at, l.dataset AS dataset, l.source AS path,
       l.checksum AS checksum, l.backend AS backend, l.added AS added, l.changed AS changed,
       l.removed AS removed, l.complete AS complete, l.changes AS changes
ORDER BY at DESC, id DESC
