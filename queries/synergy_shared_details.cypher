// Some events and projects by id, with name and source: those a pair of regions shown
// takes part in together (see synergy_taking_part).
// @param events list Ids of the events
// @param projects list Ids of the projects
MATCH (x:Event) WHERE x.id IN $events
RETURN x.id AS item, x.name AS name, 'Event' AS kind, x.source AS source
UNION ALL
MATCH (x:Project) WHERE x.id IN $projects
RETURN x.id AS item, x.name AS name, 'Project' AS kind, x.source AS source
