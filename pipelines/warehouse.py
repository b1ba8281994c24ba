"""Write the warehouse atomically: Parquet per table and project, then warehouse.duckdb with the marts."""
from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.contract import BASE_TABLES

SQL_DIR = Path(__file__).parent / "sql"
# marts build on each other in this order (mart_unit first: every department lookup uses it)
MARTS = ("mart_unit", "mart_person", "mart_attendance", "mart_activity", "mart_competence",
         "mart_competence_change", "mart_competence_person_change", "mart_hme", "mart_certificate",
         "mart_ambassador", "mart_budget_month", "mart_financing_plan", "mart_goal")
APPEND_TABLES = ("ingest_log", "ingest_rejection")  # history: new rows are added to the project's old ones


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


@dataclass
class Load:
    """What one load writes: per project the replaced tables, plus the log and rejection rows."""

    load_id: str
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)  # project → table → rows
    ingest_log: pd.DataFrame | None = None
    ingest_rejection: pd.DataFrame | None = None


def default_warehouse_dir() -> Path:
    """The warehouse folder: STYRBORD_WAREHOUSE or data/warehouse."""
    return Path(os.environ.get("STYRBORD_WAREHOUSE") or "data/warehouse")


def table_ddl(table: str) -> str:
    """The create-table statement of a base table."""
    return (SQL_DIR / "base" / f"{table}.sql").read_text()


def mart_sql(mart: str) -> str:
    """The select statement that builds a mart."""
    return (SQL_DIR / "marts" / f"{mart}.sql").read_text()


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


