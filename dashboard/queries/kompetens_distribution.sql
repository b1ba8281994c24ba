-- How the people behind one heatmap cell spread over the measure, in half steps of the scale.
-- people: cell_n = people
with levels as (
    select
        project_id, respondent_id as person_key, gender, role, department_id, competence_area,
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
    select
        project_id, person_id as person_key, gender, role, department_id, competence_area, change as value
    from mart_competence_change
    where $measure = 'change'
      -- as in kompetens_heatmap.sql: a pair counts once its follow-up was answered by the as-of date
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
cell as (
    -- the same row keys as kompetens_heatmap.sql (dashboard/macros.sql); 'T' is the total row
    select *
    from measured
    where competence_area = $competence_area
      and ($row_key = 'T'
           or row_key($dimension, $project_id is null, project_id, gender, role, department_id) = $row_key)
),
-- a level that is the mean of several items falls between scale steps; half steps keep the bars readable
binned as (
    -- one row per respondent and area in a wave (per person and area for the change): a row is a person
    select round(value * 2) / 2 as step, count(*) as people
    from cell
    group by step
)
select step, people, sum(people) over () as cell_n
from binned
order by step
