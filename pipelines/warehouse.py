"""Write the warehouse atomically: Parquet per table and project (base tables and marts), then warehouse.duckdb.

Layout (schema 3, see docs/performance.md "Loads scale with the files"): the warehouse folder is a symbolic link to
one immutable build, `.<name>.builds/<load_id>/`, that holds `parquet/<table>/project_id=<id>/data.parquet` for every
base table AND every mart, and a small `warehouse.duckdb`: a catalogue of views over those files (absolute paths
into the build) plus warehouse_meta. A load writes only the loaded projects' partitions and computes only their
marts (every mart is per project: all joins and groups include project_id); every other file of the previous build
is a hard link. The swap is one atomic rename of the link. A reader keeps its build until it reopens the file."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from filelock import FileLock, Timeout

from pipelines.contract import BASE_TABLES
from pipelines.i18n import Message
from pipelines.keys import key_columns

SQL_DIR = Path(__file__).parent / "sql"
# marts build on each other in this order (mart_unit first: every department lookup uses it); int_survey_answer
# is the response ⋈ survey ⋈ item join that mart_competence and mart_hme both start from
MARTS = ("mart_unit", "mart_person", "mart_attendance", "mart_activity", "int_survey_answer", "mart_competence",
         "mart_competence_change", "mart_competence_person_change", "mart_hme", "mart_certificate",
         "mart_ambassador", "mart_budget_month", "mart_financing_plan", "mart_goal", "mart_participant_pay",
         "mart_survey_release", "mart_record_dates", "mart_linked_months")
APPEND_TABLES = ("ingest_log", "ingest_rejection")  # history: new rows are added to the project's old ones
# The warehouse's schema version, kept in its warehouse_meta table. 1: Styrbord up to commit b03ba6b (no
# warehouse_meta); 2: ingest_log.undoes_load_id (undo) and warehouse_meta. An older warehouse is brought up to
# date from its own Parquet base tables (upgrade_warehouse): columns are matched by name, a new column is NULL in
# old rows, a column no longer in the schema is left behind, and the marts are rebuilt. A change that needs more
# (a renamed or recomputed column) raises the version and adds its step to _migrated_select.
# 3: marts stored as per-project Parquet partitions beside the base tables, warehouse.duckdb a catalogue of views
# (a version-2 warehouse held every table inside warehouse.duckdb); upgrading computes every mart once.
SCHEMA_VERSION = 3
KEEP_VERSIONS_ENV = "STYRBORD_KEEP_VERSIONS"
DEFAULT_KEEP_VERSIONS = 5
UNDO_OUTCOME = "ångrad"
# DuckDB's memory and threads for a load, set deliberately rather than DuckDB's defaults (80 % of RAM, every core):
# the dashboard's sessions share the machine with a load. Marts are computed in chunks of projects of about
# CHUNK_ROWS answer + attendance + person rows, so a national build stays within the limit too.
MEMORY_ENV = "STYRBORD_DUCKDB_MEMORY"
THREADS_ENV = "STYRBORD_DUCKDB_THREADS"
DEFAULT_MEMORY = "1GB"
CHUNK_ROWS = 3_000_000
# Tables with a row per person or finer stay in their per-project Parquet files, read through views (a load adds
# files, never copies these). Every other table and mart (per project, unit, activity, month, goal, file: about
# 1 000 rows a project) is also kept inside warehouse.duckdb: a view over 300 small files costs 20-100 ms a scan,
# a table of its own about 1 ms, and copying them from the previous catalogue costs a load well under a second.
PER_PERSON_TABLES = ("person", "person_alias", "attendance", "survey_response", "validation_certificate",
                     "mart_person", "mart_attendance", "int_survey_answer", "mart_competence",
                     "mart_competence_change", "mart_competence_person_change", "mart_hme", "mart_certificate")
CATALOGUE_TABLES = tuple(t for t in (*BASE_TABLES, *MARTS) if t not in PER_PERSON_TABLES)


def schema_fingerprint() -> str:
    """A hash of every base-table and mart definition: a warehouse built from other SQL is outdated."""
    digest = hashlib.sha256()
    for path in sorted((SQL_DIR / "base").glob("*.sql")) + sorted((SQL_DIR / "marts").glob("*.sql")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class WarehouseError(RuntimeError):
    """An undo or upgrade that cannot be done; the message is Swedish."""


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


def default_warehouse_dir() -> Path:
    """The warehouse folder: STYRBORD_WAREHOUSE or data/warehouse."""
    return Path(os.environ.get("STYRBORD_WAREHOUSE") or "data/warehouse")


def table_ddl(table: str) -> str:
    """The create-table statement of a base table."""
    return (SQL_DIR / "base" / f"{table}.sql").read_text()


def table_columns() -> dict[str, list[str]]:
    """The column names of each base table, as DuckDB reads them from the table's create statement."""
    con = duckdb.connect()
    try:
        columns = {}
        for table in BASE_TABLES:
            con.execute(table_ddl(table))
            columns[table] = [row[0] for row in con.execute(f"describe {table}").fetchall()]
        return columns
    finally:
        con.close()


def mart_sql(mart: str) -> str:
    """The select statement that builds a mart."""
    return (SQL_DIR / "marts" / f"{mart}.sql").read_text()


def duckdb_config() -> dict[str, object]:
    """The loader's DuckDB settings: STYRBORD_DUCKDB_MEMORY (default 1GB) and STYRBORD_DUCKDB_THREADS (default 2)."""
    memory = os.environ.get(MEMORY_ENV, "").strip() or DEFAULT_MEMORY
    try:
        threads = max(1, int(os.environ.get(THREADS_ENV, "") or 2))
    except ValueError:
        threads = 2
    # row order in a table means nothing here; not keeping it lets DuckDB stream with less memory
    return {"memory_limit": memory, "threads": min(threads, os.cpu_count() or 1),
            "preserve_insertion_order": False}


