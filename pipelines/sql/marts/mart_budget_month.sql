-- a plan period's amount is spread evenly over its months within the project period: a year planned for a
-- project that starts in September or ends in January is spent in the months the project runs; a period wholly
-- outside the project keeps its own months rather than losing its amount
with plan_periods as (
    select
        plan.project_id,
        plan.cost_heading,
        plan.amount_sek,
        case
            when project.start_date is not null and plan.period_start <= project.end_date
                 and plan.period_end >= project.start_date
            then generate_series(date_trunc('month', greatest(plan.period_start, project.start_date)),
                                 date_trunc('month', least(plan.period_end, project.end_date)), interval 1 month)
            else generate_series(plan.period_start, date_trunc('month', plan.period_end), interval 1 month)
        end as months
    from budget_plan as plan
    left join project using (project_id)
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
