-- one row per person measured in both waves: the one place where "improved" is defined for a person
select
    project_id,
    person_id,
    any_value(gender) as gender,
    any_value(role) as role,
    any_value(department_id) as department_id,
    any_value(department_name) as department_name,
    any_value(municipality) as municipality,
    min(baseline_date) as baseline_date,
    -- the person counts from the as-of date on which all their paired areas have a follow-up
    max(follow_up_date) as follow_up_date,
    count(*) as paired_areas,
    avg(baseline_level) as baseline_level,
    avg(follow_up_level) as follow_up_level,
    avg(follow_up_level) - avg(baseline_level) as change,
    -- improved = the person's mean level over the paired areas rose
    avg(follow_up_level) > avg(baseline_level) as improved
from mart_competence_change
group by project_id, person_id
