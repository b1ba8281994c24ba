-- Sub-goals with the value computed from the data or the last measurement up to the as-of date.
-- people: computed_n = computed_value
with last_measurement as (
    select project_id, goal_id, date, value, status, comment
    from goal_measurement
    where date <= $as_of
      and ($project_id is null or project_id = $project_id)
    qualify row_number() over (partition by project_id, goal_id order by date desc) = 1
)
select
    g.project_id,
    g.goal_id,
    g.name,
    g.indicator,
    g.unit,
    g.baseline,
    g.target,
    g.target_date,
    g.computed_from,
    g.focus_area_id,
    p.start_date as project_start,
    g.computed_value,
    g.computed_n,
    m.value as measured_value,
    m.date as measured_date,
    m.status as measured_status,
    m.comment
from mart_goal g
join project p using (project_id)
left join last_measurement m using (project_id, goal_id)
where ($project_id is null or g.project_id = $project_id)
order by g.project_id, g.goal_id
