-- Plan and spending per month over the whole project (all cost headings), with running totals for the burn-up.
-- Spending comes from the ledger, except participant pay (deltagarlön), which is attended hours × hourly wage
-- cost from the attendance lists: it is co-financing reported from attendance, not booked in the project's ledger.
-- A month's participant pay is released pay (dashboard/macros.sql): from 5 people or more, or none, so spending per
-- month, its running total and the change since a meeting never give the pay of 1–4 people. n_pay counts them.
-- people: n_pay = spent_sek, cumulative_spent_sek
with plan_and_ledger as (
    select month, sum(planned_sek) as planned_sek,
           sum(spent_sek) filter (where cost_heading <> 'deltagarlön') as ledger_sek
    from mart_budget_month
    where project_chosen(project_id, $project_id)
    group by month
),
participant_pay as (
    select month, sum(participant_pay_sek) as participant_pay_sek, sum(people) as people
    from budgeted_participant_pay()  -- spending only where the budget plans it: dashboard/macros.sql
    where project_chosen(project_id, $project_id)
    group by month
),
months as (
    select
        month,
        coalesce(p.planned_sek, 0) as planned_sek,
        coalesce(p.ledger_sek, 0) + coalesce(a.participant_pay_sek, 0) as spent_sek,
        a.people as n_pay
    from plan_and_ledger p
    full join participant_pay a using (month)
)
select
    month,
    planned_sek,
    -- nothing after the as-of month has happened yet
    case when month <= $as_of then spent_sek end as spent_sek,
    sum(planned_sek) over (order by month) as cumulative_planned_sek,
    case when month <= $as_of then sum(spent_sek) over (order by month) end as cumulative_spent_sek,
    case when month <= $as_of then n_pay end as n_pay
from months
order by month
