-- People measured in both waves and the share whose mean level over their competence areas rose.
-- people: n = paired, improved_share
with people as (
    select project_id, person_id, avg(change) > 0 as improved
    from mart_competence_change
    where ($project_id is null or project_id = $project_id)
      and ($municipality is null or municipality = $municipality)
      and ($department_id is null or department_id = $department_id)
    group by project_id, person_id
)
select
    count(*) as paired,
    count(*) filter (where improved) / nullif(count(*), 0) as improved_share,
    count(*) as n
from people
