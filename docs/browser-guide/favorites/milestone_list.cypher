// milestone_list: The milestones (data rows of milestones.csv) with the action points they measure.
MATCH (m:Milestone)
OPTIONAL MATCH (m)-[:MEASURES]->(a:ActionPoint)
RETURN m.id AS id, m.title AS title, m.metric AS metric, m.query AS query,
       m.target AS target, m.deadline AS deadline, m.start AS start, m.params AS params,
       m.baseline AS baseline, m.source AS source, m.verified AS verified,
       m.illustrative AS illustrative, m.note AS note,
       a.id AS action_point, a.title AS action_point_title
ORDER BY action_point, deadline, id
