create table survey (
    project_id varchar not null,
    survey_id varchar not null,
    kind varchar not null,
    wave varchar not null,
    date date not null,
    source_file varchar not null
);
