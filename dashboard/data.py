"""The one data-access module: runs the named queries in dashboard/queries/ on the read-only warehouse."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import grid, memo, privacy, stored

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
    # `cumulative: COLUMN by A, B`: the people are a running total along the column within each A, B (released)
    cumulative: tuple[str, tuple[str, ...]] | None = None

    def apply(self, frame: pd.DataFrame, hidden: np.ndarray | None = None, views: str | None = None,
              across: tuple[tuple[str, ...], ...] = (), protects: np.ndarray | None = None,
              known: np.ndarray | None = None) -> pd.DataFrame:
        """The frame with this rule's cells suppressed. For a stack of views (data._family): `views` names the
        column that tells the views apart (the rule's groups and splits hold within one view), `across` adds the
        sibling groups across views, and `hidden` marks cells hidden already (a family above, a neighbour)."""
        siblings = self.siblings if views is None else tuple((views, *group) for group in self.siblings)
        gender = self.gender
        if views is not None and gender is not None:
            gender = (gender[0], (views, *gender[1]))
        # a running total (`cumulative`) is released along the months by data._time_masks, on the view that runs to
        # the anchor, so every period end gives the same releases
        return privacy.suppress(frame, self.values, n=self.n, siblings=(*siblings, *across), gender=gender,
                                of_total=self.of_total, overlapping=self.overlapping, hidden=hidden,
                                protects=protects, known=known)

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
    # `-- internal:` the data layer reads it for the protection itself; cells() never hands it to a page
    internal: bool = False
    # `-- helpers: a, b`: people counts only the suppression reads; cells() drops them, so no page gets them
    helpers: tuple[str, ...] = ()
    # `-- projects: one`: shown within one project only (a running total); cells() refuses all projects, and a
    # project's family is its own, below no portfolio (_family_of, _upper)
    one_project: bool = False
    # `-- months: COLUMN`: each row is one month (COLUMN, its first day) and counts only that month's records within
    # the period, so a view is the rows of a longer view of the same selection that fall in its months
    # (_month_sources: one statement for a walk's months, not one a month)
    months: str | None = None


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
    internal = False
    helpers: tuple[str, ...] = ()
    one_project = False
    months = None
    for line in sql.splitlines():
        if re.match(r"--\s*internal:", line.strip()):
            internal = True
        declared_months = re.match(r"--\s*months:\s*([a-z_]+)\s*$", line.strip())
        if declared_months:
            months = declared_months.group(1)
        declared_projects = re.match(r"--\s*projects:\s*(.+)$", line.strip())
        if declared_projects:
            if declared_projects.group(1).strip() != "one":
                raise ValueError(f"{name}.sql: '-- projects:' tar bara värdet 'one'")
            one_project = True
        declared_helpers = re.match(r"--\s*helpers:\s*(.+)$", line.strip())
        if declared_helpers:
            helpers = _columns(declared_helpers.group(1))
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
    if one_project and "project_id" not in parameters:
        raise ValueError(f"{name}.sql: '-- projects: one' kräver parametern $project_id")
    if months is not None and not {"date_from", "date_to"} <= set(parameters):
        raise ValueError(f"{name}.sql: '-- months:' kräver parametrarna $date_from och $date_to")
    return NamedQuery(name, sql, parameters, tuple(suppressions), rows, internal, helpers, one_project, months)


def _columns(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _suppression(name: str, spec: str) -> Suppression:
    """One `-- people:` line: `n = values; siblings: a, b | c | *; gender: col within a, b; of_total: cols;
    overlapping; cumulative: col by a, b`."""
    counted, *clauses = spec.split(";")
    n, _, values = counted.partition("=")
    siblings: list[tuple[str, ...]] = []
    gender = None
    of_total: tuple[str, ...] = ()
    overlapping = False
    cumulative = None
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
        elif key == "cumulative":
            along, _, within = text.partition(" by ")
            cumulative = (along.strip(), _columns(within))
        else:
            raise ValueError(f"{name}.sql: okänd del '{key}' i raden '-- people: {spec}'")
    return Suppression(n.strip(), _columns(values), tuple(siblings), gender, of_total, overlapping, cumulative)


MACROS = Path(__file__).with_name("macros.sql")


DASHBOARD_MEMORY_ENV = "STYRBORD_DASHBOARD_MEMORY"


def open_warehouse(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file, with the shared macros of dashboard/macros.sql."""
    # ATTACH from an in-memory database: duckdb.connect(path) would hand back the cached instance of the file
    # the pipeline has just replaced, and keep showing the old load. The macros live in that in-memory database,
    # which every cursor shares; the warehouse itself stays read-only.
    # DuckDB's own defaults are 80 % of the machine's memory and every core, for each server process: set
    # deliberately instead (STYRBORD_DASHBOARD_MEMORY, default 2GB): one page of one project on the national
    # warehouse once grew a process to 19 GB (issue 13). Beyond the limit DuckDB spills to the system's temporary
    # folder, not to `.tmp` in the working directory (its default: a clone of Styrbord when `make run` starts it).
    con = duckdb.connect(config={"memory_limit": os.environ.get(DASHBOARD_MEMORY_ENV, "").strip() or "2GB",
                                 "temp_directory": str(Path(tempfile.gettempdir()) / "styrbord-duckdb")})
    con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(path)])
    # table macros check the tables they name when they are created: find them in the warehouse
    con.execute("SET search_path = 'warehouse.main,memory.main'")
    for name, statement in [*_macros().items(), *_named_twins().items()]:
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


NAMED = "__named"  # the suffix of the macros' twins for views that each name a project (_named_twins)


@cache
def _named_twins() -> dict[str, str]:
    """Each macro of macros.sql again, for a batch whose views each name a project (data._lateral). There the chosen
    project is never NULL, so the twin of project_chosen is the plain equality it then is (`NULL is null or ...` is
    false or ..., the same value whatever the row holds), and DuckDB joins each view to its own project's rows on
    it. The OR of project_chosen cannot be joined on: every view met every project's rows (the all-projects walks on
    the national warehouse: about 12 s a statement of 500 views). Only a query with a $project_id parameter gets
    the twins, and it passes $project_id wherever a macro takes the chosen project (tests/dashboard/test_queries.py)."""
    twins = {}
    for name, statement in _macros().items():
        if name == "project_chosen":
            statement = (f"create or replace macro memory.main.project_chosen{NAMED}(row_project, chosen_project) as "
                         "row_project = chosen_project")
        else:
            statement = _calling_twins(statement)
        twins[name + NAMED] = statement
    return twins


def _calling_twins(sql: str) -> str:
    """The SQL with every call of a macro of macros.sql (its definition's name too) made a call of its twin."""
    calls = re.compile(r"\b(" + "|".join(sorted(_macros(), key=len, reverse=True)) + r")\s*\(")
    return calls.sub(lambda m: f"{m.group(1)}{NAMED}(", sql)


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


# Raw results of every view a family needs (a page's view, its siblings and parents, its walks back month by month):
# a page's first view needs a few thousand of them. They are fetched in batches (`_prefetch`: one statement runs the
# query for every view at once) and kept, a batch as one frame, in a bounded cache of this process, so the next view
# of the same family runs none. A view's own frame is cut out of its batch when it is read; the walks (_time_masks)
# read a batch's people counts as arrays without cutting. The cache hands out copies: nothing a caller does to a
# frame reaches the cache.
BATCH_ENTRIES = 400  # batches kept (a family's views and walks are one batch)
VIEW_ENTRIES = 6000  # views cut out of them, and views run alone in the query's own order
CHUNK = 500  # views per statement
ALONE_FROM_PROJECTS = 50  # from this many projects in scope, a batch runs its views of all projects one by one
_lock = threading.RLock()
_UNBATCHABLE: set[str] = set()  # queries DuckDB cannot run laterally (e.g. a correlated IN of several columns)
IN_FLIGHT_WAIT = 300  # seconds a session waits for another's statement before it reads on without it
_in_flight: dict[tuple, threading.Event] = {}  # views being fetched right now → set when their batch is kept


@dataclass
class _Batch:
    """The result of one query for many views: rows in canonical order (_canonical) view after view, `bounds[j]`
    the first row of view j, and per row the code of its row key (equal keys, equal codes, in every batch of the
    query), so a view's rows line up with another view's without Python loops."""

    frame: pd.DataFrame
    bounds: np.ndarray
    codes: np.ndarray
    numbers: dict[str, np.ndarray]

    def months(self, column: str) -> np.ndarray:
        """A `-- months:` query's month column as days (datetime64[D]), read once per batch."""
        key = f"\0months:{column}"
        if key not in self.numbers:
            self.numbers[key] = pd.to_datetime(self.frame[column]).to_numpy().astype("datetime64[D]")
        return self.numbers[key]

    def people(self, column: str) -> np.ndarray:
        if column not in self.numbers:
            values = self.frame[column] if column in self.frame.columns else pd.Series(np.nan, index=self.frame.index)
            self.numbers[column] = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
        return self.numbers[column]


_batches: OrderedDict[int, _Batch] = OrderedDict()
_located: dict[tuple, tuple[int, int]] = {}  # (name, view, stamp, scope) → (batch id, view index in it)
_views: OrderedDict[tuple, pd.DataFrame] = OrderedDict()  # frames cut out of a batch, and ordered lone runs
_key_codes: dict[str, dict[tuple, int]] = {}  # per query: row key → code
_batch_ids = iter(range(1, 1 << 62))


def _raw_key(name: str, parameters: tuple, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> tuple:
    return name, parameters, stamp, scope


def _keep(store: OrderedDict, key: object, value: object, entries: int) -> None:
    with _lock:
        store[key] = value
        store.move_to_end(key)
        while len(store) > entries:
            store.popitem(last=False)


def _where(key: tuple) -> tuple[_Batch, int] | None:
    """The batch a view's rows are in, and its index there (None when not fetched, or its batch was dropped)."""
    with _lock:
        found = _located.get(key)
        if found is None:
            return None
        batch = _batches.get(found[0])
        if batch is None:
            del _located[key]
            return None
        _batches.move_to_end(found[0])
        return batch, found[1]


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """A view's columns as a lone run of the query gives them, whatever other views a batch ran with it: a column
    with no value is None (object), an integer column without a missing value is int64. (A batch types a column
    over all its views: a view's all-empty text column arrives as missing strings, or as NaN beside None when the
    batch ran in parts, its whole numbers as a nullable integer when another view had a missing one.)"""
    out = frame
    for column in frame.columns:
        values = frame[column]
        empty = values.isna().all() if len(values) else False
        if empty and (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)) \
                and not all(v is None for v in values):
            out = out if out is not frame else frame.copy()
            out[column] = pd.Series([None] * len(values), index=values.index, dtype=object)
        elif isinstance(values.dtype, pd.Int64Dtype) and len(values) and not values.isna().any():
            out = out if out is not frame else frame.copy()
            out[column] = values.astype("int64")
    return out