def _literal(text: str) -> str:
    """A SQL string literal (quotes doubled). Only for file paths in view definitions, which cannot be bound."""
    return "'" + str(text).replace("'", "''") + "'"


def _files_literal(files: list[Path]) -> str:
    """A SQL list of file paths."""
    return "[" + ", ".join(_literal(f) for f in files) + "]"


def partition_path(root: Path, table: str, project_id: str) -> Path:
    """Where a project's rows of a base table live."""
    return root / "parquet" / table / f"project_id={project_id}" / "data.parquet"


def read_partition(warehouse_dir: Path, table: str, project_id: str) -> pd.DataFrame | None:
    """A project's rows of a base table from the current warehouse, or None when there are none."""
    path = partition_path(Path(warehouse_dir), table, project_id)
    if not path.exists():
        return None
    con = duckdb.connect()
    try:
        return con.execute("select * from read_parquet(?)", [str(path)]).df()
    finally:
        con.close()


def lock_path(warehouse_dir: Path) -> Path:
    """The lock file beside the warehouse."""
    return warehouse_dir.parent / f".{warehouse_dir.name}.lock"


@contextmanager
def warehouse_lock(warehouse_dir: Path):
    """Hold the warehouse's lock: an OS file lock (filelock), so the OS frees it when its process dies.

    A second load waits for nothing: it is refused at once, also from another thread of this process (Streamlit
    sessions), since each call opens the lock file anew. The holder's pid is kept beside it for the message."""
    path = lock_path(warehouse_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    owner = path.with_name(path.name + ".pid")
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            pid = int(owner.read_text().strip() or "0")
        except (OSError, ValueError):
            pid = 0
        if pid:
            raise WarehouseBusy(Message("loader.warehouse.busy_pid", pid=pid)) from None
        raise WarehouseBusy(Message("loader.warehouse.busy")) from None
    try:
        owner.write_text(str(os.getpid()))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def versions_dir(warehouse_dir: Path) -> Path:
    """Where the previous warehouse versions are kept: one folder per load, the warehouse as it was before it."""
    warehouse_dir = Path(warehouse_dir).absolute()
    return warehouse_dir.parent / f".{warehouse_dir.name}.versions"


def keep_versions() -> int:
    """How many previous versions are kept (STYRBORD_KEEP_VERSIONS, default 5; 0 keeps none)."""
    try:
        return max(0, int(os.environ.get(KEEP_VERSIONS_ENV, DEFAULT_KEEP_VERSIONS)))
    except ValueError:
        return DEFAULT_KEEP_VERSIONS


def kept_versions(warehouse_dir: Path) -> list[str]:
    """Ids of the loads whose previous warehouse is kept (so they can be undone), oldest first."""
    folder = versions_dir(warehouse_dir)
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def builds_dir(warehouse_dir: Path) -> Path:
    """Where the builds live: one immutable folder per load, the warehouse folder links to the current one."""
    warehouse_dir = Path(warehouse_dir).absolute()
    return warehouse_dir.parent / f".{warehouse_dir.name}.builds"


def _home(temp: Path) -> Path:
    """The build folder a temp dir `.<name>.tmp-<id>` becomes: its catalogue's views point there."""
    name, build_id = temp.name[1:].split(".tmp-", 1)
    return temp.parent / f".{name}.builds" / build_id


def current_build(warehouse_dir: Path) -> Path | None:
    """The build the warehouse link points at; None when there is none or the warehouse is a plain folder (older)."""
    warehouse_dir = Path(warehouse_dir).absolute()
    if not warehouse_dir.is_symlink():
        return None
    return (warehouse_dir.parent / os.readlink(warehouse_dir)).resolve()


def _keep_version(warehouse_dir: Path, previous: Path | None, load_id: str) -> None:
    """Keep the warehouse a load replaced under its load id, and drop the oldest beyond keep_versions().

    A build is kept as a link to it (builds never move: a reader may still be reading it); a plain warehouse folder
    of an older Styrbord is moved in, its database dropped (an undo rebuilds it from the Parquet files)."""
    folder = versions_dir(warehouse_dir)
    folder.mkdir(exist_ok=True)
    target = folder / load_id
    builds = builds_dir(warehouse_dir)
    if previous is not None and previous.parent == builds:
        if keep_versions() and not os.path.lexists(target):
            os.symlink(Path("..") / builds.name / previous.name, target)
    elif previous is not None and previous.exists():
        if keep_versions() and not os.path.lexists(target):
            previous.rename(target)
            (target / "warehouse.duckdb").unlink(missing_ok=True)
        shutil.rmtree(previous, ignore_errors=True)
    elif keep_versions() and not os.path.lexists(target):
        (target / "parquet").mkdir(parents=True)  # the first load: before it the warehouse was empty
    for old in kept_versions(warehouse_dir)[:-keep_versions() or None]:
        _remove(folder / old)
    _drop_unused_builds(warehouse_dir)


def _remove(path: Path) -> None:
    """Remove a link or a folder."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _drop_unused_builds(warehouse_dir: Path) -> None:
    """Delete the builds neither the warehouse nor a kept version points at (replaced, or left by a killed load)."""
    builds = builds_dir(warehouse_dir)
    if not builds.is_dir():
        return
    used = {current_build(warehouse_dir)}
    folder = versions_dir(warehouse_dir)
    if folder.is_dir():
        used |= {(folder / os.readlink(v)).resolve() for v in folder.iterdir() if v.is_symlink()}
    for build in builds.iterdir():
        if build.resolve() not in used:
            shutil.rmtree(build, ignore_errors=True)


def _recover(warehouse_dir: Path) -> None:
    """Clean up after a killed load: drop half-built temp dirs and unused builds, restore a folder caught mid-swap."""
    parent = warehouse_dir.parent
    for stale in parent.glob(f".{warehouse_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{warehouse_dir.name}.link-*"):
        stale.unlink(missing_ok=True)
    olds = sorted(parent.glob(f".{warehouse_dir.name}.old-*"))
    if olds and not os.path.lexists(warehouse_dir):
        olds[-1].rename(warehouse_dir)  # the swap was interrupted between its two renames
        olds = olds[:-1]
    for old in olds:  # the swap finished, but the previous version was not yet put away
        _keep_version(warehouse_dir, old, old.name.split(".old-", 1)[1])
    _drop_unused_builds(warehouse_dir)


def _check_catalogue(home: Path) -> None:
    """Every view of a build's catalogue binds: its files are where the catalogue says (before anyone reads it)."""
    con = duckdb.connect()
    try:
        con.execute("attach ? as built (read_only)", [str(home / "warehouse.duckdb")])
        views = [r[0] for r in con.execute("select view_name from duckdb_views() where database_name = 'built' "
                                           "and not internal").fetchall()]
        for view in views:
            con.execute(f'describe built.main."{view}"').fetchall()
    finally:
        con.close()


def _swap_in(warehouse_dir: Path, temp: Path, load_id: str) -> None:
    """Make `temp` the warehouse: it becomes a build, the warehouse link is replaced in one rename; keep the old.

    A plain warehouse folder (an older Styrbord's, or a copy) is first moved aside (two renames, recovered by
    _recover if cut between them); from then on every swap is a single atomic rename of the link."""
    home = _home(temp)
    home.parent.mkdir(exist_ok=True)
    temp.rename(home)
    try:
        _check_catalogue(home)
    except BaseException:
        shutil.rmtree(home, ignore_errors=True)
        raise
    previous = current_build(warehouse_dir)
    if previous is None and warehouse_dir.exists():
        previous = warehouse_dir.parent / f".{warehouse_dir.name}.old-{load_id}"
        warehouse_dir.rename(previous)
    link = warehouse_dir.parent / f".{warehouse_dir.name}.link-{load_id}"
    os.symlink(Path(home.parent.name) / home.name, link)
    os.replace(link, warehouse_dir)
    _keep_version(warehouse_dir, previous, load_id)


def _link_or_copy(source: Path, target: Path) -> None:
    """Reuse an unchanged Parquet file: a hard link (files are never modified in place) or a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# Table and mart names are formatted into SQL below: they come only from BASE_TABLES and MARTS, never from
# input; column names only from the base tables' own definitions; every value (paths, file lists) is bound.
def _write_parquet(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame, path: Path) -> None:
    """Write rows as Parquet with the base table's exact column types."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # never write through a hard link into a file an older build shares
    con.execute(f"delete from {table}")
    _insert_rows(con, table, rows)
    con.execute(f"copy (select * from {table}) to ? (format parquet, compression zstd)", [str(path)])


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """Insert a frame into a base table by column name (DuckDB reads NaN, None, NA and NaT in any column as NULL:
    tests/pipelines/test_parallel_load.py)."""
    if not len(rows):
        return
    con.register("incoming_rows", rows)
    try:
        con.execute(f"insert into {table} by name select * from incoming_rows")
    finally:
        con.unregister("incoming_rows")


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of a base table as created in `con` from its definition."""
    return [row[0] for row in con.execute(f"describe {table}").fetchall()]


def _migrate_parquet(con: duckdb.DuckDBPyConnection, table: str, source: Path, target: Path) -> None:
    """A Parquet file of an older schema rewritten in the current one: columns by name, new ones NULL."""
    present = {row[0] for row in con.execute("describe select * from read_parquet(?)", [str(source)]).fetchall()}
    shared = [c for c in _table_columns(con, table) if c in present]
    names = ", ".join(f'"{c}"' for c in shared)
    con.execute(f"delete from {table}")
    con.execute(f"insert into {table} ({names}) select {names} from read_parquet(?)", [str(source)])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    con.execute(f"copy (select * from {table}) to ? (format parquet, compression zstd)", [str(target)])


def _keep_partition(con: duckdb.DuckDBPyConnection | None, table: str, source: Path, target: Path) -> None:
    """Carry a Parquet file into a new build: linked when the schema is current, else migrated (con given)."""
    if con is None:
        _link_or_copy(source, target)
    else:
        _migrate_parquet(con, table, source, target)


def _existing_rows(warehouse_dir: Path, table: str, project_id: str) -> pd.DataFrame | None:
    """Old rows of an append-only table for one project."""
    return read_partition(warehouse_dir, table, project_id) if warehouse_dir.exists() else None


def partition_rows(warehouse_dir: Path, table: str, project_id: str) -> int:
    """How many rows a project has in a base table of the current warehouse (0 when none)."""
    path = partition_path(Path(warehouse_dir), table, project_id)
    if not path.exists():
        return 0
    con = duckdb.connect()
    try:
        return con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchall()[0][0]
    finally:
        con.close()


def add_rows(warehouse_dir: Path, table: str, project_id: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The project's current rows of `table` plus `rows`; a current row with the key of a new row gives way."""
    path = partition_path(Path(warehouse_dir), table, project_id)
    con = duckdb.connect()
    try:
        con.execute(table_ddl(table))
        _insert_rows(con, table, rows.assign(project_id=project_id))
        if path.exists():
            con.execute(f"create table current_rows as select * from {table} limit 0")
            present = {r[0] for r in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()}
            shared = ", ".join(f'"{c}"' for c in _table_columns(con, table) if c in present)
            con.execute(f"insert into current_rows ({shared}) select {shared} from read_parquet(?)", [str(path)])
            same = " and ".join(f'n."{c}" is not distinct from c."{c}"' for c in key_columns(table, False))
            con.execute(f"insert into {table} select * from current_rows c "
                        f"where not exists (select 1 from {table} n where {same})")
        return con.execute(f"select * exclude (project_id) from {table}").df()
    finally:
        con.close()


def schema_of(root: Path) -> tuple[int, str | None] | None:
    """(schema version, fingerprint) of the warehouse in `root`; version 1 when it has no warehouse_meta."""
    db = Path(root) / "warehouse.duckdb"
    if not db.exists():
        return None
    con = duckdb.connect()
    try:
        con.execute("attach ? as built (read_only)", [str(db)])
        try:
            rows = con.execute("select schema_version, schema_fingerprint from built.warehouse_meta").fetchall()
        except duckdb.CatalogException:
            return (1, None)
        return (int(rows[0][0]), rows[0][1]) if rows else (1, None)
    finally:
        con.close()


def catalogue_home(root: Path) -> str | None:
    """The folder the catalogue's views point into (None for a warehouse without one)."""
    con = duckdb.connect()
    try:
        con.execute("attach ? as built (read_only)", [str(Path(root) / "warehouse.duckdb")])
        try:
            rows = con.execute("select home from built.warehouse_meta").fetchall()
        except duckdb.BinderException:
            return None
        return rows[0][0] if rows else None
    except (duckdb.CatalogException, duckdb.IOException):
        return None
    finally:
        con.close()


def moved(root: Path) -> bool:
    """True when the catalogue's views point into a build folder that is not there (the data folder was moved)."""
    home = catalogue_home(root) if (Path(root) / "warehouse.duckdb").exists() else None
    return home is not None and not Path(home).is_dir()


def is_current(root: Path) -> bool:
    """True when the warehouse in `root` was built with this version's tables and marts (and can be read)."""
    if moved(root):
        return False
    return schema_of(root) == (SCHEMA_VERSION, schema_fingerprint())


def partition_files(root: Path, table: str) -> list[Path]:
    """Every project's file of a base table or mart in `root`, sorted by project."""
    return sorted((Path(root) / "parquet" / table).glob("project_id=*/data.parquet"))


def projects_in(root: Path) -> list[str]:
    """The projects that have rows in any base table of `root`."""
    found = {f.parent.name.split("=", 1)[1] for table in BASE_TABLES for f in partition_files(root, table)}
    return sorted(found)


def _mart_columns() -> dict[str, str]:
    """Each mart's column list with types (`"a" DATE, ...`), for a mart no project has rows in."""
    con = duckdb.connect()
    try:
        for table in BASE_TABLES:
            con.execute(table_ddl(table))
        columns = {}
        for mart in MARTS:
            con.execute(f"create table {mart} as\n{mart_sql(mart)}")
            columns[mart] = ", ".join(f'"{name}" {kind}' for name, kind, *_ in
                                      con.execute(f"describe {mart}").fetchall())
        return columns
    finally:
        con.close()


def _chunks(root: Path, projects: list[str]) -> list[list[str]]:
    """Projects in groups of about CHUNK_ROWS rows of the big tables, so a mart build's memory stays bounded."""
    con = duckdb.connect()
    try:
        sizes = {}
        for project_id in projects:
            files = [str(partition_path(root, t, project_id)) for t in ("survey_response", "attendance", "person")]
            files = [f for f in files if Path(f).exists()]
            sizes[project_id] = (con.execute("select coalesce(sum(num_rows), 0) from parquet_file_metadata(?)",
                                             [files]).fetchall()[0][0] if files else 0)
    finally:
        con.close()
    chunks: list[list[str]] = [[]]
    rows = 0
    for project_id in projects:
        if chunks[-1] and rows + sizes[project_id] > CHUNK_ROWS:
            chunks.append([])
            rows = 0
        chunks[-1].append(project_id)
        rows += sizes[project_id]
    return [chunk for chunk in chunks if chunk]


def build_marts(root: Path, projects: list[str], progress: Callable[[float, str], None] | None = None) -> None:
    """Compute every mart for `projects` from root's base partitions: parquet/<mart>/project_id=<id>/data.parquet.

    A project's marts depend on its own rows only, so a load computes the loaded projects' marts and links the rest."""
    if not projects:
        return
    chunks = _chunks(root, projects)
    for number, chunk in enumerate(chunks):
        files = {table: [f for f in (partition_path(root, table, p) for p in chunk) if f.exists()]
                 for table in BASE_TABLES}
        _compute_marts(root, files, root / "_spill", lambda mart, n=number: progress and progress(
            0.85 + 0.1 * (n + MARTS.index(mart) / len(MARTS)) / len(chunks),
            Message("loader.warehouse.building_mart", mart=mart)))


def build_project_marts(temp: Path, project_id: str, replaced: Iterable[str], previous: Path | None) -> None:
    """One project's marts, computed in a load's temp dir by the process that wrote its partitions.

    Its base tables are the partitions this load wrote (`replaced`) and, for every other table, the project's
    partition of the `previous` build (of this schema: LoadWriter.commit links exactly those files), so the marts
    are the ones a build of the whole new warehouse gives."""
    replaced = set(replaced)
    files = {}
    for table in BASE_TABLES:
        path = partition_path(temp if table in replaced else previous, table, project_id) if (
            table in replaced or previous is not None) else None
        files[table] = [path] if path is not None and path.exists() else []
    _compute_marts(temp, files, temp / f"_spill-{project_id}-{os.getpid()}", project_id=project_id)


def _compute_marts(root: Path, files: dict[str, list[Path]], spill: Path,
                   progress: Callable[[str], object] | None = None, project_id: str | None = None) -> None:
    """Every mart over the given files of the base tables, written per project under root.

    For one project (`project_id`) each mart is written straight to its file, in one DuckDB thread: the process
    preparing a folder is one of several working side by side (pipelines.load.run)."""
    config = {**duckdb_config(), "temp_directory": str(spill)}
    if project_id is not None:
        config["threads"] = 1
    con = duckdb.connect(config=config)
    try:
        con.execute("set enable_progress_bar = false")  # the load prints its own progress
        for table in BASE_TABLES:
            if files[table]:
                con.execute(f"create view {table} as select * from read_parquet({_files_literal(files[table])}, "
                            "hive_partitioning = false)")
            else:
                con.execute(table_ddl(table))
        for mart in MARTS:
            if progress:
                progress(mart)
            con.execute(f"create table {mart} as\n{mart_sql(mart)}")
            if project_id is None:
                _write_mart(con, mart, root, spill)
            elif con.execute(f"select exists (select 1 from {mart})").fetchall()[0][0]:
                target = partition_path(root, mart, project_id)  # a partitioned copy writes no file for no rows
                target.parent.mkdir(parents=True, exist_ok=True)
                con.execute(f"copy {mart} to ? (format parquet, compression zstd)", [str(target)])
    finally:
        con.close()
    shutil.rmtree(spill, ignore_errors=True)


def _write_mart(con: duckdb.DuckDBPyConnection, mart: str, root: Path, spill: Path) -> None:
    """Write a mart computed for some projects as one Parquet file per project (DuckDB's partitioned copy)."""
    scratch = spill / "out" / mart
    scratch.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy {mart} to ? (format parquet, compression zstd, partition_by (project_id), "
                "write_partition_columns true, filename_pattern 'data')", [str(scratch)])
    for folder in sorted(scratch.glob("project_id=*")) if scratch.exists() else []:
        target = root / "parquet" / mart / folder.name / "data.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        parts = sorted(folder.glob("*.parquet"))
        if len(parts) == 1:
            parts[0].rename(target)
        else:  # DuckDB split a big partition over several files: one file per project, as everywhere else
            con.execute("copy (select * from read_parquet(?)) to ? (format parquet, compression zstd)",
                        [[str(f) for f in parts], str(target)])
    shutil.rmtree(scratch, ignore_errors=True)


def _link_marts(source: Path, target: Path, skip: set[str]) -> None:
    """Carry every mart file of `source` into `target` (hard links), except the projects in `skip`."""
    for mart in MARTS:
        for file in partition_files(source, mart):
            if file.parent.name.split("=", 1)[1] not in skip:
                _link_or_copy(file, target / file.relative_to(source))


def _create_empty(con: duckdb.DuckDBPyConnection, table: str,
                  empty_marts: dict[str, str] | None) -> dict[str, str] | None:
    """An empty table of a base table's or mart's columns (no project has a row of it); the mart columns, once."""
    if table in BASE_TABLES:
        con.execute(table_ddl(table))
        return empty_marts
    empty_marts = empty_marts or _mart_columns()
    con.execute(f"create table {table} ({empty_marts[table]})")
    return empty_marts


def prefill_catalogue(root: Path, source: Path, changed: set[str], tables: tuple[str, ...] = CATALOGUE_TABLES) -> None:
    """The catalogue's own tables in root/warehouse.duckdb: copied from the current catalogue `source` (a warehouse
    of this version) except the `changed` projects, whose rows are read from their new partitions in `root`.

    Reading 300 projects' small files of 25 tables costs seconds; copying the previous catalogue's rows costs a
    fraction of that, and what it copies is small (no per-person table is in it)."""
    con = duckdb.connect(str(root / "warehouse.duckdb"), config=duckdb_config())
    try:
        con.execute("attach ? as previous (read_only)", [str(Path(source) / "warehouse.duckdb")])
        for table in tables:
            con.execute(f"create table {table} as select * from previous.main.{table} "
                        "where project_id not in (select unnest(?::varchar[]))", [sorted(changed)])
            files = [str(f) for f in partition_files(root, table) if f.parent.name.split("=", 1)[1] in changed]
            if files:
                con.execute(f"insert into {table} by name select * from read_parquet(?, hive_partitioning = false)",
                            [files])
        con.execute("detach previous")
    finally:
        con.close()


def build_duckdb(root: Path, progress: Callable[[float, str], None] | None = None) -> None:
    """warehouse.duckdb in `root`: the small tables and marts as tables of its own (CATALOGUE_TABLES), the per-person
    ones as views over their Parquet files, and warehouse_meta.

    The views name the files where they will be after the swap (the build folder `root` becomes) and are bound when
    first read, so they cost no reading here; a table or mart without any file is an empty table. Tables already
    in the file (prefill_catalogue) are kept."""
    if progress:
        progress(0.96, Message("loader.warehouse.building_catalogue"))
    home = _home(root) if ".tmp-" in root.name else root
    con = duckdb.connect(str(root / "warehouse.duckdb"), config=duckdb_config())
    try:
        present = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        empty_marts = None
        for table in (*BASE_TABLES, *MARTS):
            if table in present:
                continue
            files = partition_files(root, table)
            if not files:
                empty_marts = _create_empty(con, table, empty_marts)
            elif table in CATALOGUE_TABLES:
                if table in BASE_TABLES:
                    con.execute(table_ddl(table))
                    con.execute(f"insert into {table} by name select * from "
                                "read_parquet(?, hive_partitioning = false)", [[str(f) for f in files]])
                else:
                    con.execute(f"create table {table} as select * from read_parquet(?, hive_partitioning = false)",
                                [[str(f) for f in files]])
            else:
                # project_id from the folder name (the same value the file holds): a query for one project
                # then opens only that project's file instead of the footers of all of them (measured at 300
                # projects: goals 600 -> 90 ms, participation 250 -> 40 ms)
                where = [home / f.relative_to(root) for f in files]
                con.execute(f"create view {table} with (defer_binding) as select * from "
                            f"read_parquet({_files_literal(where)}, hive_partitioning = true, "
                            "hive_types = {'project_id': 'VARCHAR'})")
        con.execute("create table warehouse_meta (schema_version integer not null, "
                    "schema_fingerprint varchar not null, built_at timestamp not null, home varchar)")
        con.execute("insert into warehouse_meta values (?, ?, ?, ?)", [SCHEMA_VERSION, schema_fingerprint(),
                                                                        _utc_now(), str(home)])
        con.execute("checkpoint")
    finally:
        con.close()


def _utc_now() -> dt.datetime:
    """Now in UTC without time zone, to the second (how ingest_log keeps time)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def new_load_id() -> str:
    """A sortable id for one load (or undo or upgrade): UTC time to the microsecond plus a random suffix.

    Whole seconds were not enough: two loads in the same second sorted at random, and an undo could then name the
    wrong loads as the later ones it takes back."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ") + "-" + secrets.token_hex(3)


