"""The audit's own knowledge of the small-groups portfolio: which people (and which of their records) stand behind
every figure a named query may show, computed with pandas from the loaded rows, never through dashboard/.

A figure is a Fact: the sum of a weight over a set of atoms of one kind. An atom is one record of one person
(a person, an attendance row, a survey answer) or a ledger amount of one project, month and cost heading (no
person). A count is the number of atoms, hours and money the sum of their weights, a mean is two facts (count and
sum). Two facts of one kind whose atoms nest subtract to the atoms in between: that difference is a figure about
exactly those atoms' people, whatever views the two facts came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

MIN_PEOPLE = 5  # the promise: no figure from 1–4 people


@dataclass(frozen=True)
class Fact:
    """A shown (or derived) figure: its kind, the atoms it sums over and where it was seen."""

    kind: str
    atoms: frozenset
    value: float  # the value the dashboard showed (or the derived value)
    where: str  # query [view] row.column, enough to reproduce it
    source: str  # the named query
    view: tuple  # the bound parameters that decide its place/gender/date
    time: tuple = ()  # the dates of the view and the row's own month/period, for classing a difference
    column: str = ""
    row: str = ""
    total: bool = False  # a total of the whole selection (not one part of a breakdown)


@dataclass(frozen=True)
class Share:
    """A shown ratio of two facts: numerator = value × base (a share × a shown base gives the numerator)."""

    numerator: tuple  # (kind, atoms)
    base: tuple | None  # (kind, atoms), or None when the base is public (a target, departments, the plan)
    base_value: float | None  # the public base's value
    value: float  # numerator / base
    where: str
    source: str
    view: tuple
    time: tuple = ()


def people_of(atoms) -> frozenset:
    """The distinct people behind a set of atoms (ledger atoms have none)."""
    return frozenset(a[1] for a in atoms if a[1] is not None)


def has_ledger(atoms) -> bool:
    return any(a[1] is None for a in atoms)


def weight(atom) -> float:
    """An atom's weight is its last element (1 for counts)."""
    return float(atom[-1])


def total(atoms) -> float:
    return float(sum(weight(a) for a in atoms))


def _d(value) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return pd.Timestamp(value).date()


def _month(value) -> dt.date:
    day = pd.Timestamp(value).date()
    return dt.date(day.year, day.month, 1)


@dataclass
class Truth:
    """The loaded portfolio as plain frames, and the atoms behind each query's rows."""

    person: pd.DataFrame
    attendance: pd.DataFrame
    ledger: pd.DataFrame
    budgeted: set
    hme: pd.DataFrame
    competence: pd.DataFrame
    change: pd.DataFrame
    person_change: pd.DataFrame
    goal: pd.DataFrame
    ambassador: pd.DataFrame
    certificate: pd.DataFrame
    departments: dict
    project: pd.DataFrame
    ingest: pd.DataFrame
    cache: dict = field(default_factory=dict)
    pay_in_own_month: bool = True  # False where pay waits for 5 people (_pay_months)

    @classmethod
    def load(cls, warehouse_file) -> "Truth":
        con = duckdb.connect(str(warehouse_file), read_only=True)
        try:
            q = lambda sql: con.execute(sql).df()  # noqa: E731
            person = q("select project_id, person_id, coalesce(gender, 'X') as gender, role, age_band, "
                       "department_id, department_name, municipality from mart_person")
            attendance = q("select project_id, activity_id, focus_area_id, person_id, coalesce(gender, 'X') as gender, "
                           "age_band, department_id, municipality, date, month, hours, participant_pay_sek "
                           "from mart_attendance where attended")
            ledger = q("select project_id, month, cost_heading, spent_sek from mart_budget_month where spent_sek <> 0")
            budgeted = {p for (p,) in con.execute(
                "select distinct project_id from mart_budget_month "
                "where cost_heading = 'deltagarlön' and planned_sek > 0").fetchall()}
            hme = q("select project_id, survey_id, wave, survey_date, respondent_id, coalesce(gender, 'X') as gender, "
                    "department_id, municipality, hme_total, motivation, ledarskap, styrning from mart_hme")
            competence = q("select project_id, survey_id, wave, survey_date, respondent_id, coalesce(gender, 'X') "
                           "as gender, role, department_id, municipality, competence_area, level, gap "
                           "from mart_competence")
            change = q("select project_id, person_id, coalesce(gender, 'X') as gender, role, department_id, "
                       "municipality, competence_area, follow_up_date, change from mart_competence_change")
            person_change = q("select project_id, person_id, coalesce(gender, 'X') as gender, role, department_id, "
                              "municipality, follow_up_date, improved from mart_competence_person_change")
            goal = q("select project_id, goal_id, computed_from, focus_area_id from mart_goal")
            ambassador = q("select a.project_id, a.person_id, coalesce(a.start_date, p.start_date) as start_date "
                           "from mart_ambassador a join project p using (project_id)")
            certificate = q("select project_id, person_id, date from mart_certificate")
            departments = dict(con.execute("select project_id, count(distinct department_id) from mart_unit "
                                           "group by project_id").fetchall())
            project = q("select project_id, municipalities from project")
            ingest = q("select project_id, kind, file_name, rows_accepted from ingest_log where outcome = 'inläst'")
        finally:
            con.close()
        for frame in (person, attendance, ledger, hme, competence, change, person_change, goal, ambassador,
                      certificate, project, ingest):
            for column in frame.columns:
                if pd.api.types.is_string_dtype(frame[column]):
                    frame[column] = frame[column].astype(object)  # plain objects: far faster to compare here
        for frame, columns in [(attendance, ["date", "month"]), (ledger, ["month"]), (hme, ["survey_date"]),
                               (competence, ["survey_date"]), (change, ["follow_up_date"]),
                               (person_change, ["follow_up_date"]), (ambassador, ["start_date"]),
                               (certificate, ["date"])]:
            for column in columns:
                frame[column] = pd.to_datetime(frame[column]).dt.date
        attendance["pay_month"] = _pay_months(attendance)
        pay_in_own_month = list(attendance["pay_month"]) == list(attendance["month"])
        truth = cls(person, attendance, ledger, budgeted, hme, competence, change, person_change, goal, ambassador,
                    certificate, departments, project, ingest)
        truth.pay_in_own_month = pay_in_own_month
        gender = {}
        for frame, column in [(person, "person_id"), (hme, "respondent_id"), (competence, "respondent_id")]:
            for p, i, g in zip(frame["project_id"], frame[column], frame["gender"]):
                gender.setdefault((p, i), g)
        truth.cache["gender"] = gender
        return truth

    # --- selections (the sidebar's meaning: a NULL choice means all) ---

    @staticmethod
    def in_selection(frame: pd.DataFrame, project, municipality=None, department=None) -> pd.Series:
        keep = pd.Series(True, index=frame.index)
        if project is not None:
            keep &= frame["project_id"] == project
        if municipality is not None:
            keep &= frame["municipality"] == municipality
        if department is not None:
            keep &= frame["department_id"] == department
        return keep

    def attended(self, project, municipality, department, date_from, date_to, gender=None) -> pd.DataFrame:
        a = self.attendance
        keep = self.in_selection(a, project, municipality, department)
        keep &= (a["date"] >= date_from) & (a["date"] <= date_to)
        if gender is not None:
            keep &= a["gender"] == gender
        return a[keep]


