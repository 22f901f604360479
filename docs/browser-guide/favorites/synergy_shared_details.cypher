// synergy_shared_details: Some events and projects by id, with name and source: those a pair of regions shown takes part in together (see synergy_taking_part).
// Parameters (null = no filter):
//   events (list): Ids of the events
//   projects (list): Ids of the projects
// Set them first, e.g.:
//   :param events => ['event-ara-launch-2022', 'event-ara-conference-leipzig-2022'];
//   :param projects => ['proj-albatts', 'proj-drives'];
MATCH (x:Event) WHERE x.id IN $events
RETURN x.id AS item, x.name AS name, 'Event' AS kind, x.source AS source
UNION ALL
MATCH (x:Project) WHERE x.id IN $projects
RETURN x.id AS item, x.name AS name, 'Project' AS kind, x.source AS source
