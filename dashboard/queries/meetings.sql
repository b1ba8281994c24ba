-- Steering-group meetings before the as-of date, latest first, so views can say "since the last meeting".
-- people: none
select
    project_id,
    date,
    title
from meeting
where project_chosen(project_id, $project_id)
  and date < $as_of
order by date desc