def write_partitions(root: Path, project_id: str, tables: dict[str, pd.DataFrame]) -> None:
    """Write the base tables a project's load replaces under root, one Parquet partition each, with the base
    tables' exact types, in a DuckDB connection of its own with one thread: the processes preparing folders are the
    parallelism (pipelines.load.run)."""
    con = duckdb.connect(config={**duckdb_config(), "threads": 1})
    try:
        for table in tables:
            con.execute(table_ddl(table))
        for table, rows in tables.items():
            _write_parquet(con, table, rows.assign(project_id=project_id), partition_path(root, table, project_id))
    finally:
        con.close()


@dataclass(frozen=True)
class Destination:
    """Where a process preparing a project folder writes it: a folder of its own in the load's temp dir (the
    loading process moves the files into place once it accepts the folder: two folders of the same project never
    write the same file), and whether it computes the project's marts there too (from its new partitions and the
    `previous` build's other ones; None: no previous build). A previous build of an older schema is migrated at
    the commit, which then computes every mart."""

    temp: Path
    marts: bool
    previous: Path | None

    def stage(self, number: int) -> Path:
        """The folder the `number`-th project folder of the load is written into."""
        return self.temp / "_staged" / str(number)

    def write(self, number: int, project_id: str, tables: dict[str, pd.DataFrame]) -> None:
        """A project's partitions, and its marts when this destination computes them, into its stage."""
        write_partitions(self.stage(number), project_id, tables)
        if self.marts:
            build_project_marts(self.stage(number), project_id, tables, self.previous)


