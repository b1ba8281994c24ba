-- Rules several named queries share, defined once. data.open_warehouse creates them on every connection; a query
-- calls them like built-in functions. They hold no data, so suppression stays with the queries that use them.

-- The row a person falls in when a page breaks its figures down by gender, role or department. Departments of
-- different projects are different departments, so with all projects chosen the rows are the projects.
create or replace macro memory.main.row_key(dimension, all_projects, project_id, gender, role, department_id) as
    case
        when dimension = 'gender' then coalesce(gender, 'X')
        when dimension = 'role' then coalesce(role, '?')
        when all_projects then project_id
        else coalesce(department_id, '?')
    end;

-- The name shown for a department row (genders and roles are named by the page from the catalogue). Two
-- municipalities may both have a Serviceförvaltningen, so the municipality is added when there are several.
create or replace macro memory.main.row_name(dimension, all_projects, project_name, several_municipalities,
                                             department_name, municipality) as
    case
        when dimension <> 'department' then null
        when all_projects then project_name
        when several_municipalities then department_name || ' (' || municipality || ')'
        else department_name
    end;

-- The sidebar's selection: a row is in it when it matches each chosen filter (a NULL choice means all). Every
-- named query filters through these three, so "all" means the same everywhere.
create or replace macro memory.main.project_chosen(row_project, chosen_project) as
    (chosen_project is null or row_project = chosen_project);

create or replace macro memory.main.in_selection(row_project, row_municipality, row_department,
                                                 chosen_project, chosen_municipality, chosen_department) as
    project_chosen(row_project, chosen_project)
    and (chosen_municipality is null or row_municipality = chosen_municipality)
    and (chosen_department is null or row_department = chosen_department);

-- A share part / whole beside a shown whole gives two groups away: the part and the rest (80 % of 5 paired: 4
-- improved, 1 not). Its people are the smaller of the two that is not empty (NULL when both are).
create or replace macro memory.main.smaller_group(part, whole) as
    list_min(list_filter([part, whole - part], lambda v: v > 0));

-- A small group: 1–4 people (privacy.MIN_PEOPLE = 5). The one place the SQL side says so; the equality rule and
-- every query that leaves a small group out ask it (tests/dashboard/test_privacy_core.py checks it against Python).
create or replace macro memory.main.small_group(people) as (people between 1 and 4);

-- People without a recorded gender are counted under X, so the gender filter finds them there.
create or replace macro memory.main.gender_chosen(row_gender, chosen_gender) as
    (chosen_gender is null or coalesce(row_gender, 'X') = chosen_gender);

-- Surveys are released whole, by wave: a survey counts only once all answers of its wave are in (the last answer
-- of every survey of that wave in the project lies on or before the as-of date), so two as-of dates differ by a whole
-- wave, never by a few late respondents or a small catch-up survey of the same wave (docs/privacy.md).
-- The paired change waits for the project's last follow-up answer.
-- The last answers per survey are computed at each load (pipelines/sql/marts/mart_survey_release.sql).
create or replace macro memory.main.released_competence_surveys(as_of) as table
    select project_id, survey_id
    from (select project_id, survey_id, max(last_answer) over (partition by project_id, wave) as last_answer_of_wave
          from mart_survey_release where source = 'competence')
    where last_answer_of_wave <= as_of;

create or replace macro memory.main.released_change(as_of) as table
    select project_id
    from mart_survey_release
    where source = 'change' and last_answer <= as_of;

create or replace macro memory.main.released_hme_surveys(as_of) as table
    select project_id, survey_id
    from (select project_id, survey_id, max(last_answer) over (partition by project_id, wave) as last_answer_of_wave
          from mart_survey_release where source = 'hme')
    where last_answer_of_wave <= as_of;

-- The table macros below name warehouse tables. They are bound where they are called: on a query cursor whose
-- scope shadows those tables with views of the allowed projects (data.query_cursor), they read the views.

