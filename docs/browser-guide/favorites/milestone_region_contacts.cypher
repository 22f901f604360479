// milestone_region_contacts: Contacts between regions: pairs of regions taking part in the same action (each region itself or an organisation located in it hosts or attends the event, or is a partner in the project), one row per (pair, action). date = the event's date or the project's start (empty when unknown). The report derives "new contacts" (first shared action) from it.
// Parameters (null = no filter):
//   as_of (date, optional): Actions after this day (or projects starting after it) are left out
// Set them first, e.g.:
//   :param as_of => null;
MATCH (a:Region)<-[:LOCATED_IN*0..1]-(x)-[:ATTENDS|HOSTS]->(e:Event)
      <-[:ATTENDS|HOSTS]-(y)-[:LOCATED_IN*0..1]->(b:Region)
WHERE a.id < b.id AND ($as_of IS NULL OR e.date <= $as_of)
RETURN a.id AS region_a, a.name AS a_name, b.id AS region_b, b.name AS b_name,
       e.id AS action, e.name AS action_name, 'event' AS action_kind, e.date AS date,
       e.source AS source
UNION
MATCH (a:Region)<-[:LOCATED_IN*0..1]-(x)-[:PARTNER_IN]->(p:Project)
      <-[:PARTNER_IN]-(y)-[:LOCATED_IN*0..1]->(b:Region)
WHERE a.id < b.id AND ($as_of IS NULL OR p.start IS NULL OR p.start <= $as_of)
RETURN a.id AS region_a, a.name AS a_name, b.id AS region_b, b.name AS b_name,
       p.id AS action, p.name AS action_name, 'project' AS action_kind, p.start AS date,
       p.source AS source
