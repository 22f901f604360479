// synergy_index_totals: Offer counts per region, challenge and kind from the synergy index (the same counts synergy_offer_totals counts from the graph, kept by each load): one row per region with its totals (one row per region rather than per total keeps the transfer small).
// Parameters (null = no filter):
//   build (string, optional): Build of the index (default: the stamped one, see synergy_index_stamp)
//   regions (list, optional): Only offers available in these regions
//   challenges (list, optional): Only offers for these challenges
// Set them first, e.g.:
//   :param build => null;
//   :param regions => ['region-trnava', 'region-skelleftea'];
//   :param challenges => ['chal-battery-value-chain', 'chal-electrification'];
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (t:SynergyTotal)
WHERE t.build = build AND ($regions IS NULL OR t.region IN $regions)
  AND ($challenges IS NULL OR t.challenge IN $challenges)
RETURN t.region AS region,
       collect({challenge: t.challenge, kind: t.kind, lesson: t.lesson, items: t.items})
         AS totals