def _pid_alive(pid: int) -> bool:
    """True when a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def warehouse_lock(warehouse_dir: Path):
    """Hold the lock file beside the warehouse; a lock left by a dead process is taken over."""
    lock = warehouse_dir.parent / f".{warehouse_dir.name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    # the lock appears with its pid already inside (link of a written file), so no one ever reads it empty
    claim = lock.with_name(f"{lock.name}.{os.getpid()}-{threading.get_ident()}")
    claim.write_text(str(os.getpid()))
    try:
        for _ in range(2):
            try:
                os.link(claim, lock)
                break
            except FileExistsError:
                try:
                    pid = int(lock.read_text().strip() or "0")
                except (OSError, ValueError):
                    pid = 0
                # our own pid counts as alive: Streamlit sessions are threads of one process
                if pid and _pid_alive(pid):
                    raise WarehouseBusy(f"En annan inläsning pågår (process {pid}). Vänta tills den är klar och "
                                        "försök igen.") from None
                lock.unlink(missing_ok=True)  # stale: its process is gone
        else:
            raise WarehouseBusy("Lagret är låst av en annan inläsning. Försök igen om en stund.")
    finally:
        claim.unlink(missing_ok=True)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _recover(warehouse_dir: Path) -> None:
    """Clean up after a killed load: drop half-built temp dirs, restore a warehouse caught mid-swap."""
    parent = warehouse_dir.parent
    for stale in parent.glob(f".{warehouse_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    olds = sorted(parent.glob(f".{warehouse_dir.name}.old-*"))
    if olds and not warehouse_dir.exists():
        olds[-1].rename(warehouse_dir)  # the swap was interrupted between its two renames
        olds = olds[:-1]
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """Reuse an unchanged Parquet file: a hard link (files are never modified in place) or a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# Table and mart names are formatted into SQL below: they come only from BASE_TABLES and MARTS, never from
# input; every value (paths, file lists) is a bound parameter.
def _write_parquet(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame, path: Path) -> None:
    """Write rows as Parquet with the base table's exact column types."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"delete from {table}")
    if len(rows):
        frame = rows.copy()
        for column in frame.columns:
            if frame[column].dtype == object or str(frame[column].dtype) == "str":
                frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        con.register("incoming_rows", frame)
        try:
            con.execute(f"insert into {table} by name select * from incoming_rows")
        finally:
            con.unregister("incoming_rows")
    con.execute(f"copy (select * from {table}) to ? (format parquet, compression zstd)", [str(path)])


def _existing_rows(warehouse_dir: Path, table: str, project_id: str) -> pd.DataFrame | None:
    """Old rows of an append-only table for one project."""
    return read_partition(warehouse_dir, table, project_id) if warehouse_dir.exists() else None


def build_duckdb(root: Path, progress: Callable[[float, str], None] | None = None) -> None:
    """warehouse.duckdb in `root` from its Parquet files, plus every mart."""
    db_path = root / "warehouse.duckdb"
    # a national portfolio (30 M answers) peaks near 5.5 GB by default; STYRBORD_DUCKDB_MEMORY (e.g. "2GB")
    # caps it, DuckDB then spills to disk (measured: 2.2 GB peak, 1.5× the time)
    limit = os.environ.get("STYRBORD_DUCKDB_MEMORY", "").strip()
    con = duckdb.connect(str(db_path), config={"memory_limit": limit} if limit else {})
    try:
        con.execute("set enable_progress_bar = false")  # the load prints its own progress
        # row order of the base tables means nothing; letting DuckDB reorder it saves memory
        con.execute("set preserve_insertion_order = false")
        for table in BASE_TABLES:
            con.execute(table_ddl(table))
            files = sorted(str(p) for p in (root / "parquet" / table).glob("project_id=*/data.parquet"))
            if files:
                con.execute(f"insert into {table} by name select * from read_parquet(?, union_by_name = true)",
                            [files])
        for number, mart in enumerate(MARTS):
            if progress:
                progress(0.85 + 0.1 * number / len(MARTS), f"Bygger {mart}")
            con.execute(f"create table {mart} as\n{mart_sql(mart)}")
        con.execute("checkpoint")
    finally:
        con.close()


class LoadWriter:
    """One atomic load: hold the lock, write projects into a temp dir one by one, then swap (or discard)."""

    def __init__(self, warehouse_dir: Path, load_id: str, progress: Callable[[float, str], None] | None = None):
        self.warehouse_dir = Path(warehouse_dir).absolute()
        self.load_id = load_id
        self.progress = progress or (lambda fraction, message: None)
        self.temp = self.warehouse_dir.parent / f".{self.warehouse_dir.name}.tmp-{load_id}"
        self.projects: list[str] = []
        self.replaced: set[tuple[str, str]] = set()
        self._lock = warehouse_lock(self.warehouse_dir)
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> "LoadWriter":
        self.warehouse_dir.parent.mkdir(parents=True, exist_ok=True)
        self._lock.__enter__()
        try:
            _recover(self.warehouse_dir)
            self.temp.mkdir()
            self._con = duckdb.connect()
            for table in BASE_TABLES:
                self._con.execute(table_ddl(table))
        except BaseException:
            self._discard()
            self._lock.__exit__(None, None, None)
            raise
        return self

    def write_project(self, project_id: str, tables: dict[str, pd.DataFrame]) -> None:
        """Write the tables a project's batch replaces (so a large portfolio never sits in memory at once)."""
        self.projects.append(project_id)
        for table, rows in tables.items():
            self.replaced.add((project_id, table))
            _write_parquet(self._con, table, rows.assign(project_id=project_id),
                           partition_path(self.temp, table, project_id))

    def commit(self, ingest_log: pd.DataFrame | None, ingest_rejection: pd.DataFrame | None) -> None:
        """Keep every partition not replaced, append the load history, build the database, swap it in."""
        self.progress(0.8, "Behåller data som inte ersätts")
        for table in BASE_TABLES:
            for source in sorted((self.warehouse_dir / "parquet" / table).glob("project_id=*/data.parquet")):
                pid = source.parent.name.split("=", 1)[1]
                if (pid, table) in self.replaced or (table in APPEND_TABLES and pid in self.projects):
                    continue
                _link_or_copy(source, self.temp / source.relative_to(self.warehouse_dir))
        for table, rows in (("ingest_log", ingest_log), ("ingest_rejection", ingest_rejection)):
            for pid in self.projects:
                new = rows[rows["project_id"] == pid] if rows is not None and len(rows) else None
                old = _existing_rows(self.warehouse_dir, table, pid)
                parts = [part for part in (old, new) if part is not None and len(part)]
                combined = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
                _write_parquet(self._con, table, combined, partition_path(self.temp, table, pid))
        self._con.close()
        self._con = None
        build_duckdb(self.temp, self.progress)
        old = self.warehouse_dir.parent / f".{self.warehouse_dir.name}.old-{self.load_id}"
        if self.warehouse_dir.exists():
            self.warehouse_dir.rename(old)
        self.temp.rename(self.warehouse_dir)  # the swap: two renames, recovered by _recover if cut between them
        shutil.rmtree(old, ignore_errors=True)

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


def write_load(warehouse_dir: Path, load: Load, progress: Callable[[float, str], None] | None = None) -> None:
    """Replace the loaded projects' tables, keep everything else, rebuild the marts, then swap atomically."""
    with LoadWriter(warehouse_dir, load.load_id, progress) as writer:
        for project_id, tables in load.tables.items():
            writer.write_project(project_id, tables)
        writer.commit(load.ingest_log, load.ingest_rejection)
