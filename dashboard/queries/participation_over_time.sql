-- Participants and hours per month and gender.
-- Each month's genders are a split: 1–4 people of gender X hide the month's total, not Kvinnor or Män. Hours add
-- up over the months to the period's hours per gender (shown on Sammanfattning), so the months are siblings there.
-- people: n = participants; siblings: month, level; gender: gender within month
-- people: n_hours = hours; siblings: month, level | gender; gender: gender within month
-- The people reached so far (a running total) are participation_reached.sql, shown within one project only.
-- rows: month, gender
-- Each row is one month and counts only that month's attendance within the period (no count spans months), so a
-- shorter period's rows are a longer one's in its months (data._month_sources).
-- months: month
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
)
select
    month,
    gender,
    case when gender = 'T' then 'total' else 'gender' end as level,
    coalesce(participants, 0) as participants,
    coalesce(hours, 0) as hours,
    coalesce(participants, 0) as n,
    coalesce(participants, 0) as n_hours
from monthly
order by month, case gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
