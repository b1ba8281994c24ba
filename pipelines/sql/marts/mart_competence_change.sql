-- paired: only people who answered both the baseline and the follow-up for the area
-- the survey dates say from which as-of date a pair may be shown (never before its follow-up was answered)
with per_wave as (
    select
        project_id, person_id, competence_area, wave,
        avg(level) as level,
        min(survey_date) as first_date,
        -- a second follow-up replaces nothing: the pair counts from the latest follow-up it averages
        max(survey_date) as last_date
    from mart_competence
    where person_id is not null
    group by project_id, person_id, competence_area, wave
)
select
    baseline.project_id,
    baseline.person_id,
    person.gender,
    person.role,
    person.department_id,
    person.department_name,
    person.municipality,
    baseline.competence_area,
    baseline.first_date as baseline_date,
    follow_up.last_date as follow_up_date,
    baseline.level as baseline_level,
    follow_up.level as follow_up_level,
    follow_up.level - baseline.level as change,
    follow_up.level > baseline.level as improved
from per_wave as baseline
join per_wave as follow_up
    on follow_up.project_id = baseline.project_id
    and follow_up.person_id = baseline.person_id
    and follow_up.competence_area = baseline.competence_area
    and follow_up.wave = 'follow_up'
left join mart_person as person
    on person.project_id = baseline.project_id and person.person_id = baseline.person_id
where baseline.wave = 'baseline'
