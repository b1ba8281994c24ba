create table goal (
    project_id varchar not null,
    goal_id varchar not null,
    name varchar not null,
    indicator varchar,
    unit varchar not null,
    baseline double,
    target double not null,
    target_date date not null,
    computed_from varchar,
    focus_area_id varchar
);
