// synergy_index_taking_part: The regions some regions already work with (a common event or project) and the events and projects they take part in (the same ways as synergy_taking_part), from the synergy index kept by each load: one row per region, its partners as a list and its items as JSON {"Event": [ids], "Project": [ids]}. A pair shown as already working together lists the items both take part in, without walking the regions' organisations again. Each row is found by its id, build:region (usecases.synergy_index.row_id): a lookup by key, where a filter on the build and the region read every row (10 ms instead of 0.5 ms on LadybugDB).
// Parameters (null = no filter):
//   build (string, optional): Build of the index (default: the stamped one, see synergy_index_stamp)
//   regions (list): These regions' rows
// Set them first, e.g.:
//   :param build => null;
//   :param regions => ['region-trnava', 'region-skelleftea'];
MATCH (s:SynergyStamp)
WITH coalesce($build, s.build) AS build
UNWIND $regions AS region
WITH build + ':' + region AS key
MATCH (p:SynergyPair)
WHERE p.id = key
RETURN p.region AS region, p.partners AS partners, p.taking_part AS taking_part
