create table org_unit (
    project_id varchar not null,
    unit_id varchar not null,
    name varchar not null,
    municipality varchar not null,
    parent_unit_id varchar,
    unit_type varchar
);
