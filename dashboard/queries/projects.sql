-- The projects in the warehouse, for the project filter (no people behind these figures).
-- people: none
select
    project_id,
    name,
    phase,
    start_date,
    end_date,
    municipalities,
    esf_grant_sek,
    total_budget_sek
from project
order by start_date desc, name
