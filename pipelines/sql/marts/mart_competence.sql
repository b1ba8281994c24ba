-- level = mean answer over the area's items; the most specific requirement rule wins
with answers as (
    select
        project_id, survey_id, wave, survey_date, respondent_id, person_id, gender, unit_id, competence_area,
        answer
    from int_survey_answer
    where survey_kind = 'kompetens' and competence_area is not null
),
levels as (
    select
        project_id, survey_id, wave, survey_date, respondent_id, person_id, competence_area,
        any_value(gender) as response_gender,
        any_value(unit_id) as response_unit_id,
        avg(answer) as level
    from answers
    group by project_id, survey_id, wave, survey_date, respondent_id, person_id, competence_area
),
described as (
    select
        levels.*,
        coalesce(person.gender, levels.response_gender) as gender,
        person.role,
        unit.unit_id,
        unit.department_id,
        unit.department_name,
        unit.municipality
    from levels
    left join mart_person as person
        on person.project_id = levels.project_id and person.person_id = levels.person_id
    left join mart_unit as unit
        on unit.project_id = levels.project_id
        and unit.unit_id = coalesce(person.unit_id, levels.response_unit_id)
),
requirements as (
    select
        described.project_id, described.survey_id, described.respondent_id, described.competence_area,
        -- role and unit > role > unit > everyone
        arg_max(rule.required_level,
                (rule.role is not null)::int * 2 + (rule.unit_id is not null)::int) as required_level
    from described
    join competence_requirement as rule
        on rule.project_id = described.project_id
        and rule.competence_area = described.competence_area
        and (rule.role is null or rule.role = described.role)
        and (rule.unit_id is null or rule.unit_id in (described.unit_id, described.department_id))
    group by described.project_id, described.survey_id, described.respondent_id, described.competence_area
)
select
    described.project_id,
    described.survey_id,
    described.wave,
    described.survey_date,
    described.respondent_id,
    described.person_id,
    described.gender,
    described.role,
    described.department_id,
    described.department_name,
    described.municipality,
    described.competence_area,
    described.level,
    requirements.required_level,
    requirements.required_level - described.level as gap
from described
left join requirements
    on requirements.project_id = described.project_id
    and requirements.survey_id = described.survey_id
    and requirements.respondent_id = described.respondent_id
    and requirements.competence_area = described.competence_area
