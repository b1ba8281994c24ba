-- Participants per project and gender (K, M, X and the total), within the filters and the period.
-- Genders within a project are siblings, and so are the projects within a gender (the all-projects figures per
-- gender are shown on Sammanfattning and Deltagande).
-- Each project's genders are a split: 1–4 people of gender X hide the project's total, not Kvinnor or Män.
-- people: participants = participants; siblings: project_id, level | gender; gender: gender within project_id
-- rows: project_id, gender
with participants as (
    -- a participant attended (hours > 0) at least once; registered no-shows are not participants
    select project_id, person_id, coalesce(any_value(gender), 'X') as gender
    from attended_in_selection(null, $municipality, $department_id, $date_from, $date_to)
    group by project_id, person_id
),
counts as (
    select project_id, coalesce(gender, 'T') as gender, count(*) as participants
    from participants
    group by grouping sets ((project_id, gender), (project_id))
)
select
    counts.project_id,
    project.name,
    counts.gender,
    case when counts.gender = 'T' then 'total' else 'gender' end as level,
    counts.participants
from counts
join project using (project_id)
order by
    project.start_date desc,
    project.name,
    case counts.gender when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end
