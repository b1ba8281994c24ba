"""Named queries on a hand-made warehouse: labels stay unique when two departments share a name."""

import datetime as dt
import math
import re
from pathlib import Path

import duckdb
import pytest

from dashboard import data

# Two municipalities of one project both call a department "Serviceförvaltningen" (as Eslöv and Landskrona do).
PEOPLE = [
    # person, gender, department, municipality
    *[(f"e{i}", "K" if i < 6 else "M", "ESL-SERV", "Eslöv") for i in range(8)],
    *[(f"l{i}", "K" if i < 3 else "M", "LKR-SF", "Landskrona") for i in range(7)],
]


@pytest.fixture
def twin_departments(tmp_path, monkeypatch):
    """A warehouse with only the two marts these queries read."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("""create table mart_person (project_id varchar, person_id varchar, gender varchar,
                   department_id varchar, department_name varchar, municipality varchar)""")
    con.execute("""create table mart_attendance (project_id varchar, activity_id varchar, activity_name varchar,
                   focus_area_id varchar, focus_area_name varchar, person_id varchar, gender varchar,
                   age_band varchar, department_id varchar, department_name varchar, municipality varchar,
                   date date, month date, hours double, attended boolean)""")
    for person, gender, department, municipality in PEOPLE:
        con.execute("insert into mart_person values ('P', ?, ?, ?, 'Serviceförvaltningen', ?)",
                    [person, gender, department, municipality])
        con.execute("""insert into mart_attendance values ('P', 'A1', 'Workshop', 'F1', 'Service', ?, ?, '40-49', ?,
                       'Serviceförvaltningen', ?, DATE '2025-03-01', DATE '2025-03-01', 2, true)""",
                    [person, gender, department, municipality])
    con.close()
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(tmp_path))
    data.clear_caches()
    yield {"project_id": "P", "municipality": None, "department_id": None, "gender": None,
           "date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31), "as_of": dt.date(2025, 12, 31)}
    data.clear_caches()


def test_department_names_are_told_apart_by_municipality(twin_departments):
    shares = data.cells("women_share_by_department", **twin_departments)
    departments = shares[shares["level"] == "department"].set_index("department_name")
    assert sorted(departments.index) == ["Serviceförvaltningen (Eslöv)", "Serviceförvaltningen (Landskrona)"]
    assert departments["participants"].to_dict() == {
        "Serviceförvaltningen (Eslöv)": 8, "Serviceförvaltningen (Landskrona)": 7}
    # Eslöv 6 women and 2 others, Landskrona 3 women and 4 others: each share would reveal a group under 5
    assert departments["participant_women_share"].isna().all()
    assert departments["hidden_participant_women_share"].all()
    # together 9 women and 6 others: 60 %
    assert shares.loc[shares["level"] == "total", "participant_women_share"].tolist() == [0.6]


def test_breakdown_labels_are_unique_per_gender(twin_departments):
    cells = data.cells("participation_by_dimension", dimension="department", **twin_departments)
    totals = cells[cells["gender"] == "T"]
    assert sorted(totals["label"]) == ["Serviceförvaltningen (ESL-SERV)", "Serviceförvaltningen (LKR-SF)"]
    assert dict(zip(totals["label"], totals["participants"])) == {
        "Serviceförvaltningen (ESL-SERV)": 8, "Serviceförvaltningen (LKR-SF)": 7}


def test_the_dashboards_duckdb_memory_is_set_not_left_at_duckdbs_default(fixture_warehouse, monkeypatch):
    """DuckDB's default is 80 % of the machine for each process: a page of one project on the national warehouse
    once grew a server to 19 GB. The limit is 2GB unless STYRBORD_DASHBOARD_MEMORY says otherwise."""
    def limit() -> str:
        con = data.open_warehouse(fixture_warehouse / "warehouse.duckdb")
        try:
            spill = con.execute("select current_setting('temp_directory')").fetchall()[0][0]
            assert spill == str(__import__("pathlib").Path(__import__("tempfile").gettempdir()) / "styrbord-duckdb")
            return con.execute("select current_setting('memory_limit')").fetchall()[0][0]
        finally:
            con.close()

    monkeypatch.delenv(data.DASHBOARD_MEMORY_ENV, raising=False)
    assert limit() == "1.8 GiB"  # DuckDB shows 2GB (10^9 bytes) in GiB
    monkeypatch.setenv(data.DASHBOARD_MEMORY_ENV, "512MB")
    assert limit() == "488.2 MiB"


def test_no_query_counts_a_filter_in_a_window():
    """DuckDB 2.0 runs `count(*) FILTER (WHERE ...) OVER (...)` in time quadratic in a partition when its input
    comes ordered (from an ORDER BY or a CTE): hme_index took 194 s for all 300 projects of the national warehouse
    (1.5 M respondents), 0.3 s written as `count(case when ... then 1 end) OVER (...)`, which counts the same rows
    (docs/performance.md, seventh stop). No SQL file of the dashboard or the pipelines may use the slow form."""
    root = Path(__file__).resolve().parents[2]
    slow = re.compile(r"count\(\s*\*\s*\)\s*filter\s*\([^()]*(\([^()]*\)[^()]*)*\)\s*over", re.IGNORECASE)
    found = [f"{path.relative_to(root)}: {match.group(0)}"
             for path in [*root.glob("dashboard/**/*.sql"), *root.glob("pipelines/**/*.sql")]
             for match in slow.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def _calls(sql: str, names: set[str]) -> list[tuple[str, list[str]]]:
    """Each call of a macro in `names`: its name and its arguments as written (split at the top level)."""
    found = []
    for match in re.finditer(r"\b([a-z_]+)\s*\(", sql):
        if match.group(1) not in names:
            continue
        depth, args, current = 1, [], ""
        for char in sql[match.end():]:
            depth += char == "("
            depth -= char == ")"
            if depth == 0:
                break
            if char == "," and depth == 1:
                args.append(current.strip())
                current = ""
            else:
                current += char
        found.append((match.group(1), [*args, current.strip()]))
    return found


def test_a_query_of_one_project_passes_it_wherever_a_macro_takes_the_chosen_project():
    """The macros' twins (data._named_twins) read the chosen project as never NULL, as it is in a batch whose
    views each name a project. So a query with a $project_id parameter passes $project_id wherever a macro takes
    the chosen project, and a macro passes its own chosen_project on: a literal NULL there ('all projects' in
    portfolio_projects.sql, which has no $project_id) would select nothing in a twin."""
    text = re.sub(r"--[^\n]*", "", data.MACROS.read_text(encoding="utf-8"))
    position = {}
    for match in re.finditer(r"macro\s+memory\.main\.([a-z_0-9]+)\s*\(([^)]*)\)", text):
        params = [p.strip() for p in match.group(2).split(",")]
        if "chosen_project" in params:
            position[match.group(1)] = params.index("chosen_project")
    assert {"project_chosen", "in_selection", "attended_in_selection", "competence_measured"} <= set(position)
    # (a macro's own header reads as a call with its parameter names: chosen_project there too)
    wrong = [f"macros.sql: {name}({', '.join(args)})" for name, args in _calls(text, set(position))
             if args[position[name]] != "chosen_project"]
    checked = 0
    for path in sorted(data.QUERY_DIR.glob("*.sql")):
        if "project_id" not in data.named_query(path.stem).parameters:
            continue
        sql = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        for name, args in _calls(sql, set(position)):
            checked += 1
            if args[position[name]] != "$project_id":
                wrong.append(f"{path.name}: {name}({', '.join(args)})")
    assert checked >= 20
    assert wrong == []


def test_a_goal_whose_paired_people_are_all_of_gender_x_says_they_were_left_out(tmp_path, monkeypatch):
    """goals.sql, share_improved: P has 3 paired people, all of gender X (1–4 in its department), so all are left
    out; the goal then has no value, and its flag still says that people were left out (it came from the kept
    rows, of which there are none). Q has 5 women (4 improved) and 2 X: 4 of 5 = 80 %, flagged."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    con.execute("""create table mart_goal as select * from (values
                   ('P', 'G1', 'Hälften höjer sig', 'andel', '%', 0.0, 50.0, DATE '2025-12-31', 'share_improved',
                    null::varchar),
                   ('Q', 'G1', 'Hälften höjer sig', 'andel', '%', 0.0, 50.0, DATE '2025-12-31', 'share_improved',
                    null::varchar))
                   t(project_id, goal_id, name, indicator, unit, baseline, target, target_date, computed_from,
                     focus_area_id)""")
    con.execute("create table project as select * from (values ('P', DATE '2025-01-01'), ('Q', DATE '2025-01-01'))"
                " t(project_id, start_date)")
    con.execute("""create table mart_competence_person_change as select * from (values
                   ('P', 'p1', 'X', 'D1', true), ('P', 'p2', 'X', 'D1', false), ('P', 'p3', null, 'D1', true),
                   ('Q', 'q1', 'K', 'E1', true), ('Q', 'q2', 'K', 'E1', true), ('Q', 'q3', 'K', 'E1', true),
                   ('Q', 'q4', 'K', 'E1', true), ('Q', 'q5', 'K', 'E1', false), ('Q', 'q6', 'X', 'E1', true),
                   ('Q', 'q7', 'X', 'E1', true))
                   t(project_id, person_id, gender, department_id, improved)""")
    con.execute("""create table mart_survey_release as select * from (values
                   ('P', 'change', 'K-UPP', 'follow_up', DATE '2025-11-03'),
                   ('Q', 'change', 'K-UPP', 'follow_up', DATE '2025-11-03'))
                   t(project_id, source, survey_id, wave, last_answer)""")
    con.execute("""create table mart_attendance (project_id varchar, focus_area_id varchar, person_id varchar,
                   gender varchar, hours double, attended boolean, date date)""")
    con.execute("create table mart_certificate (project_id varchar, person_id varchar, date date)")
    con.execute("create table mart_person (project_id varchar, person_id varchar, gender varchar)")
    con.execute("create table mart_ambassador (project_id varchar, person_id varchar, start_date date)")
    con.execute("create table mart_unit (project_id varchar, department_id varchar)")
    con.execute("""create table mart_hme (project_id varchar, survey_id varchar, wave varchar, survey_date date,
                   department_id varchar, hme_total double, gender varchar)""")
    con.execute("""create table goal_measurement (project_id varchar, goal_id varchar, date date, value double,
                   status varchar, comment varchar)""")
    con.close()
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(tmp_path))
    data.clear_caches()
    given = {"project_id": None, "as_of": dt.date(2025, 12, 31)}
    bound = tuple((p, given[p]) for p in data.named_query("goals").parameters)
    goals = data._fetch_raw("goals", bound, data._stamp(), None).set_index("project_id")
    data.clear_caches()
    assert math.isnan(goals.loc["P", "computed_value"]) and bool(goals.loc["P", "women_and_men"])
    assert goals.loc["Q", "computed_value"] == 80.0 and bool(goals.loc["Q", "women_and_men"])
