-- Per focus area: activities held against planned, participants against the target, and training hours.
-- Target participants come from the focus_area table: no mart carries them.
-- The areas' hours add up to the training hours of the project (Sammanfattning, a computed goal), so the areas are
-- siblings in hours; they share people, so their counts do not add up (overlapping), and their participants are no
-- parts of a total. Equality rule: the areas count women and men only (women_and_men: people of another or unknown
-- gender, X, were left out); Deltagande's split by gender is where X are counted, and protected (docs/privacy.md).
-- people: n = participants, hours, share_of_target
-- people: n_hours = hours; siblings: project_id; overlapping
-- rows: project_id, focus_area_id
with areas as (
    select project_id, focus_area_id, name, target_participants
    from focus_area
    where project_chosen(project_id, $project_id)
),
activities as (
    select
        project_id,
        focus_area_id,
        count(*) as activities_planned,
        -- held = started on or before the as-of date
        count(*) filter (where start_date <= $as_of) as activities_held
    from mart_activity
    where project_chosen(project_id, $project_id)
    group by project_id, focus_area_id
),
attended_people as (
    select project_id, focus_area_id, person_id, coalesce(any_value(gender), 'X') = 'X' as other,
           sum(hours) as hours
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    group by project_id, focus_area_id, person_id
),
attended as (
    select project_id, focus_area_id, count(*) filter (where not other) as participants,
           coalesce(sum(hours) filter (where not other), 0) as hours, bool_or(other) as women_and_men
    from attended_people
    group by project_id, focus_area_id
)
select
    areas.project_id,
    areas.focus_area_id,
    case when $project_id is null then areas.name || ' (' || areas.project_id || ')' else areas.name end as name,
    coalesce(activities.activities_planned, 0) as activities_planned,
    coalesce(activities.activities_held, 0) as activities_held,
    coalesce(attended.participants, 0) as participants,
    areas.target_participants,
    coalesce(attended.participants, 0) / nullif(areas.target_participants, 0) as share_of_target,
    coalesce(attended.hours, 0) as hours,
    coalesce(attended.women_and_men, false) as women_and_men,
    coalesce(attended.participants, 0) as n,
    coalesce(attended.participants, 0) as n_hours
from areas
left join activities using (project_id, focus_area_id)
left join attended using (project_id, focus_area_id)
order by areas.project_id, areas.focus_area_id
