-- The loads of one project's data between two dates, per kind of file, latest first.
-- A row of a kind about people (a person, an attendance, an ambassador, a certificate, a survey answer) is about
-- 1 person or so: "2 ambassadors loaded" is a count of people, hidden below 5 like any other. Rejected rows are
-- not in the warehouse (the load report names them to the one who loaded): they stay shown.
-- people: n_accepted = rows_accepted
with loads as (
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
)
select
    *,
    case when kind in ('person', 'attendance', 'ambassador', 'validation_certificate', 'survey_export')
        then rows_accepted end as n_accepted
from loads
order by loaded_at desc, kind
