"""The one data-access module: runs the named queries in dashboard/queries/ on the read-only warehouse."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import grid, privacy

WAREHOUSE_ENV = "STYRBORD_WAREHOUSE"
DEFAULT_WAREHOUSE = "data/warehouse"
QUERY_DIR = Path(__file__).with_name("queries")
REPO_ROOT = Path(__file__).resolve().parents[1]


class WarehouseMissing(RuntimeError):
    """The warehouse file does not exist (nothing loaded yet)."""


# What a query raises on a warehouse built by an older pipeline: a table or a column it reads is missing.
OUTDATED_WAREHOUSE = (duckdb.CatalogException, duckdb.BinderException)


@dataclass(frozen=True)
class Suppression:
    """How one query's cells are suppressed: the people count, the figures it covers, the sibling groups."""

    n: str
    values: tuple[str, ...]
    siblings: tuple[tuple[str, ...], ...]
    # `gender: COLUMN within A, B`: the column of K/M/X/T and the columns of one split (privacy.suppress)
    gender: tuple[str, tuple[str, ...]] | None = None
    # `of_total: COLUMNS`: shares of the split's total, hidden with it
    of_total: tuple[str, ...] = ()
    # `overlapping`: the siblings may share people (focus areas), so their counts do not add up
    overlapping: bool = False

    def apply(self, frame: pd.DataFrame, hidden: np.ndarray | None = None, views: str | None = None,
              across: tuple[tuple[str, ...], ...] = ()) -> pd.DataFrame:
        """The frame with this rule's cells suppressed. For a stack of views (data._family): `views` names the
        column that tells the views apart (the rule's groups and splits hold within one view), `across` adds the
        sibling groups across views, and `hidden` marks cells hidden already (a family above, a neighbour)."""
        siblings = self.siblings if views is None else tuple((views, *group) for group in self.siblings)
        gender = self.gender
        if views is not None and gender is not None:
            gender = (gender[0], (views, *gender[1]))
        return privacy.suppress(frame, self.values, n=self.n, siblings=(*siblings, *across), gender=gender,
                                of_total=self.of_total, overlapping=self.overlapping, hidden=hidden)

    @property
    def flag(self) -> str:
        """The column that marks this rule's hidden rows."""
        return privacy.hidden_column(self.values[0] if self.values else self.n)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its SQL, the parameters it binds and how its cells are suppressed."""

    name: str
    sql: str
    parameters: tuple[str, ...]
    suppressions: tuple[Suppression, ...]
    rows: tuple[str, ...] | None = None  # the columns that identify a row (`-- rows:`), else inferred


def warehouse_file() -> Path:
    """Path of warehouse.duckdb under STYRBORD_WAREHOUSE (default data/warehouse)."""
    folder = Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)
    if not folder.is_absolute() and not folder.exists():
        folder = REPO_ROOT / folder  # `make run` starts in the repository; tests may not
    return folder / "warehouse.duckdb"


@cache
def named_query(name: str) -> NamedQuery:
    """Read dashboard/queries/<name>.sql and its `-- people:` header lines."""
    sql = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    suppressions = []
    declared = False
    rows = None
    for line in sql.splitlines():
        declared_rows = re.match(r"--\s*rows:\s*(.+)$", line.strip())
        if declared_rows:
            rows = tuple(c.strip() for c in declared_rows.group(1).split(",") if c.strip())
        match = re.match(r"--\s*people:\s*(.+)$", line.strip())
        if not match:
            continue
        declared = True
        spec = match.group(1).strip()
        if spec == "none":
            continue
        suppressions.append(_suppression(name, spec))
    if not declared:
        # Every query states whether its cells count people, so no aggregate can skip suppression by accident.
        raise ValueError(f"{name}.sql saknar en rad '-- people: ...'")
    parameters = tuple(dict.fromkeys(re.findall(r"\$([a-z_]+)", sql)))
    return NamedQuery(name, sql, parameters, tuple(suppressions), rows)


def _columns(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _suppression(name: str, spec: str) -> Suppression:
    """One `-- people:` line: `n = values; siblings: a, b | c | *; gender: col within a, b; of_total: cols;
    overlapping`."""
    counted, *clauses = spec.split(";")
    n, _, values = counted.partition("=")
    siblings: list[tuple[str, ...]] = []
    gender = None
    of_total: tuple[str, ...] = ()
    overlapping = False
    for clause in clauses:
        key, _, text = clause.partition(":")
        key = key.strip()
        if key == "siblings":
            for group in text.split("|"):
                group = group.strip()
                siblings.append(() if group == "*" else _columns(group))
        elif key == "gender":
            column, _, within = text.partition(" within ")
            gender = (column.strip(), _columns(within))
        elif key == "of_total":
            of_total = _columns(text)
        elif key == "overlapping" and not text.strip():
            overlapping = True
        else:
            raise ValueError(f"{name}.sql: okänd del '{key}' i raden '-- people: {spec}'")
    return Suppression(n.strip(), _columns(values), tuple(siblings), gender, of_total, overlapping)


MACROS = Path(__file__).with_name("macros.sql")


def open_warehouse(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file, with the shared macros of dashboard/macros.sql."""
    # ATTACH from an in-memory database: duckdb.connect(path) would hand back the cached instance of the file
    # the pipeline has just replaced, and keep showing the old load. The macros live in that in-memory database,
    # which every cursor shares; the warehouse itself stays read-only.
    con = duckdb.connect()
    con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(path)])
    # table macros check the tables they name when they are created: find them in the warehouse
    con.execute("SET search_path = 'warehouse.main,memory.main'")
    for name, statement in _macros().items():
        try:
            con.execute(statement)
        except OUTDATED_WAREHOUSE:
            # a warehouse from an older pipeline lacks a table or column the macro reads; the queries that call it then
            # fail as outdated (OUTDATED_WAREHOUSE) and the page offers the upgrade
            continue
    return con


