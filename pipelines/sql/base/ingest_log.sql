-- one row per file (or sheet) per load; outcome: inläst, avvisad, ignorerad; an undo adds one row per undone
-- load and project: outcome ångrad, file_name '', undoes_load_id the load it undid
create table ingest_log (
    load_id varchar not null,
    project_id varchar not null,
    file_name varchar not null,
    sheet varchar,
    kind varchar,
    sha256 varchar,
    rows_read integer,
    rows_accepted integer,
    rows_rejected integer,
    loaded_at timestamp not null,
    outcome varchar not null,
    undoes_load_id varchar
);
