create table ledger_entry (
    project_id varchar not null,
    date date not null,
    voucher varchar,
    account varchar,
    cost_heading varchar not null,
    amount_sek bigint not null,
    text varchar
);