@cache
def _macros() -> dict[str, str]:
    """The statements of dashboard/macros.sql by macro name."""
    text = re.sub(r"--[^\n]*", "", MACROS.read_text(encoding="utf-8"))  # comments may hold a ';'
    statements = [s.strip() for s in text.split(";") if s.strip()]
    return {re.search(r"macro\s+memory\.main\.([a-z_0-9]+)", s).group(1): s for s in statements}


def _names_read(sql: str) -> set[str]:
    """The words of a query and of the macros it calls (and they call): every table it may read is among them."""
    words = set(re.findall(r"[a-z_0-9]+", sql.lower()))
    macros = _macros()
    seen: set[str] = set()
    while called := (words & macros.keys()) - seen:
        for name in called:
            words |= set(re.findall(r"[a-z_0-9]+", macros[name].lower()))
        seen |= called
    return words


def query_cursor(con: duckdb.DuckDBPyConnection, scope: tuple[str, ...] | None = None,
                 sql: str | None = None) -> duckdb.DuckDBPyConnection:
    """A cursor for one query: warehouse tables by their plain names, the shared macros beside them.

    With a scope (the projects the user may see), every table with a project_id (of those the SQL names, when it is
    given) is shadowed by a temporary view of the allowed projects only, so no query (filter options, the
    portfolio, all-projects totals) can read another project's rows, and suppression works on the narrowed set."""
    cursor = con.cursor()  # a cursor per query: one connection is not thread-safe
    cursor.execute("USE warehouse")
    cursor.execute("SET search_path = 'warehouse.main,memory.main'")
    if scope is not None:
        # temporary objects belong to this cursor alone and come first in name lookup
        cursor.execute("create temp table allowed_project as select unnest(?::varchar[]) as project_id", [list(scope)])
        # the tables the SQL names, directly or through the macros it calls (dashboard/macros.sql)
        named = _names_read(sql) if sql is not None else None
        for table in _project_tables(cursor):
            if named is None or table.lower() in named:
                cursor.execute(f'create temp view "{table}" as select * from warehouse.main."{table}" '
                               "where project_id in (select project_id from temp.main.allowed_project)")
    return cursor


