"""The one data-access module: runs the named queries in dashboard/queries/ on the read-only warehouse."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from dashboard import privacy

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

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with this rule's cells suppressed."""
        return privacy.suppress(frame, self.values, n=self.n, siblings=self.siblings, gender=self.gender,
                                of_total=self.of_total, overlapping=self.overlapping)


@dataclass(frozen=True)
class NamedQuery:
    """A query file: its SQL, the parameters it binds and how its cells are suppressed."""

    name: str
    sql: str
    parameters: tuple[str, ...]
    suppressions: tuple[Suppression, ...]


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
    for line in sql.splitlines():
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
    return NamedQuery(name, sql, parameters, tuple(suppressions))


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


@st.cache_data(max_entries=500, show_spinner=False)
def _fetch(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
           scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Run a named query with bound parameters and suppress its cells; cached on the filters, the projects the
    user may see and the warehouse."""
    cursor = query_cursor(_warehouse(*stamp), scope, named_query(name).sql)
    try:
        frame = cursor.execute(named_query(name).sql, dict(parameters)).df()
    finally:
        cursor.close()
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
    or an explicit tuple of project ids (None = all projects)."""
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
    bound = tuple((p, _bindable(given[p])) for p in query.parameters)
    return _fetch(name, bound, _stamp(), scope)


def project_choices() -> pd.DataFrame:
    """The projects the session may see, for the project filter (project_id, name, start_date, end_date, ...)."""
    return cells("projects")


def place_choices(project_id: str | None) -> pd.DataFrame:
    """The municipalities and departments of the target group (of one project, or all), for the sidebar filters."""
    return cells("filter_options", project_id=project_id)


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
    _warehouse.clear()
    _current.clear()
