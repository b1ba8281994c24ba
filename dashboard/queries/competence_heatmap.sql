-- Mean level, gap to the required level, or paired change from baseline to follow-up, per row × competence area.
-- Rows are departments (projects when all projects are chosen), genders or roles, plus a total row per area.
-- By gender, each area's genders are a split: 1–4 people of gender X hide the area's total, not K or M.
-- people: n = value, n; siblings: competence_area, level; gender: row_key within competence_area
-- rows: level, row_key, competence_area
with measured as (
    -- dashboard/macros.sql: one value per respondent (paired person, for the change) and area in the selection
    select * from competence_measured($measure, $wave, $as_of, $project_id, $municipality, $department_id, $gender)
),
places as (
    select count(distinct municipality) as municipalities from measured
),
keyed as (
    select
        measured.*,
        -- row_key and row_name: dashboard/macros.sql
        row_key($dimension, $project_id is null, measured.project_id, gender, role, department_id) as row_key,
        row_name($dimension, $project_id is null, project.name, places.municipalities > 1, department_name,
                 municipality) as row_name
    from measured
    cross join places
    left join project on project.project_id = measured.project_id
),
cells as (
    select
        -- part: 1 in a row's group, NULL in the total (not grouping(): data._batchable)
        case when part is null then 'total' else 'row' end as level,
        coalesce(row_key, 'T') as row_key,
        case when part is not null then any_value(row_name) end as row_name,
        competence_area,
        avg(value) as value,
        -- one row per respondent and area in a wave (per person and area for the change): a row is a person
        count(*) as n
    from (select *, 1 as part from keyed)
    group by grouping sets ((row_key, competence_area, part), (competence_area))
)
select level, row_key, row_name, competence_area, value, n,
    -- 1–4 people of gender X in the selection are left out (dashboard/macros.sql): the page says so
    coalesce((select bool_or(women_and_men) from measured), false) as women_and_men
from cells
order by
    level desc,
    case row_key when 'K' then 1 when 'M' then 2 when 'X' then 3 when 'chef' then 1 when 'medarbetare' then 2
        when 'förtroendevald' then 3 else 4 end,
    row_name,
    row_key,
    competence_area
