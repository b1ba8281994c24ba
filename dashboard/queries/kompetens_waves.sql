-- The competence-mapping waves held up to the as-of date within the filters, for the wave control.
-- people: none
select distinct wave
from mart_competence
where survey_date <= $as_of
  and ($project_id is null or project_id = $project_id)
  and ($municipality is null or municipality = $municipality)
  and ($department_id is null or department_id = $department_id)
order by case wave when 'baseline' then 1 else 2 end
