-- the sub-goals as entered, with their latest measurement; computed values depend on the as-of date and are
-- worked out by the dashboard query goals.sql from mart_attendance, mart_certificate, mart_ambassador,
-- mart_competence_person_change and mart_hme (rules in docs/data-contract.md)
with latest_measurement as (
    select project_id, goal_id, date, value, status, comment
    from goal_measurement
    qualify row_number() over (partition by project_id, goal_id order by date desc) = 1
)
select
    goal.project_id,
    goal.goal_id,
    goal.name,
    goal.indicator,
    goal.unit,
    goal.baseline,
    goal.target,
    goal.target_date,
    goal.computed_from,
    goal.focus_area_id,
    latest_measurement.value as last_measured_value,
    latest_measurement.date as last_measured_date,
    latest_measurement.status as last_status,
    latest_measurement.comment as last_comment
from goal
left join latest_measurement
    on latest_measurement.project_id = goal.project_id and latest_measurement.goal_id = goal.goal_id
order by goal.project_id, goal.goal_id