class LoadWriter:
    """One atomic load: hold the lock, write projects into a temp dir one by one, then swap (or discard)."""

    def __init__(self, warehouse_dir: Path, load_id: str, progress: Callable[[float, str], None] | None = None):
        self.warehouse_dir = Path(warehouse_dir).absolute()
        self.load_id = load_id
        self.progress = progress or (lambda fraction, message: None)
        self.temp = self.warehouse_dir.parent / f".{self.warehouse_dir.name}.tmp-{load_id}"
        self.projects: list[str] = []
        self.replaced: set[tuple[str, str]] = set()
        self.marts_built: set[str] = set()  # projects whose marts the preparing process computed (Destination)
        self._lock = warehouse_lock(self.warehouse_dir)
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> "LoadWriter":
        self.warehouse_dir.parent.mkdir(parents=True, exist_ok=True)
        self._lock.__enter__()
        try:
            _recover(self.warehouse_dir)
            self.temp.mkdir()
            self._con = duckdb.connect(config=duckdb_config())
            for table in BASE_TABLES:
                self._con.execute(table_ddl(table))
        except BaseException:
            self._discard()
            self._lock.__exit__(None, None, None)
            raise
        return self

    def destination(self) -> Destination:
        """Where the processes preparing the folders write: the temp dir, with the marts unless a migration comes."""
        if not self.warehouse_dir.exists():
            return Destination(self.temp, True, None)
        if is_current(self.warehouse_dir):
            return Destination(self.temp, True, current_build(self.warehouse_dir) or self.warehouse_dir)
        return Destination(self.temp, False, None)

    def written(self, project_id: str, tables: Iterable[str], stage: Path, marts: bool = False) -> None:
        """Take a project's partitions into the load: the files Destination.write (perhaps in a worker) wrote into
        `stage`, moved into place; `marts`: its marts are among them."""
        for file in sorted(stage.glob("parquet/*/project_id=*/data.parquet")):
            target = self.temp / file.relative_to(stage)
            target.parent.mkdir(parents=True, exist_ok=True)
            file.replace(target)
        shutil.rmtree(stage, ignore_errors=True)
        self.projects.append(project_id)
        self.replaced.update((project_id, table) for table in tables)
        if marts:
            self.marts_built.add(project_id)

    def commit(self, ingest_log: pd.DataFrame | None, ingest_rejection: pd.DataFrame | None) -> None:
        """Keep every partition not replaced, append the load history, compute the loaded projects' marts, swap.

        Everything else of the previous build is a hard link, so the cost follows the loaded files, not the
        warehouse; a warehouse of an older schema is migrated on the way and all its marts are computed."""
        self.progress(0.8, Message("loader.warehouse.keeping"))
        shutil.rmtree(self.temp / "_staged", ignore_errors=True)  # folders of a failed batch are never taken in
        current = self.warehouse_dir.exists() and is_current(self.warehouse_dir)
        migrate = None if not self.warehouse_dir.exists() or current else self._con
        for table in BASE_TABLES:
            for source in partition_files(self.warehouse_dir, table):
                pid = source.parent.name.split("=", 1)[1]
                if (pid, table) in self.replaced or (table in APPEND_TABLES and pid in self.projects):
                    continue
                _keep_partition(migrate, table, source, self.temp / source.relative_to(self.warehouse_dir))
        for table, rows in (("ingest_log", ingest_log), ("ingest_rejection", ingest_rejection)):
            for pid in self.projects:
                new = rows[rows["project_id"] == pid] if rows is not None and len(rows) else None
                old = _existing_rows(self.warehouse_dir, table, pid)
                parts = [part for part in (old, new) if part is not None and len(part)]
                combined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
                _write_parquet(self._con, table, combined, partition_path(self.temp, table, pid))
        self._con.close()
        self._con = None
        if current:
            _link_marts(self.warehouse_dir, self.temp, skip=set(self.projects))
            build_marts(self.temp, sorted(set(self.projects) - self.marts_built), self.progress)
            prefill_catalogue(self.temp, self.warehouse_dir, set(self.projects))
        else:  # a new warehouse (marts built with the partitions), or a migration (every project's marts anew)
            build_marts(self.temp, [p for p in projects_in(self.temp) if p not in self.marts_built], self.progress)
        build_duckdb(self.temp, self.progress)
        _swap_in(self.warehouse_dir, self.temp, self.load_id)

    def _discard(self) -> None:
        """Drop the half-built temp dir."""
        if self._con is not None:
            self._con.close()
            self._con = None
        shutil.rmtree(self.temp, ignore_errors=True)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.temp.exists():  # not committed: failed, or the batch had problems
                self._discard()
        finally:
            self._lock.__exit__(exc_type, exc, tb)


