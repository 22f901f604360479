// synergy_index_totals: Offer counts per region, challenge and kind from the synergy index (the same counts synergy_offer_totals counts from the graph, kept by each load): one row per region, its totals as JSON [[challenge, kind, lesson, items], ...]; one row per region rather than per total keeps the index small to write and to read. The first ids of each total are apart (synergy_index_samples).
// Parameters (null = no filter):
//   build (string, optional): Build of the index (default: the stamped one, see synergy_index_stamp)
//   regions (list, optional): Only the totals of these regions
// Set them first, e.g.:
//   :param build => null;
//   :param regions => ['region-trnava', 'region-skelleftea'];
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (t:SynergyTotal)
WHERE t.build = build AND ($regions IS NULL OR t.region IN $regions)
RETURN t.region AS region, t.totals AS totals
