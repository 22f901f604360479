// The regions each region already works with (a common event or project), from the
// synergy index kept by each load: one row per region with its partners
// (synergy_index_taking_part reads some regions' rows).
// @param build string optional Build of the index (default: the stamped one, see synergy_index_stamp)
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (p:SynergyPair)
WHERE p.build = build
RETURN p.region AS region, p.partners AS partners