def _canonical(name: str, frame: pd.DataFrame, first: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows in one order that depends on their contents only (after the `first` columns: by the row keys, then
    every column), so a view's rows come the same way from any batch, and masks kept by position (_time_masks)
    fit it however it was fetched."""
    if len(frame) < 2:
        return frame.reset_index(drop=True)
    rows = row_columns(named_query(name), frame)
    by = [*first, *rows, *[c for c in frame.columns if c not in rows and c not in first]]
    try:
        return frame.sort_values(by, kind="mergesort", na_position="last").reset_index(drop=True)
    except TypeError:  # values of a column that do not compare (never in the named queries): keep the given order
        return frame.reset_index(drop=True)


def _codes(name: str, frame: pd.DataFrame) -> np.ndarray:
    """The code of each row's key (row_columns), the same for the same key in every batch of the query."""
    keys = _row_keys(frame, [c for c in row_columns(named_query(name), frame) if c != "_view"])
    with _lock:
        known = _key_codes.setdefault(name, {})
        return np.fromiter((known.setdefault(k, len(known)) for k in keys), dtype=np.int64, count=len(keys))


def _fetch_raw(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
               scope: tuple[str, ...] | None = None, ordered: bool = False, *, copy: bool = True) -> pd.DataFrame:
    """Run a named query with bound parameters, NOT suppressed (only family code reads this); cached.

    The rows come in a canonical order (_canonical) as a batch gives them: family code lines rows up by their keys.
    With `ordered` they come in the query's own order (its ORDER BY), as a page shows them: a lone run. A caller
    that only reads the rows' keys may take the kept frame itself (`copy=False`) and must never change it."""
    key = (*_raw_key(name, parameters, stamp, scope), ordered)
    with _lock:
        frame = _views.get(key)
        if frame is not None:
            _views.move_to_end(key)
            return frame.copy() if copy else frame
    if ordered:
        frame = _normalised(_run_alone(name, parameters, stamp, scope))
    else:
        found = _where(key[:-1])
        if found is None:
            _prefetch(name, [parameters], stamp, scope)
            found = _where(key[:-1])
        batch, j = found
        frame = batch.frame.iloc[batch.bounds[j]:batch.bounds[j + 1]].drop(columns=["_view"])
        frame = _normalised(frame.reset_index(drop=True))
    _keep(_views, key, frame, VIEW_ENTRIES)
    return frame.copy() if copy else frame


def _run_alone(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
               scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One named query with bound parameters, run once and kept nowhere (the callers keep what they need)."""
    sql = named_query(name).sql
    cursor = query_cursor(_warehouse(*stamp), scope, sql)
    try:
        return cursor.execute(sql, dict(parameters)).df()
    finally:
        cursor.close()


def _sql_type(values: list[object]) -> str:
    """The DuckDB type of one parameter's values across a batch (None binds as any type)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, dt.date) for v in present):
        return "date"
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "bigint"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "double"
    return "varchar"


def _prefetch(name: str, views: list[tuple[tuple[str, object], ...]], stamp: tuple[str, int],
              scope: tuple[str, ...] | None) -> None:
    """Run a named query for many views in one statement (CHUNK views each) and keep the result as one batch.

    The views' parameters become the columns of a VALUES table, and the query runs once per row as a LATERAL
    subquery (its `$name` parameters read that row's columns), so DuckDB plans and scans once for all of them:
    the same rows as one execute per view (tests/dashboard/test_batched_queries.py), about ten times faster, though
    not in the query's order (DuckDB drops an ORDER BY inside a lateral subquery: _canonical orders them). A query
    DuckDB cannot run that way runs view by view, into a batch all the same."""
    query = named_query(name)
    wanted, others = [], []
    with _lock:
        # a view another session is fetching right now is waited for, not fetched twice (twenty sessions opening
        # the same page at once would otherwise each run the same statements, and hold their results at once)
        for view in dict.fromkeys(views):
            key = _raw_key(name, view, stamp, scope)
            if _where(key) is not None:
                continue
            if key in _in_flight:
                others.append(_in_flight[key])
            else:
                wanted.append(view)
        done = threading.Event()
        for view in wanted:
            _in_flight[_raw_key(name, view, stamp, scope)] = done
    try:
        run, sliced = _month_sources(name, query, wanted, stamp, scope) if query.months and wanted else (wanted, {})
        if run:
            _run_batch(name, query, run, stamp, scope)
        if sliced:
            _keep_sliced(name, query, sliced, stamp, scope)
    finally:
        with _lock:
            for view in wanted:
                _in_flight.pop(_raw_key(name, view, stamp, scope), None)
        done.set()
    for event in dict.fromkeys(others):
        # (a view whose fetch failed or was dropped since is fetched again by whoever reads it)
        event.wait(timeout=IN_FLIGHT_WAIT)


def _run_batch(name: str, query: NamedQuery, wanted: list[tuple[tuple[str, object], ...]], stamp: tuple[str, int],
               scope: tuple[str, ...] | None) -> None:
    """_prefetch's statement for the views no one has fetched, kept as one batch."""
    cursor = query_cursor(_warehouse(*stamp), scope, query.sql)

    def alone(j: int) -> pd.DataFrame:
        return cursor.execute(query.sql, dict(wanted[j])).df().assign(_view=j)

    try:
        parts = []
        # one view runs alone: a lateral statement cannot prune the partitions by its project (one view of goals
        # for a national project: about 1 s laterally, 0.07 s alone)
        if len(wanted) > 1 and query.parameters and name not in _UNBATCHABLE and _batchable(query.sql):
            # the views that name a project share statements, and join on their project there (_named_twins). The
            # views of all projects go apart; in a large portfolio each runs alone: laterally each one met every
            # project's rows again (six months of the heatmap for all national projects: 100 s laterally, 6.2 s
            # alone; goals 66 s against 22 s), while in a small one a statement each costs more than it saves
            everyone = [j for j, view in enumerate(wanted)
                        if "project_id" in query.parameters and dict(view)["project_id"] is None]
            named = [j for j in range(len(wanted)) if j not in set(everyone)]
            try:
                large = len(_place_tree(stamp, scope)) >= ALONE_FROM_PROJECTS
            except OUTDATED_WAREHOUSE:  # a warehouse without the target group's places (hand-made in tests)
                large = False
            try:
                for group in ([[j] for j in everyone] if large else [everyone]) + [named]:
                    for start in range(0, len(group), CHUNK):
                        chunk = group[start:start + CHUNK]
                        if len(chunk) == 1:
                            parts.append(alone(chunk[0]))
                        elif chunk:
                            part = _lateral(cursor, query, [wanted[j] for j in chunk])
                            parts.append(part.assign(_view=np.asarray(chunk)[part["_view"].to_numpy(dtype=np.int64)]))
            except (duckdb.NotImplementedException, duckdb.BinderException):
                _UNBATCHABLE.add(name)
                parts = []
        if not parts:
            parts = [alone(j) for j in range(len(wanted))]
    finally:
        cursor.close()
    result = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    _keep_batch(name, wanted, _canonical(name, result, first=("_view",)), None, stamp, scope)


def _keep_batch(name: str, wanted: list[tuple[tuple[str, object], ...]], result: pd.DataFrame,
                codes: np.ndarray | None, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> None:
    """Keep the rows of `wanted` (canonical, view j's rows marked _view = j) as one batch, and where each view is."""
    bounds = np.searchsorted(result["_view"].to_numpy(), np.arange(len(wanted) + 1), side="left")
    batch = _Batch(result, bounds, _codes(name, result) if codes is None else codes, {})
    batch_id = next(_batch_ids)
    with _lock:
        _keep(_batches, batch_id, batch, BATCH_ENTRIES)
        for j, view in enumerate(wanted):
            _located[_raw_key(name, view, stamp, scope)] = (batch_id, j)
        if len(_located) > 20 * VIEW_ENTRIES:  # forget the views of dropped batches
            for key in [k for k, (b, _) in _located.items() if b not in _batches]:
                del _located[key]


# (query, selection, stamp, scope) → the longer views run to cut shorter ones out of (_month_sources)
_month_kept: OrderedDict[tuple, list[tuple]] = OrderedDict()


def _period(view: tuple[tuple[str, object], ...]) -> tuple[object, object]:
    given = dict(view)
    return given["date_from"], given["date_to"]


def _covers(source: tuple[tuple[str, object], ...], view: tuple[tuple[str, object], ...]) -> bool:
    """Whether a view of a `-- months:` query is the rows of `source` (the same selection, a longer period) in its
    months: every month it has is whole in both or cut at the same day. So its start is the source's, or a month's
    first day within the source's period; its end is the source's, or a month's last day within it."""
    (start, end), (first, last) = _period(view), _period(source)
    if not all(isinstance(day, dt.date) for day in (start, end, first, last)) or start > end:
        return False
    return ((start == first or (first <= start and start.day == 1))
            and (end == last or (end <= last and end == grid.month_end(end))))


def _month_sources(name: str, query: NamedQuery, wanted: list[tuple[tuple[str, object], ...]],
                   stamp: tuple[str, int], scope: tuple[str, ...] | None
                   ) -> tuple[list[tuple[tuple[str, object], ...]], dict[tuple, tuple]]:
    """For a `-- months:` query: the views to run, and the views to cut out of a longer view of the same selection
    (view → that view). A walk's month steps and the months between them (_time_masks) are hundreds of views of one
    selection: one statement runs from the earliest start to the latest end, and each is its months' rows (all
    projects' participation_over_time on the national warehouse: 1,367 statements of 0.2 s each before). A longer view
    run before is used while its batch is kept."""
    selection = {view: tuple((p, v) for p, v in view if p not in ("date_from", "date_to")) for view in wanted}
    groups: dict[tuple, list[tuple]] = {}
    for view in wanted:
        groups.setdefault(selection[view], []).append(view)
    run: list[tuple] = []
    sliced: dict[tuple, tuple] = {}
    for chosen, views in groups.items():
        key = (name, chosen, stamp, scope)
        with _lock:
            known = [s for s in _month_kept.get(key, []) if _where(_raw_key(name, s, stamp, scope)) is not None]
        pending = []
        for view in views:
            source = next((s for s in known if _covers(s, view)), None)
            if source is None:
                pending.append(view)
            else:
                sliced[view] = source
        periods = [_period(view) for view in pending]
        if len(pending) < 2 or not all(isinstance(day, dt.date) for period in periods for day in period):
            run += pending
            continue
        longest = {"date_from": min(a for a, _ in periods), "date_to": max(b for _, b in periods)}
        source = tuple((p, longest.get(p, v)) for p, v in pending[0])
        derived = [view for view in pending if view != source and _covers(source, view)]
        if not derived:
            run += pending
            continue
        if source in pending or _where(_raw_key(name, source, stamp, scope)) is None:
            run.append(source)
        cut = set(derived)
        run += [view for view in pending if view != source and view not in cut]
        sliced.update((view, source) for view in derived)
        _keep(_month_kept, key, [source, *known][:8], VIEW_ENTRIES)
    return list(dict.fromkeys(run)), sliced


def _keep_sliced(name: str, query: NamedQuery, sliced: dict[tuple, tuple], stamp: tuple[str, int],
                 scope: tuple[str, ...] | None) -> None:
    """Keep each view of `sliced` as its months' rows of its longer view (_month_sources), as one batch: per longer
    view one take of the rows every view cut out of it needs (tens of thousands of views in a national walk)."""
    wanted = list(sliced)
    by_source: dict[tuple, list[int]] = {}
    for j, view in enumerate(wanted):
        by_source.setdefault(sliced[view], []).append(j)
    frames, codes = [], []
    for source, views in by_source.items():
        source_key = _raw_key(name, source, stamp, scope)
        found = _where(source_key)
        if found is None:  # dropped from the cache meanwhile (another session's batches): run it again
            _run_batch(name, query, [source], stamp, scope)
            found = _where(source_key)
        batch, k = found
        low, high = batch.bounds[k], batch.bounds[k + 1]
        month = batch.months(query.months)[low:high]
        at, view_of = [], []
        for j in views:
            start, end = _period(wanted[j])
            inside = np.flatnonzero((month >= np.datetime64(start.replace(day=1), "D"))
                                    & (month <= np.datetime64(end.replace(day=1), "D")))
            at.append(inside)
            view_of.append(np.full(len(inside), j))
        rows = np.concatenate(at)
        frames.append(batch.frame.iloc[low:high].take(rows).assign(_view=np.concatenate(view_of)))
        codes.append(batch.codes[low:high][rows])
    result = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    order = np.argsort(result["_view"].to_numpy(), kind="stable")  # view after view, each in its source's order
    _keep_batch(name, wanted, result.take(order).reset_index(drop=True), np.concatenate(codes)[order], stamp, scope)


def _lateral(cursor: duckdb.DuckDBPyConnection, query: NamedQuery, views: list[tuple]) -> pd.DataFrame:
    """One statement: the query for each view, as a LATERAL subquery over a VALUES table of their parameters."""
    columns = list(query.parameters)
    values = [dict(view) for view in views]
    inner = query.sql.strip().rstrip(";")
    after: list[object] = []
    projects = {v.get("project_id") for v in values}
    if "project_id" in columns and len(projects) == 1 and None not in projects:
        # the views of one project: its id is bound as one value, not read from each row, so DuckDB opens only that
        # project's partitions (a lateral column cannot prune them: one project's heatmap walk read every project's
        # 3.7 M answers per statement on the national warehouse)
        inner, uses = re.subn(r"\$project_id\b", "?::varchar", inner)
        after = [next(iter(projects))] * uses
        columns.remove("project_id")
    elif "project_id" in columns and None not in projects:
        # the views of several projects, each named: the twins join each view to its own project's rows
        inner = _calling_twins(inner)
    types = {c: _sql_type([v[c] for v in values]) for c in columns}
    row = "(" + ", ".join(["?::integer", *[f"?::{types[c]}" for c in columns]]) + ")"
    bound: list[object] = []
    for i, v in enumerate(values):
        bound += [i, *[v[c] for c in columns]]
    inner = re.sub(r"\$([a-z_]+)", lambda m: f"_p.{m.group(1)}", inner)
    names = ", ".join(["_view", *columns])
    statement = (f"select _p._view, _q.* from (values {', '.join([row] * len(views))}) "
                 f"as _p({names}), lateral ({inner}\n) as _q")
    return cursor.execute(statement, bound + after).df()


def _series_people(name: str, views: list[tuple | None], target: tuple, stamp: tuple[str, int],
                   scope: tuple[str, ...] | None, column: str) -> np.ndarray:
    """The people (`column`) of each row of the target view in each of `views`: an array of rows × views, 0 where a
    view has no such row, NaN for a view that is None. The views are fetched in one batch when they are not yet."""
    _prefetch(name, [v for v in (*views, target) if v is not None], stamp, scope)
    batch, j = _where(_raw_key(name, target, stamp, scope))
    target_codes = batch.codes[batch.bounds[j]:batch.bounds[j + 1]]
    out = np.full((len(target_codes), len(views)), np.nan)
    if not len(target_codes):
        return out
    position = np.full(int(target_codes.max()) + 1, -1)
    position[target_codes] = np.arange(len(target_codes))
    for i, view in enumerate(views):
        if view is None:
            continue
        out[:, i] = 0.0
        found = _where(_raw_key(name, view, stamp, scope))
        if found is None:  # dropped from the cache meanwhile: fetch it again
            _prefetch(name, [view], stamp, scope)
            found = _where(_raw_key(name, view, stamp, scope))
        other, k = found
        codes = other.codes[other.bounds[k]:other.bounds[k + 1]]
        people = other.people(column)[other.bounds[k]:other.bounds[k + 1]]
        inside = codes < len(position)
        at = position[codes[inside]]
        fits = at >= 0
        out[at[fits], i] = people[inside][fits]
    return out


def _batchable(sql: str) -> bool:
    """Whether a query gives the same rows laterally as alone. Not one that asks grouping(): for a view with no
    input rows DuckDB's lateral join makes up the grand-total row of a GROUPING SETS with grouping() = 0, so its
    'total' would read as a part (tests/dashboard/test_batched_queries.py found it on an empty project)."""
    return "grouping(" not in _names_and_text(sql)


def _names_and_text(sql: str) -> str:
    """The query's text and the text of every macro it calls, without comments, in lower case."""
    text = re.sub(r"--[^\n]*", "", sql).lower()
    macros = _macros()
    called = _names_read(sql) & macros.keys()
    return text + "".join(macros[name].lower() for name in sorted(called))


def _in_order(frame: pd.DataFrame, ordered: pd.DataFrame, rows: list[str]) -> pd.DataFrame:
    """The rows of `frame` (a view cut out of a batched family) in the order of `ordered` (the same view's rows as
    the query alone orders them), matched by their row keys."""
    waiting: dict[tuple, list[int]] = {}
    for i, key in enumerate(_row_keys(frame, rows)):
        waiting.setdefault(key, []).append(i)
    order = [waiting[key].pop(0) for key in _row_keys(ordered, rows) if waiting.get(key)]
    if len(order) != len(frame):
        return frame.reset_index(drop=True)
    return frame.iloc[order].reset_index(drop=True)


@st.cache_data(max_entries=500, show_spinner=False)
def _fetch(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
           scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Run a named query and suppress its cells on their own (queries that bind no filter dimension, and views
    outside every family); cached on the filters, the projects the user may see and the warehouse, and kept in the
    build's protected layer (dashboard/stored.py)."""
    def compute() -> pd.DataFrame:
        frame = _fetch_raw(name, parameters, stamp, scope, ordered=True)
        # suppression is part of the cached result: only protected frames are kept, and a rerun does not redo it
        for rule in named_query(name).suppressions:
            frame = rule.apply(frame)
        return frame

    return _kept(stored.ALONE, name, parameters, None, stamp, scope, compute)


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
    if query.internal:
        raise ValueError(f"{name}.sql läses bara av dataskiktet självt (-- internal)")
    given = dict(filters.params() if filters is not None else {})
    given.update(extra)
    missing = [p for p in query.parameters if p not in given]
    if missing:
        raise ValueError(f"{name}.sql behöver parametrarna {missing}")
    if query.one_project and given.get("project_id") is None:
        raise ValueError(f"{name}.sql visas bara för ett projekt i taget (-- projects: one), inte för alla projekt")
    if query.suppressions and set(query.parameters) & (set(FAMILY_DIMENSIONS) | set(GRID_DATES)):
        given = _on_grid(given)
        bound = tuple((p, _bindable(given[p])) for p in query.parameters)
        frame = _protected(name, bound, _bindable(given.get("project_id")), _stamp(), scope)
    else:
        bound = tuple((p, _bindable(given[p])) for p in query.parameters)
        frame = _fetch(name, bound, _stamp(), scope)
    return frame.drop(columns=[c for c in query.helpers if c in frame.columns]) if query.helpers else frame


def cells_then(name: str, now: object, then: object, *, scope: object = "session") -> pd.DataFrame:
    """The cells of an earlier view (`then`, e.g. a steering-group meeting) for showing the change to `now`: as
    cells() gives them, and also hidden where the change is about 1–4 people (the people counts differ by 1–4, or
    1–4 people were counted between the two dates), so now − then never reveals a small group."""
    if isinstance(scope, str) and scope == "session":
        scope = current_scope()
    elif scope is not None:
        scope = tuple(sorted(scope))
    now_items = tuple(sorted((p, _bindable(v)) for p, v in now.params().items()))
    then_items = tuple(sorted((p, _bindable(v)) for p, v in then.params().items()))
    return _then(name, now_items, then_items, _stamp(), scope)


THEN_NOW, THEN_THEN = "now:", "then:"  # the two views' filters in one parameter list (the protected layer's key)


@st.cache_data(max_entries=200, show_spinner=False)
def _then(name: str, now_items: tuple, then_items: tuple, stamp: tuple[str, int],
          scope: tuple[str, ...] | None) -> pd.DataFrame:
    """cells_then's cells, kept in the build's protected layer like a view's (dashboard/stored.py)."""
    parameters = (*((THEN_NOW + p, v) for p, v in now_items), *((THEN_THEN + p, v) for p, v in then_items))
    return _kept(stored.THEN, name, parameters, None, stamp, scope,
                 lambda: _changes_hidden(name, dict(now_items), dict(then_items), stamp, scope))


def _changes_hidden(name: str, now_params: dict[str, object], then_params: dict[str, object],
                    stamp: tuple[str, int], scope: tuple[str, ...] | None) -> pd.DataFrame:
    shown = cells(name, None, scope=scope, **then_params)
    query = named_query(name)

    def raw(view_params: dict[str, object], ordered: bool = False) -> pd.DataFrame:
        on_grid = _on_grid(view_params)
        return _fetch_raw(name, tuple((p, _bindable(on_grid[p])) for p in query.parameters), stamp, scope, ordered)

    # then's rows in the order cells() gave them (shown), so the masks below fit it row by row
    frame_now, frame_then = raw(now_params), raw(then_params, ordered=True)
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
    """Forget cached connections and results (tests switch between warehouses), the kept figures and tables too."""
    memo.clear_all()
    _fetch.clear()
    with _lock:
        _batches.clear()
        _located.clear()
        _views.clear()
        _key_codes.clear()
        _month_kept.clear()
    _UNBATCHABLE.clear()
    _family.clear()
    _protected.clear()
    _then.clear()
    _linked.clear()
    _linked_portfolio.clear()
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
_PEOPLE = "_people_"  # + a rule's number: each cell's people before suppression, or the people its hiding protects


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


@memo.remembered(64)
def _project_starts(stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dict[str | None, dt.date] | None:
    """Each project's first month, and the earliest (None: all projects). None for a warehouse without the project
    table (hand-made in tests). One dict per warehouse: the walks ask it for every project of a family."""
    try:
        projects = _fetch("projects", (), stamp, scope)
    except OUTDATED_WAREHOUSE:
        return None
    starts = pd.to_datetime(projects["start_date"])
    out: dict[str | None, dt.date] = {str(p): grid.month_start(day)
                                      for p, day in zip(projects["project_id"], starts) if not pd.isna(day)}
    if starts.notna().any():
        out[None] = grid.month_start(starts.min())
    return out


def _first_month(project_id: object, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dt.date | None:
    """The first month of a project (of the earliest project, for all projects): no view starts earlier."""
    starts = _project_starts(stamp, scope)
    return None if starts is None else starts.get(None if project_id is None else str(project_id))


@memo.remembered(64)
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
    if "project_id" in dims and not query.one_project:
        if project is not None and project not in tree:
            return None
        return ("*",), (project, None, None, gender)
    if query.one_project and project not in tree:
        return None
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
    if (len(key) == 1 and key != ("*",) and "project_id" in query.parameters and key[0] is not None
            and not query.one_project):
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


def _views_needed(query: NamedQuery, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
                  scope: tuple[str, ...] | None) -> list[tuple[tuple[str, object], ...]]:
    """A view and the views its time masks compare it with (_time_masks): its walks along the period's end and the
    as-of date, its neighbour at the period's start, and the months between them."""
    params = dict(parameters)
    others: list[dict] = []
    anchor = _last_month(params.get("project_id"), stamp, scope)
    first_month = _first_month(params.get("project_id"), stamp, scope)
    for which in _walk_kinds(query, params):
        if _portfolio_parent(query, params):
            # the walk from the view a few months on (_time_masks reads further only where a row needs it)
            found = _whole_chain(query, params, which, anchor, first_month)
            chain = found[0][found[1]:found[1] + 3] if found is not None else []
        else:
            chain = _chain(query, params, which, anchor)
        quiet = _quiet_steps(chain, which, _record_windows(stamp, scope), _walked_projects(params, stamp, scope))
        chain = [step for step, read in zip(chain, _read_steps(quiet)) if read]
        for view, step in chain:
            others += [view] + ([step] if step is not None else [])
    if (any(rule.cumulative for rule in query.suppressions) and anchor is not None
            and params.get("date_to") is not None and params["date_to"] < anchor):
        others.append({**params, "date_to": anchor})
    for which, neighbour, increment in _neighbours(query, params, first_month):
        if which not in WALK_KINDS:
            others += [neighbour] + ([increment] if increment is not None else [])
    return [parameters, *[tuple((p, _bindable(o[p])) for p in query.parameters) for o in others]]


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


# Cumulative figures over time (docs/privacy.md, "releases"): a figure counted from the period's start up to its end
# (or up to the as-of date) grows month by month. Comparing a view with the month before is not enough: after a
# month of 2 new people the next unchanged month would show what the hidden one held. So along the months a figure
# is shown only at releases: months whose people differ by 0 or by 5 or more from the next release after them. The
# releases are counted back from the month of the project's last record about people (the anchor: no count moves
# after it), so the figure of the latest month is always released and the earlier months are hidden where they are
# 1–4 people short of a later release. Any two months a figure is shown at then differ by 0 or by 5 or more people,
# however far apart.
WALK_KINDS = ("end", "as_of")
WALK_MONTHS = 480  # a walk stops after this many months (a safeguard: no portfolio spans 40 years)


@memo.remembered(64)
def _record_windows(stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dict[str, tuple[dt.date, dt.date]] | None:
    """Per project: the month-ends of its first and its last record about people (record_dates.sql). No people count
    changes outside them. None for a warehouse without those tables (an older or hand-made one)."""
    try:
        dates = _fetch("record_dates", (), stamp, scope)
    except OUTDATED_WAREHOUSE:
        return None
    return {str(p): (grid.month_end(first), grid.month_end(last))
            for p, first, last in zip(dates["project_id"], dates["first_date"], dates["last_date"])
            if not pd.isna(first) and not pd.isna(last)}


@memo.remembered(64)
def _project_ends(stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dict[str | None, dt.date] | None:
    """The anchor of each project's walks, and of all projects' (None): see _last_month. One dict per warehouse."""
    windows = _record_windows(stamp, scope)
    if windows is not None:
        out: dict[str | None, dt.date] = {p: w[1] for p, w in windows.items()}
        if out:
            out[None] = max(out.values())
        return out
    # a warehouse without some of those tables (an older or hand-made one): the projects' last month instead, later
    # than any record of theirs, so the walks run to it (the months after the last record change nothing)
    try:
        projects = _fetch("projects", (), stamp, scope)
    except OUTDATED_WAREHOUSE:
        return None
    ends = pd.to_datetime(projects["end_date"])
    out = {str(p): grid.month_end(day) for p, day in zip(projects["project_id"], ends) if not pd.isna(day)}
    if out:
        out[None] = max(out.values())
    return out


def _last_month(project_id: object, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dt.date | None:
    """The anchor of the walks: the month-end of the last record about people of a project (of any project, for
    all projects). After it no people count changes, so a view after it needs no walk."""
    ends = _project_ends(stamp, scope)
    return None if ends is None else ends.get(None if project_id is None else str(project_id))


def _quiet_steps(chain: list[tuple[dict, dict | None]], which: str,
                 windows: dict[str, tuple[dt.date, dt.date]] | None, projects: list[str]) -> np.ndarray:
    """Per step of a walk: whether its month lies outside every given project's records (nothing changes in it:
    the step repeats the one before, and the month between counts what such a month counts). All steps are read
    when the windows are not known."""
    quiet = np.zeros(len(chain), dtype=bool)
    if windows is None:
        return quiet
    spans = [windows[p] for p in projects if p in windows]
    for i, (view, _) in enumerate(chain):
        month = grid.month_end(_date_of(view, which))
        quiet[i] = i > 0 and not any(first <= month <= last for first, last in spans)
    return quiet


def _walked_projects(params: dict[str, object], stamp: tuple[str, int], scope: tuple[str, ...] | None) -> list[str]:
    """The projects whose records can move a view's figures: its project, or every project in scope."""
    project = params.get("project_id")
    return [str(project)] if project is not None else list(_place_tree(stamp, scope))


def _read_steps(quiet: np.ndarray) -> np.ndarray:
    """The steps a walk reads: all but the second and later of a run of quiet steps."""
    return ~(quiet & np.concatenate([[False], quiet[:-1]]))


def _walk_series(name: str, views: list[tuple | None], target: tuple, stamp: tuple[str, int],
                 scope: tuple[str, ...] | None, column: str, quiet: np.ndarray) -> np.ndarray:
    """_series_people over a walk's steps, reading only the steps whose month may change a count: of a run of quiet
    steps (_quiet_steps) the first is read and the others repeat it."""
    read = _read_steps(quiet)
    source = np.maximum.accumulate(np.where(read, np.arange(len(views)), 0))
    read = [view if source[i] == i else None for i, view in enumerate(views)]
    out = _series_people(name, read, target, stamp, scope, column)
    return out[:, source]


def _portfolio_parent(query: NamedQuery, params: dict[str, object]) -> bool:
    """The all-projects view of a query that the portfolio family protects (the projects are its children). It walks
    its own way (_portfolio_walk): a month that is the sum of shown projects is always released, since hiding it
    would protect nothing and the family would hide one of those projects with it (a project's own figures hidden for
    another project's future); the family also hides it wherever its hidden projects hold 1–4 people or one project
    alone is hidden (_exposed_parents)."""
    return ("project_id" in query.parameters and params.get("project_id") is None
            and params.get("municipality") is None and params.get("department_id") is None)


def _walk_kinds(query: NamedQuery, params: dict[str, object]) -> list[str]:
    """The walks a view takes: along the period's end (a period from a fixed start), along the as-of date (when it
    is not the period's end)."""
    has = set(query.parameters)
    start, end, as_of = params.get("date_from"), params.get("date_to"), params.get("as_of")
    kinds = []
    if {"date_from", "date_to"} <= has and start is not None and end is not None and start <= end:
        kinds.append("end")
        if "as_of" in has and as_of is not None and as_of > end:
            kinds.append("as_of")
    elif "as_of" in has and as_of is not None:
        kinds.append("as_of")
    return kinds


def _date_of(view: dict, which: str) -> dt.date:
    return view["date_to"] if which == "end" else view["as_of"]


def _later(query: NamedQuery, view: dict, which: str) -> tuple[dict, dict | None]:
    """The view one month later along a walk, and the month between (the inverse of _neighbours' end and as_of)."""
    if which == "end":
        end = view["date_to"]
        later = {**view, "date_to": grid.month_end(end + dt.timedelta(days=1))}
        if "as_of" in query.parameters and view.get("as_of") is not None and view["as_of"] <= end:
            later["as_of"] = grid.month_end(view["as_of"] + dt.timedelta(days=1))
        return later, {**later, "date_from": max(view["date_from"], grid.month_start(later["date_to"]))}
    return {**view, "as_of": grid.month_end(view["as_of"] + dt.timedelta(days=1))}, None


def _chain(query: NamedQuery, params: dict[str, object], which: str,
           anchor: dt.date | None) -> list[tuple[dict, dict | None]]:
    """The months a view's walk compares, from the view forward to the anchor: (view, the month between it and the
    one before, None for the first). A view at or after the anchor (or with none: no records) walks nowhere: its
    people are the anchor's, which is released."""
    chain: list[tuple[dict, dict | None]] = [(params, None)]
    if anchor is None:
        return chain
    current = params
    for _ in range(WALK_MONTHS):
        if _date_of(current, which) >= anchor:
            break
        current, between = _later(query, current, which)
        chain.append((current, between))
    return chain


def _walk(people: np.ndarray, came: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The rows hidden at the first step of a walk, and the people each hidden one protects (NaN where shown).

    people[:, j] is each row's people at step j (the view first, the anchor last), came[:, j] the people counted
    between step j - 1 and step j (None for a walk without such months). The anchor is released; going back from it,
    a step is released when, to the last release, the people moved by 0 or 5+ and the people counted in between are
    0 or 5+. Who was counted in between is known month by month only: when no month had 5 and fewer than 5 people
    moved, the 5 may be the same few people again, so the step is hidden then too. A release of 1–4 people is hidden
    in its own frame, so nothing before it is hidden for it (a 0 before a later 3 stays 0)."""
    hidden, guards = _walk_steps(people, came)
    return hidden[:, 0], guards[:, 0]


def _walk_steps(people: np.ndarray, came: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """_walk at every step: rows × steps (a step's status depends only on the steps after it)."""
    people = np.nan_to_num(people, nan=0.0)
    came = None if came is None else np.nan_to_num(came, nan=0.0)
    steps = people.shape[1]
    last = people[:, steps - 1].copy()
    came_sum = np.zeros_like(last)
    came_max = np.zeros_like(last)
    hidden_at = np.zeros(people.shape, dtype=bool)
    guards_at = np.full(people.shape, np.nan)
    few_people = privacy.MIN_PEOPLE - 1
    for j in range(steps - 2, -1, -1):
        if came is not None:
            came_sum = came_sum + came[:, j + 1]
            came_max = np.maximum(came_max, came[:, j + 1])
        moved = np.abs(last - people[:, j])
        # a release of 1–4 people is hidden itself (primary): nothing shown to compare with, and a 0 stays 0
        # (_small, inlined: the counts here are never NaN, and this loop runs millions of times nationally)
        shown_last = (last < 1) | (last > few_people)
        hidden = (moved >= 1) & (moved <= few_people) & shown_last
        guards = np.where(hidden, moved, np.nan)
        if came is not None:
            few = (came_sum >= 1) & (np.maximum(came_max, moved) <= few_people) & shown_last
            guards = np.where(few & ~hidden, np.maximum(1.0, np.maximum(came_max, moved)), guards)
            hidden |= few
        hidden_at[:, j] = hidden
        guards_at[:, j] = guards
        released = ~hidden
        last = np.where(released, people[:, j], last)
        came_sum = np.where(released, 0.0, came_sum)
        came_max = np.where(released, 0.0, came_max)
    return hidden_at, guards_at


def _portfolio_walk(people: np.ndarray, came: np.ndarray | None,
                    forced: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The release walk of the all-projects view: rows × steps hidden, and the people each hidden step protects.

    A month where every project's figure is released and shown (`forced`) is the sum of shown figures, so hiding it
    protects nothing (and would make the family hide a project with it): it is always released. Two such months
    differ by 0 or 5+ people, since each project's do (a sum of 0s and 5+s). The other months are released from
    the latest back where they differ by 0 or 5+ people (and the people counted between: _walk) from the releases
    on both sides of them; else hidden. So the latest month is hidden when it is 1–4 people from the last month
    whose figure the projects give away, not that month (the leak the plain walk left: all projects' women in
    April, the sum of the shown projects, and in October, 4 women of a small project later)."""
    people = np.nan_to_num(people, nan=0.0)
    came = np.zeros_like(people) if came is None else np.nan_to_num(came, nan=0.0)
    rows, steps = people.shape
    small = _small(people)
    released = forced & ~small
    hidden = np.zeros(people.shape, dtype=bool)
    guards = np.full(people.shape, np.nan)
    total = np.cumsum(came, axis=1)  # people counted month by month up to each step
    index = np.arange(steps)
    # the nearest forced release before each step (−1: none)
    before = np.where(released, index, -1)
    before = np.maximum.accumulate(before, axis=1)
    after = np.full(rows, -1)
    every = np.arange(rows)

    def check(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether releases at steps a < b (per row; −1: none) are 1–4 people apart, and those people."""
        exists = (a >= 0) & (b >= 0)
        a_, b_ = np.where(exists, a, 0), np.where(exists, b, 0)
        moved = np.abs(people[every, b_] - people[every, a_])
        came_sum = total[every, b_] - total[every, a_]
        inside = (index[None, :] > a_[:, None]) & (index[None, :] <= b_[:, None])
        came_max = np.where(inside, came, 0.0).max(axis=1)
        bad = _small(moved) | ((came_sum >= 1) & (np.maximum(came_max, moved) <= privacy.MIN_PEOPLE - 1))
        guard = np.where(_small(moved), moved, np.maximum(1.0, np.maximum(came_max, moved)))
        return exists & bad, np.where(exists & bad, guard, np.nan)

    for j in range(steps - 1, -1, -1):
        earlier = before[:, j - 1] if j > 0 else np.full(rows, -1)
        here = np.full(rows, j)
        bad_before, guard_before = check(earlier, here)
        bad_after, guard_after = check(here, after)
        decide = ~released[:, j] & ~small[:, j]
        hide = decide & (bad_before | bad_after)
        hidden[:, j] = hide
        guards[:, j] = np.where(hide, np.fmin(guard_before, guard_after), np.nan)
        released[:, j] |= decide & ~hide
        after = np.where(released[:, j], j, after)
    return hidden, guards


def _whole_chain(query: NamedQuery, params: dict[str, object], which: str, anchor: dt.date | None,
                 first_month: dt.date | None) -> tuple[list[tuple[dict, dict | None]], int] | None:
    """A walk from the series' first month to the anchor (or to the view, when later) and the view's step in it:
    the all-projects walk (_portfolio_walk) decides each month from the months before it too. None for a view off
    the grid (it keeps its frame's protection only)."""
    if which == "end":
        first = {**params, "date_to": grid.month_end(params["date_from"])}
        as_of = params.get("as_of") if "as_of" in query.parameters else None
        if as_of is not None and as_of <= params["date_to"]:
            # the as-of date moves with the period's end, as many months before it as in the view (as _later does)
            behind = (params["date_to"].year - as_of.year) * 12 + params["date_to"].month - as_of.month
            month = first["date_to"].year * 12 + first["date_to"].month - 1 - behind
            first["as_of"] = grid.month_end(dt.date(month // 12, month % 12 + 1, 1))
    else:
        start = grid.month_end(first_month) if first_month is not None else params["as_of"]
        if params.get("date_to") is not None:
            start = grid.month_end(params["date_to"] + dt.timedelta(days=1))
        first = {**params, "as_of": min(start, params["as_of"])}
    last = max(anchor, _date_of(params, which)) if anchor is not None else _date_of(params, which)
    chain = _chain(query, first, which, last)
    steps = [i for i, (view, _) in enumerate(chain) if _date_of(view, which) == _date_of(params, which)]
    return (chain, steps[0]) if steps else None


PROJECT_KEYED = ("key", "department_id")  # row columns the all-projects view keys on the project ('SG1:D1')


def _child_key(key: tuple, rows: list[str], project: str) -> tuple:
    """A project's row as the all-projects view names it: ids that repeat between projects are keyed on the
    project there ('SG1:D1')."""
    out = list(key)
    for column in PROJECT_KEYED:
        if column in rows and out[rows.index(column)] is not None:
            out[rows.index(column)] = f"{project}:{out[rows.index(column)]}"
    return tuple(out)


def _resolved(people: np.ndarray, forced: np.ndarray, mapped: np.ndarray, at: int,
              to_the_end: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per row of an all-projects walk read from some month on (step 0) to a later one: whether the view's month
    (step `at`) is decided the same as on the whole walk, as far as the months before (first) and after it (second)
    go. Before: so it is when no project adds to the row (nothing is forced), when a month up to the view's is
    forced (the earlier ones are not looked at), when the view's figure is 1–4 people (hidden in its frame whatever
    the walk says), or when the figure grows steadily and by 5 or more from step 0 to the view (a count from a fixed
    start never falls: any forced month before step 0 is 5+ below every later month, so comparing with it changes
    nothing). After: when the walk is read to its end, when the view's month or a later one read is forced (a forced
    month is released whatever comes after it), or when the view's figure is 1–4 people."""
    people = np.nan_to_num(people, nan=0.0)
    here = people[:, at]
    steady = (np.diff(people, axis=1) >= 0).all(axis=1) if people.shape[1] > 1 else np.ones(len(people), dtype=bool)
    back = (~mapped | _small(here) | forced[:, :at + 1].any(axis=1)
            | (steady & (here - people[:, 0] >= privacy.MIN_PEOPLE)))
    ahead = to_the_end | _small(here) | forced[:, at:].any(axis=1)
    return back, ahead


def _portfolio_forced(name: str, query: NamedQuery, whole: list[tuple[dict, dict | None]], start: int, end: int,
                      which: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
                      scope: tuple[str, ...] | None, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows × steps start..end of the all-projects walk `whole`: whether at that month every project's figure in
    the row is released by its own walk and shown (not 1–4 people): the row is then the sum of shown figures; and
    per row whether any project adds to it (a row none adds to is never forced).

    A project's walk status at a month depends on the months after it up to its last record, so each project's
    walk is read from `start` to its own last month (or to `end`, when later), skipping its quiet months. A project
    whose records all come after `end` has the same figure from `start` to its first record: 0 (released by any
    walk), or a figure no record moves (the target group: the same at its last month); its first month and its last
    are read to tell, and the rest only when neither holds."""
    def bound(view: dict | None) -> tuple | None:
        return None if view is None else tuple((p, _bindable(view[p])) for p in query.parameters)

    frame = _fetch_raw(name, parameters, stamp, scope)
    rows = row_columns(query, frame)
    position: dict[tuple, int] = {}
    for i, key in enumerate(_row_keys(frame, rows)):
        position.setdefault(key, i)
    steps = end - start + 1
    shown_all = np.ones((len(frame), steps), dtype=bool)
    mapped = np.zeros(len(frame), dtype=bool)
    windows = _record_windows(stamp, scope)
    dates = [grid.month_end(_date_of(view, which)) for view, _ in whole]
    walked = any(step is not None for _, step in whole)

    def last_step(project: str) -> int:
        if windows is None:
            return len(whole) - 1
        if project not in windows:
            return start  # no records: nothing moves
        later = [i for i, day in enumerate(dates) if day >= windows[project][1]]
        return max(end, later[0] if later else len(whole) - 1)

    # each step's views bound once; a project's are the same with its id (thousands of steps × 300 projects)
    bound_views = {id(view): bound(view) for view, _ in whole}
    bound_steps = {id(step): bound(step) for _, step in whole if step is not None}
    at_project = query.parameters.index("project_id")

    def of_project(view: tuple | None, project: str) -> tuple | None:
        return None if view is None else (*view[:at_project], ("project_id", project), *view[at_project + 1:])

    def for_project(project: str, chain: list) -> tuple[list, list, np.ndarray]:
        return ([of_project(bound_views[id(view)], project) for view, _ in chain],
                [None if step is None else of_project(bound_steps[id(step)], project) for _, step in chain],
                _quiet_steps(chain, which, windows, [project]))

    per_project: dict[str, tuple] = {}
    projects = list(_place_tree(stamp, scope))
    later = {p for p in projects if windows is not None and p in windows and windows[p][0] > dates[end]}
    pairs = {p: for_project(p, [whole[start], whole[last_step(p)]])[0] for p in later}
    _prefetch(name, [v for views in pairs.values() for v in views], stamp, scope)
    for project in projects:
        if project in later:
            # its first and its last month: the same figure (nothing moves it) or 0 from `start` to `end`
            views = pairs[project]
            first = _series_people(name, views, views[-1], stamp, scope, column)
            if ((first[:, 0] == first[:, 1]) | (first[:, 0] == 0)).all():
                per_project[project] = ("flat", views[-1], first[:, 0])
                continue
        chain = whole[start:last_step(project) + 1]
        per_project[project] = ("walk", chain, for_project(project, chain))
    # the steps each walk reads, and its last month (the rows it lines up: _walk_series reads it even when quiet),
    # all in one batch: one statement for every project, not one for each project's last month
    needed = [v for kind, _, found in per_project.values() if kind == "walk"
              for pair, read in zip(zip(found[0], found[1]), _read_steps(found[2])) if read for v in pair if v]
    needed += [found[0][-1] for kind, _, found in per_project.values() if kind == "walk"]
    _prefetch(name, needed, stamp, scope)
    # the projects' walks run stacked, a few hundred thousand cells at a time (memory stays bounded)
    walked_shown: dict[str, np.ndarray] = {}
    walks: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
    for project, (kind, what, found) in per_project.items():
        if kind == "walk":
            views, between, quiet = found
            walks[project] = (_walk_series(name, views, views[-1], stamp, scope, column, quiet),
                              _walk_series(name, between, views[-1], stamp, scope, column, quiet) if walked else None)
            stacked = sum(len(p) for p, _ in walks.values()) * max(p.shape[1] for p, _ in walks.values())
            if stacked >= WALK_CELLS:
                walked_shown.update(_walks_shown(walks, steps))
                walks = {}
    walked_shown.update(_walks_shown(walks, steps))
    for project, (kind, what, found) in per_project.items():
        if kind == "flat":
            target = what
            shown = np.repeat((~_small(np.nan_to_num(found, nan=0.0)))[:, None], steps, axis=1)
        else:
            target = found[0][-1]  # the latest month has every row the earlier ones have
            shown = walked_shown[project]
        child = _fetch_raw(name, target, stamp, scope, copy=False)  # only its keys are read (14,400 nationally)
        for i, key in enumerate(_row_keys(child, rows)):
            at = position.get(_child_key(key, rows, project), position.get(key))
            if at is None:
                continue
            shown_all[at] &= shown[i]
            mapped[at] = True
    return shown_all & mapped[:, None], mapped


WALK_CELLS = 500_000  # rows × steps of the projects' walks stacked at once (_walks_shown): 4 MB an array


def _walks_shown(walks: dict[str, tuple[np.ndarray, np.ndarray | None]], steps: int) -> dict[str, np.ndarray]:
    """Per project (its people and the people between, rows × its steps): whether each row is released by its own
    walk and shown (not 1–4 people) at each of the first `steps` steps. The projects' walks run as one _walk_steps
    over their rows stacked, each padded to the longest walk with its last month repeated and nobody between: a
    step after the last moves nobody, so it changes no status before it (300 projects' walks: one loop, not 300)."""
    if not walks:
        return {}
    longest = max(people.shape[1] for people, _ in walks.values())

    def padded(values: np.ndarray, fill: float | None) -> np.ndarray:
        more = longest - values.shape[1]
        if not more:
            return values
        tail = np.repeat(values[:, -1:], more, axis=1) if fill is None else np.full((len(values), more), fill)
        return np.concatenate([values, tail], axis=1)

    people = np.concatenate([padded(np.nan_to_num(p, nan=0.0), None) for p, _ in walks.values()])
    came = None
    if any(c is not None for _, c in walks.values()):
        came = np.concatenate([padded(np.zeros_like(p) if c is None else c, 0.0) for p, c in walks.values()])
    hidden, _ = _walk_steps(people, came)
    shown = (~hidden & ~_small(people))[:, :steps]
    bounds = np.cumsum([0, *[len(p) for p, _ in walks.values()]])
    return {project: shown[bounds[i]:bounds[i + 1]] for i, project in enumerate(walks)}


def _guarded(guards: np.ndarray, more: np.ndarray) -> np.ndarray:
    """The smaller of two 'people a hidden cell protects' (NaN: none)."""
    return np.fmin(guards, more)


@memo.remembered(4000)
def _time_masks(name: str, parameters: tuple[tuple[str, object], ...], stamp: tuple[str, int],
                scope: tuple[str, ...] | None) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Per suppression rule: the rows of the view whose difference to another month of the grid is a group of 1–4
    people, and for each such row that group's people (NaN elsewhere: privacy.suppress `protects`). Along the period's end and the as-of date the release walk (_walk: back from the project's last month,
    or forward to a view after it); at the period's start, the period one month longer (its people and the people
    of that month). Rows as _fetch_raw gives them."""
    query = named_query(name)
    frame = _fetch_raw(name, parameters, stamp, scope)
    masks = [np.zeros(len(frame), dtype=bool) for _ in query.suppressions]
    guards = [np.full(len(frame), np.nan) for _ in query.suppressions]
    if frame.empty:
        return tuple((_read_only(mask), _read_only(guard)) for mask, guard in zip(masks, guards))
    params = dict(parameters)

    def bound(view: dict | None) -> tuple | None:
        return None if view is None else tuple((p, _bindable(view[p])) for p in query.parameters)

    anchor = _last_month(params.get("project_id"), stamp, scope)
    first_month = _first_month(params.get("project_id"), stamp, scope)
    portfolio = _portfolio_parent(query, params)
    for which in _walk_kinds(query, params):
        if portfolio:
            found = _whole_chain(query, params, which, anchor, first_month)
            if found is None:
                continue
            whole, at = found
            for i, rule in enumerate(query.suppressions):
                # the view's month is decided by the months after it up to the first forced one and by the last
                # forced month before it: read the walk from a few months back to a few months on, further only
                # while a row needs it (_resolved)
                last = len(whole) - 1
                start, end = at, min(last, at + 2)
                while True:
                    chain = whole[start:end + 1]
                    views = [bound(view) for view, _ in chain]
                    between = [bound(step) for _, step in chain]
                    walked = any(step is not None for step in between)
                    quiet = _quiet_steps(chain, which, _record_windows(stamp, scope),
                                         _walked_projects(params, stamp, scope))
                    people = _walk_series(name, views, parameters, stamp, scope, rule.n, quiet)
                    came = _walk_series(name, between, parameters, stamp, scope, rule.n, quiet) if walked else None
                    forced, mapped = _portfolio_forced(name, query, whole, start, end, which, parameters, stamp,
                                                       scope, rule.n)
                    back, ahead = _resolved(people, forced, mapped, at - start, end == last)
                    if (start == 0 or back.all()) and ahead.all():
                        break
                    if start > 0 and not back.all():
                        start = max(0, at - 2 * (at - start) - 2)
                    if not ahead.all():
                        end = min(last, at + 2 * (end - at) + 2)
                hidden, guard = _portfolio_walk(people, came, forced)
                masks[i] |= hidden[:, at - start]
                guards[i] = _guarded(guards[i], guard[:, at - start])
            continue
        chain = _chain(query, params, which, anchor)
        if len(chain) < 2:
            continue
        views = [bound(view) for view, _ in chain]
        between = [bound(step) for _, step in chain]
        walked = any(step is not None for step in between)
        quiet = _quiet_steps(chain, which, _record_windows(stamp, scope), _walked_projects(params, stamp, scope))
        for i, rule in enumerate(query.suppressions):
            people = _walk_series(name, views, parameters, stamp, scope, rule.n, quiet)
            came = _walk_series(name, between, parameters, stamp, scope, rule.n, quiet) if walked else None
            hidden, guard = _walk(people, came)
            masks[i] |= hidden
            guards[i] = _guarded(guards[i], guard)
    if any(rule.cumulative for rule in query.suppressions):
        # a running total along the rows (the people reached by each month): released on the view to the anchor,
        # whose rows up to this view's end are this view's rows
        longest = params
        if anchor is not None and "date_to" in params and params["date_to"] is not None and params["date_to"] < anchor:
            longest = {**params, "date_to": anchor}
        whole = _fetch_raw(name, bound(longest), stamp, scope)
        rows = row_columns(query, frame)
        for i, rule in enumerate(query.suppressions):
            if rule.cumulative is None or whole.empty:
                continue
            unreleased, apart = privacy.released_steps(whole, _people(whole, rule.n), *rule.cumulative)
            held = dict(zip(_row_keys(whole, rows), zip(unreleased, apart)))
            found = [held.get(key, (False, np.nan)) for key in _row_keys(frame, rows)]
            masks[i] |= np.array([f[0] for f in found], dtype=bool)
            guards[i] = _guarded(guards[i], np.array([f[1] for f in found], dtype="float64"))
    if name in LINKED and params.get("date_from") is not None and params.get("date_to") is not None:
        # the hours of breakdowns that nest in each other or leave a few people between them (privacy.linked_hidden)
        linked = _linked(params.get("project_id"), params.get("municipality"), params.get("department_id"),
                         params["date_from"], params["date_to"], stamp, scope)
        for i, rule in enumerate(query.suppressions):
            if rule.n != "n_hours":
                continue
            found = np.array([linked.get(cell, np.nan) for cell in LINKED[name](frame, params)], dtype="float64")
            masks[i] |= ~np.isnan(found)
            guards[i] = _guarded(guards[i], found)
    for which, neighbour, increment in _neighbours(query, params, first_month):
        if which in WALK_KINDS:
            continue
        pair = [bound(neighbour), bound(increment)]
        for i, rule in enumerate(query.suppressions):
            other = _series_people(name, pair, parameters, stamp, scope, rule.n)
            moved = np.abs(_people(frame, rule.n) - other[:, 0])
            came = other[:, 1] if increment is not None else np.zeros(len(frame))
            masks[i] |= _small(moved) | _small(came)
            guards[i] = _guarded(guards[i], np.where(_small(moved), moved, np.where(_small(came), came, np.nan)))
    return tuple((_read_only(mask), _read_only(guard)) for mask, guard in zip(masks, guards))


def _read_only(values: np.ndarray) -> np.ndarray:
    """An array that is kept and shared (memo.remembered): whoever changes it gets an error, not another's masks."""
    values.setflags(write=False)
    return values


# Linked breakdowns of the training hours (privacy.linked_hidden): the cells of each query, as (gender, dimension,
# value) with the values of linked_records.sql.
def _linked_dimension(frame: pd.DataFrame, params: dict) -> list[tuple]:
    dimension = params.get("dimension")
    if dimension not in privacy.LINKED_ORDER:
        return [None] * len(frame)
    project = params.get("project_id")
    keys = [str(k) if project is None or dimension == "age_band" else f"{project}:{k}" for k in frame["key"]]
    return [(_linked_gender(g, params), dimension, k) for g, k in zip(frame["gender"], keys)]


def _linked_months(frame: pd.DataFrame, params: dict) -> list[tuple]:
    months = [None if pd.isna(m) else pd.Timestamp(m).date() for m in frame["month"]]
    return [(_linked_gender(g, params), "month", m) for g, m in zip(frame["gender"], months)]


def _linked_areas(frame: pd.DataFrame, params: dict) -> list[tuple]:
    return [(_linked_gender("T", params), "focus_area", f"{p}:{f}")
            for p, f in zip(frame["project_id"], frame["focus_area_id"])]


def _linked_gender(row_gender: object, params: dict) -> str:
    """A row's gender; in a view of one gender its total row is that gender's."""
    chosen = params.get("gender")
    return str(chosen) if chosen is not None else str(row_gender)


LINKED = {"participation_by_dimension": _linked_dimension, "participation_over_time": _linked_months,
          "focus_areas": _linked_areas}
LINKED_RECORDS = 200_000  # above this many records (a national all-projects view) only each project is searched


@st.cache_data(max_entries=256, show_spinner=False)
def _linked(project_id: object, municipality: object, department_id: object, date_from: dt.date, date_to: dt.date,
            stamp: tuple[str, int], scope: tuple[str, ...] | None) -> dict[tuple, float]:
    """The hours cells of a selection and period to hide for linked breakdowns: (gender, dimension, value) → the
    people the hiding protects.

    A project's cells are also rows of the all-projects view (keyed by the project), so a project and all projects
    share one search: each project's own, then the portfolio's on the cells they leave shown; a project's view
    hides its cells that either hid. A municipality or a department is searched on its own."""
    if municipality is not None or department_id is not None:
        # searched on its own: a place
        return _linked_search(_linked_records(project_id, municipality, department_id, date_from, date_to, stamp,
                                              scope))
    if project_id is not None and not _linked_together(date_from, date_to, stamp, scope):
        # a project of a portfolio whose projects are searched one by one
        return dict(_linked_own(str(project_id), date_from, date_to, stamp, scope))
    own, portfolio = _linked_portfolio(date_from, date_to, stamp, scope)
    if project_id is None:
        every = {cell: people for found in own.values() for cell, people in found.items() if cell[1] != "age_band"}
        return {**every, **portfolio}
    mine = dict(own.get(project_id, {}))
    prefix = f"{project_id}:"
    mine.update({cell: people for cell, people in portfolio.items()
                 if cell[1] != "age_band" and isinstance(cell[2], str) and cell[2].startswith(prefix)})
    return mine


def _linked_records(project_id: object, municipality: object, department_id: object, date_from: dt.date,
                    date_to: dt.date, stamp: tuple[str, int], scope: tuple[str, ...] | None) -> pd.DataFrame:
    parameters = (("project_id", project_id), ("municipality", municipality), ("department_id", department_id),
                  ("date_from", date_from), ("date_to", date_to))
    # read straight, not through a result cache: for all projects of a national warehouse these are millions of
    # rows, and only the searches' results are kept (_linked, _linked_portfolio)
    try:
        records = _run_alone("linked_records", parameters, stamp, scope)
    except OUTDATED_WAREHOUSE:
        return pd.DataFrame(columns=["project_id", "person_id", "gender", "hours"])
    # months as dates (the cells' keys, as _linked_months gives them), converted once per distinct month
    codes, months = pd.factorize(records["month"])
    dates = np.array([pd.Timestamp(m).date() for m in months] + [None], dtype=object)
    return records.assign(month=dates[codes])


def _linked_search(records: pd.DataFrame, already: dict[tuple, float] | None = None) -> dict[tuple, float]:
    """privacy.linked_hidden per gender and in total: (gender, dimension, value) → people."""
    hidden: dict[tuple, float] = {}
    for gender in (*GENDER_VALUES, privacy.TOTAL):
        chosen = records if gender == privacy.TOTAL else records[records["gender"] == gender]
        before = [cell[1:] for cell in (already or {}) if cell[0] == gender]
        for (dimension, value), people in privacy.linked_hidden(chosen, already=before).items():
            hidden[(gender, dimension, value)] = people
    return hidden


@memo.remembered(64)
def _linked_together(date_from: dt.date, date_to: dt.date, stamp: tuple[str, int],
                     scope: tuple[str, ...] | None) -> bool:
    """Whether all projects' linked hours of the period are searched together too (_linked_portfolio): with at most
    LINKED_RECORDS records. Above it each project is searched on its own records alone. A period on the month grid
    (every page's) adds up the months' counts kept at each load; one off it counts the records themselves."""
    if date_from == grid.month_start(date_from) and date_to == grid.month_end(date_to):
        # a period of whole months: the sum of its months' counts, kept at each load (linked_counts.sql)
        try:
            counts = _run_alone("linked_counts", (("date_from", date_from), ("date_to", date_to)), stamp, scope)
            return int(counts["records"].iloc[0]) <= LINKED_RECORDS
        except OUTDATED_WAREHOUSE:  # a warehouse without the mart (hand-made in tests): counted below
            pass
    parameters = {"project_id": None, "municipality": None, "department_id": None, "date_from": date_from,
                  "date_to": date_to}
    sql = named_query("linked_records").sql
    cursor = query_cursor(_warehouse(*stamp), scope, sql)
    try:
        # the records _linked_portfolio would read, counted where they are (millions for a national period: 3.7 s)
        counted = cursor.execute(f"select count(*) from ({sql}\n)", parameters).fetchone()[0]
    except OUTDATED_WAREHOUSE:
        return True
    finally:
        cursor.close()
    return int(counted) <= LINKED_RECORDS


@memo.remembered(2048)
def _linked_own(project_id: str, date_from: dt.date, date_to: dt.date, stamp: tuple[str, int],
                scope: tuple[str, ...] | None) -> dict[tuple, float]:
    """One project's own search on its own records: the same cells as its part of all projects' records gives
    (linked_records.sql keys every record on its project). Kept for the project's page and for all projects' page,
    which in a portfolio searched one project at a time needs every project's (_linked_portfolio). Read-only."""
    return _linked_search(_linked_records(project_id, None, None, date_from, date_to, stamp, scope))


@st.cache_data(max_entries=64, show_spinner=False)
def _linked_portfolio(date_from: dt.date, date_to: dt.date, stamp: tuple[str, int],
                      scope: tuple[str, ...] | None) -> tuple[dict[str, dict[tuple, float]], dict[tuple, float]]:
    """Each project's own search, and the all-projects search on what they leave shown (skipped above
    LINKED_RECORDS records: a national portfolio; its months and totals then rest on their frames, and each
    project's search is the one its own page keeps, _linked_own: national Fokusområden read every record once more
    and searched every project twice, 38 of its 79 s, docs/performance.md)."""
    if not _linked_together(date_from, date_to, stamp, scope):
        own = {str(p): _linked_own(str(p), date_from, date_to, stamp, scope) for p in _place_tree(stamp, scope)}
        return {p: found for p, found in own.items() if found}, {}
    records = _linked_records(None, None, None, date_from, date_to, stamp, scope)
    own = {str(p): _linked_search(part) for p, part in records.groupby("project_id")} if len(records) else {}
    if not len(records):
        return own, {}
    already = {cell: people for found in own.values() for cell, people in found.items() if cell[1] != "age_band"}
    portfolio = _linked_search(records, already)
    return own, portfolio


@st.cache_data(max_entries=400, show_spinner=False)
def _family(name: str, fixed: tuple[tuple[str, object], ...], key: tuple, stamp: tuple[str, int],
            scope: tuple[str, ...] | None) -> pd.DataFrame:
    """Every view of one family, stacked (node columns) and suppressed together; cached per family."""
    query = named_query(name)
    apart = _projects_apart(query, dict(fixed), stamp, scope)
    if key == ("*",) and apart:
        return _portfolio_family(name, fixed, stamp, scope)
    nodes, gender_parent = _members(query, key, _place_tree(stamp, scope))
    upper = _upper(key, query)
    if upper == ("*",) and apart:
        upper_frame = _portfolio_part(name, fixed, key[0], stamp, scope)  # the project's own cells up there
    else:
        upper_frame = _family(name, fixed, upper, stamp, scope) if upper is not None else None
    return _suppressed(name, fixed, nodes, gender_parent, upper_frame, stamp, scope, portfolio=key == ("*",),
                       relations=(_PARENT_PLACE, _PARENT_GENDER))


def _projects_apart(query: NamedQuery, fixed: dict[str, object], stamp: tuple[str, int],
                    scope: tuple[str, ...] | None) -> bool:
    """Whether each project's cells in the portfolio family are its own alone (_portfolio_family), so a project's
    page never reads the other projects. So they are when the all-projects view's only masks across months are its
    release walks, which always release a month that is the sum of shown projects (_portfolio_walk), and its
    neighbour at the start where every project either compares itself with the same month (it began before the
    period) or has no record before the period: nothing then hides an all-projects cell that its projects give away,
    except its own siblings, which take other cells instead (privacy.suppress `known`). The linked hours (LINKED)
    of a portfolio searched per project hide an all-projects cell only with the project's own cell (keyed on the
    project). A running total (`cumulative`), the linked hours of all projects searched together (an age band)
    and a start neighbour that a project with earlier records does not compare itself with can hide such a cell:
    there the family hides the smallest of its projects' cells, as it always did (docs/privacy.md, "Projects
    apart")."""
    if any(rule.cumulative for rule in query.suppressions):
        return False
    start, first = fixed.get("date_from"), _first_month(None, stamp, scope)
    if (query.name in LINKED and start is not None and fixed.get("date_to") is not None
            and _linked_together(start, fixed["date_to"], stamp, scope)):
        return False  # all projects' search can hide a cell its projects give away (an age band)
    if "date_from" not in query.parameters or start is None or first is None:
        return True
    month = grid.month_start(start)
    if month <= grid.month_start(first):
        return True  # no view of the family starts later than its records: no neighbour at the start
    windows = _record_windows(stamp, scope)
    if windows is None:
        return False
    for project in _place_tree(stamp, scope):
        own = _first_month(project, stamp, scope)
        if own is not None and month > own:
            continue  # it compares itself with the month before the period, as all projects do (_neighbours)
        if project in windows and windows[project][0] < grid.month_end(month):
            return False  # records before the period that only all projects' start neighbour compares
    return True


@memo.remembered(VIEW_ENTRIES)
def _portfolio_part(name: str, fixed: tuple[tuple[str, object], ...], project: str, stamp: tuple[str, int],
                    scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One project's views in the portfolio family (the project and each gender), suppressed on their own: their
    months, their siblings and their genders, nothing of the other projects (_projects_apart). Shared, not copied:
    callers take slices."""
    query = named_query(name)
    nodes, gender_parent = _members(query, ("*",), _place_tree(stamp, scope))
    own = [node for node in nodes if node[0] == project]
    return _suppressed(name, fixed, own, gender_parent, None, stamp, scope, portfolio=True,
                       relations=(_PARENT_GENDER,))


def _portfolio_family(name: str, fixed: tuple[tuple[str, object], ...], stamp: tuple[str, int],
                      scope: tuple[str, ...] | None) -> pd.DataFrame:
    """The portfolio family where the projects stand apart (_projects_apart): each project's cells as its own part
    gives them (_portfolio_part), and the all-projects views suppressed beside them. An all-projects cell whose
    projects' cells are all shown is their sum, known: it is never hidden to protect another cell, and where it is
    hidden its siblings take other cells instead (privacy.suppress `known`); one that the shown projects leave 1–4
    people from, or that one hidden project alone sits in, is hidden (_exposed_parents)."""
    query = named_query(name)
    nodes, gender_parent = _members(query, ("*",), _place_tree(stamp, scope))
    # every project's part at once: the parts share no sibling group and no parent, so suppressed together each comes
    # out as it does alone (test_a_projects_part_is_the_same_alone_and_beside_the_others), in one call, not one each
    own = [node for node in nodes if node[0] is not None]
    children = _suppressed(name, fixed, own, gender_parent, None, stamp, scope, portfolio=True,
                           relations=(_PARENT_GENDER,)) if own else None
    top = [node for node in nodes if node[0] is None]
    return _suppressed(name, fixed, top, gender_parent, None, stamp, scope, portfolio=True,
                       relations=(_PARENT_GENDER,), children=children)


def _suppressed(name: str, fixed: tuple[tuple[str, object], ...], nodes: list[Node], gender_parent: dict[Node, Node],
                upper_frame: pd.DataFrame | None, stamp: tuple[str, int], scope: tuple[str, ...] | None,
                portfolio: bool, relations: tuple[str, ...], children: pd.DataFrame | None = None) -> pd.DataFrame:
    """Nodes of a family stacked and suppressed together until no hidden parent cell is the sum of shown children
    (the parent relations in `relations`). `children`: the all-projects views' children, suppressed already
    (_portfolio_family): they stay as they are, below the nodes."""
    query = named_query(name)
    fixed_values = dict(fixed)
    frames, forced, guards = [], [], []
    parent_place = (None, None, None) if portfolio else nodes[0][:3]
    _prefetch(name, [v for node in nodes for v in _views_needed(query, _node_params(query, fixed_values, node),
                                                                stamp, scope)], stamp, scope)
    for node in nodes:
        params = _node_params(query, fixed_values, node)
        frame = _fetch_raw(name, params, stamp, scope)
        timed = _time_masks(name, params, stamp, scope)
        masks = [mask.copy() for mask, _ in timed]
        guards.append([guard for _, guard in timed])
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
    parents = {kind: stacked[kind].to_numpy() for kind in relations}
    keys = _row_keys(stacked, rows)
    position = {(node, k): i for i, (node, k) in enumerate(zip(node_of, keys))}
    below = None
    if children is not None and len(children):
        # the nodes' cells followed by their children's, for the relations between them
        child_keys = _row_keys(children, rows)
        below = (np.concatenate([np.full(len(stacked), "", dtype=object), children[_PARENT_PLACE].to_numpy()]),
                 keys + child_keys, {**position, **{(node, k): len(stacked) + i for i, (node, k) in
                                                     enumerate(zip(children[_NODE].to_numpy(), child_keys))}})
    out = stacked
    for i, rule in enumerate(query.suppressions):
        must = np.concatenate([masks[i] for masks in forced])
        # a cell hidden for a month's small step guards the people of that step: it counts as them (protects)
        protects = np.concatenate([g[i] for g in guards])
        people = np.fmin(_people(stacked, rule.n), protects)
        known = None
        if below is not None:
            child_hidden = children[rule.flag].to_numpy(dtype=bool) if rule.flag in children.columns else \
                np.zeros(len(children), dtype=bool)
            every_people = np.concatenate([people, children[f"{_PEOPLE}{i}"].to_numpy(dtype="float64")])
            known = _known_parents(child_hidden, below[0][len(stacked):], below[1][len(stacked):], position,
                                   len(stacked))
        # projects are not hidden for each other: a project's own page comes first, and the all-projects cell is
        # hidden instead wherever the hidden projects hold 1–4 people (all − Σ shown projects: _exposed_parents)
        across = [(*rows, _REL_GENDER)] if portfolio else [(*rows, _REL_GENDER), (*rows, _REL_PLACE)]
        while True:
            result = rule.apply(out, hidden=must, views=_NODE, across=tuple(across), protects=protects, known=known)
            hidden = result[rule.flag].to_numpy(dtype=bool)
            uncovered = _uncovered_parents(hidden, people, parents, keys, position, known)
            if below is not None:
                every_hidden = np.concatenate([hidden, child_hidden])
                uncovered |= _exposed_parents(every_hidden, every_people, below[0], below[1], below[2])[:len(stacked)]
            elif portfolio and _PARENT_PLACE in relations:
                uncovered |= _exposed_parents(hidden, people, parents[_PARENT_PLACE], keys, position)
            if not (uncovered & ~hidden).any():
                break
            must = must | hidden | uncovered
        out = result.assign(**{f"{_PEOPLE}{i}": people})  # the shown cells no longer hold the hidden ones' people
    return out if children is None else pd.concat([out, children], ignore_index=True)


def _known_parents(child_hidden: np.ndarray, parent_of: np.ndarray, child_keys: list[tuple], position: dict,
                   parents: int) -> np.ndarray:
    """The parent cells (positions below `parents`) whose child cells are all shown: their sum gives them away."""
    known = np.zeros(parents, dtype=bool)
    for (parent, key), members in _children(parent_of, child_keys).items():
        at = position.get((parent, key))
        if at is not None and not any(child_hidden[i] for i in members):
            known[at] = True
    return known


def _children(parent_of: np.ndarray, keys: list[tuple]) -> dict[tuple, list[int]]:
    """The child cells of each parent cell: (parent node, row key) → positions."""
    children: dict[tuple, list[int]] = {}
    for i, parent in enumerate(parent_of):
        if parent:
            children.setdefault((parent, keys[i]), []).append(i)
    return children


def _uncovered_parents(hidden: np.ndarray, people: np.ndarray, parents: dict[str, np.ndarray], keys: list[tuple],
                       position: dict, known: np.ndarray | None = None) -> np.ndarray:
    """The smallest child of each hidden parent cell whose children are all shown (they would add up to it), of
    those not known anyway (privacy.suppress `known`)."""
    extra = np.zeros(len(hidden), dtype=bool)
    for parent_of in parents.values():
        for (parent, key), members in _children(parent_of, keys).items():
            at = position.get((parent, key))
            if at is None or not hidden[at] or any(hidden[i] for i in members):
                continue
            eligible = [i for i in members if not (people[i] == 0) and not (known is not None and known[i])]
            if eligible:
                extra[min(eligible, key=lambda i: (np.nan_to_num(people[i], nan=np.inf), i))] = True
    return extra


def _exposed_parents(hidden: np.ndarray, people: np.ndarray, parent_of: np.ndarray, keys: list[tuple],
                     position: dict) -> np.ndarray:
    """The parent cells that parent − Σ shown children would undo: their hidden children hold 1–4 people together,
    or one child alone is hidden (hidden to protect others, a month's small step: the parent would give it back)."""
    extra = np.zeros(len(hidden), dtype=bool)
    for (parent, key), members in _children(parent_of, keys).items():
        at = position.get((parent, key))
        if at is None or hidden[at]:
            continue
        held = [np.nan_to_num(people[i], nan=0.0) for i in members if hidden[i]]
        held = [h for h in held if h > 0]
        if 1 <= sum(held) <= privacy.MIN_PEOPLE - 1 or len(held) == 1:
            extra[at] = True
    return extra


def _node_id(node: Node) -> str:
    return "|".join("\u2205" if part is None else str(part) for part in node)


@st.cache_data(max_entries=500, show_spinner=False)
def _protected(name: str, parameters: tuple[tuple[str, object], ...], project_hint: object,
               stamp: tuple[str, int], scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One view's cells, suppressed with its family and its month-grid neighbours, without the helper counts: read
    from the build's protected layer (dashboard/stored.py) where a process has computed them before, else computed
    and kept there."""
    return _kept(stored.FAMILY, name, parameters, project_hint, stamp, scope,
                 lambda: _protect(name, parameters, project_hint, stamp, scope))


def _kept(kind: str, name: str, parameters: tuple[tuple[str, object], ...], project_hint: object,
          stamp: tuple[str, int], scope: tuple[str, ...] | None, compute) -> pd.DataFrame:
    """A view's protected cells from the build's protected layer, else computed and kept there."""
    view_key = stored.key(kind, name, parameters, project_hint, scope, stamp)
    kept = stored.read(stamp, view_key)
    if kept is not None:
        return kept
    frame = compute()
    stored.write(stamp, view_key, frame, stored.view_text(kind, name, parameters, project_hint, scope))
    return frame


def keep_protected(kind: str, name: str, parameters: tuple[tuple[str, object], ...], project_hint: object,
                   stamp: tuple[str, int], scope: tuple[str, ...] | None) -> None:
    """Compute a view's protected cells and keep them in the build's protected layer, unless kept already
    (dashboard/prepare.py: the views a new build is prepared with)."""
    named_query(name)  # a query of an older version that is gone raises here
    if kind == stored.FAMILY:
        _protected(name, parameters, project_hint, stamp, scope)
    elif kind == stored.THEN:
        now = tuple((p.removeprefix(THEN_NOW), v) for p, v in parameters if p.startswith(THEN_NOW))
        then = tuple((p.removeprefix(THEN_THEN), v) for p, v in parameters if p.startswith(THEN_THEN))
        _then(name, now, then, stamp, scope)
    else:
        _fetch(name, parameters, stamp, scope)


def _protect(name: str, parameters: tuple[tuple[str, object], ...], project_hint: object,
             stamp: tuple[str, int], scope: tuple[str, ...] | None) -> pd.DataFrame:
    """One view's cells, suppressed with its family and its month-grid neighbours (computed)."""
    query = named_query(name)
    params = dict(parameters)
    tree = _place_tree(stamp, scope)
    found = _family_of(query, params, project_hint, tree)
    if found is None:
        # outside every family (e.g. a place filter with all projects, which the sidebar never offers): on its own,
        # and with its neighbours
        frame = _fetch_raw(name, parameters, stamp, scope)
        timed = _time_masks(name, parameters, stamp, scope)
        for rule, (mask, guard) in zip(query.suppressions, timed):
            frame = rule.apply(frame, hidden=mask, protects=guard)
    else:
        key, node = found
        fixed = tuple((p, v) for p, v in parameters if p not in FAMILY_DIMENSIONS)
        if key == ("*",) and node[0] is not None and _projects_apart(query, dict(fixed), stamp, scope):
            family = _portfolio_part(name, fixed, node[0], stamp, scope)  # a project's page reads no other project
        else:
            family = _family(name, fixed, key, stamp, scope)
        frame = family[family[_NODE] == _node_id(node)]
        frame = frame.drop(columns=[c for c in frame.columns if c in _HELPERS or str(c).startswith(_PEOPLE)])
    # the page gets the rows in the query's own order
    ordered = _fetch_raw(name, parameters, stamp, scope, ordered=True)
    frame = _in_order(frame, ordered, row_columns(query, ordered))
    return frame.drop(columns=[c for c in query.helpers if c in frame.columns]) if query.helpers else frame
