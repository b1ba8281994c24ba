-- Participants and training hours per gender for one breakdown: focus area, activity, department or age band.
-- Each row's genders are a split: 1–4 people of gender X hide the row's total, not Kvinnor or Män.
-- Hours add up over any breakdown to the hours on Sammanfattning (an activity has one focus area), so the rows are
-- siblings in hours whatever the dimension; the people of focus areas and activities overlap (overlapping).
-- people: n = participants, hours, hours_per_participant; siblings: key, level | partition, gender; gender: gender within key
-- people: n_hours = hours, hours_per_participant; siblings: key, level | gender; gender: gender within key; overlapping
-- rows: key, gender
with attended as (
    select
        project_id,
        person_id,
        coalesce(gender, 'X') as gender,
        hours,
        case $dimension
            when 'focus_area' then focus_area_id
            when 'activity' then activity_id
            when 'department' then department_id
            else age_band
        end as item,
        case $dimension
            when 'focus_area' then focus_area_name
            when 'activity' then activity_name
            when 'department' then department_name
            else age_band
        end as item_name
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    where gender_chosen(gender, $gender)
),
-- ids repeat between projects (F1, A1, ...), so the portfolio view keys on the project too
per_person as (
    select
        case when $project_id is null and $dimension <> 'age_band' then project_id || ':' || item else item end as key,
        case when $project_id is null and $dimension <> 'age_band'
            then any_value(item_name) || ' (' || project_id || ')' else any_value(item_name) end as label,
        project_id,
        person_id,
        any_value(gender) as gender,
        sum(hours) as hours
    from attended
    group by project_id, item, person_id
),
cells as (
    select key, any_value(label) as label, coalesce(gender, 'T') as gender, count(*) as participants, sum(hours) as hours
    from per_person
    group by grouping sets ((key, gender), (key))
)
select
    key,
    -- a chart needs one name per row: two departments (or activities) of the same name get their key added
    case when count(distinct key) over (partition by label) > 1 then coalesce(label, '–') || ' (' || key || ')'
         else coalesce(label, '–') end as label,
    gender,
    -- departments and age bands split people into parts that add up to the overall figure by gender, so those
    -- cells are siblings across the breakdown too; focus areas and activities overlap and are not
    case when $dimension in ('department', 'age_band') then 'all' else key end as partition,
    case when gender = 'T' then 'total' else 'gender' end as level,
    participants,
    hours,
    hours / participants as hours_per_participant,
    participants as n,
    participants as n_hours
from cells
order by max(participants) filter (where gender = 'T') over (partition by key) desc, label,
    case gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
