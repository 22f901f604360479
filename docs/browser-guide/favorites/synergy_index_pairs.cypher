// synergy_index_pairs: The regions each region already works with (a common event or project), from the synergy index kept by each load: one row per region with its partners.
// Parameters (null = no filter):
//   build (string, optional): Build of the index (default: the stamped one, see synergy_index_stamp)
//   region (string, optional): Only this region's row
// Set them first, e.g.:
//   :param build => null;
//   :param region => 'region-moravian-silesian';
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (p:SynergyPair)
WHERE p.build = build AND ($region IS NULL OR p.region = $region)
RETURN p.region AS region, p.partners AS partners
