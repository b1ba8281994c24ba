-- People measured in both waves and the share whose mean level over their competence areas rose, counting only
-- people whose follow-up survey was answered by the as-of date.
-- people: n = paired, improved_share
with people as (
    select project_id, person_id, improved
    from mart_competence_person_change
    where follow_up_date <= $as_of
      and ($project_id is null or project_id = $project_id)
      and ($municipality is null or municipality = $municipality)
      and ($department_id is null or department_id = $department_id)
)
select
    count(*) as paired,
    count(*) filter (where improved) / nullif(count(*), 0) as improved_share,
    count(*) as n
from people
