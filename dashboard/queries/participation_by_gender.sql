-- Target group, participants and training hours per gender and in total, within the filters and period.
-- Equality rule (docs/privacy.md): 1–4 people of another or unknown gender (X) hide the total, never Kvinnor or
-- Män; the shares of the total go with it, and the page shows Kvinnor och män (K + M) instead.
-- people: n = participants, participant_share, reached_share, hours; siblings: level; gender: gender; of_total: participant_share
-- people: n_staff = staff, staff_share, reached_share; siblings: level; gender: gender; of_total: staff_share
-- rows: gender
with target_group as (
    select project_id, person_id, coalesce(gender, 'X') as gender
    from mart_person
    where in_selection(project_id, municipality, department_id, $project_id, $municipality, $department_id)
),
-- a participant attended (hours > 0) at least once; registered no-shows are not participants
participants as (
    select project_id, person_id, coalesce(any_value(gender), 'X') as gender, sum(hours) as hours
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    group by project_id, person_id
),
staff_by_gender as (
    select coalesce(gender, 'T') as gender, count(*) as staff
    from target_group
    group by grouping sets ((gender), ())
),
participants_by_gender as (
    select coalesce(gender, 'T') as gender, count(*) as participants, sum(hours) as hours
    from participants
    group by grouping sets ((gender), ())
),
genders as (
    select * from (values ('K', 1), ('M', 2), ('X', 3), ('T', 4)) as g(gender, sort_order)
),
cells as (
    select
        g.gender,
        g.sort_order,
        case when g.gender = 'T' then 'total' else 'gender' end as level,
        coalesce(s.staff, 0) as staff,
        coalesce(p.participants, 0) as participants,
        coalesce(p.hours, 0) as hours
    from genders g
    left join staff_by_gender s using (gender)
    left join participants_by_gender p using (gender)
)
select
    gender,
    level,
    staff,
    participants,
    hours,
    participants / nullif(max(participants) filter (where gender = 'T') over (), 0) as participant_share,
    staff / nullif(max(staff) filter (where gender = 'T') over (), 0) as staff_share,
    participants / nullif(staff, 0) as reached_share,
    participants as n,
    staff as n_staff
from cells
order by sort_order
