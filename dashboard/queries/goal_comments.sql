-- Every measurement of every sub-goal up to the as-of date, with the steering group's status and comment.
-- people: none
select
    m.project_id,
    m.goal_id,
    g.name,
    m.date,
    m.value,
    g.unit,
    m.status,
    m.comment
from goal_measurement m
join mart_goal g using (project_id, goal_id)
where project_chosen(m.project_id, $project_id)
  and m.date <= $as_of
order by m.project_id, m.goal_id, m.date desc
