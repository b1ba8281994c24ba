-- participants' hours are co-financing (deltagarlön): hours x hourly wage cost incl. social fees
select
    attendance.project_id,
    attendance.activity_id,
    activity.name as activity_name,
    activity.activity_type,
    activity.focus_area_id,
    focus_area.name as focus_area_name,
    attendance.person_id,
    person.gender,
    person.age_band,
    person.role,
    person.department_id,
    person.department_name,
    person.municipality,
    attendance.date,
    cast(date_trunc('month', attendance.date) as date) as month,
    attendance.hours,
    attendance.hours > 0 as attended,
    attendance.hours * person.hourly_wage_cost_sek as participant_pay_sek
from attendance
left join activity
    on activity.project_id = attendance.project_id and activity.activity_id = attendance.activity_id
left join focus_area
    on focus_area.project_id = activity.project_id and focus_area.focus_area_id = activity.focus_area_id
left join mart_person as person
    on person.project_id = attendance.project_id and person.person_id = attendance.person_id
