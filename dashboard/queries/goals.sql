-- Sub-goals with the value computed from the data up to the as-of date, or the last measurement up to it.
-- The rules per computed_from are documented in docs/data-contract.md; nothing after the as-of date counts.
-- people: computed_n = computed_value
-- rows: project_id, goal_id
with goals as (
    select *
    from mart_goal
    where project_chosen(project_id, $project_id)
),
attendance as (
    -- attended hours up to the as-of date per person and focus area, summed before the join to the goals
    select project_id, focus_area_id, person_id, sum(hours) as hours
    from mart_attendance
    where attended
      and date <= $as_of
      and project_id in (
          select project_id from goals
          where computed_from in ('participants', 'training_hours', 'share_target_group_reached', 'share_certified'))
    group by project_id, focus_area_id, person_id
),
attended as (
    -- a goal tied to a focus area counts only that area's activities
    select goals.project_id, goals.goal_id, attendance.person_id, attendance.hours
    from goals
    join attendance
        on attendance.project_id = goals.project_id
        and (goals.focus_area_id is null or attendance.focus_area_id = goals.focus_area_id)
    where goals.computed_from in ('participants', 'training_hours', 'share_target_group_reached', 'share_certified')
),
participation as (
    select project_id, goal_id, count(distinct person_id) as participants, sum(hours) as training_hours
    from attended
    group by project_id, goal_id
),
certified as (
    -- participants up to the as-of date who hold a certificate dated up to it
    select attended.project_id, attended.goal_id, count(distinct attended.person_id) as certified
    from attended
    join mart_certificate as certificate
        on certificate.project_id = attended.project_id and certificate.person_id = attended.person_id
    where certificate.date <= $as_of
    group by attended.project_id, attended.goal_id
),
target_group as (
    select project_id, count(*) as people
    from mart_person
    where project_id in (select project_id from goals)
    group by project_id
),
improvement as (
    -- only pairs whose follow-up survey was answered by the as-of date
    select project_id, count(*) as paired, count(*) filter (where improved) as improved
    from mart_competence_person_change
    where project_id in (select project_id from goals)
      and project_id in (select * from released_change($as_of))
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
latest_hme as (
    -- the latest follow-up employee survey answered by the as-of date
    select project_id, avg(hme_total) as hme_total, count(*) as respondents
    from mart_hme
    where wave = 'follow_up'
      and (project_id, survey_id) in (select * from released_hme_surveys($as_of))
      and project_id in (select project_id from goals)
    group by project_id, survey_id, survey_date
    qualify row_number() over (partition by project_id order by survey_date desc, survey_id desc) = 1
),
computed as (
    select
        goals.project_id,
        goals.goal_id,
        cast(case goals.computed_from
            when 'participants' then coalesce(participation.participants, 0)
            when 'training_hours' then coalesce(participation.training_hours, 0)
            when 'share_target_group_reached'
                then 100.0 * coalesce(participation.participants, 0) / nullif(target_group.people, 0)
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
            when 'share_target_group_reached' then coalesce(target_group.people, 0)
            when 'share_certified' then coalesce(participation.participants, 0)
            when 'share_improved' then coalesce(improvement.paired, 0)
            when 'ambassadors_per_unit' then coalesce(ambassadors.ambassadors, 0)
            when 'hme_total' then coalesce(latest_hme.respondents, 0)
        end as integer) as computed_n
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
    m.value as measured_value,
    m.date as measured_date,
    m.status as measured_status,
    m.comment
from goals g
join project p using (project_id)
join computed c using (project_id, goal_id)
left join last_measurement m using (project_id, goal_id)
order by g.project_id, g.goal_id
