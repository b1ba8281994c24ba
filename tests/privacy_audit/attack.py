"""The attacker: every view a user could open (the sidebar's own choices, dates from the URL), every figure the pages
get through dashboard.data.cells and dashboard.figures, and every figure that follows from them by subtraction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from truth import MIN_PEOPLE, Collector, Fact, Truth, has_ledger, people_of, total

# The leak classes of issue 8 (one test each)
PRIMARY, SIBLINGS, FILTERS, TIME, CROSS_QUERY, SHARES, DISTRIBUTION = (
    "1 primary", "2 siblings", "3 filters", "4 periods and as-of dates", "5 across queries", "6 shares x bases",
    "7 distribution steps")

# Figures that count people (a count of a group is its size); the rest add up hours, money or answers.
COUNT_KINDS = ("participants", "staff", "paired", "ambassadors", "certified")


def is_count(kind: str) -> bool:
    return kind in COUNT_KINDS or kind.endswith(":n") or kind.startswith("hme_n:")


# --- the views: what the sidebar offers, read from the sidebar itself ---

def _filters_script():  # runs as a Streamlit script inside AppTest
    import streamlit as st
    from streamlit.delta_generator import DeltaGenerator

    from dashboard import filters

    offered = {}
    original = DeltaGenerator.selectbox

    def recording(self, label, options, *args, **kwargs):
        # a disabled widget offers nothing but the value it holds
        offered[kwargs.get("key")] = None if kwargs.get("disabled") else list(options)
        return original(self, label, options, *args, **kwargs)

    DeltaGenerator.selectbox = recording
    try:
        filters.language_choice()
        chosen = filters.project_filters()
        chosen = filters.gender_filter(chosen)
    finally:
        DeltaGenerator.selectbox = original
    st.session_state["_audit"] = (chosen, offered)


def _at(url: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_filters_script, default_timeout=60)
    for key, value in (url or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _state(at):
    return at.session_state["_audit"]


def _set(at, key: str, value) -> bool:
    """Choose a value in a sidebar selectbox as a user can (not in a disabled one); True when it was chosen."""
    try:
        widget = at.selectbox(key=key)
    except KeyError:  # not drawn (e.g. no place filters without a project)
        return False
    if widget.disabled:
        return False
    widget.set_value(value)
    return True


def _offered(at, key: str) -> list:
    found = _state(at)[1].get(key)
    return [None] if found is None else found  # None: disabled, keep what it holds


@dataclass(frozen=True)
class View:
    filters: object  # dashboard.filters.Filters
    plan: str  # which figures to fetch: "place", "gender", "time" or "full" (run_view)


def _dates(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, dt.date]]:
    """(period start, period end, as-of): month ends and days between them, nested and shifted periods."""
    y = start.year

    def d(month, day):
        return dt.date(y, month, day)

    combos = [(start, end, d(m, e)) for m, e in [(1, 31), (2, 28), (10, 31), (11, 15), (11, 30)]]
    combos += [(d(11, 1), d(11, 30), d(11, 30)), (d(2, 12), d(12, 31), d(12, 31))]
    return [c for c in combos if start <= c[0] and c[1] <= end and c[2] <= end]


# the dates a bookmarked URL may bring (not on any grid), read by the app as a new user opening the link
URL_DATES = [{"fran": "2025-02-12", "till": "2025-11-15", "per": "2025-11-15"},
             {"fran": "2025-01-01", "till": "2025-12-31", "per": "2025-11-10"}]


def _places(at) -> list:
    """Every municipality and department the sidebar offers for the chosen project, as (Filters, offered)."""
    places = []
    for municipality in _offered(at, "municipality"):
        if municipality is not None:
            _set(at, "municipality", municipality)
        if _set(at, "department", "alla") or municipality is not None:
            at.run()
        for department in _offered(at, "department"):
            if department is not None and _set(at, "department", department):
                at.run()
            places.append(_state(at))
    if _set(at, "municipality", "alla") | _set(at, "department", "alla"):
        at.run()
    return places


def views() -> list[View]:
    """Every project, municipality, department and gender the sidebar offers, and many dates per project."""
    found: list[View] = []
    at = _at()
    projects = _state(at)[1]["project"]
    for project in projects:
        at.selectbox(key="project").set_value(project).run()
        for chosen, offered in _places(at):
            whole = chosen.municipality is None and chosen.department_id is None
            found.append(View(chosen, "full" if whole or chosen.department_id == "V1" else "place"))
            if (project != "alla" and chosen.municipality is None) or whole:
                # the gender filter builds its Filters from the sidebar's the same way (filters.gender_filter)
                for gender in offered.get("gender", []):
                    if gender != "alla":
                        found.append(View(dataclasses.replace(chosen, gender=gender), "gender"))
        chosen = _state(at)[0]
        for combo in _dates(chosen.project_start, chosen.project_end) if project in ("SG1", "SG2") else ():
            for key, value in zip(("period_start", "period_end", "as_of"), combo):
                at.date_input(key=key).set_value(value)
            at.run()
            found.append(View(_state(at)[0], "time"))
            if project == "SG1" and combo[0].month == 1 and combo[2].month in (1, 2, 10, 11):
                # a municipality and a department at the dates where small groups arrive
                for municipality, department in (("Västby", "alla"), ("alla", "V1")):
                    if municipality in _offered(at, "municipality") and _set(at, "municipality", municipality):
                        at.run()
                        if department in _offered(at, "department") and _set(at, "department", department):
                            at.run()
                        chosen_here = _state(at)[0]
                        if (chosen_here.municipality, chosen_here.department_id) != (None, None):
                            found.append(View(chosen_here, "time"))
                    if _set(at, "municipality", "alla") | _set(at, "department", "alla"):
                        at.run()
        for key, value in zip(("period_start", "period_end", "as_of"),
                              (chosen.project_start, chosen.project_end, chosen.project_end)):
            at.date_input(key=key).set_value(value)
        at.run()
    for url in URL_DATES:
        for project in ("SG1", "SG2"):
            if project in projects:
                found.append(View(_state(_at({"projekt": project, **url}))[0], "time"))
    return found


# --- running the pages' figures, recording every frame dashboard.data.cells hands out ---

class Recorder:
    """Wraps dashboard.data.cells: every frame a page (or the meeting pack) could get is recorded once."""

    def __init__(self, collector: Collector):
        self.collector = collector
        self.seen: set = set()
        self.frames: list = []

    def wrap(self, original):
        from dashboard import data

        def cells(name, filters=None, *, scope="session", **extra):
            frame = original(name, filters, scope=scope, **extra)
            given = dict(filters.params() if filters is not None else {})
            given.update(extra)
            bound = {p: data._bindable(given[p]) for p in data.named_query(name).parameters}
            key = (name, tuple(sorted((k, str(v)) for k, v in bound.items())))
            if key not in self.seen:
                self.seen.add(key)
                self.frames.append((name, bound, frame))
                self.collector.add(name, bound, frame)
            return frame

        return cells


HEATMAPS = [("level", "baseline"), ("gap", "baseline"), ("level", "follow_up"), ("gap", "follow_up"),
            ("change", "follow_up")]


def run_view(view: View, collector: Collector) -> None:
    """What the pages and the meeting pack show for one view (the plan decides how much of it)."""
    from dashboard import data, figures

    f, plan = view.filters, view.plan
    if plan == "gender":
        data.cells("participation_by_dimension", f, dimension="focus_area")
        figures.hme(f, "department")
        figures.competence_improved(f, "department")
        data.cells("competence_heatmap", f, measure="level", wave="baseline", dimension="department")
        return
    figures.participation(f)
    figures.focus_areas(f)
    figures.portfolio_projects(f)
    figures.hme(f, "department")
    data.cells("competence_heatmap", f, measure="level", wave="baseline", dimension="department")
    if plan in ("place", "full"):
        data.cells("participation_by_dimension", f, dimension="department")
        figures.women_share(f)
        data.cells("portfolio_participants", f)
    if plan in ("time", "full"):
        data.cells("participation_over_time", f)
        if f.project_id:  # a running total: one project only (-- projects: one)
            data.cells("participation_reached", f)
    if plan in ("time", "full"):
        figures.goals(f)
        forecast_facts(collector, f, figures.budget(f))
        data.cells("budget_by_heading", f, period_unit="month")
        figures.budget_headings(f)
        figures.financing(f)
        figures.since_meeting(f)
    if plan == "full":
        data.cells("participation_by_dimension", f, dimension="focus_area")
        figures.hme(f, "gender")
        figures.competence_gap(f, "baseline", "gender")
        data.cells("budget_by_heading", f, period_unit="quarter")
        figures.improved_share(f)
        figures.competence_improved(f, "department")
        figures.competence_improved(f, "gender")
        # the queries without people behind them are asked too, so the audit notices when one starts to carry them
        data.project_choices()
        data.place_choices(f.project_id)
        data.cells("project_contents", f)
        figures.competence_waves(f)
        data.cells("goal_comments", f)
        if f.project_id:
            figures.loads_latest(f)
            figures.next_meeting(f)
            figures.project_facts(f.project_id)
            # the progress report's period (the last whole quarter) and the pack's risks
            start, end = figures.last_quarter(f, today=f.as_of)
            figures.activities_between(f, start, end)
            figures.heading_spending_between(f, start, end)
            figures.risks(f, today=f.as_of)
        for meeting in figures.meetings(f)["date"]:
            figures.since_meeting(f, pd.Timestamp(meeting).date())
        for measure, wave in HEATMAPS[1:]:
            data.cells("competence_heatmap", f, measure=measure, wave=wave, dimension="department")
        if f.project_id == "SG1" or f.department_id == "V1":
            cells = data.cells("competence_heatmap", f, measure="level", wave="baseline", dimension="department")
            for row_key, area in sorted({(r, a) for r, a in zip(cells["row_key"], cells["competence_area"])}):
                data.cells("competence_distribution", f, measure="level", wave="baseline", dimension="department",
                           competence_area=area, row_key=row_key)


def forecast_facts(collector: Collector, f, forecast) -> None:
    """The budget's key figures: spent so far and the recent monthly rate are sums of the months shown."""
    from dashboard import data

    months = data.cells("budget_months", f)
    now = min(f.as_of, f.project_end)
    so_far = months[[pd.Timestamp(m).date() <= now for m in months["month"]]]
    shown_months = [pd.Timestamp(m).date() for m, v in zip(so_far["month"], so_far["spent_sek"]) if pd.notna(v)]
    from truth import _projects, _spending_atoms

    t = collector.truth
    atoms = _spending_atoms(t, _projects(t, f.project_id), f.as_of, shown_months)
    view = tuple(sorted((k, str(v)) for k, v in {"project_id": f.project_id, "as_of": f.as_of}.items()))
    where = f"figures.budget[projekt={f.project_id or 'alla'}&per={f.as_of}]"
    collector.fact("money", atoms, forecast.spent_to_date, where + ".spent_to_date", "budget_months", view,
                   ("None", "None", str(f.as_of)), whole=True)


