select project_id, financing_source, cast(sum(amount_sek) as bigint) as planned_sek
from budget_plan
group by project_id, financing_source
order by project_id, financing_source
