create table ambassador (
    project_id varchar not null,
    person_id varchar not null,
    unit_id varchar not null,
    start_date date
);
