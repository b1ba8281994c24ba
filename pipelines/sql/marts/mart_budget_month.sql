-- a plan period's amount is spread evenly over its months
with plan_periods as (
    select
        project_id,
        cost_heading,
        amount_sek,
        generate_series(period_start, date_trunc('month', period_end), interval 1 month) as months
    from budget_plan
),
planned as (
    select project_id, cast(month as date) as month, cost_heading, sum(amount_sek / len(months)) as planned_sek
    from (select project_id, cost_heading, amount_sek, months, unnest(months) as month from plan_periods)
    group by project_id, month, cost_heading
),
spent as (
    select project_id, cast(date_trunc('month', date) as date) as month, cost_heading, sum(amount_sek) as spent_sek
    from ledger_entry
    group by project_id, month, cost_heading
)
select
    coalesce(planned.project_id, spent.project_id) as project_id,
    coalesce(planned.month, spent.month) as month,
    coalesce(planned.cost_heading, spent.cost_heading) as cost_heading,
    cast(coalesce(planned.planned_sek, 0) as double) as planned_sek,
    cast(coalesce(spent.spent_sek, 0) as bigint) as spent_sek
from planned
full outer join spent
    on spent.project_id = planned.project_id
    and spent.month = planned.month
    and spent.cost_heading = planned.cost_heading
order by project_id, month, cost_heading