def _pay_months(attendance: pd.DataFrame) -> list:
    """The month each attendance row's participant pay is reported in.

    Its own month, unless the dashboard holds back a month's pay until 5 people are behind it (a macro
    released_participant_pay in dashboard/macros.sql): then pay waits, month by month per project, in a pool that
    is reported in the first month it holds 5 people or more; a pool that never does is never reported (None)."""
    from dashboard import data

    if "released_participant_pay" not in data._macros():
        return list(attendance["month"])
    release = {}
    for project, rows in attendance.groupby("project_id"):
        pool, waiting = set(), []
        for month in sorted(rows["month"].unique()):
            if len(pool) >= MIN_PEOPLE:
                pool, waiting = set(), []
            in_month = rows[rows["month"] == month]
            pool |= set(in_month["person_id"])
            waiting.append(month)
            if len(pool) >= MIN_PEOPLE:
                for held in waiting:
                    release[(project, held)] = month
    return [release.get((p, m)) for p, m in zip(attendance["project_id"], attendance["month"])]


# --- atoms ---

def person_atoms(frame: pd.DataFrame, tag: str = "p") -> frozenset:
    return frozenset((tag, (p, i), 1) for p, i in zip(frame["project_id"], frame["person_id"]))


def hours_atoms(frame: pd.DataFrame) -> frozenset:
    return frozenset(("a", (p, i), act, d, float(h)) for p, i, act, d, h in
                     zip(frame["project_id"], frame["person_id"], frame["activity_id"], frame["date"], frame["hours"]))


def pay_atoms(frame: pd.DataFrame) -> frozenset:
    return frozenset(("a", (p, i), act, d, float(s)) for p, i, act, d, s in
                     zip(frame["project_id"], frame["person_id"], frame["activity_id"], frame["date"],
                         frame["participant_pay_sek"]))


def ledger_atoms(frame: pd.DataFrame) -> frozenset:
    return frozenset(("l", None, p, m, h, float(s)) for p, m, h, s in
                     zip(frame["project_id"], frame["month"], frame["cost_heading"], frame["spent_sek"]))


# --- what each named query's rows are made of ---

DATE_PARAMS = ("date_from", "date_to", "as_of")


