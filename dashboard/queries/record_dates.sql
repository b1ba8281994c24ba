-- The last date of each project's records about people: attendance, certificates, survey answers, ambassadors and goal
-- measurements (a load's date moves no count: each load is a row of its own in the load history). No people count of any view changes after it, so the release walks of data._time_masks
-- count back from its month (data._last_month). tests/dashboard/test_privacy_views.py checks that every dated table
-- a protected query reads is here or counts no people.
-- internal: read by data._last_month only, never shown
-- people: none
select project_id, max(last_date) as last_date
from (
    select project_id, max(date) as last_date from mart_attendance group by all
    union all select project_id, max(date) from mart_certificate group by all
    union all select project_id, max(survey_date) from mart_competence group by all
    union all select project_id, max(greatest(baseline_date, follow_up_date)) from mart_competence_change group by all
    union all select project_id, max(survey_date) from mart_hme group by all
    union all select project_id, max(start_date) from mart_ambassador group by all
    union all select project_id, max(date) from goal_measurement group by all
)
group by project_id
order by project_id
