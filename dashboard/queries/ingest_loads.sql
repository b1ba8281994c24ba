-- The loads of one project's data between two dates, per kind of file, latest first (no people behind these).
-- people: none
select
    kind,
    string_agg(distinct file_name, ', ' order by file_name) as files,
    max(loaded_at) as loaded_at,
    sum(rows_accepted) as rows_accepted,
    sum(rows_rejected) as rows_rejected
from ingest_log
where project_id = $project_id
  and outcome = 'inläst'
  and kind is not null
  and cast(loaded_at as date) > $date_from
  and cast(loaded_at as date) <= $date_to
group by kind
order by max(loaded_at) desc, kind
