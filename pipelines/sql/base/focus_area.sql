create table focus_area (
    project_id varchar not null,
    focus_area_id varchar not null,
    name varchar not null,
    description varchar,
    target_participants integer
);
