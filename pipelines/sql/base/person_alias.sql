-- keyed hashes of emp:<employee_id> and pnr:<12 digits>, so later batches can name a person either way
create table person_alias (
    project_id varchar not null,
    alias_hash varchar not null,
    person_id varchar not null
);
