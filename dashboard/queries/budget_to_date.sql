-- Plan and spending up to the as-of month and for the whole budget (money only, no people).
-- people: none
with months as (
    select * from mart_budget_month
    where ($project_id is null or project_id = $project_id)
),
projects as (
    select * from project
    where ($project_id is null or project_id = $project_id)
),
totals as (
    select
        (select coalesce(sum(planned_sek), 0) from months where month <= $as_of) as planned_to_date,
        (select coalesce(sum(spent_sek), 0) from months where month <= $as_of) as spent_to_date,
        (select coalesce(sum(planned_sek), 0) from months) as planned_total,
        (select sum(total_budget_sek) from projects) as total_budget_sek,
        (select sum(esf_grant_sek) from projects) as esf_grant_sek
)
select
    *,
    spent_to_date / nullif(planned_to_date, 0) as spent_share_of_plan,
    spent_to_date / nullif(planned_total, 0) as spent_share_of_total
from totals
