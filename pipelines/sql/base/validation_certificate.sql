create table validation_certificate (
    project_id varchar not null,
    person_id varchar not null,
    date date not null,
    competence_area varchar
);