# ---------------------------------------------------------------------------------------------- undo, upgrade
def _rebuild(source: Path, temp: Path, skip: tuple[str, ...] = ()) -> None:
    """Every base-table partition of `source` into `temp` (tables in skip left): linked when `source` is of this
    version, else migrated to the current schema."""
    con = None if is_current(source) else duckdb.connect()
    try:
        for table in BASE_TABLES:
            if con is not None:
                con.execute(table_ddl(table))
            if table in skip:
                continue
            for file in partition_files(source, table):
                _keep_partition(con, table, file, temp / file.relative_to(source))
    finally:
        if con is not None:
            con.close()


def _carry_marts(source: Path, temp: Path) -> None:
    """The marts of the warehouse `source` (its base tables rebuilt into `temp`): linked when `source` is of this
    version, else computed for every project."""
    if is_current(source):
        _link_marts(source, temp, skip=set())
    else:
        build_marts(temp, projects_in(temp))


def load_history(warehouse_dir: Path) -> pd.DataFrame:
    """Every load of the warehouse: load_id, loaded_at, projects, files, undone (by a later undo), undoable."""
    files = sorted(str(p) for p in (Path(warehouse_dir) / "parquet" / "ingest_log").glob("project_id=*/*.parquet"))
    columns = ["load_id", "loaded_at", "projects", "files", "rows_accepted", "undone", "undoable"]
    if not files:
        return pd.DataFrame(columns=columns)
    con = duckdb.connect()
    try:
        con.execute("create table log as select * from read_parquet(?, union_by_name = true)", [files])
        if "undoes_load_id" not in {r[0] for r in con.execute("describe log").fetchall()}:
            con.execute("alter table log add column undoes_load_id varchar")
        frame = con.execute(f"""
            with undone as (select distinct undoes_load_id as load_id from log where outcome = '{UNDO_OUTCOME}')
            select load_id, min(loaded_at) as loaded_at,
                   string_agg(distinct project_id, ', ' order by project_id) as projects,
                   string_agg(distinct file_name, ', ' order by file_name) as files,
                   sum(rows_accepted) as rows_accepted,
                   load_id in (select load_id from undone) as undone
            from log where outcome <> '{UNDO_OUTCOME}'
            group by load_id order by load_id desc""").df()
    finally:
        con.close()
    kept = set(kept_versions(warehouse_dir))
    frame["undoable"] = frame["load_id"].isin(kept) & ~frame["undone"].astype(bool)
    return frame[columns]


