// The events and projects some regions take part in, from the synergy index kept by each
// load (the same ways as synergy_taking_part): one row per region, its items as JSON
// {"Event": [ids], "Project": [ids]}. A pair shown as already working together lists the items both
// take part in, without walking the regions' organisations again.
// @param build string optional Build of the index (default: the stamped one, see synergy_index_stamp)
// @param regions list optional Only these regions' rows
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
MATCH (p:SynergyPair)
WHERE p.build = build AND ($regions IS NULL OR p.region IN $regions)
RETURN p.region AS region, p.taking_part AS taking_part
