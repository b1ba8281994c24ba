"""Times every page's named queries on a warehouse and prints the figures (a benchmark, not a test)."""
# Run: STYRBORD_WAREHOUSE=data/warehouse .venv/bin/python benchmarks/bench_queries.py [--project ID] [--repeat 5]
# (or `make bench`). Each query runs once cold (first run in a fresh connection) and then --repeat times warm; the
# suppression step (dashboard/privacy.py) is timed separately. Without --project it runs for the project that
# started last and for all projects together (the heaviest case).

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from dashboard import data  # noqa: E402

# The queries each page runs, with the page's own extra parameters; queries of pages not listed here are timed
# under "övriga" when the common filter parameters are all they need.
PAGES = {
    "sammanfattning": [("meetings", {}), ("participation_by_gender", {}), ("budget_months", {}), ("goals", {}),
                       ("competence_improved", {})],
    "deltagande": [("women_share_by_department", {}), ("participation_by_dimension", {"dimension": "focus_area"}),
                   ("participation_by_dimension", {"dimension": "activity"}),
                   ("participation_by_dimension", {"dimension": "department"}),
                   ("participation_by_dimension", {"dimension": "age_band"}), ("participation_over_time", {})],
    "budget": [("budget_months", {}), ("budget_heading_totals", {}), ("budget_by_heading", {"period_unit": "quarter"}),
               ("financing", {})],
    "fokus_mal": [("focus_areas", {}), ("goals", {}), ("goal_comments", {})],
    "ramverk": [("projects", {}), ("filter_options", {})],
}
# Choices the other pages start with, for their queries listed under "övriga".
OTHER_DEFAULTS = {"measure": "gap", "wave": "follow_up", "dimension": "department", "period_unit": "quarter",
                  "behind_points": 10}


def common_parameters(con: duckdb.DuckDBPyConnection, project_id: str | None) -> dict[str, object]:
    """The sidebar's default filter values for a project (or all projects), as the router would set them."""
    where = "where project_id = ?" if project_id else ""
    start, end = con.execute(f"select min(start_date), max(end_date) from project {where}",
                             [project_id] if project_id else []).fetchall()[0]
    as_of = min(dt.date.today(), end)
    # the distribution behind one heatmap cell: the total row of the first competence area
    areas = con.execute(f"select min(competence_area) from mart_competence {where}",
                        [project_id] if project_id else []).fetchall()
    return {"project_id": project_id, "municipality": None, "department_id": None, "gender": None,
            "date_from": start, "date_to": as_of, "as_of": as_of, "project_start": start, "project_end": end,
            "competence_area": areas[0][0], "row_key": "T"}


def time_query(path: str, name: str, parameters: dict[str, object], repeat: int) -> tuple[int, float, float, float]:
    """Rows, cold ms, median warm ms and suppression ms of one named query."""
    query = data.named_query(name)
    bound = {p: parameters[p] for p in query.parameters}
    con = data.open_warehouse(path)
    cursor = data.query_cursor(con)  # as the dashboard: a cursor per query
    started = time.perf_counter()
    frame = cursor.execute(query.sql, bound).df()
    cold = (time.perf_counter() - started) * 1000
    warm = []
    for _ in range(repeat):
        cursor = data.query_cursor(con)
        started = time.perf_counter()
        frame = cursor.execute(query.sql, bound).df()
        warm.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    for rule in query.suppressions:
        frame = rule.apply(frame)
    suppression = (time.perf_counter() - started) * 1000
    con.close()
    return len(frame), cold, statistics.median(warm), suppression


def main() -> int:
    """Print one line per page × query with its timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", help="projekt-id (standard: senast startade projektet och alla projekt)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="tidtag också hela sidor (AppTest)")
    args = parser.parse_args()
    path = data.warehouse_file()
    if not path.exists():
        print(f"Lagret {path} saknas: bygg det med `make run` eller `python -m pipelines ingest ...`.")
        return 1
    con = data.query_cursor(data.open_warehouse(path))
    latest = con.execute("select project_id from project order by start_date desc limit 1").fetchall()[0][0]
    answers = con.execute("select count(*) from information_schema.tables where table_name = 'survey_response'")
    has_answers = answers.fetchall()[0][0]
    size = con.execute("select count(*) from survey_response").fetchall()[0][0] if has_answers else 0
    attendance = con.execute("select count(*) from mart_attendance").fetchall()[0][0]
    people = con.execute("select count(*) from mart_person").fetchall()[0][0]
    print(f"Lager: {path}  ({people:,} personer, {attendance:,} närvarorader, {size:,} enkätsvar)".replace(",", " "))
    scopes = [args.project] if args.project else [latest, None]

    listed = {name for queries in PAGES.values() for name, _ in queries}
    others = sorted(p.stem for p in data.QUERY_DIR.glob("*.sql") if p.stem not in listed)
    print(f"{'urval':<24} {'sida':<16} {'fråga':<30} {'rader':>7} {'kall ms':>9} {'varm ms':>9} {'röjning ms':>11}")
    total = 0.0
    for project_id in scopes:
        parameters = common_parameters(con, project_id)
        pages = {**PAGES, "övriga": [(name, OTHER_DEFAULTS) for name in others]}
        for page, queries in pages.items():
            for name, extra in queries:
                given = {**parameters, **extra}
                missing = [p for p in data.named_query(name).parameters if p not in given]
                if missing:
                    print(f"{project_id or 'alla projekt':<24} {page:<16} {name:<30} hoppas över: behöver {missing}")
                    continue
                rows, cold, warm, suppression = time_query(str(path), name, given, args.repeat)
                total += warm + suppression
                print(f"{project_id or 'alla projekt':<24} {page:<16} {name:<30} {rows:>7} {cold:>9.1f} {warm:>9.1f}"
                      f" {suppression:>11.1f}")
    print(f"Summa varm tid inklusive röjning: {total:.0f} ms")
    if args.pages:
        time_pages(scopes)
    return 0


def time_pages(scopes: list[str | None]) -> None:
    """Whole pages through Streamlit's AppTest: first run (cold caches) and a rerun (cached queries)."""
    from streamlit.testing.v1 import AppTest

    # importing dashboard/app.py would run it: the pages are the view scripts, the upload page aside
    views = sorted(p.stem for p in (ROOT / "dashboard" / "views").glob("*.py") if p.stem != "data")
    print(f"{'urval':<24} {'sida':<16} {'första ms':>10} {'igen ms':>9}")
    for project_id in scopes:
        for page in views:
            data.clear_caches()
            at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
            at.query_params["projekt"] = project_id or "alla"
            at.run()
            started = time.perf_counter()
            at.switch_page(f"views/{page}.py").run()
            first = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            at.run()
            again = (time.perf_counter() - started) * 1000
            problem = f"  FEL: {at.exception[0].message[:80]}" if at.exception else ""
            print(f"{project_id or 'alla projekt':<24} {page:<16} {first:>10.0f} {again:>9.0f}{problem}")


if __name__ == "__main__":
    raise SystemExit(main())
