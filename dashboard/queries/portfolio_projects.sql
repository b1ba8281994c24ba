-- One row per project for the portfolio: budget used, participants and competence change. The time elapsed and
-- the pace against it follow the rules in dashboard/rules.py (figures.portfolio_projects adds them).
-- Aggregated per project in one pass, so the page stays fast with hundreds of projects.
-- A last row (level = total) sums the money of the portfolio. It holds no people figures: a total of participants
-- beside the projects would let a hidden project be worked out by subtraction.
-- The projects are siblings: Sammanfattning and Deltagande show the all-projects totals of participants and paired
-- people, so one hidden project beside the shown ones could be worked out from those pages.
-- Equality rule (docs/privacy.md): the participants and the share reached count women and men only: people of
-- another or unknown gender (X) are counted in the portfolio's split by gender alone, whose suppression protects
-- them. The paired people count X only where no department of the project (in the chosen places) holds 1–4 of
-- them, so no selection counts X that a part of it leaves out. women_and_men_participants and women_and_men_paired
-- say X were left out (women_and_men: either). The share improved counts the smaller of the improved and the not
-- improved (smaller_group, dashboard/macros.sql).
-- people: participants = participants, reached_share; siblings: level
-- people: paired = improved_share, paired; siblings: level
-- people: n_improved = improved_share; siblings: level
-- rows: level, project_id
with projects as (
    select project_id, name, phase, start_date, end_date, municipalities, esf_grant_sek, total_budget_sek
    from project
    where ($municipality is null or list_contains(string_split(municipalities, '; '), $municipality))
),
budget as (
    -- the budget covers the whole project: the municipality and department filters do not split it
    select
        project_id,
        sum(planned_sek) as planned_total,
        -- as on the Budget page: participant pay comes from attendance, not from the ledger
        coalesce(sum(spent_sek) filter (where month <= $as_of and cost_heading <> 'deltagarlön'), 0) as ledger_to_date
    from mart_budget_month
    group by project_id
),
participant_pay as (
    select project_id, coalesce(sum(participant_pay_sek) filter (where month <= $as_of), 0) as participant_pay_to_date
    from budgeted_participant_pay()  -- spending only where the budget plans it: dashboard/macros.sql
    group by project_id
),
spending as (
    select
        projects.project_id,
        budget.planned_total,
        coalesce(budget.ledger_to_date, 0) + coalesce(participant_pay.participant_pay_to_date, 0) as spent_to_date
    from projects
    left join budget using (project_id)
    left join participant_pay using (project_id)
),
target_group as (
    select project_id, count(*) filter (where coalesce(gender, 'X') <> 'X') as staff_women_and_men
    from mart_person
    where in_selection(project_id, municipality, department_id, null, $municipality, $department_id)
    group by project_id
),
participant_people as (
    -- a participant attended (hours > 0) at least once in the period
    select project_id, person_id, coalesce(any_value(gender), 'X') = 'X' as other
    from attended_in_selection(null, $municipality, $department_id, $date_from, $date_to)
    group by project_id, person_id
),
participants as (
    select project_id, count(*) filter (where not other) as participants, bool_or(other) as women_and_men
    from participant_people
    group by project_id
),
paired_people as (
    -- people measured in both waves whose follow-up was answered by the as-of date
    select project_id, person_id, department_id, improved, coalesce(gender, 'X') = 'X' as other
    from mart_competence_person_change
    where project_id in (select * from released_change($as_of))
      and in_selection(project_id, municipality, department_id, null, $municipality, $department_id)
),
improvement as (
    select
        project_id,
        count(*) filter (where counted) as paired,
        count(*) filter (where counted and improved) as improved,
        count(*) filter (where counted and improved) / count(*) filter (where counted) as improved_share,
        bool_or(not counted) as women_and_men
    from (select *, not (other and bool_or(few_in_department) over (partition by project_id)) as counted
          from (select *, small_group(count(case when other then 1 end) over (partition by project_id, department_id))
                              as few_in_department
                from paired_people))
    group by project_id
),
per_project as (
    select
        projects.project_id,
        projects.name,
        projects.phase,
        cast(projects.start_date as date) as start_date,
        cast(projects.end_date as date) as end_date,
        projects.total_budget_sek,
        spending.planned_total,
        spending.spent_to_date,
        spending.spent_to_date / nullif(spending.planned_total, 0) as spent_share,
        coalesce(participants.participants, 0) as participants,
        -- women and men among the participants: of the women and men in the target group
        coalesce(participants.participants, 0) / nullif(target_group.staff_women_and_men, 0) as reached_share,
        coalesce(participants.women_and_men, false) as women_and_men_participants,
        coalesce(improvement.women_and_men, false) as women_and_men_paired,
        coalesce(improvement.paired, 0) as paired,
        improvement.improved,
        improvement.improved_share,
        smaller_group(improvement.improved, improvement.paired) as n_improved
    from projects
    left join spending using (project_id)
    left join target_group using (project_id)
    left join participants using (project_id)
    left join improvement using (project_id)
)
select
    'project' as level,
    project_id,
    name,
    phase,
    start_date,
    end_date,
    total_budget_sek,
    planned_total,
    spent_to_date,
    spent_share,
    1 as projects,
    participants,
    reached_share,
    paired,
    improved_share,
    women_and_men_participants or women_and_men_paired as women_and_men,
    women_and_men_participants,
    women_and_men_paired,
    n_improved
from per_project
union all
select
    'total' as level,
    null as project_id,
    null as name,
    null as phase,
    min(start_date) as start_date,
    max(end_date) as end_date,
    sum(total_budget_sek) as total_budget_sek,
    sum(planned_total) as planned_total,
    sum(spent_to_date) as spent_to_date,
    sum(spent_to_date) / nullif(sum(planned_total), 0) as spent_share,
    count(*) as projects,
    null as participants,
    null as reached_share,
    null as paired,
    null as improved_share,
    null as women_and_men,
    null as women_and_men_participants,
    null as women_and_men_paired,
    null as n_improved
from per_project
order by level, start_date desc, name
