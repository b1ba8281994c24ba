-- Sub-goals with the value computed from the data up to the as-of date, or the last measurement up to it.
-- The rules per computed_from are documented in docs/data-contract.md; nothing after the as-of date counts.
-- A share's value and its base (shown elsewhere) give its numerator back: a share goal counts the people of its
-- numerator; a share of an outcome ("80 % of 5 improved") gives both the 4 who did and the 1 who did not, so it
-- counts the smaller non-empty of the two (smaller_group, dashboard/macros.sql; docs/privacy.md).
-- Equality rule (docs/privacy.md; women_and_men says people of another or unknown gender, X, were left out): a goal
-- counted from participants counts women and men only, as focus_areas and the women's share do (X are counted in
-- Deltagande's split by gender alone, where they are protected). A goal counted from paired people or HME
-- respondents counts X only where none of the project's departments holds 1–4 of them, as competence_improved and
-- hme_index do, so no goal counts X that a department's view leaves out.
-- people: computed_n = computed_value
-- rows: project_id, goal_id
with goals as (
    select *
    from mart_goal
    where project_chosen(project_id, $project_id)
),
attendance as (
    -- attended hours up to the as-of date per person and focus area, summed before the join to the goals
    select project_id, focus_area_id, person_id, coalesce(any_value(gender), 'X') = 'X' as other, sum(hours) as hours
    from mart_attendance
    where attended
      and date <= $as_of
      and project_chosen(project_id, $project_id)  -- implied by the goals; lets DuckDB open one project's files
      and project_id in (
          select project_id from goals
          where computed_from in ('participants', 'training_hours', 'share_target_group_reached', 'share_certified'))
    group by project_id, focus_area_id, person_id
),
attended as (
    -- a goal tied to a focus area counts only that area's activities
    select goals.project_id, goals.goal_id, attendance.person_id, attendance.other, attendance.hours
    from goals
    join attendance
        on attendance.project_id = goals.project_id
        and (goals.focus_area_id is null or attendance.focus_area_id = goals.focus_area_id)
    where goals.computed_from in ('participants', 'training_hours', 'share_target_group_reached', 'share_certified')
),
people_of_goal as (
    -- one row per goal and person, gender X or not
    select project_id, goal_id, person_id, bool_or(other) as other, sum(hours) as hours
    from attended
    group by project_id, goal_id, person_id
),
counted as (
    -- the people a goal counts: women and men (equality rule)
    select * from people_of_goal where not other
),
participation as (
    select project_id, goal_id, count(*) filter (where not other) as participants,
           sum(hours) filter (where not other) as training_hours, bool_or(other) as women_and_men
    from people_of_goal
    group by project_id, goal_id
),
certified as (
    -- participants up to the as-of date who hold a certificate dated up to it
    select attended.project_id, attended.goal_id, count(distinct attended.person_id) as certified
    from counted as attended
    join mart_certificate as certificate
        on certificate.project_id = attended.project_id and certificate.person_id = attended.person_id
    where certificate.date <= $as_of
      and project_chosen(certificate.project_id, $project_id)
    group by attended.project_id, attended.goal_id
),
target_group as (
    -- with women and men only among the participants, the base is women and men too
    select project_id, count(*) filter (where coalesce(gender, 'X') <> 'X') as women_and_men
    from mart_person
    where project_chosen(project_id, $project_id)
      and project_id in (select project_id from goals)
    group by project_id
),
paired_people as (
    -- only pairs whose follow-up survey was answered by the as-of date
    select project_id, improved, other, bool_or(few_in_department) over (partition by project_id) as women_and_men
    from (select project_id, improved, coalesce(gender, 'X') = 'X' as other,
                 small_group(count(case when coalesce(gender, 'X') = 'X' then 1 end)
                     over (partition by project_id, department_id)) as few_in_department
          from mart_competence_person_change
          where project_chosen(project_id, $project_id)
            and project_id in (select project_id from goals)
            and project_id in (select * from released_change($as_of)))
),
improvement as (
    -- the flag from every paired person, so a project whose paired people are all X and left out still says so
    select project_id, count(*) filter (where not (women_and_men and other)) as paired,
           count(*) filter (where improved and not (women_and_men and other)) as improved,
           bool_or(women_and_men) as women_and_men
    from paired_people
    group by project_id
),
ambassadors as (
    -- an ambassador without a start date counts from the project's start
    select ambassador.project_id, count(distinct ambassador.person_id) as ambassadors
    from mart_ambassador as ambassador
    join project on project.project_id = ambassador.project_id
    where ambassador.project_id in (select project_id from goals)
      and coalesce(ambassador.start_date, project.start_date) <= $as_of
    group by ambassador.project_id
),
departments as (
    select project_id, count(distinct department_id) as departments
    from mart_unit
    where project_id in (select project_id from goals)
    group by project_id
),
hme_respondents as (
    -- the latest follow-up employee survey answered by the as-of date
    select project_id, survey_id, survey_date, department_id, hme_total, coalesce(gender, 'X') = 'X' as other
    from mart_hme
    where wave = 'follow_up'
      and exists (select 1 from released_hme_surveys($as_of) r
                  where r.project_id = mart_hme.project_id and r.survey_id = mart_hme.survey_id)
      and project_chosen(project_id, $project_id)
      and project_id in (select project_id from goals)
    qualify dense_rank() over (partition by project_id order by survey_date desc, survey_id desc) = 1
),
latest_hme as (
    select project_id, women_and_men, avg(hme_total) filter (where not (women_and_men and other)) as hme_total,
           count(*) filter (where not (women_and_men and other)) as respondents
    from (select *, bool_or(few_in_department) over (partition by project_id) as women_and_men
          from (select *, small_group(count(case when other then 1 end) over (partition by project_id, department_id))
                              as few_in_department
                from hme_respondents))
    group by project_id, women_and_men
),
computed as (
    select
        goals.project_id,
        goals.goal_id,
        cast(case goals.computed_from
            when 'participants' then coalesce(participation.participants, 0)
            when 'training_hours' then coalesce(participation.training_hours, 0)
            when 'share_target_group_reached'
                then 100.0 * coalesce(participation.participants, 0)
                     / nullif(target_group.women_and_men, 0)
            when 'share_certified'
                then 100.0 * coalesce(certified.certified, 0) / nullif(participation.participants, 0)
            when 'share_improved' then 100.0 * improvement.improved / nullif(improvement.paired, 0)
            when 'ambassadors_per_unit'
                then coalesce(ambassadors.ambassadors, 0) * 1.0 / nullif(departments.departments, 0)
            when 'hme_total' then latest_hme.hme_total
        end as double) as computed_value,
        cast(case goals.computed_from
            when 'participants' then coalesce(participation.participants, 0)
            when 'training_hours' then coalesce(participation.participants, 0)
            -- a share of the target group: its numerator; a share of an outcome: the smaller of those with and without
            when 'share_target_group_reached' then coalesce(participation.participants, 0)
            when 'share_certified'
                then smaller_group(coalesce(certified.certified, 0), coalesce(participation.participants, 0))
            when 'share_improved' then smaller_group(improvement.improved, improvement.paired)
            when 'ambassadors_per_unit' then coalesce(ambassadors.ambassadors, 0)
            when 'hme_total' then coalesce(latest_hme.respondents, 0)
        end as integer) as computed_n,
        coalesce(case
            when goals.computed_from in ('participants', 'training_hours', 'share_target_group_reached',
                                         'share_certified') then participation.women_and_men
            when goals.computed_from = 'share_improved' then improvement.women_and_men
            when goals.computed_from = 'hme_total' then latest_hme.women_and_men
        end, false) as women_and_men
    from goals
    left join participation on participation.project_id = goals.project_id and participation.goal_id = goals.goal_id
    left join certified on certified.project_id = goals.project_id and certified.goal_id = goals.goal_id
    left join target_group on target_group.project_id = goals.project_id
    left join improvement on improvement.project_id = goals.project_id
    left join ambassadors on ambassadors.project_id = goals.project_id
    left join departments on departments.project_id = goals.project_id
    left join latest_hme on latest_hme.project_id = goals.project_id
),
last_measurement as (
    select project_id, goal_id, date, value, status, comment
    from goal_measurement
    where date <= $as_of
      and project_chosen(project_id, $project_id)
    qualify row_number() over (partition by project_id, goal_id order by date desc) = 1
)
select
    g.project_id,
    g.goal_id,
    g.name,
    g.indicator,
    g.unit,
    g.baseline,
    g.target,
    g.target_date,
    g.computed_from,
    g.focus_area_id,
    p.start_date as project_start,
    c.computed_value,
    c.computed_n,
    c.women_and_men,
    m.value as measured_value,
    m.date as measured_date,
    m.status as measured_status,
    m.comment
from goals g
join project p using (project_id)
join computed c using (project_id, goal_id)
left join last_measurement m using (project_id, goal_id)
order by g.project_id, g.goal_id
