-- How many people of the target group each place and gender holds, within one project. Never shown: the sidebar
-- only asks whether a filter value and its complement both hold 5 people or more (docs/privacy.md).
-- people: none
select
    project_id,
    municipality,
    department_id,
    coalesce(gender, 'X') as gender,
    count(*) as people
from mart_person
where project_chosen(project_id, $project_id)
group by all
order by project_id, municipality, department_id, gender
