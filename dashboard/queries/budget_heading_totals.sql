-- Plan up to the as-of month, the whole plan and spending so far per cost heading.
-- Participant pay (deltagarlön) is attended hours × hourly wage cost and comes from people: its cell counts them
-- (released pay only, 5 people or more: dashboard/macros.sql).
-- people: n = spent_sek; siblings: *
-- rows: cost_heading
with plan_and_ledger as (
    select
        cost_heading,
        sum(planned_sek) filter (where month <= $as_of) as planned_to_date_sek,
        sum(planned_sek) as planned_total_sek,
        sum(spent_sek) filter (where month <= $as_of) as ledger_sek
    from mart_budget_month
    where project_chosen(project_id, $project_id)
    group by cost_heading
),
participant_pay as (
    select 'deltagarlön' as cost_heading, sum(participant_pay_sek) as participant_pay_sek,
           sum(people) as people  -- each release holds 5 or more: dashboard/macros.sql
    from budgeted_participant_pay()  -- spending only where the budget plans it: dashboard/macros.sql
    where month <= $as_of  -- whole months, as the ledger and the burn-up count them
      and project_chosen(project_id, $project_id)
)
select
    cost_heading,
    coalesce(p.planned_to_date_sek, 0) as planned_to_date_sek,
    coalesce(p.planned_total_sek, 0) as planned_total_sek,
    case when cost_heading = 'deltagarlön' then coalesce(a.participant_pay_sek, 0)
         else coalesce(p.ledger_sek, 0) end as spent_sek,
    case when cost_heading = 'deltagarlön' then coalesce(a.people, 0) end as n
from plan_and_ledger p
full join participant_pay a using (cost_heading)
where p.cost_heading is not null or a.participant_pay_sek is not null
order by planned_total_sek desc, cost_heading