-- Attendance rows of people who took part (hours > 0; a registered no-show is not a participant) within the
-- selection and the period: the one definition of "attended in the selection".
create or replace macro memory.main.attended_in_selection(chosen_project, chosen_municipality, chosen_department,
                                                          date_from, date_to) as table
    select *
    from mart_attendance
    where attended
      and date between date_from and date_to
      and in_selection(project_id, municipality, department_id,
                       chosen_project, chosen_municipality, chosen_department);

-- Participant pay (deltagarlön) per project and month as the dashboard reports it: released only once the people
-- behind a month's pay (with the months that waited for it) are 5 or more. The rule and its reasons are in
-- pipelines/sql/marts/mart_participant_pay.sql, computed at each load (docs/privacy.md). people: the distinct
-- people of the release.
create or replace macro memory.main.released_participant_pay() as table
    select project_id, month, participant_pay_sek, people
    from mart_participant_pay;

-- Released participant pay that counts as spending: only in projects whose budget plans it (a deltagarlön line).
-- Elsewhere it is co-financing outside the budget, shown under financing but never added to the spent figures.
-- The one definition of that rule; the budget queries and the portfolio read it.
create or replace macro memory.main.budgeted_participant_pay() as table
    select *
    from released_participant_pay()
    where project_id in (select project_id from mart_budget_month
                         where cost_heading = 'deltagarlön' and planned_sek > 0);

-- One value per respondent (or per paired person, for the change) and competence area in the selection, for the
-- chosen measure: the mean level or the gap in one wave answered by the as-of date, or the paired change once the
-- follow-up was answered by it. The heatmap and the spread behind one of its cells both read this.
create or replace macro memory.main.competence_measured_all(measure, chosen_wave, as_of, chosen_project,
                                                            chosen_municipality, chosen_department, chosen_gender)
                                                            as table
    select
        project_id, respondent_id as person_key, gender, role, department_id, department_name, municipality,
        competence_area,
        case when measure = 'gap' then gap else level end as value
    from mart_competence
    where measure in ('level', 'gap')
      and wave = chosen_wave
      and exists (select 1 from released_competence_surveys(as_of) r
                  where r.project_id = mart_competence.project_id and r.survey_id = mart_competence.survey_id)
      and in_selection(project_id, municipality, department_id, chosen_project, chosen_municipality, chosen_department)
      and gender_chosen(gender, chosen_gender)
      and (case when measure = 'gap' then gap else level end) is not null
    union all
    select
        project_id, person_id as person_key, gender, role, department_id, department_name, municipality,
        competence_area, change as value
    from mart_competence_change
    where measure = 'change'
      and project_id in (select * from released_change(as_of))
      and in_selection(project_id, municipality, department_id, chosen_project, chosen_municipality, chosen_department)
      and gender_chosen(gender, chosen_gender)
      and change is not null;

-- Equality rule (docs/privacy.md): where a department of the selection holds 1–4 measured people of another or
-- unknown gender (X), every X is left out (women_and_men), so every total (by department, role or gender) is
-- Kvinnor och män, no total minus K minus M gives their figure, and no selection counts X that a part of it leaves
-- out (5+ X in a project, 2 of them in one department).
create or replace macro memory.main.competence_measured(measure, chosen_wave, as_of, chosen_project,
                                                        chosen_municipality, chosen_department, chosen_gender) as table
    -- (the people of gender X counted apart and joined: as a window, count(distinct ...) over () took 2.9 s of
    -- the heatmap's 4.3 s for all national projects; docs/performance.md)
    select measured.* exclude (other), few.women_and_men
    from (select *, coalesce(gender, 'X') = 'X' as other
          from competence_measured_all(measure, chosen_wave, as_of, chosen_project, chosen_municipality,
                                       chosen_department, chosen_gender)) as measured
    cross join (select coalesce(bool_or(small_group(people)), false) as women_and_men
                from (select count(distinct person_key) as people
                      from competence_measured_all(measure, chosen_wave, as_of, chosen_project, chosen_municipality,
                                                   chosen_department, chosen_gender)
                      where coalesce(gender, 'X') = 'X'
                      group by project_id, department_id)) as few
    where not (few.women_and_men and measured.other);

