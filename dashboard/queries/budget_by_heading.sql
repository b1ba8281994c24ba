-- Plan and spending per cost heading and period (month, quarter or year; $period_unit) up to the as-of date.
-- Participant pay (deltagarlön) is attended hours × hourly wage cost and comes from people: its cell counts them
-- (released pay only, 5 people or more: dashboard/macros.sql).
-- people: n = spent_sek; siblings: period | cost_heading
-- rows: period, cost_heading
with plan_and_ledger as (
    select
        cast(date_trunc($period_unit, month) as date) as period,
        cost_heading,
        sum(planned_sek) as planned_sek,
        sum(case when month <= $as_of then spent_sek end) as ledger_sek
    from mart_budget_month
    where project_chosen(project_id, $project_id)
    group by all
),
participant_pay as (
    select
        cast(date_trunc($period_unit, month) as date) as period,
        'deltagarlön' as cost_heading,
        sum(participant_pay_sek) as participant_pay_sek,
        sum(people) as people  -- each release holds 5 or more: dashboard/macros.sql
    from budgeted_participant_pay()  -- spending only where the budget plans it: dashboard/macros.sql
    where month <= $as_of  -- whole months, as the ledger and the burn-up count them
      and project_chosen(project_id, $project_id)
    group by all
)
select
    period,
    cost_heading,
    coalesce(p.planned_sek, 0) as planned_sek,
    case when cost_heading = 'deltagarlön' then coalesce(a.participant_pay_sek, 0)
         when period <= $as_of then coalesce(p.ledger_sek, 0) end as spent_sek,
    case when cost_heading = 'deltagarlön' then coalesce(a.people, 0) end as n,
    sum(coalesce(p.planned_sek, 0)) over (partition by period) as period_planned_sek
from plan_and_ledger p
full join participant_pay a using (period, cost_heading)
order by period, cost_heading
