"""The all-projects walk (data._portfolio_walk) on the small-groups portfolio: the last leak the audit found (all
projects' women at April and at October, SG3's 4 women between) and the short reading of the walk (data._resolved,
data._quiet_steps, the projects whose records come later) giving what the whole walk gives. Expected values: tests/fixtures/smallgroups/README.md."""

import calendar
import datetime as dt

import numpy as np
import pytest

from dashboard import data

START = dt.date(2025, 1, 1)
ENDS = [dt.date(2025, m, calendar.monthrange(2025, m)[1]) for m in range(1, 13)]
PLACES = {"municipality": None, "department_id": None}


@pytest.fixture
def warehouse(smallgroups_warehouse, monkeypatch):
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(smallgroups_warehouse))
    data.clear_caches()
    yield smallgroups_warehouse
    data.clear_caches()


def _women(project: str | None) -> list[float | None]:
    out = []
    for end in ENDS:
        frame = data.cells("participation_by_gender", scope=None, project_id=project, **PLACES, date_from=START,
                           date_to=end)
        value = frame.loc[frame["gender"] == "K", "participants"].iloc[0]
        out.append(None if np.isnan(value) else float(value))
    return out


def test_all_projects_women_stop_at_april_where_the_projects_give_april_away(warehouse):
    # SG1's 21 women came in February, SG2's 10 in April, SG3's 4 in May (hidden in SG3: 4 people). April's 31 is
    # SG1 21 + SG2 10 + SG3 0, all shown, so it is released; every later month is 35, 4 from April (and 2 women
    # came for hours in September and November): hidden
    assert _women(None) == [0, 21, 21, 31] + [None] * 8
    # no project's own figures move for it: SG2 shows all year, SG1 keeps its own walk (its hours: 2 women in
    # September and November)
    assert _women("SG2") == [0, 0, 0] + [10] * 9
    assert _women("SG1") == [0, 21, 21, 21] + [None] * 6 + [21, 21]


VIEWS = [
    ("participation_by_gender", {**PLACES}),
    ("participation_over_time", {**PLACES, "gender": None}),
    ("participation_by_dimension", {**PLACES, "gender": None, "dimension": "department"}),
    ("goals", {}),
    ("focus_areas", {**PLACES}),  # with the as-of date a month before the period's end (it moves with it)
]


def _all_views() -> list:
    out = []
    for name, extra in VIEWS:
        query = data.named_query(name)
        for end in ENDS[1::2]:
            as_of = ENDS[ENDS.index(end) - 1] if name == "focus_areas" else end
            dates = {"date_from": START, "date_to": end, "as_of": as_of}
            out.append(data.cells(name, scope=None, project_id=None, **extra,
                                  **{k: v for k, v in dates.items() if k in query.parameters}))
    return out


def test_reading_the_walk_back_only_as_far_as_needed_gives_the_whole_walk(warehouse, monkeypatch):
    short = _all_views()
    data.clear_caches()
    # the whole walk: every month from the first to the anchor, none skipped as quiet, for every row
    monkeypatch.setattr(data, "_resolved", lambda people, forced, mapped, at, to_the_end: (
        np.zeros(len(mapped), dtype=bool), np.full(len(mapped), to_the_end)))
    monkeypatch.setattr(data, "_quiet_steps", lambda chain, which, windows, projects: np.zeros(len(chain), bool))
    windows = data._record_windows

    def from_the_first(stamp, scope):  # every project's records from the first month: no project's come later
        found = windows(stamp, scope)
        first = min(w[0] for w in found.values())
        return {p: (first, last) for p, (_, last) in found.items()}

    monkeypatch.setattr(data, "_record_windows", from_the_first)
    whole = _all_views()
    assert len(short) == len(whole) == 30
    hidden = 0
    for a, b in zip(short, whole):
        assert a.equals(b)
        hidden += int(a.isna().sum().sum())
    assert hidden > 0  # the views compared hide something (else equal frames would prove little)


