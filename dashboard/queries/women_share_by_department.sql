-- Women's share among participants against their share of the target group, per department and overall.
-- Equality rule: every row counts women and men only (women_and_men_participants, women_and_men_staff say that
-- people of another or unknown gender, X, were left out). The split by gender on Deltagande and Sammanfattning is
-- the one place X is counted, and its suppression protects them across views; a row here that counted X in one
-- selection and not in another (5+ in a project, 1–4 in its department) would give them back (docs/privacy.md).
-- people: n_participants = participant_women_share
-- people: n_staff = staff_women_share
-- people: n_gap = gap_points
-- people: n_total = participants; siblings: level
-- people: n_staff_total = staff; siblings: level
-- rows: level, department_id
with target_group as (
    select
        project_id,
        person_id,
        coalesce(gender, 'X') as gender,
        -- ids repeat between projects, so the portfolio view keys on the project too
        case when $project_id is null then project_id || ':' || department_id else department_id end as department_id,
        department_name,
        municipality
    from mart_person
    where in_selection(project_id, municipality, department_id, $project_id, $municipality, $department_id)
),
participants as (
    select distinct project_id, person_id
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
),
people as (
    select t.*, p.person_id is not null as took_part
    from target_group t
    left join participants p using (project_id, person_id)
),
counts as (
    select
        -- part: 1 in a department's group, NULL in the total (not grouping(): data._batchable)
        case when part is null then 'total' else 'department' end as level,
        department_id,
        any_value(department_name) as department_name,
        any_value(municipality) as municipality,
        any_value(project_id) as project_id,
        count(*) filter (where took_part) as all_participants,
        count(*) filter (where took_part and gender = 'X') as participants_other,
        count(*) filter (where took_part and gender = 'K') as participant_women,
        count(*) as all_staff,
        count(*) filter (where gender = 'X') as staff_other,
        count(*) filter (where gender = 'K') as staff_women
    from (select *, 1 as part from people)
    group by grouping sets ((department_id, part), ())
),
counted as (
    select
        *,
        participants_other > 0 as women_and_men_participants,
        staff_other > 0 as women_and_men_staff,
        all_participants - participants_other as participants,
        all_staff - staff_other as staff
    from counts
),
shares as (
    select
        *,
        participant_women / nullif(participants, 0) as participant_women_share,
        staff_women / nullif(staff, 0) as staff_women_share,
        -- with the total shown, a women's share reveals two counts: the women and everyone else; it is as
        -- small a cell as the smaller of the two that is not empty
        list_min(list_filter([participant_women, participants - participant_women], lambda v: v > 0))
            as n_participants,
        list_min(list_filter([staff_women, staff - staff_women], lambda v: v > 0)) as n_staff
    from counted
)
select
    level,
    department_id,
    case
        when level = 'total' then null
        -- one name per bar: the same department name in two municipalities, then in two projects, told apart
        when count(*) over (partition by level, department_name) = 1 then department_name
        when count(*) over (partition by level, department_name, municipality) = 1
            then department_name || ' (' || municipality || ')'
        else department_name || ' (' || municipality || ', ' || project_id || ')'
    end as department_name,
    participants,
    staff,
    participant_women_share,
    staff_women_share,
    (participant_women_share - staff_women_share) * 100 as gap_points,
    women_and_men_participants,
    women_and_men_staff,
    n_participants,
    n_staff,
    least(n_participants, n_staff) as n_gap,
    participants as n_total,
    staff as n_staff_total
from shares
order by level desc, department_name