def attack(truth: Truth) -> tuple[Collector, list[View]]:
    """Open every view and collect every shown figure."""
    from dashboard import data

    collector = Collector(truth)
    recorder = Recorder(collector)
    original = data.cells
    data.cells = recorder.wrap(original)
    try:
        found = views()
        for view in found:
            run_view(view, collector)
    finally:
        data.cells = original
    return collector, found


# --- deriving: subtract shown figures from each other ---

@dataclass(frozen=True)
class Leak:
    leak_class: str
    kind: str
    people: int
    true_value: float
    how: str
    group: str


def _group(truth: Truth, atoms) -> str:
    """Who the derived group is, by project, department and gender (people are pseudonymous in the warehouse)."""
    people = people_of(atoms)
    index = truth.cache.get("who")
    if index is None:
        index = {}
        for frame, id_column in [(truth.person, "person_id"), (truth.hme, "respondent_id"),
                                 (truth.competence, "respondent_id")]:
            for p, i, d, g in zip(frame["project_id"], frame[id_column], frame["department_id"], frame["gender"]):
                index.setdefault((p, i), f"{p}/{d}/{g}")
        truth.cache["who"] = index
    counts: dict = defaultdict(int)
    for person in people:
        counts[index.get(person, f"{person[0]}/?")] += 1
    return ", ".join(f"{n}×{k}" for k, n in sorted(counts.items()))


