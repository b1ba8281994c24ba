create table budget_plan (
    project_id varchar not null,
    period_start date not null,
    period_end date not null,
    cost_heading varchar not null,
    financing_source varchar not null,
    amount_sek bigint not null
);
