-- hours = 0 is a registered no-show
create table attendance (
    project_id varchar not null,
    activity_id varchar not null,
    person_id varchar not null,
    date date not null,
    hours double not null
);
