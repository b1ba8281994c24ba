-- When each kind of data was last loaded for one project, and from which file(s). The row counts of a kind about
-- people (persons, attendance, ambassadors, certificates, survey answers) count people: hidden below 5 (rejected
-- rows are not in the warehouse, and the load report names them: they stay shown).
-- people: n_accepted = rows_accepted
with loaded as (
    select kind, file_name, sheet, loaded_at, rows_accepted, rows_rejected
    from ingest_log
    where project_id = $project_id and outcome = 'inläst' and kind is not null
        -- an undone load no longer counts (an undo logs one 'ångrad' row per load it undid)
        and load_id not in (select undoes_load_id from ingest_log
                            where outcome = 'ångrad' and undoes_load_id is not null)
),
latest as (
    select kind, max(loaded_at) as loaded_at
    from loaded
    group by kind
)
select
    loaded.kind,
    string_agg(loaded.file_name || coalesce(' (' || loaded.sheet || ')', ''), ', '
               order by loaded.file_name, loaded.sheet) as files,
    latest.loaded_at,
    sum(loaded.rows_accepted) as rows_accepted,
    sum(loaded.rows_rejected) as rows_rejected,
    case when loaded.kind in ('person', 'attendance', 'ambassador', 'validation_certificate', 'survey_export')
        then sum(loaded.rows_accepted) end as n_accepted
from loaded
join latest using (kind, loaded_at)
group by loaded.kind, latest.loaded_at
order by loaded.kind
