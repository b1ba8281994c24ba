-- The first and the last date of each project's records about people: attendance, certificates, survey answers,
-- ambassadors and goal measurements (a load's date moves no count: each load is a row of its own in the load history).
-- No people count of any view changes before the first or after the last, so the release walks of data._time_masks
-- count back from the last one's month (data._last_month) and read only the months between (data._record_windows).
-- tests/dashboard/test_privacy_releases.py checks that every dated table a protected query reads is here or counts
-- no people.
-- internal: read by the data layer only (data._record_windows), never shown
-- people: none
-- The dates are computed at each load: pipelines/sql/marts/mart_record_dates.sql (the tables it reads are the ones
-- the test above checks).
select project_id, first_date, last_date
from mart_record_dates
order by project_id
