// The events and projects some regions take part in, from the synergy index kept by each
// load (the same ways as synergy_taking_part): one row per region, its items as JSON
// {"Event": [ids], "Project": [ids]}. A pair shown as already working together lists the items both
// take part in, without walking the regions' organisations again.
// @param build string optional Build of the index (default: the stamped one, see synergy_index_stamp)
// Each row is found by its id, build:region (usecases.synergy_index.row_id).
// @param regions list These regions' rows
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
UNWIND $regions AS region
WITH build + ':' + region AS key
MATCH (p:SynergyPair)
WHERE p.id = key
RETURN p.region AS region, p.taking_part AS taking_part
