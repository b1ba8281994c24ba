-- Participants and hours per month and gender, and the number of people reached so far (cumulative).
-- Each month's genders are a split: 1–4 people of gender X hide the month's total, not Kvinnor or Män. Hours add
-- up over the months to the period's hours per gender (shown on Sammanfattning), so the months are siblings there.
-- people: n = participants; siblings: month, level; gender: gender within month
-- people: n_hours = hours; siblings: month, level | gender; gender: gender within month
-- The people reached are a running total: along the months a gender's count is shown only where it has moved by 0 or
-- 5+ people since the month last shown (cumulative; docs/privacy.md), so two months never give 1–4 new people.
-- people: n_reached = reached; siblings: month, level; gender: gender within month; cumulative: month by gender
-- rows: month, gender
with attended as (
    select project_id, person_id, coalesce(gender, 'X') as gender, month, hours
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    where gender_chosen(gender, $gender)
),
-- one row per person and month first: counting rows is far cheaper than counting distinct pairs at national scale
person_months as (
    select month, project_id, person_id, any_value(gender) as gender, sum(hours) as hours
    from attended
    group by month, project_id, person_id
),
monthly as (
    select month, coalesce(gender, 'T') as gender, count(*) as participants, sum(hours) as hours
    from person_months
    group by grouping sets ((month, gender), (month))
),
-- each person counts once as reached, from the first month they took part; the running total adds them up
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
    cross join (select distinct gender from monthly) g
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
    coalesce(participants, 0) as participants,
    coalesce(hours, 0) as hours,
    coalesce(reached, 0) as reached,
    coalesce(participants, 0) as n,
    coalesce(participants, 0) as n_hours,
    coalesce(reached, 0) as n_reached
from monthly
full join reached using (month, gender)
order by month, case gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