def describe(params: dict) -> str:
    """The bound parameters as a compact, reproducible text (the URL's names where they exist)."""
    names = {"project_id": "projekt", "municipality": "kommun", "department_id": "forvaltning", "gender": "kon",
             "date_from": "fran", "date_to": "till", "as_of": "per"}
    parts = ["projekt=alla"] if "project_id" in params and params["project_id"] is None else []
    for key, value in params.items():
        if key in ("project_start", "project_end") or value is None:
            continue
        parts.append(f"{names.get(key, key)}={value}")
    return "&".join(parts)


class Collector:
    """Turns query frames into facts and shares, with the sanity check of every shown value against the truth."""

    def __init__(self, truth: Truth):
        self.truth = truth
        self.facts: dict = {}  # (kind, atoms) -> first Fact seen; the others are the same figure again
        self.all_facts: list[Fact] = []
        self.shares: list[Share] = []
        self.mismatches: list[str] = []
        self.calls = 0
        self.asked: set = set()  # the named queries the attack ran

    # one query result

    def add(self, name: str, params: dict, frame: pd.DataFrame, label: str | None = None) -> None:
        self.calls += 1
        self.asked.add(name)
        handler = HANDLERS.get(name)
        if handler is None:
            return
        view = tuple(sorted((k, str(v)) for k, v in params.items() if k not in ("project_start", "project_end")))
        base_time = tuple(str(params.get(k)) for k in DATE_PARAMS)
        context = _Context(self, name, params, view, base_time, label or name)
        handler(context, frame)

    def fact(self, kind, atoms, value, where, source, view, time, column="", row="", whole=False) -> None:
        atoms = frozenset(atoms)
        true = total(atoms)
        if not np.isclose(true, float(value), rtol=1e-9, atol=1e-6):
            self.mismatches.append(f"{where}: shown {value!r}, the fixture gives {true!r} ({kind})")
        fact = Fact(kind, atoms, float(value), where, source, view, time, column, row, whole)
        self.all_facts.append(fact)
        self.facts.setdefault((kind, atoms), fact)

    def share(self, numerator, base, base_value, value, where, source, view, time) -> None:
        num_total = total(numerator[1])
        den = total(base[1]) if base is not None else base_value
        if den:
            if not np.isclose(num_total / den, float(value), rtol=1e-9, atol=1e-9):
                self.mismatches.append(f"{where}: shown share {value!r}, the fixture gives {num_total / den!r}")
        self.shares.append(Share((numerator[0], frozenset(numerator[1])),
                                 None if base is None else (base[0], frozenset(base[1])),
                                 base_value, float(value), where, source, view, time))


class _Context:
    def __init__(self, collector, name, params, view, base_time, label):
        self.c, self.name, self.p, self.view, self.base_time, self.label = (
            collector, name, params, view, base_time, label)
        self.t = collector.truth

    def where(self, row: str, column: str) -> str:
        return f"{self.label}[{describe(self.p)}] {row}.{column}"

    def women_and_men(self, frame_row, atoms, kind="participants"):
        """A row that counts women and men only (people of gender X left out, the equality rule): the flag
        women_and_men (or women_and_men_staff / women_and_men_participants for one kind); money is never split."""
        if kind == "money":
            return atoms
        own = {"staff": "women_and_men_staff", "paired": "women_and_men_paired"}.get(kind, "women_and_men_participants")
        flags = [own, "women_and_men"]
        flag = next((f for f in flags if f in frame_row.index), None)
        if flag is None or str(frame_row[flag]) != "True":
            return atoms
        gender = self.t.cache["gender"]
        return frozenset(a for a in atoms if a[1] is None or gender.get(a[1]) in ("K", "M"))

    def fact(self, row_text, column, frame_row, kind, atoms, time_extra=(), scale=1.0):
        value = shown(frame_row, column)
        if value is None:
            return
        atoms = self.women_and_men(frame_row, atoms, kind)
        self.c.fact(kind, atoms, value * scale, self.where(row_text, column), self.name, self.view,
                    self.base_time + tuple(time_extra), column, row_text, is_total(self.name, row_text, column))

    def share(self, row_text, column, frame_row, numerator, base, base_value=None, scale=1.0, time_extra=()):
        value = shown(frame_row, column)
        if value is None:
            return
        numerator = (numerator[0], self.women_and_men(frame_row, numerator[1], numerator[0]))
        if base is not None:
            base = (base[0], self.women_and_men(frame_row, base[1], base[0]))
        self.c.share(numerator, base, base_value, value / scale, self.where(row_text, column), self.name,
                     self.view, self.base_time + tuple(time_extra))


def is_total(name: str, row: str, column: str) -> bool:
    """A figure of the whole selection: a total row, a project's total, a goal or financing over everything."""
    if "key=" in row or "month=" in row and column != "reached" or "focus_area=" in row or "step=" in row:
        return False
    if name == "goals":
        return "area=" not in row
    return (row in ("total", "gender=T", "source=deltagarlön", "heading=deltagarlön", "row=T")
            or row.endswith("gender=T") or "group=T" in row or (name == "portfolio_projects" and row.startswith("project="))
            or column == "reached" or (name == "competence_heatmap" and row.startswith("row=T,")))


