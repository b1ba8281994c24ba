-- How many records linked_records.sql gives for a selection and period (the same grouping). Above
-- data.LINKED_RECORDS records all projects' linked hours are searched per project only (data._linked_together), and
-- a project's page then searches its own records without reading the other projects'.
-- internal: read by data._linked_together only, never shown
-- people: none
select count(*) as records
from (
    select project_id, person_id, gender, focus_area_id, activity_id, department_id, age_band, month
    from attended_in_selection($project_id, $municipality, $department_id, $date_from, $date_to)
    group by all
)
