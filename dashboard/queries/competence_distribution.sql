-- How the people behind one heatmap cell spread over the measure, in half steps of the scale.
-- Each step is a group of its own (3 people at step 2,5 is a figure about 3 people), and the steps add up to the
-- cell's count on the heatmap: the steps are siblings, protected with their own counts (issue 8, class 7). The
-- whole cell's count still hides everything when the cell itself is too small.
-- people: people = people; siblings: *
-- people: cell_n = people
-- rows: step
with measured as (
    -- dashboard/macros.sql: one value per respondent (paired person, for the change) and area in the selection
    select * from competence_measured($measure, $wave, $as_of, $project_id, $municipality, $department_id, $gender)
),
cell as (
    -- the same row keys as competence_heatmap.sql (dashboard/macros.sql); 'T' is the total row
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
