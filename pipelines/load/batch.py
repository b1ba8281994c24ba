"""The state of one project folder's load (Batch), the per-file report, the result, and unexpected errors."""
from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipelines import normalise as nz
from pipelines.i18n import Message, Words
from pipelines.pseudonym import Pseudonymiser
from pipelines.readers import RawTable
from pipelines.validate import REJECTION_COLUMNS, Validated
from pipelines.warehouse import read_partition

if TYPE_CHECKING:
    from pipelines.load.plan import KindPlan

Progress = Callable[[float, str], None]
LOG_FILE_NAME = "ingest.log"

log = logging.getLogger("styrbord.ingest")


# plain words for the kinds of unexpected error, so that a project leader knows roughly what went wrong
_PLAIN_ERRORS = (
    (UnicodeError, Words("tecken som inte gick att avkoda", "characters that could not be decoded")),
    (MemoryError, Words("minnet räckte inte till", "the memory did not suffice")),
    (KeyError, Words("en kolumn eller ett värde som väntades saknades", "an expected column or value was missing")),
    (IndexError, Words("en rad eller kolumn som väntades saknades", "an expected row or column was missing")),
    (TypeError, Words("ett värde av oväntad typ", "a value of an unexpected type")),
    (ZeroDivisionError, Words("en division med noll", "a division by zero")),
    (OverflowError, Words("ett tal som var för stort", "a number that was too large")),
    (OSError, Words("filen gick inte att läsa från disken", "the file could not be read from the disk")),
    (ValueError, Words("ett värde som inte gick att tolka", "a value that could not be read")),
)
# the step an unexpected error interrupted, as the message names it (callers pass a Message: loader.rows.step_*)
STEPS = {"lästes": Words("lästes", "was read"), "kontrollerades": Words("kontrollerades", "was checked")}


def plain_error(exc: BaseException) -> Words:
    """What kind of error this was, in plain words (Swedish and English)."""
    return next((words for kind, words in _PLAIN_ERRORS if isinstance(exc, kind)),
                Words("ett internt fel i Styrbord", "an internal error in Styrbord"))


def unexpected_file_message(where: str, step: object, exc: BaseException) -> Message:
    """The message for one file rejected by an unexpected error (the traceback goes to the log only)."""
    return Message("loader.file.unexpected", where=where, step=STEPS.get(step, step) if type(step) is str else step,
                   error=plain_error(exc),
                   name=type(exc).__name__)


def log_file(warehouse_dir: Path) -> Path:
    """Where tracebacks of unexpected errors go (never shown to the user): beside the reports, git-ignored."""
    return Path(warehouse_dir).absolute().parent / "reports" / LOG_FILE_NAME


def log_traceback(warehouse_dir: Path, label: str) -> None:
    """Append the current exception's traceback to the ingest log beside the reports (never shown to users)."""
    try:
        path = log_file(warehouse_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now(dt.timezone.utc).isoformat()} {label}\n{traceback.format_exc()}\n")
    except OSError:
        log.exception("oväntat fel i %s", label)


def where_of(table: RawTable) -> str:
    return (Message("loader.file.where_sheet", file=table.file_name, sheet=table.sheet) if table.sheet else
            table.file_name)


def where_report(report: "FileReport") -> str:
    return (Message("loader.file.where_sheet", file=report.file_name, sheet=report.sheet) if report.sheet else
            report.file_name)


@dataclass
class FileReport:
    """What happened to one file (or one sheet of a workbook)."""

    file_name: str
    sheet: str | None = None
    kind: str | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    message: str = ""
    project_id: str | None = None
    sha256: str | None = None
    outcome: str = "inläst"
    warnings: int = 0  # rows kept but worth a look (a date far outside the project period, ...)


