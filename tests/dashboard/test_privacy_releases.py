"""Issue 8, figures over time and across breakdowns: the release walk of cumulative figures (data._walk), the running
total along a frame's months (privacy.released_steps), linked breakdowns of the hours (privacy.linked_hidden), what a
hidden cell protects (privacy.suppress `protects`) and the data layer's internal queries. Tiny hand-made cases: each
expected value can be checked by counting."""

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import data, privacy

NAN = np.nan


# --- the release walk (data._walk): column 0 is the view, the last column the anchor (released) ---

def test_a_month_two_people_short_of_the_last_release_is_hidden():
    # people at the view's month and at each later month up to the anchor: 10, 12, 12 -> 10 is 2 short of 12
    hidden, guards = data._walk(np.array([[10.0, 12.0, 12.0]]), None)
    assert hidden.tolist() == [True] and guards.tolist() == [2.0]


def test_releases_count_back_from_the_anchor_not_month_by_month():
    # 10, 12, 16, 17 (anchor): 16 is 1 short of 17 -> hidden, 12 is 5 short of 17 -> released, 10 is 2 short of 12
    people = np.array([[10.0, 12.0, 16.0, 17.0]])
    assert data._walk(people[:, 1:], None)[0].tolist() == [False]  # 12 vs 17: released
    assert data._walk(people[:, 2:], None)[0].tolist() == [True]   # 16 vs 17: hidden
    assert data._walk(people, None)[0].tolist() == [True]          # 10 vs the release at 12


def test_unchanged_months_are_released_with_the_anchor():
    assert data._walk(np.array([[30.0, 30.0, 30.0]]), None)[0].tolist() == [False]


def test_hours_of_the_same_few_people_month_after_month_are_hidden():
    # 20 participants all along, no one new. Row 1: 3 people came in each of the two months: the same 3 may have come
    # twice, so the view (month 0) is hidden. Row 2: 3 came in the last month (month 1 is hidden), 6 in the one
    # before: 6 or more people lie between month 0 and the anchor, so month 0 is released
    people = np.array([[20.0, 20.0, 20.0], [20.0, 20.0, 20.0]])
    came = np.array([[NAN, 3.0, 3.0], [NAN, 6.0, 3.0]])
    hidden, guards = data._walk(people, came)
    assert hidden.tolist() == [True, False]
    assert guards[0] == 3.0 and np.isnan(guards[1])
    assert data._walk(people[:, 1:], came[:, 1:])[0].tolist() == [True, True]  # month 1: 3 people before the anchor


# --- the running total along a frame's rows (privacy.released_steps) ---

def test_a_running_total_is_released_back_from_its_last_month():
    frame = pd.DataFrame({"month": [dt.date(2025, m, 1) for m in (1, 2, 3, 4, 5, 1, 2)],
                          "gender": ["K"] * 5 + ["M"] * 2, "reached": [3, 10, 12, 13, 17, 6, 8]})
    unreleased, apart = privacy.released_steps(frame, frame["reached"].to_numpy(float), "month", ("gender",))
    # K: May 17 released; April 13 is 4 short; March 12 is 5 short (released); February 10 is 2 short of 12;
    # January 3 is 9 short (released here, and hidden as a cell of 3 people). M: February 8; January 6 is 2 short
    assert unreleased.tolist() == [False, True, False, True, False, True, False]
    assert apart[[1, 3, 5]].tolist() == [2.0, 4.0, 2.0]


# --- what a hidden cell protects counts with its siblings (privacy.suppress `protects`) ---

def test_cells_hidden_for_two_people_each_need_a_third_hidden_with_them():
    # four departments of 20, 30, 40 and 50 people; A and B are hidden already (another month's small step)
    frame = pd.DataFrame({"department": ["A", "B", "C", "D"], "n": [20, 30, 40, 50],
                          "hours": [100.0, 150.0, 200.0, 250.0]})
    hidden = np.array([True, True, False, False])
    alone = privacy.suppress(frame, ["hours"], n="n", siblings=[()], hidden=hidden)
    assert alone["hidden_hours"].tolist() == [True, True, False, False]  # 50 people hidden together: enough
    guarded = privacy.suppress(frame, ["hours"], n="n", siblings=[()], hidden=hidden,
                               protects=np.array([2.0, 2.0, NAN, NAN]))
    # they guard 2 people each: the total minus C and D would give those 4 people's hours, so C goes too
    assert guarded["hidden_hours"].tolist() == [True, True, True, False]


