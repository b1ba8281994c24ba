with attendance_by_activity as (
    select
        project_id,
        activity_id,
        count(distinct person_id) as registered,
        count(distinct person_id) filter (where hours > 0) as participants,
        sum(hours) as participant_hours
    from attendance
    group by project_id, activity_id
)
select
    activity.project_id,
    activity.activity_id,
    activity.name,
    activity.activity_type,
    activity.focus_area_id,
    focus_area.name as focus_area_name,
    activity.start_date,
    activity.end_date,
    activity.hours,
    activity.planned_participants,
    activity.planned_cost_sek,
    coalesce(counts.registered, 0) as registered,
    coalesce(counts.participants, 0) as participants,
    coalesce(counts.participant_hours, 0) as participant_hours
from activity
left join focus_area
    on focus_area.project_id = activity.project_id and focus_area.focus_area_id = activity.focus_area_id
left join attendance_by_activity as counts
    on counts.project_id = activity.project_id and counts.activity_id = activity.activity_id
