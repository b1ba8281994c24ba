-- the sub-goals as entered; their latest measurement and computed values depend on the as-of date and are
-- worked out by the dashboard query goals.sql from goal_measurement, mart_attendance, mart_certificate,
-- mart_ambassador, mart_competence_person_change and mart_hme (rules in docs/data-contract.md)
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
    goal.focus_area_id
from goal
order by goal.project_id, goal.goal_id
