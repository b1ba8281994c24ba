-- long: one row per respondent x item x wave; person_id is NULL for anonymous surveys
create table survey_response (
    project_id varchar not null,
    survey_id varchar not null,
    wave varchar not null,
    respondent_id varchar not null,
    person_id varchar,
    gender varchar,
    unit_id varchar,
    item_id varchar not null,
    answer integer not null
);
