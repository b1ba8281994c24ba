-- one row per answer, with its survey and its item: the join both mart_competence and mart_hme start from
select
    response.project_id,
    response.survey_id,
    response.wave,
    survey.kind as survey_kind,
    survey.date as survey_date,
    response.respondent_id,
    response.person_id,
    response.gender,
    response.unit_id,
    item.item_id,
    item.competence_area,
    item.hme_index,
    response.answer
from survey_response as response
join survey on survey.project_id = response.project_id and survey.survey_id = response.survey_id
join survey_item as item on item.project_id = response.project_id and item.item_id = response.item_id
