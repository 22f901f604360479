// synergy_index_pairs: Pairs of regions that already work together (a common event or project), from the synergy index kept by each load: one row per region with its partners (one row per region rather than per pair keeps the transfer small at EU scale).
// Parameters (null = no filter):
//   build (string, optional): Build of the index (default: the stamped one, see synergy_index_stamp)
//   region (string, optional): Only the pairs of this region
// Set them first, e.g.:
//   :param build => null;
//   :param region => 'region-moravian-silesian';
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (p:SynergyPair)
WHERE p.build = build AND ($region IS NULL OR p.a = $region OR p.b = $region)
RETURN p.a AS a, collect(p.b) AS partners
