create table activity (
    project_id varchar not null,
    activity_id varchar not null,
    name varchar not null,
    focus_area_id varchar not null,
    activity_type varchar not null,
    start_date date not null,
    end_date date,
    hours double not null,
    planned_participants integer,
    planned_cost_sek bigint
);