def shown(row, column):
    """The value of a cell as the page gets it, or None when it is hidden, missing or not a number."""
    if column not in row.index:
        return None
    flag = f"hidden_{column}"
    if flag in row.index and bool(row[flag]) is True:
        return None
    value = row[column]
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(value) else value


def _rows(frame: pd.DataFrame):
    for _, row in frame.iterrows():
        yield row


def _g(frame, gender):
    return frame if gender == "T" else frame[frame["gender"] == gender]


def participation_by_gender(x: _Context, frame):
    p, t = x.p, x.t
    staff = t.person[t.in_selection(t.person, p["project_id"], p["municipality"], p["department_id"])]
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"])
    people = att.drop_duplicates(["project_id", "person_id"])
    for row in _rows(frame):
        g = row["gender"]
        s, pp, a = _g(staff, g), _g(people, g), _g(att, g)
        text = f"gender={g}"
        x.fact(text, "staff", row, "staff", person_atoms(s))
        x.fact(text, "participants", row, "participants", person_atoms(pp))
        x.fact(text, "n", row, "participants", person_atoms(pp))
        x.fact(text, "n_staff", row, "staff", person_atoms(s))
        x.fact(text, "hours", row, "hours", hours_atoms(a))
        x.share(text, "participant_share", row, ("participants", person_atoms(pp)),
                ("participants", person_atoms(people)))
        x.share(text, "staff_share", row, ("staff", person_atoms(s)), ("staff", person_atoms(staff)))
        x.share(text, "reached_share", row, ("participants", person_atoms(pp)), ("staff", person_atoms(s)))


def _dimension_key(frame, dimension, all_projects):
    column = {"focus_area": "focus_area_id", "activity": "activity_id", "department": "department_id"}.get(
        dimension, "age_band")
    item = frame[column].astype(str)
    if all_projects and dimension != "age_band":
        return frame["project_id"].astype(str) + ":" + item
    return item


def participation_by_dimension(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"],
                     p.get("gender"))
    att = att.assign(key=_dimension_key(att, p["dimension"], p["project_id"] is None))
    for row in _rows(frame):
        a = att[att["key"] == str(row["key"])]
        a = _g(a, row["gender"])
        people = a.drop_duplicates(["project_id", "person_id"])
        text = f"key={row['key']},gender={row['gender']}"
        x.fact(text, "participants", row, "participants", person_atoms(people))
        x.fact(text, "hours", row, "hours", hours_atoms(a))
        x.share(text, "hours_per_participant", row, ("hours", hours_atoms(a)), ("participants", person_atoms(people)))


def participation_over_time(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"],
                     p.get("gender"))
    for row in _rows(frame):
        month = _d(row["month"])
        a = _g(att, row["gender"])
        in_month = a[a["month"] == month]
        text = f"month={month},gender={row['gender']}"
        people = in_month.drop_duplicates(["project_id", "person_id"])
        x.fact(text, "participants", row, "participants", person_atoms(people), (str(month),))
        x.fact(text, "hours", row, "hours", hours_atoms(in_month), (str(month),))


def participation_reached(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"],
                     p.get("gender"))
    first = att.groupby(["project_id", "person_id"])["month"].min().rename("first_month").reset_index()
    att = att.merge(first, on=["project_id", "person_id"])
    for row in _rows(frame):
        month = _d(row["month"])
        a = _g(att, row["gender"])
        reached = a[a["first_month"] <= month].drop_duplicates(["project_id", "person_id"])
        x.fact(f"month={month},gender={row['gender']}", "reached", row, "participants", person_atoms(reached),
               ("to " + str(month),))


