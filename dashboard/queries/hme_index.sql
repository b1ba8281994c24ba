-- HME total and its three sub-indices (0–100, scored in mart_hme) per wave, in total and per gender or department:
-- one row per wave × group × index, with the number of respondents behind it.
-- By gender, each wave's and index's genders are a split: 1–4 respondents of gender X hide the total, not K or M.
-- people: respondents = score, respondents; siblings: wave, hme_index, level; gender: group_key within wave, hme_index
-- rows: wave, level, group_key, hme_index
with all_answers as (
    select
        project_id, respondent_id, wave, gender, department_id, department_name, municipality,
        motivation, ledarskap, styrning, hme_total, coalesce(gender, 'X') = 'X' as other
    from mart_hme
    -- a survey after the as-of date is not counted yet
    where exists (select 1 from released_hme_surveys($as_of) r
                  where r.project_id = mart_hme.project_id and r.survey_id = mart_hme.survey_id)
      and in_selection(project_id, municipality, department_id, $project_id, $municipality, $department_id)
      and gender_chosen(gender, $gender)
),
answers as (
    -- equality rule: where a department of the selection holds 1–4 respondents of gender X in a wave, every X of
    -- that wave is left out, so its totals are Kvinnor och män, no total minus K minus M is theirs, and no selection
    -- counts X that a part of it leaves out (women_and_men; docs/privacy.md)
    select * exclude (other, few_in_department)
    from (select *, bool_or(few_in_department) over (partition by wave) as women_and_men
          from (select *, small_group(count(case when other then 1 end)
                                          over (partition by wave, project_id, department_id)) as few_in_department
                from all_answers))
    where not (women_and_men and other)
),
places as (
    select count(distinct municipality) as municipalities from answers
),
keyed as (
    select
        answers.*,
        -- the same rows as on Kompetens (dashboard/macros.sql); this page splits by gender or department only
        row_key($dimension, $project_id is null, answers.project_id, gender, null, department_id) as group_key,
        row_name($dimension, $project_id is null, project.name, places.municipalities > 1, department_name,
                 municipality) as group_name
    from answers
    cross join places
    left join project on project.project_id = answers.project_id
),
scores as (
    -- long: one row per respondent and index; a respondent who answered none of an index's items has no score
    unpivot keyed on hme_total, motivation, ledarskap, styrning into name hme_index value score
),
groups as (
    select
        wave,
        -- part: 1 in a group's rows, NULL in the total (not grouping(): data._batchable)
        case when part is null then 'total' else 'group' end as level,
        coalesce(group_key, 'T') as group_key,
        case when part is not null then any_value(group_name) end as group_name,
        hme_index,
        bool_or(women_and_men) as women_and_men,
        avg(score) as score,
        -- one row per respondent and index: a row is a respondent
        count(*) as respondents
    from (select *, 1 as part from scores)
    group by grouping sets ((wave, hme_index, group_key, part), (wave, hme_index))
)
select wave, level, group_key, group_name, hme_index, score, respondents, women_and_men
from groups
order by
    level desc,
    case group_key when 'K' then 1 when 'M' then 2 when 'X' then 3 else 4 end,
    group_name,
    group_key,
    case hme_index when 'hme_total' then 1 when 'motivation' then 2 when 'ledarskap' then 3 else 4 end,
    case wave when 'baseline' then 1 else 2 end
