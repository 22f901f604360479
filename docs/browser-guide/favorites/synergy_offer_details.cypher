// synergy_offer_details: Some practices, courses and projects as offers of some regions: name, source and the organisations behind each in each region (the contact points), in the ways of synergy_offers: one row per item, region and way, its organisations as a list of [id, name, category, website] ([['', '', '', '']]: the region itself offers it). rsp asks for the few items of each group that the evidence shows (see synergy_offer_items); each part starts from those items: practices and courses (thousands at EU scale) by a primary-key lookup per id (UNWIND); projects (fewer, each with many partners) by a filter over their table, which LadybugDB runs faster there (0.08 s cold, 0.1 s).
// Parameters (null = no filter):
//   regions (list): Regions the items are offered in
//   practices (list): Ids of the practices
//   courses (list): Ids of the courses
//   projects (list): Ids of the projects
// Set them first, e.g.:
//   :param regions => ['region-trnava', 'region-skelleftea'];
//   :param practices => ['prac-uva-facyl-dual-degrees', 'prac-motor-valley-college'];
//   :param courses => ['course-skelleftea-vux-battery', 'course-ltu-targeted-education'];
//   :param projects => ['proj-albatts', 'proj-drives'];
UNWIND $practices AS item
MATCH (p:Practice {id: item})<-[:SHARES]-(r:Region) WHERE r.id IN $regions
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson, [['', '', '', '']] AS orgs,
       p.source AS source
UNION ALL
UNWIND $practices AS item
MATCH (p:Practice {id: item})-[:LOCATED_IN]->(r:Region) WHERE r.id IN $regions
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson, [['', '', '', '']] AS orgs,
       p.source AS source
UNION ALL
UNWIND $practices AS item
MATCH (p:Practice {id: item})<-[:SHARES]-(o:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE r.id IN $regions
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Practice' AS item_kind,
       coalesce(p.kind = 'bad', false) AS lesson,
       collect([o.id, o.name, o.category, coalesce(o.website, '')]) AS orgs,
       p.source AS source
UNION ALL
UNWIND $courses AS item
MATCH (k:Course {id: item})<-[:OFFERS]-(o:Organisation)-[:LOCATED_IN]->(r:Region)
WHERE r.id IN $regions
RETURN r.id AS region, k.id AS item, k.name AS item_name, 'Course' AS item_kind,
       false AS lesson, collect([o.id, o.name, o.category, coalesce(o.website, '')]) AS orgs,
       k.source AS source
UNION ALL
MATCH (p:Project) WHERE p.id IN $projects
MATCH (p)-[:PILOTS_IN]->(r:Region) WHERE r.id IN $regions
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       false AS lesson, [['', '', '', '']] AS orgs, p.source AS source
UNION ALL
MATCH (p:Project) WHERE p.id IN $projects
MATCH (p)<-[:PARTNER_IN]-(o:Organisation)-[:LOCATED_IN]->(r:Region) WHERE r.id IN $regions
RETURN r.id AS region, p.id AS item, p.name AS item_name, 'Project' AS item_kind,
       false AS lesson, collect([o.id, o.name, o.category, coalesce(o.website, '')]) AS orgs,
       p.source AS source