def portfolio_participants(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(None, p["municipality"], p["department_id"], p["date_from"], p["date_to"])
    for row in _rows(frame):
        a = _g(att[att["project_id"] == row["project_id"]], row["gender"])
        text = f"project={row['project_id']},gender={row['gender']}"
        x.fact(text, "participants", row, "participants", person_atoms(a.drop_duplicates(["project_id", "person_id"])))


def _spending_atoms(t: Truth, projects, as_of, months=None):
    """Ledger (all headings but participant pay) and budgeted participant pay, whole months up to as_of."""
    led = t.ledger[t.ledger["project_id"].isin(projects) & (t.ledger["cost_heading"] != "deltagarlön")
                   & (t.ledger["month"] <= as_of)]
    pay = _paid(t, t.attendance[t.attendance["project_id"].isin(projects) & t.attendance["project_id"].isin(t.budgeted)],
                as_of)
    if months is not None:
        led, pay = led[led["month"].isin(months)], pay[pay["pay_month"].isin(months)]
    return ledger_atoms(led) | pay_atoms(pay)


def _paid(t: Truth, attendance: pd.DataFrame, as_of, after=None) -> pd.DataFrame:
    """Attendance rows whose participant pay is reported by the as-of month (and after a month, when given)."""
    months = attendance["pay_month"]
    keep = months.notna() & (months.map(lambda m: m is not None and m <= as_of))
    if after is not None:
        keep &= months.map(lambda m: m is not None and m > after)
    return attendance[keep]


def _projects(t: Truth, project_id):
    every = list(t.project["project_id"])
    return every if project_id is None else [project_id]


def portfolio_projects(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(None, p["municipality"], p["department_id"], p["date_from"], p["date_to"])
    staff = t.person[t.in_selection(t.person, None, p["municipality"], p["department_id"])]
    pc = t.person_change[t.in_selection(t.person_change, None, p["municipality"], p["department_id"])
                         & (t.person_change["follow_up_date"] <= p["as_of"])]
    listed = []
    for row in _rows(frame):
        if row["level"] != "project":
            continue
        pid = row["project_id"]
        listed.append(pid)
        people = att[att["project_id"] == pid].drop_duplicates(["project_id", "person_id"])
        s = staff[staff["project_id"] == pid]
        paired = pc[pc["project_id"] == pid]
        text = f"project={pid}"
        x.fact(text, "participants", row, "participants", person_atoms(people))
        x.share(text, "reached_share", row, ("participants", person_atoms(people)), ("staff", person_atoms(s)))
        x.fact(text, "paired", row, "paired", person_atoms(paired, "pc"))
        x.share(text, "improved_share", row, ("paired", person_atoms(paired[paired["improved"]], "pc")),
                ("paired", person_atoms(paired, "pc")))
        x.fact(text, "spent_to_date", row, "money", _spending_atoms(t, [pid], p["as_of"]))
    for row in _rows(frame):
        if row["level"] == "total":
            x.fact("total", "spent_to_date", row, "money", _spending_atoms(t, listed, p["as_of"]))


def women_share_by_department(x: _Context, frame):
    p, t = x.p, x.t
    staff = t.person[t.in_selection(t.person, p["project_id"], p["municipality"], p["department_id"])]
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"])
    took = set(zip(att["project_id"], att["person_id"]))
    staff = staff.assign(took=[k in took for k in zip(staff["project_id"], staff["person_id"])],
                         key=_dimension_key(staff, "department", p["project_id"] is None))
    for row in _rows(frame):
        s = staff if row["level"] == "total" else staff[staff["key"] == str(row["department_id"])]
        part = s[s["took"]]
        text = "total" if row["level"] == "total" else f"department={row['department_id']}"
        x.fact(text, "participants", row, "participants", person_atoms(part))
        x.fact(text, "staff", row, "staff", person_atoms(s))
        women, staff_women = part[part["gender"] == "K"], s[s["gender"] == "K"]
        x.share(text, "participant_women_share", row, ("participants", person_atoms(women)),
                ("participants", person_atoms(part)))
        x.share(text, "staff_women_share", row, ("staff", person_atoms(staff_women)), ("staff", person_atoms(s)))
        gap, pws, sws = shown(row, "gap_points"), shown(row, "participant_women_share"), shown(row, "staff_women_share")
        if gap is not None and pws is None and sws is not None:  # the gap gives the hidden share back
            x.c.share(("participants", person_atoms(women)), ("participants", person_atoms(part)), None,
                      sws + gap / 100, x.where(text, "gap_points+staff_women_share"), x.name, x.view, x.base_time)
        if gap is not None and sws is None and pws is not None:
            x.c.share(("staff", person_atoms(staff_women)), ("staff", person_atoms(s)), None,
                      pws - gap / 100, x.where(text, "participant_women_share-gap_points"), x.name, x.view,
                      x.base_time)


def focus_areas(x: _Context, frame):
    p, t = x.p, x.t
    att = t.attended(p["project_id"], p["municipality"], p["department_id"], p["date_from"], p["date_to"])
    for row in _rows(frame):
        a = att[(att["project_id"] == row["project_id"]) & (att["focus_area_id"] == row["focus_area_id"])]
        people = a.drop_duplicates(["project_id", "person_id"])
        text = f"focus_area={row['project_id']}:{row['focus_area_id']}"
        x.fact(text, "participants", row, "participants", person_atoms(people))
        x.fact(text, "hours", row, "hours", hours_atoms(a))
        target = shown(row, "target_participants")
        if target:
            x.share(text, "share_of_target", row, ("participants", person_atoms(people)), None, base_value=target)


def goals(x: _Context, frame):
    p, t = x.p, x.t
    as_of = p["as_of"]
    for row in _rows(frame):
        pid, how, area = row["project_id"], row["computed_from"], row["focus_area_id"]
        if how is None or (isinstance(how, float) and np.isnan(how)) or how == "":
            continue
        text = f"goal={pid}:{row['goal_id']}({how})" + (f" area={area}" if isinstance(area, str) and area else "")
        a = t.attendance[(t.attendance["project_id"] == pid) & (t.attendance["date"] <= as_of)]
        if isinstance(area, str) and area:
            a = a[a["focus_area_id"] == area]
        participants = person_atoms(a.drop_duplicates(["project_id", "person_id"]))
        staff = person_atoms(t.person[t.person["project_id"] == pid])
        pc = t.person_change[(t.person_change["project_id"] == pid) & (t.person_change["follow_up_date"] <= as_of)]
        paired = person_atoms(pc, "pc")
        if how == "participants":
            x.fact(text, "computed_value", row, "participants", participants)
            x.fact(text, "computed_n", row, "participants", participants)
        elif how == "training_hours":
            x.fact(text, "computed_value", row, "hours", hours_atoms(a))
            x.fact(text, "computed_n", row, "participants", participants)
        elif how == "share_target_group_reached":
            x.share(text, "computed_value", row, ("participants", participants), ("staff", staff), scale=100)
            _goal_n(x, text, row, ("participants", participants), ("staff", staff))
        elif how == "share_certified":
            cert = t.certificate[(t.certificate["project_id"] == pid) & (t.certificate["date"] <= as_of)]
            held = set(zip(cert["project_id"], cert["person_id"]))
            certified = frozenset(atom for atom in participants if atom[1] in held)
            x.share(text, "computed_value", row, ("participants", certified), ("participants", participants), scale=100)
            _goal_n(x, text, row, ("participants", certified), ("participants", participants))
        elif how == "share_improved":
            improved = person_atoms(pc[pc["improved"]], "pc")
            x.share(text, "computed_value", row, ("paired", improved), ("paired", paired), scale=100)
            _goal_n(x, text, row, ("paired", improved), ("paired", paired), ("paired", paired - improved))
        elif how == "ambassadors_per_unit":
            amb = t.ambassador[(t.ambassador["project_id"] == pid) & (t.ambassador["start_date"] <= as_of)]
            # the number of departments is public (the department filter lists them)
            x.share(text, "computed_value", row, ("ambassadors", person_atoms(amb)), None,
                    base_value=t.departments.get(pid))
            x.fact(text, "computed_n", row, "ambassadors", person_atoms(amb))
        elif how == "hme_total":
            h = t.hme[(t.hme["project_id"] == pid) & (t.hme["wave"] == "follow_up") & (t.hme["survey_date"] <= as_of)]
            if len(h):
                latest = h.sort_values(["survey_date", "survey_id"]).iloc[-1]
                h = h[h["survey_id"] == latest["survey_id"]]
            x.fact(text, "computed_n", row, "hme_n:hme_total", _hme_atoms(h, "hme_total", count=True))
            n = shown(row, "computed_n")
            value = shown(row, "computed_value")
            if n is not None and value is not None:
                x.c.fact("hme_sum:hme_total", x.women_and_men(row, _hme_atoms(h, "hme_total"), "hme"), n * value, x.where(text, "computed_value×n"),
                         x.name, x.view, x.base_time)


def _goal_n(x: _Context, text, row, *candidates):
    """A share goal's computed_n counts its base, or (where the dashboard protects the share with the smaller of its
    groups) its numerator or the rest: it is recorded as the group whose size it is."""
    n = shown(row, "computed_n")
    if n is None:
        return
    for kind, atoms in candidates:
        if len(x.women_and_men(row, atoms, kind)) == n:
            x.fact(text, "computed_n", row, kind, atoms)
            return
    x.fact(text, "computed_n", row, *candidates[-1])  # none fits: reported as a mismatch


def financing(x: _Context, frame):
    p, t = x.p, x.t
    for row in _rows(frame):
        if row["financing_source"] != "deltagarlön":
            continue
        a = _paid(t, t.attendance[t.attendance["project_id"].isin(_projects(t, p["project_id"]))], p["as_of"])
        x.fact("source=deltagarlön", "actual_sek", row, "money", pay_atoms(a))
        if t.pay_in_own_month:
            x.fact("source=deltagarlön", "n", row, "participants", person_atoms(a.drop_duplicates(
            ["project_id", "person_id"])))


def budget_months(x: _Context, frame):
    p, t = x.p, x.t
    projects = _projects(t, p["project_id"])
    for row in _rows(frame):
        month = _d(row["month"])
        text = f"month={month}"
        x.fact(text, "spent_sek", row, "money", _spending_atoms(t, projects, p["as_of"], [month]), (str(month),))
        months = [m for m in {*t.ledger["month"], *t.attendance["month"]} if m <= month]
        x.fact(text, "cumulative_spent_sek", row, "money", _spending_atoms(t, projects, p["as_of"], months),
               ("to " + str(month),))


def _period_months(start: dt.date, unit: str) -> list:
    count = {"month": 1, "quarter": 3, "year": 12}[unit]
    out, year, month = [], start.year, start.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def budget_by_heading(x: _Context, frame):
    p, t = x.p, x.t
    projects = _projects(t, p["project_id"])
    for row in _rows(frame):
        period, heading = _d(row["period"]), row["cost_heading"]
        months = [m for m in _period_months(period, p["period_unit"]) if m <= p["as_of"]]
        text = f"period={period},heading={heading}"
        if heading == "deltagarlön":
            a = t.attendance[t.attendance["project_id"].isin(projects) & t.attendance["project_id"].isin(t.budgeted)
                             & t.attendance["pay_month"].isin(months)]
            x.fact(text, "spent_sek", row, "money", pay_atoms(a), (str(period),))
            if t.pay_in_own_month:
                x.fact(text, "n", row, "participants", person_atoms(a.drop_duplicates(["project_id", "person_id"])),
                       (str(period),))
        else:
            led = t.ledger[t.ledger["project_id"].isin(projects) & (t.ledger["cost_heading"] == heading)
                           & t.ledger["month"].isin(months)]
            x.fact(text, "spent_sek", row, "money", ledger_atoms(led), (str(period),))


def budget_heading_totals(x: _Context, frame):
    p, t = x.p, x.t
    projects = _projects(t, p["project_id"])
    for row in _rows(frame):
        heading = row["cost_heading"]
        text = f"heading={heading}"
        column = "period_spent_sek" if "period_spent_sek" in row.index else "spent_sek"
        after = p["as_of"]
        before = p.get("spent_before")
        if heading == "deltagarlön":
            a = _paid(t, t.attendance[t.attendance["project_id"].isin(projects)
                                      & t.attendance["project_id"].isin(t.budgeted)], after, before)
            x.fact(text, column, row, "money", pay_atoms(a))
            if before is None and t.pay_in_own_month:
                x.fact(text, "n", row, "participants", person_atoms(a.drop_duplicates(["project_id", "person_id"])))
        else:
            led = t.ledger[t.ledger["project_id"].isin(projects) & (t.ledger["cost_heading"] == heading)
                           & (t.ledger["month"] <= after)]
            if before is not None:
                led = led[led["month"] > before]
            x.fact(text, column, row, "money", ledger_atoms(led))


HME_INDICES = ("hme_total", "motivation", "ledarskap", "styrning")


def _hme_atoms(h: pd.DataFrame, index: str, count: bool = False) -> frozenset:
    h = h[h[index].notna()]
    if count:
        return frozenset(("h", (p, r), s, 1) for p, r, s in zip(h["project_id"], h["respondent_id"], h["survey_id"]))
    return frozenset(("h", (p, r), s, float(v)) for p, r, s, v in
                     zip(h["project_id"], h["respondent_id"], h["survey_id"], h[index]))


def _row_key(frame, dimension, all_projects):
    if dimension == "gender":
        return frame["gender"].astype(str)
    if dimension == "role":
        return frame["role"].fillna("?").astype(str)
    if all_projects:
        return frame["project_id"].astype(str)
    return frame["department_id"].fillna("?").astype(str)


def hme_index(x: _Context, frame):
    p, t = x.p, x.t
    h = t.hme[t.in_selection(t.hme, p["project_id"], p["municipality"], p["department_id"])
              & (t.hme["survey_date"] <= p["as_of"])]
    if p.get("gender") is not None:
        h = h[h["gender"] == p["gender"]]
    h = h.assign(key=_row_key(h, p["dimension"], p["project_id"] is None))
    for row in _rows(frame):
        group = h[h["wave"] == row["wave"]]
        if row["level"] != "total":
            group = group[group["key"] == str(row["group_key"])]
        index = row["hme_index"]
        text = f"wave={row['wave']},group={row['group_key']},index={index}"
        x.fact(text, "respondents", row, f"hme_n:{index}", _hme_atoms(group, index, count=True))
        n, score = shown(row, "respondents"), shown(row, "score")
        if n is not None and score is not None:
            x.c.fact(f"hme_sum:{index}", x.women_and_men(row, _hme_atoms(group, index), "hme"), n * score,
                     x.where(text, "score×respondents"), x.name, x.view, x.base_time)


def _measured(t: Truth, p: dict) -> pd.DataFrame:
    """One value per respondent (paired person, for the change) and area, as the heatmap and the spread read it."""
    if p["measure"] == "change":
        c = t.change[t.in_selection(t.change, p["project_id"], p["municipality"], p["department_id"])
                     & (t.change["follow_up_date"] <= p["as_of"]) & t.change["change"].notna()]
        c = c.assign(value=c["change"], who=c["person_id"], wave_tag="change")
    else:
        c = t.competence[t.in_selection(t.competence, p["project_id"], p["municipality"], p["department_id"])
                         & (t.competence["wave"] == p["wave"]) & (t.competence["survey_date"] <= p["as_of"])]
        c = c.assign(value=c[p["measure"]], who=c["respondent_id"], wave_tag=c["survey_id"])
        c = c[c["value"].notna()]
    if p.get("gender") is not None:
        c = c[c["gender"] == p["gender"]]
    return c.assign(key=_row_key(c, p["dimension"], p["project_id"] is None))


def _competence_atoms(c: pd.DataFrame, count: bool = False) -> frozenset:
    if count:
        return frozenset(("c", (p, w), tag, 1) for p, w, tag in zip(c["project_id"], c["who"], c["wave_tag"]))
    return frozenset(("c", (p, w), tag, float(v)) for p, w, tag, v in
                     zip(c["project_id"], c["who"], c["wave_tag"], c["value"]))


def competence_heatmap(x: _Context, frame):
    p, t = x.p, x.t
    c = _measured(t, p)
    for row in _rows(frame):
        area = row["competence_area"]
        cell = c[c["competence_area"] == area]
        if row["level"] != "total":
            cell = cell[cell["key"] == str(row["row_key"])]
        text = f"row={row['row_key']},area={area}"
        kind = f"comp:{p['measure']}:{area}"
        x.fact(text, "n", row, kind + ":n", _competence_atoms(cell, count=True))
        n, value = shown(row, "n"), shown(row, "value")
        if n is not None and value is not None:
            x.c.fact(kind + ":sum", x.women_and_men(row, _competence_atoms(cell), kind), n * value,
                     x.where(text, "value×n"), x.name, x.view, x.base_time)


def competence_distribution(x: _Context, frame):
    p, t = x.p, x.t
    c = _measured(t, p)
    cell = c[c["competence_area"] == p["competence_area"]]
    if p["row_key"] != "T":
        cell = cell[cell["key"] == p["row_key"]]
    steps = (cell["value"] * 2).round() / 2
    kind = f"comp:{p['measure']}:{p['competence_area']}:n"
    for row in _rows(frame):
        text = f"step={row['step']}"
        x.fact(text, "people", row, kind, _competence_atoms(cell[np.isclose(steps, float(row["step"]))], count=True))
        x.fact(text, "cell_n", row, kind, _competence_atoms(cell, count=True))


def competence_improved(x: _Context, frame):
    p, t = x.p, x.t
    pc = t.person_change[t.in_selection(t.person_change, p["project_id"], p["municipality"], p["department_id"])
                         & (t.person_change["follow_up_date"] <= p["as_of"])]
    if p.get("gender") is not None:
        pc = pc[pc["gender"] == p["gender"]]
    pc = pc.assign(key=_row_key(pc, p["dimension"], p["project_id"] is None))
    for row in _rows(frame):
        group = pc if row["level"] == "total" else pc[pc["key"] == str(row["row_key"])]
        text = f"row={row['row_key']}"
        paired, improved = person_atoms(group, "pc"), person_atoms(group[group["improved"]], "pc")
        x.fact(text, "paired", row, "paired", paired)
        x.fact(text, "n", row, "paired", paired)
        x.share(text, "improved_share", row, ("paired", improved), ("paired", paired))
        points, target = shown(row, "points_to_target"), shown(row, "target_share")
        if points is not None and target is not None and shown(row, "improved_share") is None:
            x.c.share(("paired", improved), ("paired", paired), None, target + points / 100,
                      x.where(text, "target_share+points_to_target"), x.name, x.view, x.base_time)


def ingest_log(x: _Context, frame):
    """Load history: rows accepted per kind; for files of people a row is a person."""
    p, t = x.p, x.t
    pid = p["project_id"]
    for row in _rows(frame):
        kind = row["kind"]
        text = f"kind={kind}"
        if kind == "ambassador":
            x.fact(text, "rows_accepted", row, "ambassadors",
                   person_atoms(t.ambassador[t.ambassador["project_id"] == pid]))
        elif kind == "person":
            x.fact(text, "rows_accepted", row, "staff", person_atoms(t.person[t.person["project_id"] == pid]))
        elif kind == "validation_certificate":
            x.fact(text, "rows_accepted", row, "certified",
                   person_atoms(t.certificate[t.certificate["project_id"] == pid]))


HANDLERS = {
    "participation_by_gender": participation_by_gender,
    "participation_by_dimension": participation_by_dimension,
    "participation_over_time": participation_over_time,
    "participation_reached": participation_reached,
    "portfolio_participants": portfolio_participants,
    "portfolio_projects": portfolio_projects,
    "women_share_by_department": women_share_by_department,
    "focus_areas": focus_areas,
    "goals": goals,
    "financing": financing,
    "budget_months": budget_months,
    "budget_by_heading": budget_by_heading,
    "budget_heading_totals": budget_heading_totals,
    "hme_index": hme_index,
    "competence_heatmap": competence_heatmap,
    "competence_distribution": competence_distribution,
    "competence_improved": competence_improved,
    "ingest_log_latest": ingest_log,
    "ingest_loads": ingest_log,
}
