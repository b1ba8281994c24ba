-- Financing plan per source, the granted ESF support and participant pay computed from attendance so far.
-- people: n = actual_sek
-- n, the people behind the pay (people of gender X among them), is for the suppression only: no page gets it.
-- helpers: n
-- rows: financing_source
with plan as (
    select financing_source, sum(planned_sek) as planned_sek
    from mart_financing_plan
    where project_chosen(project_id, $project_id)
    group by financing_source
),
participant_pay as (
    -- the same released pay as the budget's deltagarlön (dashboard/macros.sql), so the two never differ by the pay
    -- of a few people; here in every project, budgeted or not (co-financing either way)
    select 'deltagarlön' as financing_source, sum(participant_pay_sek) as actual_sek, sum(people) as people
    from released_participant_pay()
    where month <= $as_of  -- whole months, as the ledger and the burn-up count them
      and project_chosen(project_id, $project_id)
),
granted as (
    select 'esf' as financing_source, sum(esf_grant_sek) as granted_sek
    from project
    where project_chosen(project_id, $project_id)
)
select
    financing_source,
    coalesce(plan.planned_sek, 0) as planned_sek,
    granted.granted_sek,
    participant_pay.actual_sek,
    participant_pay.people as n
from plan
full join granted using (financing_source)
full join participant_pay using (financing_source)
order by case financing_source when 'esf' then 1 when 'deltagarlön' then 2 else 3 end, financing_source