def _classify(facts: list[Fact]) -> str:
    if any(f.source == "competence_distribution" for f in facts):
        return DISTRIBUTION
    if len({f.source for f in facts}) > 1:
        return CROSS_QUERY
    if len({f.time for f in facts}) > 1:
        return TIME
    if len({f.view for f in facts}) > 1:
        return FILTERS
    return SIBLINGS


def _small(atoms) -> bool:
    if not atoms or has_ledger(atoms):
        return False
    return 1 <= len(people_of(atoms)) <= MIN_PEOPLE - 1


def _buckets(facts: list[Fact]) -> dict:
    """Which figures may be subtracted from each other.

    Hours, money and sums of answers: any two (the same records add up the same wherever they are shown). A count
    of people: the same cell in two views (parent and child, two dates), the cells of one frame (siblings, months),
    and the selection's totals across queries; not a breakdown of one query against another's (focus areas and
    activities overlap, so 'total − one focus area' counts no group a page describes)."""
    buckets: dict = defaultdict(dict)
    for f in facts:
        if not f.atoms:
            continue  # an empty cell subtracts nothing
        if is_count(f.kind):
            keys = [("cell", f.kind, f.source, f.column, f.row)]
            if f.total:
                keys.append(("totals", f.kind))
                # within a frame a total is the parent of its rows (genders, departments; the people reached
                # by an earlier month); two parts of a breakdown (April's and June's participants) are not
                keys.append(("frame", f.kind, f.source, f.column, f.view))
        else:
            keys = [("all", f.kind)]
        for key in keys:
            buckets[key].setdefault(f.atoms, f)
    for f in facts:
        if f.atoms and is_count(f.kind) and not f.total:
            key = ("frame", f.kind, f.source, f.column, f.view)
            if key in buckets:
                buckets[key].setdefault(f.atoms, dataclasses.replace(f, total=False))
    return buckets


