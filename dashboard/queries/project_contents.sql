-- What has been loaded for the chosen project (or all projects), kind by kind: pages say "nothing loaded yet"
-- instead of drawing empty charts. Only yes/no per kind, whatever the other filters are.
-- people: none
select
    (select count(*) > 0 from mart_person where project_chosen(project_id, $project_id)) as people,
    (select count(*) > 0 from mart_activity where project_chosen(project_id, $project_id)) as activities,
    (select count(*) > 0 from mart_attendance where project_chosen(project_id, $project_id)) as attendance,
    (select count(*) > 0 from mart_competence where project_chosen(project_id, $project_id)) as competence,
    (select count(*) > 0 from mart_hme where project_chosen(project_id, $project_id)) as hme,
    (select count(*) > 0 from mart_budget_month
     where project_chosen(project_id, $project_id) and planned_sek <> 0) as budget,
    (select count(*) > 0 from mart_budget_month
     where project_chosen(project_id, $project_id) and spent_sek <> 0) as ledger,
    (select count(*) > 0 from mart_goal where project_chosen(project_id, $project_id)) as goals