def _project_tables(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    """The warehouse's tables and views that have a project_id column."""
    rows = cursor.execute(
        "select distinct table_name from information_schema.columns "
        "where table_catalog = 'warehouse' and table_schema = 'main' and column_name = 'project_id'").fetchall()
    return [name for (name,) in rows]


@st.cache_resource(max_entries=1, show_spinner=False)
def _warehouse(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file as it was at mtime_ns (a new load gives a new key)."""
    return open_warehouse(path)


def _stamp() -> tuple[str, int]:
    path = warehouse_file()
    if not path.exists():
        raise WarehouseMissing(str(path))
    return str(path), path.stat().st_mtime_ns


# Raw results of every view a family needs (a page's view, its siblings and parents, its neighbours one month away):
# a page's first view runs a few dozen of them, and each is kept so the next view of the same family runs none.
@st.cache_data(max_entries=4000, show_spinner=False)
def _fetch_raw(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
               scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Run a named query with bound parameters, NOT suppressed (only family code reads this); cached."""
    cursor = query_cursor(_warehouse(*stamp), scope, named_query(name).sql)
    try:
        return cursor.execute(named_query(name).sql, dict(parameters)).df()
    finally:
        cursor.close()


@st.cache_data(max_entries=500, show_spinner=False)
def _fetch(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
           scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Run a named query and suppress its cells on their own (queries that bind no filter dimension, and views
    outside every family); cached on the filters, the projects the user may see and the warehouse."""
    frame = _fetch_raw(name, parameters, stamp, scope)
    # suppression is part of the cached result: only protected frames are kept, and a rerun does not redo it
    for rule in named_query(name).suppressions:
        frame = rule.apply(frame)
    return frame


ALL_PROJECTS = None  # the scope of a user who may see every project (local mode, admin)
SCOPE_KEY = "_allowed_projects"  # where the router keeps this session's scope (set_scope)


def set_scope(projects: object) -> None:
    """The router says which projects this session may see (None = all); every later cells() call applies it."""
    st.session_state[SCOPE_KEY] = None if projects is None else tuple(sorted(projects))


def current_scope() -> tuple[str, ...] | None:
    """This session's scope; all projects outside a Streamlit run (unit tests, benchmarks)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx(suppress_warning=True) is None:
        return ALL_PROJECTS
    return st.session_state.get(SCOPE_KEY, ALL_PROJECTS)


def cells(name: str, filters: object | None = None, *, scope: object = "session", **extra: object) -> pd.DataFrame:
    """Run a named query with the filter values and return its cells already suppressed.

    Only rows of the projects in scope are read: by default the session's (set by the router from the login),
    or an explicit tuple of project ids (None = all projects). A query whose cells count people and that binds a
    filter dimension (project, municipality, department, gender) is suppressed with its family of views and
    neighbouring months (see `_protected` and docs/privacy.md), so no other view can undo its suppression."""
    if isinstance(scope, str) and scope == "session":
        scope = current_scope()
    elif scope is not None:
        scope = tuple(sorted(scope))
    query = named_query(name)
    given = dict(filters.params() if filters is not None else {})
    given.update(extra)
    missing = [p for p in query.parameters if p not in given]
    if missing:
        raise ValueError(f"{name}.sql behöver parametrarna {missing}")
    if query.suppressions and set(query.parameters) & (set(FAMILY_DIMENSIONS) | set(GRID_DATES)):
        given = _on_grid(given)
        bound = tuple((p, _bindable(given[p])) for p in query.parameters)
        return _protected(name, bound, _bindable(given.get("project_id")), _stamp(), scope)
    bound = tuple((p, _bindable(given[p])) for p in query.parameters)
    return _fetch(name, bound, _stamp(), scope)


def cells_then(name: str, now: object, then: object, *, scope: object = "session") -> pd.DataFrame:
    """The cells of an earlier view (`then`, e.g. a steering-group meeting) for showing the change to `now`: as
    cells() gives them, and also hidden where the change is about 1–4 people (the people counts differ by 1–4, or
    1–4 people were counted between the two dates), so now − then never reveals a small group."""
    shown = cells(name, then, scope=scope)
    if isinstance(scope, str) and scope == "session":
        scope = current_scope()
    elif scope is not None:
        scope = tuple(sorted(scope))
    query = named_query(name)
    stamp = _stamp()

    def raw(view_params: dict[str, object]) -> pd.DataFrame:
        on_grid = _on_grid(view_params)
        return _fetch_raw(name, tuple((p, _bindable(on_grid[p])) for p in query.parameters), stamp, scope)

    now_params, then_params = now.params(), then.params()
    frame_now, frame_then = raw(now_params), raw(then_params)
    if len(frame_then) != len(shown):
        return shown
    rows = row_columns(query, frame_then)
    keys = _row_keys(frame_then, rows)
    between = None
    if then_params["date_to"] < now_params["date_to"]:
        between = raw({**now_params, "date_from": then_params["date_to"] + dt.timedelta(days=1)})
    out = shown.copy()
    for rule in query.suppressions:
        small = _small(_people(frame_then, rule.n) - _aligned(keys, frame_now, rows, rule.n))
        if between is not None:
            small |= _small(_aligned(keys, between, rows, rule.n))
        for column in [*rule.values, rule.n]:
            if column in out.columns:
                out[column] = out[column].astype("float64").where(~small)
                flag = privacy.hidden_column(column)
                out[flag] = (out[flag].astype(bool).to_numpy() if flag in out.columns else False) | small
    return out


def project_choices() -> pd.DataFrame:
    """The projects the session may see, for the project filter (project_id, name, start_date, end_date, ...)."""
    return cells("projects")


def place_choices(project_id: str | None) -> pd.DataFrame:
    """The municipalities and departments of the target group (of one project, or all), for the sidebar filters."""
    return cells("filter_options", project_id=project_id)


def group_sizes(project_id: str | None) -> pd.DataFrame:
    """People of the target group per municipality, department and gender (of one project, or all), so the
    sidebar offers only filter values that hold 5 people or more, and leave 5 or more outside. Never shown."""
    return cells("filter_group_sizes", project_id=project_id)


def _bindable(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def warehouse_ready() -> bool:
    """True when the warehouse file exists."""
    return warehouse_file().exists()


def warehouse_current() -> bool:
    """True when the warehouse was built with this version's tables and marts (else it needs an upgrade)."""
    return _current(*_stamp())


@st.cache_data(max_entries=4, show_spinner=False)
def _current(path: str, mtime_ns: int) -> bool:
    from pipelines.warehouse import is_current

    return is_current(Path(path).parent)


def clear_caches() -> None:
    """Forget cached connections and results (tests switch between warehouses)."""
    _fetch.clear()
    _fetch_raw.clear()
    _family.clear()
    _protected.clear()
    _time_masks.clear()
    _warehouse.clear()
    _current.clear()


# Cross-view protection: suppress a family of views, then slice (docs/privacy.md).
#
# A filtered view is never suppressed on its own. Its family is the view's parent and every sibling value of the
# dimension it narrows (all projects and each project; a project and each of its municipalities; a municipality and
# each of its departments; each of these and each gender). The family's raw results are stacked with node columns
# and suppressed in one call: the query's own sibling groups within each view, and across views the same row of
# the children of one parent. A family hangs below the one above it: the cells of its parent come already hidden
# from there, and a hidden parent whose children are all shown gets its smallest child hidden too (else it is their
# sum). So whichever view asks, a cell has one pattern, and parent − child or parent − Σ shown children never
# reveals a group of 1–4 people. Every cell is also compared with the same view one month away (the grid's
# neighbours, dashboard/grid.py): a cell whose difference to a neighbour is a group of 1–4 people is hidden first.

FAMILY_DIMENSIONS = ("project_id", "municipality", "department_id", "gender")
GENDER_VALUES = ("K", "M", "X")
GRID_DATES = ("date_from", "date_to", "as_of")
Node = tuple  # (project_id, municipality, department_id, gender); None = not narrowed

_NODE = "_node"
_REL_PLACE, _REL_GENDER = "_rel_place", "_rel_gender"  # the cross-view sibling groups
_PARENT_PLACE, _PARENT_GENDER = "_parent_place", "_parent_gender"  # the node a child view adds up to
_HELPERS = (_NODE, _REL_PLACE, _REL_GENDER, _PARENT_PLACE, _PARENT_GENDER)


def _on_grid(given: dict[str, object]) -> dict[str, object]:
    """The dates of a view on the month grid: the period from a month's first day, the end and as-of at month ends."""
    out = dict(given)
    if out.get("date_from") is not None:
        out["date_from"] = grid.month_start(out["date_from"])
    for name in ("date_to", "as_of"):
        if out.get(name) is not None:
            out[name] = grid.month_end(out[name])
    return out


def row_columns(query: NamedQuery, frame: pd.DataFrame) -> list[str]:
    """The columns that identify a row of the query's result, to line up the same cell across views: the query's
    `-- rows:` header, else every column that is neither a figure nor a people count of a `-- people:` rule."""
    if query.rows is not None:
        return [c for c in query.rows if c in frame.columns]
    figures = {c for rule in query.suppressions for c in (*rule.values, rule.n)}
    return [c for c in frame.columns if c not in figures and not str(c).startswith("hidden_")]


def _row_keys(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """One hashable key per row (missing values compare equal)."""
    if not columns:
        return [()] * len(frame)
    lists = [[None if pd.isna(v) else v for v in frame[c].tolist()] for c in columns]
    return list(zip(*lists))


@st.cache_data(max_entries=64, show_spinner=False)
def _first_month(project_id: object, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dt.date | None:
    """The first month of a project (of the earliest project, for all projects): no view starts earlier."""
    try:
        projects = _fetch("projects", (), stamp, scope)
    except OUTDATED_WAREHOUSE:
        return None  # a warehouse without the project table (hand-made in tests): no earlier start is compared
    if project_id is not None:
        projects = projects[projects["project_id"] == project_id]
    starts = pd.to_datetime(projects["start_date"]).dropna()
    return grid.month_start(starts.min()) if len(starts) else None


@st.cache_data(max_entries=64, show_spinner=False)
def _place_tree(stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per project in scope: its municipalities and each one's departments (the target group's)."""
    places = _fetch("filter_group_sizes", (("project_id", None),), stamp, scope)
    tree: dict[str, dict[str, list[str]]] = {}
    for project_id, municipality, department in zip(places["project_id"], places["municipality"],
                                                    places["department_id"]):
        per_municipality = tree.setdefault(project_id, {})
        if isinstance(municipality, str) and isinstance(department, str):
            per_municipality.setdefault(municipality, []).append(department)
    return {p: {m: tuple(dict.fromkeys(d)) for m, d in sorted(ms.items())} for p, ms in sorted(tree.items())}


def _municipality_of(tree: dict, project_id: str, department_id: str) -> str | None:
    homes = [m for m, departments in tree.get(project_id, {}).items() if department_id in departments]
    return homes[0] if len(homes) == 1 else None


def _family_of(query: NamedQuery, params: dict[str, object], project_hint: object,
               tree: dict) -> tuple[tuple, Node] | None:
    """The family a view belongs to (its key) and the view's node in it, or None for a view outside every family
    (a place filter without one project, an unknown value): such a view is suppressed on its own."""
    dims = set(query.parameters) & set(FAMILY_DIMENSIONS)
    project = params.get("project_id") if "project_id" in dims else project_hint
    municipality = params.get("municipality") if "municipality" in dims else None
    department = params.get("department_id") if "department_id" in dims else None
    gender = params.get("gender") if "gender" in dims else None
    if gender is not None and gender not in GENDER_VALUES:
        return None
    if (municipality is not None or department is not None) and (project is None or project not in tree):
        return None
    if department is not None:
        home = _municipality_of(tree, project, department)
        if "municipality" in dims:
            if home is None or (municipality is not None and municipality != home):
                return None
            municipality = home
        elif not any(department in d for d in tree[project].values()):
            return None
    if municipality is not None and municipality not in tree[project]:
        return None
    if department is not None:
        return (project, municipality), (project, municipality, department, gender)
    if municipality is not None:
        return (project,), (project, municipality, None, gender)
    if "project_id" in dims:
        if project is not None and project not in tree:
            return None
        return ("*",), (project, None, None, gender)
    return (project,), (project, None, None, gender)


def _members(query: NamedQuery, key: tuple, tree: dict) -> tuple[list[Node], dict[Node, Node]]:
    """The nodes of a family, parent first, and each child's parent (place children and gender children)."""
    dims = set(query.parameters) & set(FAMILY_DIMENSIONS)
    if key == ("*",):
        parent = (None, None, None)
        places = [parent, *[(p, None, None) for p in tree]]
    elif len(key) == 1:
        project = key[0]
        parent = (project, None, None)
        municipalities = tree.get(project, {}) if project is not None else {}
        if "municipality" in dims:
            places = [parent, *[(project, m, None) for m in municipalities]]
        elif "department_id" in dims:
            places = [parent, *[(project, None, d) for ds in municipalities.values() for d in ds]]
        else:
            places = [parent]
    else:
        project, municipality = key
        parent = (project, municipality, None)
        places = [parent, *[(project, municipality, d) for d in tree[project][municipality]]]
    genders = [None, *GENDER_VALUES] if "gender" in dims else [None]
    nodes = [(*place, g) for place in places for g in genders]
    parents: dict[Node, Node] = {}
    for node in nodes:
        place, g = node[:3], node[3]
        if g is not None:
            parents[node] = (*place, None)
    return nodes, parents


def _upper(key: tuple, query: NamedQuery) -> tuple | None:
    """The family above: a municipality's family hangs below its project's, a project's below all projects'."""
    if len(key) == 2:
        return (key[0],)
    if len(key) == 1 and key != ("*",) and "project_id" in query.parameters and key[0] is not None:
        return ("*",)
    return None


def _node_params(query: NamedQuery, fixed: dict[str, object], node: Node) -> tuple[tuple[str, object], ...]:
    values = {**fixed, "project_id": node[0], "municipality": node[1], "department_id": node[2], "gender": node[3]}
    return tuple((p, values[p]) for p in query.parameters)


def _neighbours(query: NamedQuery, params: dict[str, object],
                first_month: dt.date | None) -> list[tuple[str, dict, dict | None]]:
    """The month-grid neighbours of a view: (which, the neighbour's parameters, the increment month's or None).

    The period one month shorter at its end (with the as-of date a month earlier when it closes the period), the
    period one month longer at its start (not before the project's first month: that view would be the same), and
    the as-of date one month earlier. The increment is the one month that separates the two views. Of two views a
    month apart, the one that ends later, or starts later, is the one compared (and hidden): the period from the
    project's start, the one steering groups use, needs no neighbour at its start."""
    has = set(query.parameters)
    found: list[tuple[str, dict, dict | None]] = []
    start, end, as_of = params.get("date_from"), params.get("date_to"), params.get("as_of")
    if {"date_from", "date_to"} <= has and start is not None and end is not None and start <= end:
        earlier_end = grid.previous_month_end(end)
        shorter = {**params, "date_to": earlier_end}
        if "as_of" in has and as_of is not None and as_of <= end:
            shorter["as_of"] = grid.previous_month_end(as_of)
        increment = {**params, "date_from": max(start, grid.month_start(end))}
        if earlier_end >= start:
            found.append(("end", shorter, increment))
        earlier_start = grid.month_start(grid.previous_month_end(start))
        if first_month is not None and earlier_start >= grid.month_start(first_month):
            found.append(("start", {**params, "date_from": earlier_start},
                          {**params, "date_from": earlier_start, "date_to": grid.month_end(earlier_start)}))
        if "as_of" in has and as_of is not None and as_of > end:
            earlier = grid.previous_month_end(as_of)
            found.append(("as_of", {**params, "as_of": earlier, "date_to": min(end, earlier)}, None))
    elif "as_of" in has and as_of is not None:
        earlier = grid.previous_month_end(as_of)
        if first_month is None or earlier >= first_month:
            found.append(("as_of", {**params, "as_of": earlier}, None))
    return found


def _people(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")


def _aligned(keys_now: pd.Series, other: pd.DataFrame, rows: list[str], column: str) -> np.ndarray:
    """The other view's people in each row of this view (0 where the row is missing there)."""
    if column not in other.columns or other.empty:
        return np.zeros(len(keys_now))
    lookup: dict[object, float] = {}
    for key, value in zip(_row_keys(other, rows), _people(other, column)):
        lookup.setdefault(key, value)
    return np.array([lookup.get(key, 0.0) for key in keys_now], dtype="float64")


def _small(people: np.ndarray) -> np.ndarray:
    people = np.nan_to_num(np.abs(people), nan=0.0)
    return (people >= 1) & (people <= privacy.MIN_PEOPLE - 1)


# Chains of unchanged months can be followed back (a count equal to a hidden neighbour's is hidden too) for these
# kinds of neighbour, at most CHAIN_MONTHS months. Off: on the demo projects a straggler or two in a late month
# hid the politicians' headline figures for the rest of the project (docs/privacy.md, known limits).
CHAIN_MONTHS = 24
CHAINED: tuple[str, ...] = ()


@st.cache_data(max_entries=4000, show_spinner=False)
def _time_masks(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
                scope: tuple[str, ...] | None, kind: str | None = None, _depth: int = 0) -> tuple[np.ndarray, ...]:
    """Per suppression rule: the rows of the view whose difference to a month-grid neighbour is a group of 1–4
    people (the people counts differ by 1–4, or 1–4 people were counted in the month between the two views).

    A row the neighbour's month left unchanged has the neighbour's value, so it is hidden where the neighbour's is
    (followed back month by month: a chain of small steps never telescopes into a shown difference). `kind`
    follows one kind of neighbour (end, start, as_of) along such a chain."""
    query = named_query(name)
    frame = _fetch_raw(name, parameters, stamp, scope)
    masks = [np.zeros(len(frame), dtype=bool) for _ in query.suppressions]
    if frame.empty:
        return tuple(masks)
    rows = row_columns(query, frame)
    keys = _row_keys(frame, rows)
    params = dict(parameters)
    for which, neighbour, increment in _neighbours(query, params, _first_month(params.get("project_id"), stamp, scope)):
        if kind is not None and which != kind:
            continue
        then_parameters = tuple((p, _bindable(neighbour[p])) for p in query.parameters)
        then = _fetch_raw(name, then_parameters, stamp, scope)
        between = (None if increment is None else
                   _fetch_raw(name, tuple((p, _bindable(increment[p])) for p in query.parameters), stamp, scope))
        unchanged = []
        for i, rule in enumerate(query.suppressions):
            now = _people(frame, rule.n)
            moved = now - _aligned(keys, then, rows, rule.n)
            came = _aligned(keys, between, rows, rule.n) if between is not None else np.zeros(len(frame))
            masks[i] |= _small(moved) | _small(came)
            # the count is the same as the neighbour's: where that one is hidden, this one would give it away
            unchanged.append((np.nan_to_num(moved) == 0) & (np.nan_to_num(now) >= 1))
        if not any(u.any() for u in unchanged):
            continue
        if which not in CHAINED or _depth >= CHAIN_MONTHS or "gender" in query.parameters:
            continue
        earlier = _time_masks(name, then_parameters, stamp, scope, which, _depth + 1)
        then_keys = _row_keys(then, rows)
        for i, u in enumerate(unchanged):
            hidden_then = {key: bool(flag) for key, flag in zip(then_keys, earlier[i])}
            masks[i] |= u & np.array([hidden_then.get(key, False) for key in keys], dtype=bool)
    return tuple(masks)


@st.cache_data(max_entries=400, show_spinner=False)
def _family(name: str, fixed: tuple[tuple[str, object], ...], key: tuple, stamp: tuple[str, int],
            scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Every view of one family, stacked (node columns) and suppressed together; cached per family."""
    query = named_query(name)
    tree = _place_tree(stamp, scope)
    fixed_values = dict(fixed)
    nodes, gender_parent = _members(query, key, tree)
    frames, forced = [], []
    parent_place = nodes[0][:3]
    upper = _upper(key, query)
    upper_frame = _family(name, fixed, upper, stamp, scope) if upper is not None else None
    for node in nodes:
        params = _node_params(query, fixed_values, node)
        frame = _fetch_raw(name, params, stamp, scope)
        rows = row_columns(query, frame)
        masks = list(_time_masks(name, params, stamp, scope))
        if upper_frame is not None and node[:3] == parent_place:
            # the parent's cells as the family above hid them
            above = upper_frame[upper_frame[_NODE] == _node_id(node)]
            for i, rule in enumerate(query.suppressions):
                if len(above) == len(frame) and rule.flag in above.columns:
                    masks[i] |= above[rule.flag].to_numpy(dtype=bool)
        # a child's parent: the parent place with the same gender, and the same place without a gender
        place_parent = _node_id((*parent_place, node[3])) if node[:3] != parent_place else ""
        gender_of = _node_id(gender_parent[node]) if node in gender_parent else ""
        frames.append(frame.assign(**{
            _NODE: _node_id(node),
            _REL_PLACE: f"place:{place_parent}" if place_parent else f"self:{_node_id(node)}",
            _REL_GENDER: f"gender:{gender_of}" if gender_of else f"self:{_node_id(node)}",
            _PARENT_PLACE: place_parent,
            _PARENT_GENDER: gender_of,
        }))
        forced.append(masks)
    stacked = pd.concat(frames, ignore_index=True)
    rows = row_columns(query, frames[0])
    node_of = stacked[_NODE].to_numpy()
    parents = {kind: stacked[kind].to_numpy() for kind in (_PARENT_PLACE, _PARENT_GENDER)}
    keys = _row_keys(stacked, rows)
    position = {(node, k): i for i, (node, k) in enumerate(zip(node_of, keys))}
    portfolio = key == ("*",)
    out = stacked
    for i, rule in enumerate(query.suppressions):
        must = np.concatenate([masks[i] for masks in forced])
        people = _people(stacked, rule.n)
        across = [(*rows, _REL_GENDER)]
        if portfolio:
            # projects are not hidden for each other: a project's own page comes first, and the all-projects
            # cell is hidden instead wherever the hidden projects hold 1–4 people (all − Σ shown projects)
            exposed = parents[_PARENT_PLACE]
        else:
            across.append((*rows, _REL_PLACE))
        while True:
            result = rule.apply(out, hidden=must, views=_NODE, across=tuple(across))
            hidden = result[rule.flag].to_numpy(dtype=bool)
            uncovered = _uncovered_parents(hidden, people, parents, keys, position)
            if portfolio:
                uncovered |= _exposed_parents(hidden, people, exposed, keys, position)
            if not (uncovered & ~hidden).any():
                break
            must = must | hidden | uncovered
        out = result
    return out


def _children(parent_of: np.ndarray, keys: list[tuple]) -> dict[tuple, list[int]]:
    """The child cells of each parent cell: (parent node, row key) → positions."""
    children: dict[tuple, list[int]] = {}
    for i, parent in enumerate(parent_of):
        if parent:
            children.setdefault((parent, keys[i]), []).append(i)
    return children


def _uncovered_parents(hidden: np.ndarray, people: np.ndarray, parents: dict[str, np.ndarray], keys: list[tuple],
                       position: dict) -> np.ndarray:
    """The smallest child of each hidden parent cell whose children are all shown (they would add up to it)."""
    extra = np.zeros(len(hidden), dtype=bool)
    for parent_of in parents.values():
        for (parent, key), members in _children(parent_of, keys).items():
            at = position.get((parent, key))
            if at is None or not hidden[at] or any(hidden[i] for i in members):
                continue
            eligible = [i for i in members if not (people[i] == 0)]
            if eligible:
                extra[min(eligible, key=lambda i: (np.nan_to_num(people[i], nan=np.inf), i))] = True
    return extra


def _exposed_parents(hidden: np.ndarray, people: np.ndarray, parent_of: np.ndarray, keys: list[tuple],
                     position: dict) -> np.ndarray:
    """The parent cells whose hidden children hold 1–4 people together (parent − Σ shown children gives them)."""
    extra = np.zeros(len(hidden), dtype=bool)
    for (parent, key), members in _children(parent_of, keys).items():
        at = position.get((parent, key))
        if at is None or hidden[at]:
            continue
        held = sum(np.nan_to_num(people[i], nan=0.0) for i in members if hidden[i])
        if 1 <= held <= privacy.MIN_PEOPLE - 1:
            extra[at] = True
    return extra


def _node_id(node: Node) -> str:
    return "|".join("\u2205" if part is None else str(part) for part in node)


@st.cache_data(max_entries=500, show_spinner=False)
def _protected(name: str, parameters: tuple[tuple[str, object], ...], project_hint: object,
               stamp: tuple[str, int], scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One view's cells, suppressed with its family and its month-grid neighbours."""
    query = named_query(name)
    params = dict(parameters)
    tree = _place_tree(stamp, scope)
    found = _family_of(query, params, project_hint, tree)
    if found is None:
        # outside every family (e.g. a place filter with all projects, which the sidebar never offers): on its own,
        # and with its neighbours
        frame = _fetch_raw(name, parameters, stamp, scope)
        masks = _time_masks(name, parameters, stamp, scope)
        for rule, mask in zip(query.suppressions, masks):
            frame = rule.apply(frame, hidden=mask)
        return frame
    key, node = found
    fixed = tuple((p, v) for p, v in parameters if p not in FAMILY_DIMENSIONS)
    family = _family(name, fixed, key, stamp, scope)
    view = family[family[_NODE] == _node_id(node)]
    return view.drop(columns=list(_HELPERS)).reset_index(drop=True)
