// synergy_index_samples: The first few item ids of each offer total of some regions in the synergy index, by id: those the evidence lists (synergy_offer_items). One row per region, as JSON [[first ids], ...] in the order of the region's totals (synergy_index_totals); a one-region answer reads them only for the regions it shows. Each row is found by its id, build:region (usecases.synergy_index.row_id).
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
MATCH (t:SynergyTotal)
WHERE t.id = key
RETURN t.region AS region, t.samples AS samples
