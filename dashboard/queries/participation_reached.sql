-- The people reached so far in each month, per gender: each person counts once, from the first month they took part
-- (a running total). Along the months a gender's count is shown only where it has moved by 0 or 5+ people since the
-- month last shown (cumulative; docs/privacy.md), so two months never give 1–4 new people.
-- One project only (`projects: one`): all projects' running total would have to be released against every project's
-- months, which hides nearly every month or gives a project's few new people away (docs/privacy.md, "Running totals
-- within one project"); the data layer never runs it for all projects, and the pages show it with a project chosen.
-- projects: one
-- people: n_reached = reached; siblings: month, level; gender: gender within month; cumulative: month by gender
-- rows: month, gender
with attended as (
    select project_id, person_id, coalesce(gender, 'X') as gender, month
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    where gender_chosen(gender, $gender)
),
-- one row per person and month first: counting rows is far cheaper than counting distinct pairs
person_months as (
    select month, project_id, person_id, any_value(gender) as gender
    from attended
    group by month, project_id, person_id
),
first_months as (
    select project_id, person_id, any_value(gender) as gender, min(month) as month
    from person_months
    group by project_id, person_id
),
newly_reached as (
    select month, coalesce(gender, 'T') as gender, count(*) as new_people
    from first_months
    group by grouping sets ((month, gender), (month))
),
month_gender as (
    select m.month, g.gender
    from (select distinct month from person_months) m
    cross join (select distinct gender from newly_reached) g
),
reached as (
    select
        month,
        gender,
        cast(sum(coalesce(newly_reached.new_people, 0)) over (partition by gender order by month) as bigint) as reached
    from month_gender
    left join newly_reached using (month, gender)
)
select
    month,
    gender,
    case when gender = 'T' then 'total' else 'gender' end as level,
    reached,
    reached as n_reached
from reached
order by month, case gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
