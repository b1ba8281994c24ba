"""The fixture warehouse holds exactly the figures hand-computed in tests/fixtures/raw/fix/FACIT.md."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest


@pytest.fixture(scope="module")
def sql(fixture_warehouse):
    """Run a query on the fixture warehouse and return all rows."""
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)

    def run(query: str, params: list | None = None) -> list[tuple]:
        return con.cursor().execute(query, params or []).fetchall()

    yield run
    con.close()


def test_people_by_department_and_gender(sql):
    rows = sql("select department_id, gender, count(*) from mart_person where project_id = 'FIX' "
               "group by all order by 1, 2")
    assert rows == [("F1", "K", 10), ("F1", "M", 1), ("F2", "K", 1), ("F2", "M", 5), ("F3", "K", 2),
                    ("F3", "M", 1)]


def test_gender_from_personnummer_and_age_bands(sql):
    # 103, 107 and 114 have a blank Kön: the personnummer decides (two women and a man)
    assert sql("select count(*) from person where project_id = 'FIX' and gender = 'K'") == [(13,)]
    bands = dict(sql("select age_band, count(*) from mart_person where project_id = 'FIX' group by 1"))
    assert bands == {"-29": 1, "30-39": 6, "40-49": 6, "50-59": 4, "60-": 3}


def test_participants_and_hours_by_gender(sql):
    rows = sql("select gender, count(distinct person_id) filter (where attended), sum(hours), "
               "sum(participant_pay_sek) from mart_attendance where project_id = 'FIX' group by 1 order by 1")
    assert rows == [("K", 13, 67.0, 22792.5), ("M", 5, 24.5, 9215.0)]
    assert sql("select count(*), sum(hours) from attendance where project_id = 'FIX'") == [(30, 91.5)]


def test_activity_counts_with_no_shows_and_partial_attendance(sql):
    rows = sql("select activity_id, registered, participants, participant_hours from mart_activity "
               "where project_id = 'FIX' order by 1")
    assert rows == [("A1", 13, 12, 24.0), ("A2", 9, 8, 30.0), ("A3", 3, 3, 24.0), ("A4", 5, 5, 13.5)]


def test_participants_per_department(sql):
    rows = sql("select department_id, count(distinct person_id) from mart_attendance "
               "where project_id = 'FIX' and attended group by 1 order by 1")
    assert rows == [("F1", 11), ("F2", 4), ("F3", 3)]


def test_competence_heatmap_cells(sql):
    rows = sql("select wave, competence_area, round(avg(level), 4), round(avg(gap), 4), count(*) "
               "from mart_competence where project_id = 'FIX' and department_id = 'F1' group by all order by 1, 2")
    assert rows == [("baseline", "Bemötande", 2.3, 0.9, 5), ("baseline", "Digital kompetens", 1.9, 0.1, 5),
                    ("follow_up", "Bemötande", 2.8, 0.4, 5), ("follow_up", "Digital kompetens", 2.1, -0.1, 5)]
    f2 = sql("select round(avg(level), 4), round(avg(gap), 4) from mart_competence where project_id = 'FIX' "
             "and department_id = 'F2' and wave = 'baseline' and competence_area = 'Bemötande'")
    assert f2 == [(2.1667, 1.1667)]


def test_competence_change_is_paired(sql):
    assert sql("select count(distinct person_id), count(distinct person_id) filter (where improved) "
               "from mart_competence_change where project_id = 'FIX'") == [(9, 6)]
    assert sql("select avg(change) from mart_competence_change where project_id = 'FIX' "
               "and department_id = 'F1' and competence_area = 'Bemötande'") == [(0.5,)]
    # the pairs carry the dates of their surveys, so the dashboard shows them only from the follow-up on
    assert sql("select distinct baseline_date, follow_up_date from mart_competence_change "
               "where project_id = 'FIX'") == [(dt.date(2025, 1, 20), dt.date(2025, 11, 20))]


def test_improved_is_decided_per_person_over_the_paired_areas(sql):
    rows = sql("select count(*), count(*) filter (where improved), min(paired_areas), max(follow_up_date) "
               "from mart_competence_person_change where project_id = 'FIX'")
    assert rows == [(9, 6, 2, dt.date(2025, 11, 20))]
    # 112 got better in one area and worse in the other: 2,5 → 2,25 over both, so not improved
    by_department = sql("select department_id, count(*) filter (where improved), count(*) "
                        "from mart_competence_person_change where project_id = 'FIX' group by 1 order by 1")
    assert by_department == [("F1", 4, 5), ("F2", 1, 3), ("F3", 1, 1)]


def test_hme_indices(sql):
    rows = sql("select wave, count(*), round(avg(hme_total), 2), round(avg(motivation), 2), "
               "round(avg(ledarskap), 2), round(avg(styrning), 2) from mart_hme where project_id = 'FIX' "
               "group by 1 order by 1")
    assert rows == [("baseline", 6, 54.17, 54.17, 54.17, 54.17), ("follow_up", 6, 62.5, 70.83, 62.5, 54.17)]
    by_gender = sql("select gender, avg(hme_total) from mart_hme where project_id = 'FIX' and wave = 'follow_up' "
                    "group by 1 order by 1")
    assert by_gender == [("K", 56.25), ("M", 75.0)]


def test_budget_plan_and_spending(sql):
    assert sql("select round(sum(planned_sek), 2), sum(spent_sek) from mart_budget_month where project_id = 'FIX'") == [
        (590000.0, 221000)]
    assert sql("select round(sum(planned_sek), 2), sum(spent_sek) from mart_budget_month where project_id = 'FIX' "
               "and month <= date '2025-06-01'") == [(320000.0, 221000)]
    spent = dict(sql("select cost_heading, sum(spent_sek) from mart_budget_month where project_id = 'FIX' "
                     "group by 1"))
    assert spent == {"personal": 180000, "köp av tjänst": 41000, "deltagarlön": 0}
    january = sql("select round(planned_sek, 2) from mart_budget_month where project_id = 'FIX' "
                  "and month = date '2025-01-01' and cost_heading = 'personal'")
    assert january == [(33333.33,)]
    assert sql("select financing_source, planned_sek from mart_financing_plan where project_id = 'FIX'") == [
        ("esf", 550000), ("offentlig medfinansiering", 40000)]


def test_goals(sql):
    # computed values depend on the as-of date: dashboard/queries/goals.sql works them out (tests/dashboard)
    rows = sql("select goal_id, computed_from from mart_goal where project_id = 'FIX' order by 1")
    assert rows == [("D1", "share_improved"), ("D2", "participants"), ("D3", None), ("D4", None)]
    # the latest measurement per goal (goals.sql picks it as of the chosen date)
    latest = ("from goal_measurement where project_id = 'FIX' "
              "qualify row_number() over (partition by goal_id order by date desc) = 1 order by goal_id")
    assert sql(f"select goal_id, value, status {latest}") == [("D3", 71.0, "green"), ("D4", 27.0, "red")]
    assert sql(f"select comment, date {latest}")[1:] == [
        ("Rutinen är försenad, fråga handläggaren med pnr ÅÅÅÅMMDD-XXXX", dt.date(2025, 11, 30))]


def test_second_project_goals_and_the_facts_they_are_computed_from(sql):
    rows = sql("select goal_id, computed_from, focus_area_id from mart_goal where project_id = 'FIX2' order by 1")
    assert rows == [("G1", "share_certified", None), ("G2", "ambassadors_per_unit", None),
                    ("G3", "training_hours", "G1"), ("G4", "share_target_group_reached", None)]
    # both certificate holders work under U1 (U2 is its child); the ambassadors started with the project
    assert sql("select department_id, date from mart_certificate where project_id = 'FIX2' order by 1") == [
        ("U1", dt.date(2025, 10, 15)), ("U1", dt.date(2025, 10, 15))]
    assert sql("select unit_id, department_id, start_date from mart_ambassador where project_id = 'FIX2' "
               "order by 1") == [("U1", "U1", dt.date(2025, 9, 1)), ("U3", "U3", dt.date(2025, 9, 1))]
    assert sql("select gender, count(*) from person where project_id = 'FIX2' group by 1 order by 1") == [
        ("K", 4), ("M", 2)]
    assert sql("select count(*), min(planned_sek), max(planned_sek) from mart_budget_month "
               "where project_id = 'FIX2' and planned_sek > 0") == [(4, 30000.0, 30000.0)]  # 2025 plan, Sep–Dec
    assert dict(sql("select cost_heading, amount_sek from ledger_entry where project_id = 'FIX2'")) == {
        "personal": 10000, "resa": 2500, "materiel": 1000}


def test_other_tables(sql):
    assert sql("select count(*) from validation_certificate where project_id = 'FIX'") == [(2,)]
    assert sql("select count(*) from ambassador where project_id = 'FIX'") == [(2,)]
    assert sql("select date, title from meeting where project_id = 'FIX' order by 1") == [
        (dt.date(2025, 3, 20), "Styrgrupp 1"), (dt.date(2025, 9, 18), "Styrgrupp 2")]
    assert sql("select esf_grant_sek, total_budget_sek, municipalities from project order by project_id") == [
        (550000, 590000, "Fixby"), (120000, 120000, "Fixby; Grannby")]
    # 13 items; 4 surveys; one "Vet ej" in each baseline: 10×4 − 1 + 9×4 + 6×9 − 1 + 6×9 answers
    assert sql("select count(*) from survey_response where project_id = 'FIX'") == [(182,)]
