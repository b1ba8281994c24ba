create table meeting (
    project_id varchar not null,
    date date not null,
    title varchar,
    note varchar
);
