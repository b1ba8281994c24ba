-- Share of the people measured in both waves (follow-up answered by the as-of date) whose mean level over their
-- competence areas rose, in total and per gender, role or department, with the target of the sub-goal computed
-- from share_improved.
-- "80 % improved of 5 paired" says 4 improved and 1 did not: the share counts the smaller non-empty of the two
-- groups (n_improved), and the improved add up over the rows to the total's. By gender the rows are a split:
-- 1–4 paired people of gender X hide the total, not Kvinnor or Män.
-- people: n = improved_share, paired, points_to_target; siblings: level; gender: row_key
-- people: n_improved = improved_share, points_to_target; siblings: level; gender: row_key
-- rows: level, row_key
with paired_people as (
    select project_id, person_id, gender, role, department_id, department_name, municipality, improved,
           coalesce(gender, 'X') = 'X' as other
    from mart_competence_person_change
    where project_id in (select * from released_change($as_of))
      and in_selection(project_id, municipality, department_id, $project_id, $municipality, $department_id)
      and gender_chosen(gender, $gender)
),
equality as (
    -- equality rule: where a department of the selection holds 1–4 paired people of gender X, every X is left out,
    -- so the total of every breakdown is Kvinnor och män, no total minus K minus M is theirs, and no selection
    -- counts X that a part of it leaves out (women_and_men; docs/privacy.md)
    select coalesce(bool_or(small_group(people)), false) as women_and_men
    from (select count(*) as people from paired_people where other group by project_id, department_id)
),
people as (
    select paired_people.* exclude (other)
    from paired_people, equality
    where not (equality.women_and_men and paired_people.other)
),
places as (
    select count(distinct municipality) as municipalities from people
),
keyed as (
    select
        people.*,
        -- row_key and row_name: dashboard/macros.sql, as on the heatmap
        row_key($dimension, $project_id is null, people.project_id, gender, role, department_id) as row_key,
        row_name($dimension, $project_id is null, project.name, places.municipalities > 1, department_name,
                 municipality) as row_name
    from people
    cross join places
    left join project on project.project_id = people.project_id
),
groups as (
    select
        -- part: 1 in a row's group, NULL in the total (not grouping(): data._batchable)
        case when part is null then 'total' else 'row' end as level,
        coalesce(row_key, 'T') as row_key,
        case when part is not null then any_value(row_name) end as row_name,
        count(*) as paired,
        count(*) filter (where improved) as improved,
        count(*) filter (where improved) / count(*) as improved_share
    from (select *, 1 as part from keyed)
    group by grouping sets ((row_key, part), ())
),
targets as (
    -- one target only when the chosen projects agree on it
    select case when count(distinct target) = 1 then any_value(target) / 100 end as target_share
    from mart_goal
    where computed_from = 'share_improved'
      and project_chosen(project_id, $project_id)
)
select
    level, row_key, row_name, paired, improved_share, targets.target_share,
    (improved_share - targets.target_share) * 100 as points_to_target,
    paired as n,
    smaller_group(improved, paired) as n_improved,
    equality.women_and_men
from groups, targets, equality
order by
    level desc,
    case row_key when 'K' then 1 when 'M' then 2 when 'X' then 3 when 'chef' then 1 when 'medarbetare' then 2
        when 'förtroendevald' then 3 else 4 end,
    row_name,
    row_key