def derive(collector: Collector) -> list[Leak]:
    """Every figure of 1–4 people that is shown or follows from shown figures, by class."""
    truth = collector.truth
    leaks: dict = {}

    def report(leak_class, kind, atoms, how):
        key = (leak_class, kind, atoms)
        if key not in leaks:
            leaks[key] = Leak(leak_class, kind, len(people_of(atoms)), total(atoms), how, _group(truth, atoms))

    # primary cells
    for (kind, atoms), f in collector.facts.items():
        if _small(atoms):
            cls = DISTRIBUTION if f.source == "competence_distribution" else PRIMARY
            report(cls, kind, atoms, f"shown: {f.where} = {f.value:g}")

    # subtraction within each bucket: pairs (parent − child) and a parent minus disjoint shown children
    for key, members in _buckets(collector.all_facts).items():
        facts = sorted(members.values(), key=lambda f: -len(f.atoms))
        for i, parent in enumerate(facts):
            if key[0] == "frame" and not parent.total:
                continue
            children = [c for c in facts[i + 1:] if len(c.atoms) < len(parent.atoms) and c.atoms < parent.atoms]
            for child in children:
                rest = parent.atoms - child.atoms
                if _small(rest):
                    report(_classify([parent, child]), parent.kind, rest,
                           f"{parent.where} ({parent.value:g}) − {child.where} ({child.value:g})")
            for ordered in (sorted(children, key=lambda c: (c.view != parent.view, -len(c.atoms))),
                            sorted(children, key=lambda c: -len(c.atoms))):
                used, covered = [], frozenset()
                for child in ordered:
                    if child.atoms.isdisjoint(covered):
                        used.append(child)
                        covered |= child.atoms
                        rest = parent.atoms - covered
                        if len(used) >= 2 and _small(rest):
                            report(_classify([parent, *used]), parent.kind, rest,
                                   f"{parent.where} ({parent.value:g}) − "
                                   + " − ".join(f"{c.where} ({c.value:g})" for c in used))

    # a share times a shown base gives the numerator (and base − numerator the rest)
    known = {(f.kind, f.atoms): f for f in collector.all_facts}
    for share in collector.shares:
        base_value = share.base_value
        if share.base is not None:
            base = known.get(share.base)
            if base is None:
                continue
            base_value = base.value
            base_text = f"{base.where} ({base.value:g})"
        else:
            base_text = f"the public base {base_value:g}"
        if base_value is None:
            continue
        kind, atoms = share.numerator
        how = f"{share.where} ({share.value:.6g}) × {base_text}"
        if _small(atoms) and (kind, atoms) not in collector.facts:
            report(SHARES, kind, atoms, how)
        if share.base is not None and share.base[0] == kind:
            # the rest of the base (not improved of the paired) is a group too; a base of another kind (staff
            # for participants) is not compared, as in _buckets
            rest = share.base[1] - atoms
            if _small(rest) and (kind, rest) not in collector.facts:
                report(SHARES, kind, rest, f"{base_text} − {how}")
    return sorted(leaks.values(), key=lambda leak: (leak.leak_class, leak.kind, leak.how))