@dataclass
class IngestResult:
    """The outcome of a load or a check: per-file reports, rejected rows and Swedish messages."""

    ok: bool
    load_id: str
    files: list[FileReport] = field(default_factory=list)
    rejections: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTION_COLUMNS))
    messages: list[str] = field(default_factory=list)
    checked_only: bool = False
    project_ids: list[str] = field(default_factory=list)
    plan: list[KindPlan] = field(default_factory=list)
    several_projects: bool = False  # a portfolio load: plan warnings name their project (plan.plan_warnings)
    plan_warnings: list[str] = field(default_factory=list)  # refused kinds and sharp shrinks (also in messages)
    # rows that were loaded but look wrong (same columns as rejections); shown, never blocking
    warnings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTION_COLUMNS))

    @property
    def files_frame(self) -> pd.DataFrame:
        """The per-file reports as a table."""
        return pd.DataFrame([f.__dict__ for f in self.files])


class LoadFailed(Exception):
    """A problem that stops the whole load; the message is Swedish."""


@dataclass
class Batch:
    """The files of one project folder on their way to base-table rows; the functions of pipelines.load work on it.

    read.read_files fills raw_by_name and reports, recognise.recognise_files fills kinds, build.build_tables fills
    tables, plan decides what is written, report.collect counts rows per file."""

    folder: Path
    warehouse_dir: Path
    pseudo: Pseudonymiser
    project_id: str | None
    reports: list[FileReport] = field(default_factory=list)
    rejections: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # stop the load
    notes: list[str] = field(default_factory=list)
    kinds: dict[str, Validated] = field(default_factory=dict)  # kind → its files' validated rows
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # base table → rows built in this batch
    raw_by_name: dict[str, list[RawTable]] = field(default_factory=dict)  # lower-case file name → its tables
    page_text: tuple[Path, str] | None = None  # a project-bank page, kept as text
    report_by_table: dict[tuple[str, str | None], FileReport] = field(default_factory=dict)
    stored: dict[str, pd.DataFrame | None] = field(default_factory=dict)  # the warehouse's rows, read once
    rejected_people_cache: dict[str, str] | None = None  # alias hash → where its person-file row was rejected
    refused: set[str] = field(default_factory=set)  # kinds with rows but none accepted: the warehouse keeps its own
    warnings: list[dict] = field(default_factory=list)  # rows kept but worth a look (same shape as rejections)
    names: nz.NameMasker = field(default_factory=lambda: nz.NameMasker(()))  # employees' names, for masking only

    def mask_text(self, text: str | None, short: bool = False) -> str | None:
        """Text with personnummer and the batch's employee names masked (in short text only whole names)."""
        return self.names.mask(nz.mask_personnummer(text), parts=not short)

    def unexpected(self, where: str, step: str, exc: Exception) -> str:
        """The Swedish message for an unexpected error in one file; the traceback goes to the log only."""
        log_traceback(self.warehouse_dir, f"{self.folder.name}/{where}")
        return unexpected_file_message(where, step, exc)

    def reject_file(self, table: RawTable, kind: str | None, message: str) -> None:
        """Reject one table (a file or a sheet) as a whole: its report says why and the load stops."""
        report = self.report_by_table.get((table.file_name, table.sheet))
        if report is not None:
            report.kind = report.kind or kind
            report.outcome, report.message = "avvisad", message
        self.problems.append(message)

    def existing(self, table: str) -> pd.DataFrame | None:
        """A table for this project: rows built in this batch, else the warehouse's current rows."""
        if table in self.tables:
            return self.tables[table]
        if self.project_id is None:
            return None
        if table not in self.stored:  # read each stored table once per batch
            self.stored[table] = read_partition(self.warehouse_dir, table, self.project_id)
        return self.stored[table]

    def ids(self, table: str, column: str) -> set[str]:
        """The ids in a table of this project (batch first, else warehouse)."""
        rows = self.existing(table)
        return set() if rows is None else set(rows[column].dropna().astype(str))

    def release(self) -> None:
        """Drop the rows held in memory once they are written; reports and rejections stay."""
        self.tables, self.kinds, self.raw_by_name, self.stored = {}, {}, {}, {}
