-- Participants and hours per month and gender, and the number of people reached so far (cumulative).
-- people: n = participants, hours; siblings: month, level
-- people: n_reached = reached; siblings: month, level
with attended as (
    select project_id, person_id, coalesce(gender, 'X') as gender, month, hours
    from mart_attendance
    where attended
      and date between $date_from and $date_to
      and ($project_id is null or project_id = $project_id)
      and ($municipality is null or municipality = $municipality)
      and ($department_id is null or department_id = $department_id)
      and ($gender is null or coalesce(gender, 'X') = $gender)
),
months as (
    select distinct month from attended
),
monthly as (
    select month, coalesce(gender, 'T') as gender, count(distinct (project_id, person_id)) as participants, sum(hours) as hours
    from attended
    group by grouping sets ((month, gender), (month))
),
first_month as (
    select project_id, person_id, any_value(gender) as gender, min(month) as month
    from attended
    group by project_id, person_id
),
reached as (
    select m.month, coalesce(f.gender, 'T') as gender, count(*) as reached
    from months m
    join first_month f on f.month <= m.month
    group by grouping sets ((m.month, f.gender), (m.month))
)
select
    month,
    gender,
    case when gender = 'T' then 'total' else 'gender' end as level,
    coalesce(participants, 0) as participants,
    coalesce(hours, 0) as hours,
    coalesce(reached, 0) as reached,
    coalesce(participants, 0) as n,
    coalesce(reached, 0) as n_reached
from monthly
full join reached using (month, gender)
order by month, case gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
