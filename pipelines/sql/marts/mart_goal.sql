-- computed goals: the rules are documented per value in docs/data-contract.md
with attended as (
    -- a goal tied to a focus area counts only that area's activities
    select goal.project_id, goal.goal_id, attendance.person_id, attendance.hours
    from goal
    join mart_attendance as attendance
        on attendance.project_id = goal.project_id
        and (goal.focus_area_id is null or attendance.focus_area_id = goal.focus_area_id)
    where attendance.hours > 0
),
participation as (
    select project_id, goal_id, count(distinct person_id) as participants, sum(hours) as training_hours
    from attended
    group by project_id, goal_id
),
certified as (
    select attended.project_id, attended.goal_id, count(distinct attended.person_id) as certified
    from attended
    join validation_certificate as certificate
        on certificate.project_id = attended.project_id and certificate.person_id = attended.person_id
    group by attended.project_id, attended.goal_id
),
target_group as (
    select project_id, count(*) as people
    from person
    group by project_id
),
paired_people as (
    -- improved = the person's mean level over all paired areas rose
    select project_id, person_id, avg(follow_up_level) > avg(baseline_level) as improved
    from mart_competence_change
    group by project_id, person_id
),
improvement as (
    select project_id, count(*) as paired, count(*) filter (where improved) as improved
    from paired_people
    group by project_id
),
ambassadors as (
    select project_id, count(distinct person_id) as ambassadors
    from ambassador
    group by project_id
),
departments as (
    select project_id, count(distinct department_id) as departments
    from mart_unit
    group by project_id
),
latest_hme as (
    select project_id, survey_id, avg(hme_total) as hme_total, count(*) as respondents
    from mart_hme
    where wave = 'follow_up'
    group by project_id, survey_id, survey_date
    qualify row_number() over (partition by project_id order by survey_date desc, survey_id desc) = 1
),
latest_measurement as (
    select project_id, goal_id, date, value, status, comment
    from goal_measurement
    qualify row_number() over (partition by project_id, goal_id order by date desc) = 1
)
select
    goal.project_id,
    goal.goal_id,
    goal.name,
    goal.indicator,
    goal.unit,
    goal.baseline,
    goal.target,
    goal.target_date,
    goal.computed_from,
    goal.focus_area_id,
    cast(case goal.computed_from
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
    cast(case goal.computed_from
        when 'participants' then coalesce(participation.participants, 0)
        when 'training_hours' then coalesce(participation.participants, 0)
        when 'share_target_group_reached' then coalesce(target_group.people, 0)
        when 'share_certified' then coalesce(participation.participants, 0)
        when 'share_improved' then coalesce(improvement.paired, 0)
        when 'ambassadors_per_unit' then coalesce(ambassadors.ambassadors, 0)
        when 'hme_total' then coalesce(latest_hme.respondents, 0)
    end as integer) as computed_n,
    latest_measurement.value as last_measured_value,
    latest_measurement.date as last_measured_date,
    latest_measurement.status as last_status,
    latest_measurement.comment as last_comment
from goal
left join participation on participation.project_id = goal.project_id and participation.goal_id = goal.goal_id
left join certified on certified.project_id = goal.project_id and certified.goal_id = goal.goal_id
left join target_group on target_group.project_id = goal.project_id
left join improvement on improvement.project_id = goal.project_id
left join ambassadors on ambassadors.project_id = goal.project_id
left join departments on departments.project_id = goal.project_id
left join latest_hme on latest_hme.project_id = goal.project_id
left join latest_measurement
    on latest_measurement.project_id = goal.project_id and latest_measurement.goal_id = goal.goal_id
order by goal.project_id, goal.goal_id
