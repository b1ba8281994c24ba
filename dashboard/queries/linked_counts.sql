-- How many records linked_records.sql would give for all projects (within the user's scope) in a period on the
-- month grid: the sum of its months' counts, computed at each load (pipelines/sql/marts/mart_linked_months.sql).
-- data._linked_together compares it with LINKED_RECORDS; a period off the grid is counted from the records.
-- internal: read by data._linked_together only, never shown
-- people: none
select coalesce(sum(records), 0) as records
from mart_linked_months
where month between $date_from and $date_to
