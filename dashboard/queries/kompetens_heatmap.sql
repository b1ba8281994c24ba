-- Mean level, gap to the required level, or paired change from baseline to follow-up, per row × competence area.
-- Rows are departments (projects when all projects are chosen), genders or roles, plus a total row per area.
-- people: n = value, n; siblings: competence_area, level
with levels as (
    -- one level per respondent and area in the chosen wave; surveys after the as-of date are not counted yet
    select
        project_id, respondent_id as person_key, gender, role, department_id, department_name, municipality,
        competence_area,
        case when $measure = 'gap' then gap else level end as value
    from mart_competence
    where $measure in ('level', 'gap')
      and wave = $wave
      and survey_date <= $as_of
      and ($project_id is null or project_id = $project_id)
      and ($municipality is null or municipality = $municipality)
      and ($department_id is null or department_id = $department_id)
      and ($gender is null or coalesce(gender, 'X') = $gender)
),
changes as (
    -- paired: only people who answered both waves for the area, once the follow-up was answered by the as-of date
    select
        project_id, person_id as person_key, gender, role, department_id, department_name, municipality,
        competence_area, change as value
    from mart_competence_change
    where $measure = 'change'
      and follow_up_date <= $as_of
      and ($project_id is null or project_id = $project_id)
      and ($municipality is null or municipality = $municipality)
      and ($department_id is null or department_id = $department_id)
      and ($gender is null or coalesce(gender, 'X') = $gender)
),
measured as (
    select * from levels where value is not null
    union all
    select * from changes where value is not null
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
        case when grouping(row_key) = 1 then 'total' else 'row' end as level,
        coalesce(row_key, 'T') as row_key,
        case when grouping(row_key) = 0 then any_value(row_name) end as row_name,
        competence_area,
        avg(value) as value,
        -- one row per respondent and area in a wave (per person and area for the change): a row is a person
        count(*) as n
    from keyed
    group by grouping sets ((row_key, competence_area), (competence_area))
)
select level, row_key, row_name, competence_area, value, n
from cells
order by
    level desc,
    case row_key when 'K' then 1 when 'M' then 2 when 'X' then 3 when 'chef' then 1 when 'medarbetare' then 2
        when 'förtroendevald' then 3 else 4 end,
    row_name,
    row_key,
    competence_area
