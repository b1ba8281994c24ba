-- person_id is a keyed hash; neither personnummer nor employee number is stored
create table person (
    project_id varchar not null,
    person_id varchar not null,
    gender varchar,
    birth_year integer,
    unit_id varchar not null,
    occupation varchar,
    role varchar not null,
    employment_form varchar,
    education_level varchar,
    hourly_wage_cost_sek double
);
