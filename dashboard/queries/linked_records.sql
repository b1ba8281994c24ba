-- The records behind the training hours of every breakdown of one selection and period: per person, focus area,
-- activity, department, age band and month, with the hours. Ids repeat between projects, so the project goes with
-- them. data._linked reads it to find breakdowns that nest or leave a few people between them (privacy.linked_hidden).
-- internal: read by data._linked only, never shown
-- people: none
select
    project_id,
    person_id,
    coalesce(gender, 'X') as gender,
    project_id || ':' || focus_area_id as focus_area,
    project_id || ':' || activity_id as activity,
    project_id || ':' || department_id as department,
    age_band,
    month,
    sum(hours) as hours
from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
group by all
order by all
