-- one row per project; contact person, e-mail and phone are deliberately not stored (no names in the warehouse)
create table project (
    project_id varchar not null,
    name varchar not null,
    programme_area varchar,
    phase varchar,
    owner varchar,
    esf_grant_sek bigint,
    total_budget_sek bigint,
    start_date date,
    end_date date,
    region varchar,
    municipalities varchar,
    participating_actors varchar,
    partners varchar,
    summary varchar,
    background varchar,
    purpose varchar,
    goals_text varchar,
    accessibility varchar,
    gender_equality varchar,
    transnational varchar
);