@dataclass
class UndoResult:
    """What an undo did: the load undone, later loads undone with it, and the undo's own id."""

    undo_id: str
    load_id: str
    also_undone: list[str]
    message: str


def undo_load(warehouse_dir: Path, load_id: str | None = None,
              progress: Callable[[float, str], None] | None = None) -> UndoResult:
    """Put the warehouse back as it was before a load (default: the latest), atomically, and log the undo.

    Later loads are undone with it (the kept version is the whole warehouse before the load); the load history
    itself is kept and gains one row per undone load and project."""
    warehouse_dir = Path(warehouse_dir).absolute()
    progress = progress or (lambda fraction, message: None)
    with warehouse_lock(warehouse_dir):
        _recover(warehouse_dir)
        if not (warehouse_dir / "warehouse.duckdb").exists():
            raise WarehouseError(Message("loader.warehouse.none", path=str(warehouse_dir)))
        history = load_history(warehouse_dir)
        live = history[~history["undone"].astype(bool)]
        if load_id is None:
            if not len(live):
                raise WarehouseError(Message("loader.warehouse.nothing_to_undo"))
            load_id = str(live["load_id"].iloc[0])
        if load_id not in set(history["load_id"]):
            raise WarehouseError(Message("loader.warehouse.unknown_load", load_id=load_id))
        if load_id not in set(live["load_id"]):
            raise WarehouseError(Message("loader.warehouse.already_undone", load_id=load_id))
        version = versions_dir(warehouse_dir) / load_id
        if not version.is_dir():
            raise WarehouseError(Message("loader.warehouse.too_old", load_id=load_id, n=keep_versions()))
        later = sorted(str(i) for i in live["load_id"] if str(i) > load_id)
        undo_id = new_load_id()
        temp = warehouse_dir.parent / f".{warehouse_dir.name}.tmp-{undo_id}"
        temp.mkdir()
        try:
            progress(0.1, Message("loader.warehouse.fetching_version"))
            _rebuild(version, temp, skip=APPEND_TABLES)
            _rebuild(warehouse_dir, temp, skip=tuple(t for t in BASE_TABLES if t not in APPEND_TABLES))
            _log_undo(warehouse_dir, temp, undo_id, [load_id, *later])
            progress(0.6, Message("loader.warehouse.building_database"))
            _carry_marts(version, temp)  # the marts depend on the base tables only, not on the load history
            if is_current(version):  # its small tables as they were; the load history is the current one
                prefill_catalogue(temp, version, set(), tuple(t for t in CATALOGUE_TABLES if t not in APPEND_TABLES))
            build_duckdb(temp, progress)
            _swap_in(warehouse_dir, temp, undo_id)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    also = Message("loader.warehouse.also_undone", later=", ".join(later)) if later else ""
    return UndoResult(undo_id, load_id, later, Message("loader.warehouse.undone", load_id=load_id, also=also))


