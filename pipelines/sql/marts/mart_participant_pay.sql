-- Participant pay (deltagarlön) per project and month as the dashboard reports it, computed once per load
-- instead of on every page view (issue 13: at national scale the recursive pool over every project's attendance
-- took 1.5 s a query). Hours × hourly wage cost of 1–4 people is a figure about those people, so a month's pay is
-- reported only once the people behind it are 5 or more; until then it waits and is added to the next month's
-- (the pool), and released with it. Every money figure with participant pay in it (budget, financing, portfolio,
-- the change since a meeting) is a sum of such releases, so no sum or difference of them is the pay of fewer than
-- 5 people. Pay still waiting on the as-of date is not counted yet (docs/privacy.md). The dashboard reads it
-- through released_participant_pay() (dashboard/macros.sql). people: the distinct people of the release.
with recursive person_months as (
    select project_id, month, person_id, sum(participant_pay_sek) as pay
    from mart_attendance
    where attended
    group by project_id, month, person_id
),
months as (
    select project_id, month, list(person_id) as people, sum(pay) as pay,
           row_number() over (partition by project_id order by month) as step
    from person_months
    group by project_id, month
),
pool as (
    select project_id, step, month, people as pooled, pay as pooled_pay
    from months
    where step = 1
    union all
    -- a released pool starts again empty; a waiting one takes this month's people and pay
    select
        m.project_id, m.step, m.month,
        case when len(p.pooled) >= 5 then m.people else list_distinct(list_concat(p.pooled, m.people)) end,
        case when len(p.pooled) >= 5 then m.pay else p.pooled_pay + m.pay end
    from pool p
    join months m on m.project_id = p.project_id and m.step = p.step + 1
)
select
    project_id,
    month,
    case when len(pooled) >= 5 then pooled_pay else 0 end as participant_pay_sek,
    case when len(pooled) >= 5 then len(pooled) else 0 end as people
from pool
order by project_id, month
