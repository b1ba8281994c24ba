-- The competence-mapping waves held up to the as-of date within the filters, for the wave control.
-- people: none
select distinct wave
from mart_competence
where exists (select 1 from released_competence_surveys($as_of) r
              where r.project_id = mart_competence.project_id and r.survey_id = mart_competence.survey_id)
  and in_selection(project_id, municipality, department_id, $project_id, $municipality, $department_id)
order by case wave when 'baseline' then 1 else 2 end
