-- The steering-group meeting the pack is for: the first one on or after the as-of date (no people behind it).
-- people: none
select
    project_id,
    date,
    title
from meeting
where project_id = $project_id
  and date >= $as_of
order by date
limit 1