def test_the_projects_walks_give_the_same_cells_stacked_or_one_by_one(warehouse, monkeypatch):
    """data._walks_shown runs the projects' own walks stacked (each padded with its last month): the all-projects
    cells are those of each project's walk run alone."""
    sizes: list[int] = []
    stacked = data._walks_shown
    monkeypatch.setattr(data, "_walks_shown", lambda walks, steps: sizes.append(
        sum(len(people) > 0 for people, _ in walks.values())) or stacked(walks, steps))  # the walks with rows
    together = _all_views()
    assert max(sizes) == 3  # SG1, SG2 and SG3 in one stack
    data.clear_caches()
    sizes.clear()
    monkeypatch.setattr(data, "WALK_CELLS", 1)  # a stack is full with one project
    apart = _all_views()
    assert max(sizes) == 1
    assert len(together) == len(apart) == 30
    for a, b in zip(together, apart):
        assert a.equals(b)


@pytest.mark.parametrize("name", ["participation_by_gender", "goals", "budget_months", "focus_areas"])
def test_the_all_projects_walk_reads_every_projects_months_in_one_statement(name, warehouse, monkeypatch):
    """Each project's walk, its last month included, is read in one batched statement: SG3's records end in May, so
    from June on all its months are quiet and only the first is read, but its last month lines the rows up. That
    month used to be fetched alone, one statement per finished project (300 on the national warehouse, each a
    lateral over every project's rows: minutes for one project's first page)."""
    statements: list[list[int]] = []
    inside = []
    walk, run = data._portfolio_forced, data._run_batch

    def forced(*args, **kwargs):
        inside.append(True)
        statements.append([])
        try:
            return walk(*args, **kwargs)
        finally:
            inside.pop()

    def batch(query_name, query, wanted, stamp, scope):
        if inside:
            statements[-1].append(len(wanted))
        return run(query_name, query, wanted, stamp, scope)

    monkeypatch.setattr(data, "_portfolio_forced", forced)
    monkeypatch.setattr(data, "_run_batch", batch)
    query = data.named_query(name)
    for end in ENDS[5:]:
        data.clear_caches()
        statements.clear()
        given = {"project_id": None, **PLACES, "gender": None, "date_from": START, "date_to": end, "as_of": end,
                 "project_start": START, "project_end": ENDS[-1], "dimension": "gender"}
        data.cells(name, scope=None, **{p: given[p] for p in query.parameters})
        assert statements, end  # the walk ran
        # one statement a reading of the walk (none when every view is read already): each project's months in it
        assert all(len(sizes) <= 1 for sizes in statements), (end, statements)


def test_all_projects_searched_one_project_at_a_time_reuse_each_projects_own_search(warehouse, monkeypatch):
    """Above LINKED_RECORDS, all projects' linked hours are each project's own search, the very one its page keeps
    (data._linked_own): all projects' records are not read again and no project is searched twice (national
    Fokusområden 79 → 41 s, docs/performance.md). The cells are those all projects' records give, grouped per
    project: SG1's focus areas (FA1: 4 women and 1 man, FA2: 2 women, 1 man, 3 in all), SG2's women of 30–39 (3)."""
    end, stamp = ENDS[-1], data._stamp()
    records = data._linked_records(None, None, None, START, end, stamp, None)
    grouped = {str(p): data._linked_search(part) for p, part in records.groupby("project_id")}
    assert grouped["SG1"][("K", "focus_area", "SG1:FA1")] == 4 and grouped["SG2"] == {("K", "age_band", "30-39"): 3}
    monkeypatch.setattr(data, "LINKED_RECORDS", len(records) - 1)
    data.clear_caches()
    read, searched = [], []
    linked_records, linked_search = data._linked_records, data._linked_search
    monkeypatch.setattr(data, "_linked_records", lambda p, *a: read.append(p) or linked_records(p, *a))
    monkeypatch.setattr(data, "_linked_search", lambda r, *a: searched.append(1) or linked_search(r, *a))
    mine = data._linked("SG1", None, None, START, end, stamp, None)
    everyone = data._linked(None, None, None, START, end, stamp, None)
    own, portfolio = data._linked_portfolio(START, end, stamp, None)
    assert sorted(read) == ["SG1", "SG2", "SG3"] and len(searched) == 3  # each once; never all projects' records
    assert own == {p: found for p, found in grouped.items() if found} and portfolio == {}
    assert mine == grouped["SG1"]
    assert everyone == {cell: n for found in grouped.values() for cell, n in found.items() if cell[1] != "age_band"}
