-- The first and the last date of each project's records about people: attendance, certificates, survey answers,
-- ambassadors and goal measurements. Computed once per load for the dashboard's release walks
-- (dashboard/queries/record_dates.sql, data._record_windows), which count back from the last one's month.
select project_id, min(first_date) as first_date, max(last_date) as last_date
from (
    select project_id, min(date) as first_date, max(date) as last_date from mart_attendance group by all
    union all select project_id, min(date), max(date) from mart_certificate group by all
    union all select project_id, min(survey_date), max(survey_date) from mart_competence group by all
    union all select project_id, min(least(baseline_date, follow_up_date)), max(greatest(baseline_date, follow_up_date))
        from mart_competence_change group by all
    union all select project_id, min(survey_date), max(survey_date) from mart_hme group by all
    union all select project_id, min(start_date), max(start_date) from mart_ambassador group by all
    union all select project_id, min(date), max(date) from goal_measurement group by all
)
group by project_id
order by project_id
