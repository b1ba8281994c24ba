-- How many records dashboard/queries/linked_records.sql gives per project and month: one per person, gender, focus
-- area, activity, department, age band and month with attended hours, grouped as it groups them. A period on the
-- month grid holds a record exactly when it holds its month, so the records of a period are the sum of its months.
-- The dashboard reads it (queries/linked_counts.sql) to decide whether all projects' linked hours are searched
-- together (data._linked_together) without grouping every attendance row of the period again (0.5 s for a national
-- project's page, 3.7 s for all projects').
select project_id, month, count(*) as records
from (
    select project_id, person_id, coalesce(gender, 'X') as gender, focus_area_id, activity_id, department_id,
           age_band, month
    from mart_attendance
    where attended
    group by all
)
group by project_id, month
order by project_id, month