def _log_undo(warehouse_dir: Path, temp: Path, undo_id: str, undone: list[str]) -> None:
    """Append to the rebuilt ingest_log one row per undone load and project (outcome 'ångrad')."""
    con = duckdb.connect()
    try:
        con.execute(table_ddl("ingest_log"))
        files = sorted(str(p) for p in (temp / "parquet" / "ingest_log").glob("project_id=*/data.parquet"))
        con.execute("insert into ingest_log select * from read_parquet(?, union_by_name = true)", [files])
        touched = con.execute("select distinct project_id, load_id from ingest_log where load_id in "
                              "(select unnest(?)) order by all", [undone]).fetchall()
        now = _utc_now()
        con.executemany("insert into ingest_log (load_id, project_id, file_name, loaded_at, outcome, "
                        "undoes_load_id) values (?, ?, '', ?, ?, ?)",
                        [[undo_id, pid, now, UNDO_OUTCOME, lid] for pid, lid in touched])
        for pid in sorted({pid for pid, _ in touched}):
            path = partition_path(temp, "ingest_log", pid)
            path.unlink(missing_ok=True)  # a hard link to the current build's file: write a new file instead
            con.execute("copy (select * from ingest_log where project_id = ?) to ? "
                        "(format parquet, compression zstd)", [pid, str(path)])
    finally:
        con.close()


