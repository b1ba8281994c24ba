"""Batched queries (data._prefetch): one statement runs a named query for many views, and each view's result is
exactly what running the query alone gives (the same rows and values; family code lines rows up by their keys, and
the page gets them in the query's own order), on the FIX warehouse."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data

from test_app import QUERY_PARAMETERS

D = dt.date

# views of each kind a family and its month neighbours ask for: a project and all projects, a municipality, a
# department, each gender, periods and as-of dates one month apart, a month with nothing in it, a project with none
VIEWS = [
    {},
    {"project_id": None},
    {"project_id": "FIX2"},
    {"project_id": "NOSUCH"},
    {"municipality": "Fixby"},
    {"department_id": "D1"},
    {"gender": "K"},
    {"gender": "M"},
    {"gender": "X"},
    {"date_to": D(2025, 3, 31), "as_of": D(2025, 3, 31)},
    {"date_to": D(2025, 2, 28), "as_of": D(2025, 2, 28)},
    {"date_from": D(2025, 3, 1), "date_to": D(2025, 3, 31)},
    {"date_from": D(2024, 1, 1), "date_to": D(2024, 1, 31), "as_of": D(2024, 1, 31)},
    {"as_of": D(2025, 6, 30)},
    {"dimension": "department"},
    {"dimension": "focus_area"},
    {"measure": "level", "wave": "baseline"},
]


def _views(name: str) -> list[tuple[tuple[str, object], ...]]:
    query = data.named_query(name)
    found = []
    for change in VIEWS:
        params = {**QUERY_PARAMETERS, **change}
        found.append(tuple((p, params[p]) for p in query.parameters))
    return list(dict.fromkeys(found))


# grouping() in a lateral join reads a made-up grand total of an empty view as a part (it was so in
# competence_improved and women_share_by_department on an empty project): a query that asks it runs view by view
RUN_ALONE: set[str] = set()
BATCHED = sorted(p.stem for p in data.QUERY_DIR.glob("*.sql") if data.named_query(p.stem).parameters)


@pytest.mark.parametrize("kind", ["projects", "named_projects", "one_project"])
@pytest.mark.parametrize("name", BATCHED)
def test_a_batch_gives_each_view_what_the_query_alone_gives(name, kind, dashboard_warehouse: Path, monkeypatch):
    """Views of several projects and of all projects; views that each name a project (the macros' twins then join
    each view to its project's rows: data._named_twins); views of one project only (its id then bound once)."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    stamp = data._stamp()
    views = _views(name)
    if kind == "one_project":
        views = [view for view in views if dict(view).get("project_id", "FIX") == "FIX"]
    elif kind == "named_projects":
        views = [view for view in views if dict(view).get("project_id", "FIX") is not None]
        if "project_id" in data.named_query(name).parameters:
            assert {dict(view)["project_id"] for view in views} == {"FIX", "FIX2", "NOSUCH"}
    if kind != "projects" and len(views) < 2:
        pytest.skip(f"{name}.sql: fewer than two views")
    data._prefetch(name, views, stamp, None)
    assert name not in data._UNBATCHABLE, f"{name}.sql cannot run laterally: every view runs alone"
    if name in RUN_ALONE:
        assert not data._batchable(data.named_query(name).sql)
    batched = {view: data._fetch_raw(name, view, stamp, None) for view in views}
    data.clear_caches()
    for view in views:
        alone = data._fetch_raw(name, view, stamp, None)  # run alone (the cache was cleared), canonical order
        got = batched[view]
        assert list(got.columns) == list(alone.columns), view
        assert len(got) == len(alone), view
        if len(alone):
            pd.testing.assert_frame_equal(got.reset_index(drop=True), alone.reset_index(drop=True),
                                          check_dtype=False, check_index_type=False, obj=f"{name} {dict(view)}")
    data.clear_caches()


def test_the_batch_is_the_statement_that_runs(dashboard_warehouse: Path, monkeypatch):
    """A family's views come from one statement, not one each: the cursors opened say so."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    opened = []
    original = data.query_cursor
    data._place_tree(data._stamp(), None)  # the portfolio's places, read once per warehouse (data._run_batch)
    monkeypatch.setattr(data, "query_cursor", lambda *a, **k: opened.append(1) or original(*a, **k))
    views = _views("participation_by_gender")
    data._prefetch("participation_by_gender", views, data._stamp(), None)
    assert len(views) >= 10 and len(opened) == 1
    # and every one of them is then read from the cache
    for view in views:
        data._fetch_raw("participation_by_gender", view, data._stamp(), None)
    assert len(opened) == 1
    data.clear_caches()


def test_a_page_gets_the_rows_in_the_querys_own_order(dashboard_warehouse: Path, monkeypatch):
    """Months in order, the genders K, M, X and the total last, although the batch gives them in any order."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    params = {p: QUERY_PARAMETERS[p] for p in data.named_query("participation_over_time").parameters}
    over_time = data.cells("participation_over_time", scope=None, **params)
    months = list(over_time["month"])
    assert months == sorted(months)
    first_month = over_time[over_time["month"] == months[0]]
    assert list(first_month["gender"]) == [g for g in ["K", "M", "X", "T"] if g in set(first_month["gender"])]
    params = {p: QUERY_PARAMETERS[p] for p in data.named_query("participation_by_gender").parameters}
    assert list(data.cells("participation_by_gender", scope=None, **params)["gender"]) == ["K", "M", "X", "T"]
    data.clear_caches()


def test_a_cached_result_cannot_be_changed_by_its_reader(dashboard_warehouse: Path, monkeypatch):
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    view = _views("participation_by_gender")[0]
    first = data._fetch_raw("participation_by_gender", view, data._stamp(), None)
    women = first.loc[first["gender"] == "K", "participants"].iloc[0]
    first["participants"] = -1
    again = data._fetch_raw("participation_by_gender", view, data._stamp(), None)
    assert again.loc[again["gender"] == "K", "participants"].iloc[0] == women
    data.clear_caches()


def test_exactly_the_queries_that_ask_grouping_run_alone():
    alone = {name for name in BATCHED if not data._batchable(data.named_query(name).sql)}
    assert alone == RUN_ALONE
    assert not data._batchable("select case when grouping(k) = 1 then 'total' end from t group by grouping sets ((k), ())")


def test_views_another_session_is_fetching_are_waited_for_not_fetched_twice(dashboard_warehouse: Path, monkeypatch):
    import threading
    import time

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    stamp = data._stamp()
    views = [view for view in _views("participation_by_gender") if dict(view)["project_id"] is not None]
    ran: list[int] = []
    started = threading.Event()
    lateral = data._lateral

    def slow(cursor, query, chunk):
        ran.append(len(chunk))
        started.set()
        time.sleep(0.5)  # long enough for the second session to ask for the same views meanwhile
        return lateral(cursor, query, chunk)

    monkeypatch.setattr(data, "_lateral", slow)
    first = threading.Thread(target=data._prefetch, args=("participation_by_gender", views, stamp, None))
    first.start()
    assert started.wait(10)
    data._prefetch("participation_by_gender", views + views[:1], stamp, None)  # the second session: returns after
    first.join()
    assert ran == [len(views)]  # one statement for both sessions
    assert all(data._where(data._raw_key("participation_by_gender", v, stamp, None)) is not None for v in views)
    assert not data._in_flight


def test_one_view_runs_alone_not_laterally(dashboard_warehouse: Path, monkeypatch):
    """A batch of one view is the query itself with bound parameters: DuckDB then opens only the chosen project's
    partitions, which a lateral statement cannot (goals for one national project: about 1 s laterally, 0.07 s
    alone). Two views that name a project share one lateral statement; a view of all projects beside one that names
    a project is a statement apart (the named ones join on their project: data._named_twins), so alone too."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    laterals: list[int] = []
    lateral = data._lateral
    monkeypatch.setattr(data, "_lateral", lambda cursor, query, views: laterals.append(len(views)) or
                        lateral(cursor, query, views))
    stamp = data._stamp()
    views = _views("goals")
    one, two = [view for view in views if dict(view)["project_id"] is not None][:2]
    everyone = next(view for view in views if dict(view)["project_id"] is None)
    data._prefetch("goals", [one], stamp, None)
    assert laterals == []
    data._prefetch("goals", [one, two], stamp, None)  # `one` is kept already: `two` alone again
    assert laterals == []
    data.clear_caches()
    data._prefetch("goals", [one, everyone], stamp, None)
    assert laterals == []
    data.clear_caches()
    data._prefetch("goals", [one, two, everyone], stamp, None)
    assert laterals == [2]
    alone = data._fetch_raw("goals", one, stamp, None, ordered=True)
    assert len(alone) > 0
    assert data._fetch_raw("goals", one, stamp, None).sort_values(list(alone.columns)).reset_index(drop=True).equals(
        alone.sort_values(list(alone.columns)).reset_index(drop=True))


@pytest.mark.parametrize("name", ["participation_by_gender", "competence_heatmap", "goals"])
def test_in_a_large_portfolio_views_of_all_projects_run_one_by_one(name, dashboard_warehouse: Path, monkeypatch):
    """From data.ALONE_FROM_PROJECTS projects on, a batch runs each all-projects view alone (laterally each met every
    project's rows again: the heatmap for six months of all national projects, 100 s against 6.2 s); below it they
    share a statement. Either way each view gets what the query alone gives."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    query = data.named_query(name)
    given = [{**QUERY_PARAMETERS, **change, "project_id": None} for change in VIEWS]
    views = list(dict.fromkeys(tuple((p, params[p]) for p in query.parameters) for params in given))
    assert len(views) >= 3
    laterals: list[int] = []
    lateral = data._lateral
    monkeypatch.setattr(data, "_lateral", lambda cursor, query, chunk: laterals.append(len(chunk)) or
                        lateral(cursor, query, chunk))
    got = {}
    for threshold in (10_000, 0):  # the fixture's portfolio as small, then as large
        monkeypatch.setattr(data, "ALONE_FROM_PROJECTS", threshold)
        data.clear_caches()
        stamp = data._stamp()
        data._prefetch(name, views, stamp, None)
        got[threshold] = {view: data._fetch_raw(name, view, stamp, None) for view in views}
    assert laterals == [len(views)]  # the small portfolio's one statement; the large one ran none
    data.clear_caches()
    for view in views:
        alone = data._fetch_raw(name, view, data._stamp(), None)
        for threshold in (10_000, 0):
            pd.testing.assert_frame_equal(got[threshold][view].reset_index(drop=True), alone.reset_index(drop=True),
                                          check_dtype=False, obj=f"{name} {dict(view)} {threshold}")
    data.clear_caches()


# Queries whose rows are months, each counting only its month's records within the period (`-- months:`): a view is
# cut out of a longer view of the same selection (data._month_sources). FIX's attendance is on 10 February,
# 12 March, 8 April and 20 May 2025, so a period that starts or ends inside February or May differs from the whole
# months' view there.
MONTHS = sorted(name for name in BATCHED if data.named_query(name).months)
PERIODS = [
    (D(2024, 1, 1), D(2026, 12, 31)),  # the longest: the whole months are cut out of it
    (D(2025, 1, 1), D(2025, 12, 31)),
    (D(2025, 3, 1), D(2025, 3, 31)),
    (D(2025, 2, 1), D(2025, 6, 30)),
    (D(2024, 1, 1), D(2025, 4, 30)),
    (D(2026, 1, 1), D(2026, 12, 31)),  # nothing in it
    (D(2025, 2, 15), D(2025, 5, 31)),  # starts after 10 February: runs alone
    (D(2025, 2, 1), D(2025, 5, 15)),  # ends before 20 May: runs alone
    (D(2025, 5, 10), D(2025, 5, 25)),  # inside one month: runs alone
]
SELECTIONS = [
    {"project_id": "FIX"},
    {"project_id": None},
    {"project_id": "FIX", "gender": "K"},
    {"project_id": "FIX", "municipality": "Fixby"},
    {"project_id": "FIX", "department_id": "F1"},
]


def _period_views(name: str) -> list[tuple[tuple[str, object], ...]]:
    query = data.named_query(name)
    views = []
    for selection in SELECTIONS:
        for start, end in PERIODS:
            params = {**QUERY_PARAMETERS, **selection, "date_from": start, "date_to": end}
            views.append(tuple((p, params[p]) for p in query.parameters))
    return views


def test_the_month_query_is_participation_over_time():
    """participation_over_time declares it; participation_reached does not (a running total counts distinct people
    from the period's start: a later start is not a cut of an earlier one)."""
    assert MONTHS == ["participation_over_time"]
    assert data.named_query("participation_reached").months is None


@pytest.mark.parametrize("name", MONTHS)
def test_a_months_query_cuts_a_shorter_period_out_of_a_longer_one(name, dashboard_warehouse: Path, monkeypatch):
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    stamp = data._stamp()
    views = _period_views(name)
    run, sliced = data._month_sources(name, data.named_query(name), views, stamp, None)
    longest = {view for view in views if data._period(view) == PERIODS[0]}
    inside = {view for view in views if data._period(view) in PERIODS[6:]}
    assert set(run) == longest | inside
    assert set(sliced) == set(views) - set(run)
    assert all(sliced[view] in longest and dict(sliced[view])["gender"] == dict(view)["gender"] for view in sliced)
    data._prefetch(name, views, stamp, None)
    got = {view: data._fetch_raw(name, view, stamp, None) for view in views}
    assert all(len(got[view]) for view in longest)  # every selection has months to cut
    data.clear_caches()
    for view in views:
        alone = data._run_alone(name, view, stamp, None)
        alone = data._normalised(data._canonical(name, alone))
        assert list(got[view].columns) == list(alone.columns), view
        pd.testing.assert_frame_equal(got[view], alone, check_dtype=False, obj=f"{name} {dict(view)}")
    # the figures the test compares: FIX's months with attendance, and the cut months that differ from whole months
    fix = dict(zip(PERIODS, views[:len(PERIODS)]))
    months = lambda frame: sorted({m.month for m in pd.to_datetime(frame["month"])})  # noqa: E731
    assert months(got[fix[PERIODS[0]]]) == [2, 3, 4, 5]
    assert months(got[fix[PERIODS[2]]]) == [3]
    assert months(got[fix[PERIODS[6]]]) == [3, 4, 5] and months(got[fix[PERIODS[7]]]) == [2, 3, 4]
    assert got[fix[PERIODS[5]]].empty
    data.clear_caches()


def test_a_later_walk_reads_the_longer_view_it_ran_before(dashboard_warehouse: Path, monkeypatch):
    """Views asked for later (the walk widening, another filter's page) are cut out of a longer view still kept;
    without it they run."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    stamp = data._stamp()
    name = "participation_over_time"
    views = [v for v in _period_views(name) if dict(v)["project_id"] == "FIX" and dict(v)["gender"] is None
             and dict(v)["municipality"] is None and dict(v)["department_id"] is None]
    ran: list[int] = []
    batch = data._run_batch
    monkeypatch.setattr(data, "_run_batch", lambda n, q, wanted, *a: ran.append(len(wanted)) or batch(n, q, wanted, *a))
    data._prefetch(name, views[:2], stamp, None)  # the longest and the year 2025: one statement
    assert ran == [1]
    data._prefetch(name, views[2:6], stamp, None)  # four whole-month periods inside it: none
    assert ran == [1]
    data._prefetch(name, views[6:], stamp, None)  # three periods cut inside a month: they run
    assert ran == [1, 3]
    data.clear_caches()


@pytest.mark.parametrize("selection", [
    {"project_id": None}, {"project_id": "FIX"}, {"project_id": "FIX", "gender": "K"},
    {"project_id": "FIX", "department_id": "F1"},
    {"project_id": None, "date_from": D(2025, 3, 1), "date_to": D(2025, 4, 30)},
])
def test_the_protected_months_are_the_same_cut_or_run(selection, dashboard_warehouse: Path, monkeypatch):
    """The page's cells (the walks and families included) are the same whether each walk view runs or is cut out of
    a longer one; cutting runs fewer views."""
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    name = "participation_over_time"
    params = {p: {**QUERY_PARAMETERS, **selection}[p] for p in data.named_query(name).parameters}
    ran: list[int] = []
    batch = data._run_batch
    monkeypatch.setattr(data, "_run_batch", lambda n, q, wanted, *a: ran.append(len(wanted)) or batch(n, q, wanted, *a))
    data.clear_caches()
    cut = data.cells(name, scope=None, **params)
    cut_views = sum(ran)
    original = data.named_query
    import dataclasses

    monkeypatch.setattr(data, "named_query", lambda n: dataclasses.replace(original(n), months=None) if n == name
                        else original(n))
    ran.clear()
    data.clear_caches()
    run = data.cells(name, scope=None, **params)
    assert len(cut) > 0
    pd.testing.assert_frame_equal(cut, run)
    assert cut_views < sum(ran)
    data.clear_caches()
