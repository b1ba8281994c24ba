-- When each survey's answers are all in: the last answer of every competence and HME survey (by wave) and of
-- each project's paired follow-ups. The dashboard releases a survey only once its whole wave is in by the as-of
-- date (released_competence_surveys, released_hme_surveys and released_change in dashboard/macros.sql;
-- docs/privacy.md); computed once per load, a row per project and survey, instead of reading every answer on every
-- page view (issue 13).
select project_id, 'competence' as source, survey_id, wave, max(survey_date) as last_answer
from mart_competence
group by project_id, survey_id, wave
union all
select project_id, 'hme' as source, survey_id, wave, max(survey_date) as last_answer
from mart_hme
group by project_id, survey_id, wave
union all
select project_id, 'change' as source, null as survey_id, null as wave, max(follow_up_date) as last_answer
from mart_competence_change
group by project_id
order by project_id, source, survey_id
