create table survey_item (
    project_id varchar not null,
    item_id varchar not null,
    item_text varchar not null,
    survey_kind varchar not null,
    competence_area varchar,
    hme_index varchar,
    scale_min integer not null,
    scale_max integer not null
);
