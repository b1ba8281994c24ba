create table competence_requirement (
    project_id varchar not null,
    competence_area varchar not null,
    role varchar,
    unit_id varchar,
    required_level double not null
);
