create table goal_measurement (
    project_id varchar not null,
    goal_id varchar not null,
    date date not null,
    value double,
    status varchar,
    comment varchar
);
