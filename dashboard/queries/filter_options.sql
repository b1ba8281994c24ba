-- Municipalities and departments of the target group, for the sidebar filters.
-- people: none
select distinct
    municipality,
    department_id,
    department_name
from mart_person
where project_chosen(project_id, $project_id)
order by municipality, department_name