def upgrade_warehouse(warehouse_dir: Path, progress: Callable[[float, str], None] | None = None) -> Message:
    """Bring a warehouse built by an older Styrbord up to this version from its own Parquet base tables.

    Atomic like a load (temp dir, then swap); the previous warehouse is kept as a version. Returns a message."""
    warehouse_dir = Path(warehouse_dir).absolute()
    progress = progress or (lambda fraction, message: None)
    with warehouse_lock(warehouse_dir):
        _recover(warehouse_dir)
        schema = schema_of(warehouse_dir)
        if schema is None:
            raise WarehouseError(Message("loader.warehouse.none", path=str(warehouse_dir)))
        if schema[0] > SCHEMA_VERSION:
            raise WarehouseError(Message("loader.warehouse.newer", found=schema[0], current=SCHEMA_VERSION))
        relocated = moved(warehouse_dir)
        if schema == (SCHEMA_VERSION, schema_fingerprint()) and not relocated:
            return Message("loader.warehouse.up_to_date", version=SCHEMA_VERSION)
        if not (warehouse_dir / "parquet").is_dir():
            raise WarehouseError(Message("loader.warehouse.no_parquet", path=str(warehouse_dir)))
        upgrade_id = new_load_id()
        temp = warehouse_dir.parent / f".{warehouse_dir.name}.tmp-{upgrade_id}"
        temp.mkdir()
        try:
            progress(0.1, Message("loader.warehouse.moving_tables"))
            _rebuild(warehouse_dir, temp)
            progress(0.6, Message("loader.warehouse.rebuilding"))
            build_marts(temp, projects_in(temp), progress)
            build_duckdb(temp, progress)
            _swap_in(warehouse_dir, temp, upgrade_id)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    if schema[0] == SCHEMA_VERSION:  # same tables, newer definitions of the summaries
        return Message("loader.warehouse.upgraded_same", version=SCHEMA_VERSION)
    return Message("loader.warehouse.upgraded", old=schema[0], new=SCHEMA_VERSION)
