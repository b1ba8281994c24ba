-- reasons are Swedish and never echo a personnummer
create table ingest_rejection (
    load_id varchar not null,
    project_id varchar not null,
    file_name varchar not null,
    sheet varchar,
    line integer,
    column_name varchar,
    reason varchar not null
);