# --- linked breakdowns (privacy.linked_hidden) ---

def _records(rows):
    return pd.DataFrame(rows, columns=["person_id", "department", "focus_area", "month", "hours"])


def test_a_department_inside_a_focus_area_with_two_people_more_is_found():
    # D1 (people 1-5) took part only in F1; F1 also has people 6 and 7 of D2: F1 - D1 = 2 people's hours
    rows = [(p, "D1", "F1", "2025-01", 2) for p in range(1, 6)]
    rows += [(p, "D2", "F1", "2025-02", 3) for p in (6, 7)]
    rows += [(p, "D2", "F2", "2025-02", 1) for p in range(8, 14)]
    hidden = privacy.linked_hidden(_records(rows))
    # months are never hidden here (the same cell in every period): each combination hides its focus area or
    # department; F1 - January (= D1) and February - F2 (= 2 of D2) take both focus areas, and then nothing nests
    assert hidden == {("focus_area", "F1"): 2.0, ("focus_area", "F2"): 2.0}


def test_a_person_with_records_apart_is_one_person_in_any_row_order():
    # as above, and person 6 also took F1 hours in March, listed last, apart from the February record
    rows = [(p, "D1", "F1", "2025-01", 2) for p in range(1, 6)]
    rows += [(p, "D2", "F1", "2025-02", 3) for p in (6, 7)]
    rows += [(p, "D2", "F2", "2025-02", 1) for p in range(8, 14)]
    rows += [(6, "D2", "F1", "2025-03", 4)]
    # F1 - D1 is still people 6 and 7 (three records, two people); D2 - February is person 6's March hours: D2 goes
    expected = {("focus_area", "F1"): 2.0, ("focus_area", "F2"): 2.0, ("department", "D2"): 1.0}
    assert privacy.linked_hidden(_records(rows)) == expected
    assert privacy.linked_hidden(_records(rows[::-1])) == expected
    assert privacy.linked_hidden(_records(rows[1::2] + rows[::2])) == expected


def test_breakdowns_that_leave_five_people_between_them_are_shown():
    rows = [(p, "D1", "F1", "2025-01", 2) for p in range(1, 6)]
    rows += [(p, "D2", "F1", "2025-01", 3) for p in range(6, 11)]
    rows += [(p, "D2", "F2", "2025-01", 1) for p in range(11, 17)]
    assert privacy.linked_hidden(_records(rows)) == {}


def test_a_total_minus_parts_of_two_breakdowns_leaving_three_people_is_found():
    # total 13 people: F1 = people 1-5 (January), D2 = people 6-10 (February, F2); people 11-13: D3, F2, March
    rows = [(p, "D1", "F1", "2025-01", 1) for p in range(1, 6)]
    rows += [(p, "D2", "F2", "2025-02", 1) for p in range(6, 11)]
    rows += [(p, "D3", "F2", "2025-03", 1) for p in range(11, 14)]
    hidden = privacy.linked_hidden(_records(rows), dimensions=("department", "focus_area"), fixed=())
    # total - F2 = D1 (5 people) and total - D2 - D1 = D3 (3 people: primary, not a combination); F2 - D2 = D3's
    # 3 people: the department (earlier in the order) is hidden
    assert hidden == {("department", "D2"): 3.0}


