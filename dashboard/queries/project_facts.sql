-- One project's facts for the meeting pack and the progress report: the header of its project-bank page and the
-- text sections of that page where one was loaded (no people behind these figures).
-- people: none
select
    project_id,
    name,
    programme_area,
    phase,
    owner,
    esf_grant_sek,
    total_budget_sek,
    start_date,
    end_date,
    region,
    municipalities,
    participating_actors,
    partners,
    summary,
    purpose,
    accessibility,
    gender_equality,
    transnational
from project
where project_id = $project_id
