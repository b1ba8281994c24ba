-- HME (SKR): each answer 1-5 scores (answer - 1) x 25; an index is the mean score over its items.
-- This is the only place the formula lives.
with scored as (
    select
        project_id, survey_id, wave, survey_date, respondent_id, gender, unit_id, hme_index,
        (answer - 1) * 25.0 as score
    from int_survey_answer
    where survey_kind = 'hme' and hme_index is not null
),
per_respondent as (
    select
        project_id, survey_id, wave, survey_date, respondent_id,
        any_value(gender) as gender,
        any_value(unit_id) as unit_id,
        avg(score) filter (where hme_index = 'motivation') as motivation,
        avg(score) filter (where hme_index = 'ledarskap') as ledarskap,
        avg(score) filter (where hme_index = 'styrning') as styrning,
        avg(score) as hme_total
    from scored
    group by project_id, survey_id, wave, survey_date, respondent_id
)
select
    per_respondent.project_id,
    per_respondent.survey_id,
    per_respondent.wave,
    per_respondent.survey_date,
    per_respondent.respondent_id,
    per_respondent.gender,
    unit.department_id,
    unit.department_name,
    unit.municipality,
    per_respondent.motivation,
    per_respondent.ledarskap,
    per_respondent.styrning,
    per_respondent.hme_total
from per_respondent
left join mart_unit as unit
    on unit.project_id = per_respondent.project_id and unit.unit_id = per_respondent.unit_id