def test_linked_records_are_counted_from_the_months_kept_at_load(dashboard_warehouse: Path, monkeypatch):
    # narvaro.csv: February 13 people, one with 0 hours; March 9, one with 0; April 3; May 5 (A4, person 120 by
    # personnummer). One activity a person a month: a record per person and month with hours
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    stamp = data._stamp()
    expected = {(dt.date(2025, 2, 1), dt.date(2025, 2, 28)): 12, (dt.date(2025, 3, 1), dt.date(2025, 3, 31)): 8,
                (dt.date(2025, 2, 1), dt.date(2025, 4, 30)): 23, (dt.date(2025, 5, 1), dt.date(2025, 5, 31)): 5,
                (dt.date(2024, 1, 1), dt.date(2026, 12, 31)): 28, (dt.date(2025, 6, 1), dt.date(2025, 12, 31)): 0}
    for scope in (("FIX",), None, ("no-such-project",)):
        for (start, end), records in expected.items():
            view = (("date_from", start), ("date_to", end))
            kept = int(data._run_alone("linked_counts", view, stamp, scope)["records"].iloc[0])
            read = data._run_alone("linked_records", (("project_id", None), ("municipality", None),
                                                      ("department_id", None), *view), stamp, scope)
            assert kept == len(read), (scope, start, end)
            if scope == ("FIX",):
                assert kept == records, (start, end)
            elif scope is None:
                assert kept >= records  # and the suite's other projects' records
            else:
                assert kept == 0
    # the decision reads the kept counts on the grid, and counts the records off it: the same either way
    monkeypatch.setattr(data, "LINKED_RECORDS", 22)
    fix = ("FIX",)
    read: list[str] = []
    run_alone = data._run_alone
    monkeypatch.setattr(data, "_run_alone", lambda name, *a: read.append(name) or run_alone(name, *a))
    assert data._linked_together(dt.date(2025, 2, 1), dt.date(2025, 4, 30), stamp, fix) is False
    assert data._linked_together(dt.date(2025, 2, 1), dt.date(2025, 3, 31), stamp, fix) is True
    assert data._linked_together(dt.date(2025, 2, 1), dt.date(2025, 4, 29), stamp, fix) is False  # read: 23
    assert data._linked_together(dt.date(2025, 2, 11), dt.date(2025, 4, 30), stamp, fix) is True  # read: 11
    assert read == ["linked_counts", "linked_counts"]  # the two off the grid counted the records themselves


# --- the data layer's own queries ---

def test_an_internal_query_is_never_handed_to_a_page(dashboard_warehouse: Path, monkeypatch):
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    internal = sorted(p.stem for p in data.QUERY_DIR.glob("*.sql") if data.named_query(p.stem).internal)
    assert internal == ["linked_counts", "linked_records", "record_dates"]
    for name in internal:
        with pytest.raises(ValueError, match="internal"):
            data.cells(name, scope=None, **{p: None for p in data.named_query(name).parameters})


# every dated table a protected query may read, and whether its dates move a count of people (then record_dates.sql
# reads it, or the mart it comes from): a new dated table must be placed here before the suite passes
DATED_TABLES = {
    "attendance": "mart_attendance", "mart_attendance": "mart_attendance",
    "validation_certificate": "mart_certificate", "mart_certificate": "mart_certificate",
    "mart_competence": "mart_competence", "int_survey_answer": "mart_competence",
    "mart_competence_change": "mart_competence_change", "mart_competence_person_change": "mart_competence_change",
    "mart_hme": "mart_hme", "survey": "mart_hme",
    "ambassador": "mart_ambassador", "mart_ambassador": "mart_ambassador",
    "goal_measurement": "goal_measurement",
    # computed at each load from the marts above: participant pay from attendance, the surveys' last answers from
    # the competence, change and HME marts (record_dates reads all three), the record dates themselves
    "mart_participant_pay": "mart_attendance", "mart_survey_release": "mart_competence",
    "mart_record_dates": "mart_attendance", "mart_linked_months": "mart_attendance",
    # each load is a row of its own: its count does not grow with the as-of date
    "ingest_log": None,
    # dates of plans, not of people: a count never moves with them
    "project": None, "goal": None, "mart_goal": None, "activity": None, "mart_activity": None, "meeting": None,
    "budget_plan": None, "mart_budget_month": None, "ledger_entry": None, "warehouse_meta": None,
}


