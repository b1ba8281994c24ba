-- age band from the age the person turns in the project's first year
with people as (
    select person.*, year(project.start_date) - person.birth_year as age_at_start
    from person
    left join project on project.project_id = person.project_id
)
select
    people.project_id,
    people.person_id,
    people.gender,
    people.birth_year,
    case
        when age_at_start is null then null
        when age_at_start < 30 then '-29'
        when age_at_start < 40 then '30-39'
        when age_at_start < 50 then '40-49'
        when age_at_start < 60 then '50-59'
        else '60-'
    end as age_band,
    people.role,
    people.occupation,
    people.unit_id,
    unit.unit_name,
    unit.department_id,
    unit.department_name,
    unit.municipality,
    people.hourly_wage_cost_sek
from people
left join mart_unit as unit on unit.project_id = people.project_id and unit.unit_id = people.unit_id