def test_the_anchor_of_the_walks_reads_every_table_whose_dates_move_people(dashboard_warehouse: Path):
    import duckdb

    con = duckdb.connect(str(dashboard_warehouse / "warehouse.duckdb"), read_only=True)
    try:
        dated = {t for (t,) in con.execute(
            "select distinct table_name from information_schema.columns "
            "where data_type in ('DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE')").fetchall()}
    finally:
        con.close()
    assert sorted(dated - set(DATED_TABLES)) == []
    from pipelines.warehouse import mart_sql

    # record_dates.sql reads the dates computed at each load
    assert "from mart_record_dates" in data.named_query("record_dates").sql
    record_dates = mart_sql("mart_record_dates")
    assert all(f"from {source}" in record_dates for source in ("mart_competence", "mart_competence_change", "mart_hme"))
    for name in (p.stem for p in data.QUERY_DIR.glob("*.sql")):
        query = data.named_query(name)
        if not query.suppressions:
            continue
        for table in sorted(data._names_read(query.sql) & dated):
            source = DATED_TABLES[table]
            assert source is None or f"from {source}" in record_dates, (name, table, source)


def test_nothing_is_hidden_for_a_later_release_that_is_hidden_itself():
    # 0 people at the view's month, 3 at the anchor: the 3 are hidden in their frame, so the 0 stays shown
    assert data._walk(np.array([[0.0, 3.0]]), np.array([[NAN, 3.0]]))[0].tolist() == [False]


# --- the all-projects walk (data._portfolio_walk): months that are the sum of shown projects are always released ---

def test_all_projects_hide_the_later_month_when_the_earlier_one_is_the_sum_of_shown_projects():
    # the fixture's women: 31 in April (every project shown: forced), 35 from May (a small project's 4 women, hidden
    # in their project) -> May and every later month is 4 from April's release, so they are hidden (protecting 4)
    people = np.array([[21.0, 31.0, 35.0, 35.0]])
    forced = np.array([[True, True, False, False]])
    hidden, guards = data._portfolio_walk(people, None, forced)
    assert hidden.tolist() == [[False, False, True, True]]
    assert guards[0, 2:].tolist() == [4.0, 4.0]


def test_all_projects_keep_the_latest_month_when_no_earlier_month_is_given_away():
    # the same figures with no month forced: the plain walk back from the anchor, which hides April (4 short of 35)
    people = np.array([[21.0, 31.0, 35.0, 35.0]])
    hidden, _ = data._portfolio_walk(people, None, np.zeros((1, 4), dtype=bool))
    assert hidden.tolist() == [[False, True, False, False]]
    assert hidden.tolist() == [data._walk_steps(people, None)[0].tolist()[0]]


def test_all_projects_compare_a_month_with_the_releases_on_both_sides():
    # 10 (forced), 13, 20 (forced): 13 is 3 from 10 and 7 from 20 -> hidden; 10, 16, 20 with 16 4 from 20 -> hidden;
    # 10, 15, 20 -> released (5 and 5)
    forced = np.array([[True, False, True]] * 3)
    people = np.array([[10.0, 13.0, 20.0], [10.0, 16.0, 20.0], [10.0, 15.0, 20.0]])
    hidden, guards = data._portfolio_walk(people, None, forced)
    assert hidden[:, 1].tolist() == [True, True, False]
    assert guards[:, 1].tolist()[:2] == [3.0, 4.0]


def test_all_projects_hours_of_the_same_few_people_are_hidden_next_to_a_forced_month():
    # 20 participants all along; 3 people came in the last month only: the last month's hours are 3 people's more
    # than the forced month before it
    people = np.array([[20.0, 20.0, 20.0]])
    came = np.array([[NAN, 0.0, 3.0]])
    hidden, guards = data._portfolio_walk(people, came, np.array([[True, True, False]]))
    assert hidden.tolist() == [[False, False, True]] and guards[0, 2] == 3.0


def test_a_small_all_projects_month_is_left_to_its_frame_and_compared_past():
    # 0 (forced), 3 (1–4 people: hidden in its frame, not a release), 8: 8 is compared with 0 (8 apart: released)
    hidden, _ = data._portfolio_walk(np.array([[0.0, 3.0, 8.0]]), None, np.array([[True, False, False]]))
    assert hidden.tolist() == [[False, False, False]]


def test_a_walk_read_from_a_resolved_month_decides_the_view_as_the_whole_walk():
    # data._resolved's promise, on random all-projects walks: wherever it says a row is resolved when the walk is read
    # from step s to step e, the view's month (step at) is hidden or shown exactly as on the whole walk
    rng = np.random.default_rng(8)
    rows, steps = 300, 10
    people = np.cumsum(rng.choice([0, 0, 1, 2, 3, 5, 8], size=(rows, steps)), axis=1).astype(float)
    came = rng.choice([0, 0, 1, 2, 3, 6], size=(rows, steps)).astype(float)
    mapped = rng.random(rows) < 0.9
    forced = (rng.random((rows, steps)) < 0.25) & mapped[:, None]
    whole, _ = data._portfolio_walk(people, came, forced)
    checked = 0
    for at in range(steps):
        for start in range(at + 1):
            for end in range(at, steps):
                cut = slice(start, end + 1)
                back, ahead = data._resolved(people[:, cut], forced[:, cut], mapped, at - start, end == steps - 1)
                sure = back & ahead
                part, _ = data._portfolio_walk(people[:, cut], came[:, cut], forced[:, cut])
                assert (part[sure, at - start] == whole[sure, at]).all(), (at, start, end)
                checked += int(sure.sum())
    assert checked > 20_000
    # and the cases are there: read from a later start, or to an earlier end, the view is decided otherwise somewhere
    assert any((data._portfolio_walk(people[:, s:], came[:, s:], forced[:, s:])[0][:, steps - 1 - s]
                != whole[:, steps - 1]).any() for s in range(1, steps))
    assert any((data._portfolio_walk(people[:, :e + 1], came[:, :e + 1], forced[:, :e + 1])[0][:, 0]
                != whole[:, 0]).any() for e in range(steps - 1))


def test_the_projects_walks_run_stacked_as_each_alone():
    # data._walks_shown pads each project's walk to the longest with its last month repeated and nobody between,
    # and runs them as one: by hand, A = 10, 12, 12 (10 is 2 short of 12: hidden), B = 3, 9 (3 is 1–4 people)
    shown = data._walks_shown({"A": (np.array([[10.0, 12.0, 12.0]]), None),
                               "B": (np.array([[3.0, 9.0]]), None)}, 2)
    assert shown["A"].tolist() == [[False, True]] and shown["B"].tolist() == [[False, True]]
    # and on random walks of different lengths, with the people between, exactly as each walk alone
    rng = np.random.default_rng(13)
    walks = {}
    for project in range(40):
        rows, steps = int(rng.integers(1, 6)), int(rng.integers(1, 12))
        people = np.cumsum(rng.choice([0, 0, 1, 2, 3, 5, 8], size=(rows, steps)), axis=1).astype(float)
        came = rng.choice([0, 0, 1, 2, 3, 6], size=(rows, steps)).astype(float)
        came[:, 0] = NAN  # no month between before the first step
        walks[str(project)] = (people, came)
    stacked = data._walks_shown(walks, 1)
    differs = 0
    for project, (people, came) in walks.items():
        hidden, _ = data._walk_steps(people, came)
        alone = (~hidden & ~data._small(people))[:, :1]
        assert (stacked[project] == alone).all(), project
        differs += int((alone != ~data._small(people)[:, :1]).sum())
    assert differs > 0  # some first months are hidden by their walk, not only for being 1–4 people


def test_the_all_projects_walk_moves_an_earlier_as_of_date_with_the_period_end():
    # the sidebar's default for all projects: the period to 2027-12-31, the situation as of 2026-12-31 (12 months
    # before it). The walk starts at the period's first month with the as-of date 12 months before, and every step
    # keeps that distance, so the view itself is one of its steps
    query = data.named_query("focus_areas")
    view = {"project_id": None, "municipality": None, "department_id": None, "date_from": dt.date(2025, 1, 1),
            "date_to": dt.date(2027, 12, 31), "as_of": dt.date(2026, 12, 31)}
    chain, at = data._whole_chain(query, view, "end", dt.date(2026, 11, 30), dt.date(2025, 1, 1))
    first, _ = chain[0]
    assert (first["date_to"], first["as_of"]) == (dt.date(2025, 1, 31), dt.date(2024, 1, 31))
    assert chain[at][0]["date_to"] == dt.date(2027, 12, 31) and chain[at][0]["as_of"] == dt.date(2026, 12, 31)
    assert at == len(chain) - 1 == 35  # January 2025 to December 2027
