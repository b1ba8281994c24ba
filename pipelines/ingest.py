"""Load project folders of exports into the warehouse: read, validate, pseudonymise, write (run_ingest)."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import secrets
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KIND_TABLES, KINDS
from pipelines.export_safety import neutralise_frame
from pipelines.pseudonym import KeyError_, Pseudonymiser, load_key
from pipelines.project_page import looks_like_project_page, read_page_text
from pipelines.readers import (NoDataRows, RawTable, ReadError, file_sha256, header_scorer, max_file_bytes,
                               read_table_file)
from pipelines.survey_formats import NO_ANSWER, answers_on_scale, match_item_columns
from pipelines.validate import (HEADER_INDEX, KNOWN_HEADERS, REJECTION_COLUMNS, FileProblem, Validated, kind_from_header,
                                kind_from_name, map_header, reject_duplicates, validate_table)
from pipelines.keys import ADDABLE_KINDS, FILE_KEYS
from pipelines.warehouse import (LoadWriter, WarehouseBusy, add_rows, default_warehouse_dir, partition_rows,
                                 read_partition, table_columns)

Progress = Callable[[float, str], None]
PROJECT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
LOG_FILE_NAME = "ingest.log"
# notes beside the data (README, FACIT) are not data files; any other file type gets a message
NOTE_SUFFIXES = (".md", ".markdown", ".rst")
# the order kinds are built in: each may look up the ones before it
KIND_ORDER = ("project", "org_unit", "person", "focus_area", "activity", "attendance", "survey_item", "survey",
              "competence_requirement", "budget_plan", "ledger_entry", "goal", "goal_measurement",
              "validation_certificate", "ambassador", "meeting")
WAVES = {"baslinje": "baseline", "uppföljning": "follow_up"}
STATUSES = {"grön": "green", "gul": "yellow", "röd": "red"}
# BAS account classes → cost heading (the first matching prefix wins)
BAS_COST_HEADINGS = (("50", "lokal"), ("51", "lokal"), ("54", "materiel"), ("55", "materiel"), ("58", "resa"),
                     ("65", "köp av tjänst"), ("66", "köp av tjänst"), ("67", "köp av tjänst"),
                     ("68", "köp av tjänst"), ("69", "köp av tjänst"), ("70", "personal"), ("71", "personal"),
                     ("72", "personal"), ("73", "personal"), ("74", "personal"), ("75", "personal"),
                     ("76", "personal"), ("4", "materiel"))

# the table whose rows the dry run counts for a kind (the first it replaces, unless named here)
PLAN_TABLES = {"survey": "survey_response"}
# a kind left with less than this share of its rows gets a plain warning before the load
SHRINK_WARNING = 0.5
# a kept date further than this outside the project period is listed as a warning (a typed year, 2052)
FAR_BEFORE_START = dt.timedelta(days=183)
FAR_AFTER_END = dt.timedelta(days=366)
# headers of columns that hold people's names: read for masking free text only, never stored
NAME_HEADERS = {nz.normalise_header(h) for h in (
    "Namn", "Förnamn", "Efternamn", "Tilltalsnamn", "Mellannamn", "Fullständigt namn", "Personnamn",
    "Deltagarnamn", "Deltagare namn", "Medarbetarnamn", "För- och efternamn", "Efternamn, förnamn",
    "Name", "First name", "Last name", "Surname", "Given name", "Full name", "Family name")}
FIRST_NAME_HEADERS = {nz.normalise_header(h) for h in ("Förnamn", "Tilltalsnamn", "First name", "Given name")}
LAST_NAME_HEADERS = {nz.normalise_header(h) for h in ("Efternamn", "Last name", "Surname", "Family name")}
# kinds whose rows are people (and files not recognised, such as survey-tool exports with a Namn column);
# elsewhere "Namn" is the name of a unit, an activity or a project
PEOPLE_KINDS = (None, "person", "attendance", "validation_certificate", "ambassador")

log = logging.getLogger("styrbord.ingest")


def names_in_tables(tables: list[tuple[RawTable, str | None]]) -> list[tuple[str, ...]]:
    """The names (as tuples of name parts) in the name columns of tables that list people."""
    found: list[tuple[str, ...]] = []
    for table, kind in tables:
        if kind not in PEOPLE_KINDS:
            continue
        contract = HEADER_INDEX.get(kind, {})
        columns = {position: nz.normalise_header(h) for position, h in enumerate(table.header)
                   if nz.normalise_header(h) in NAME_HEADERS and nz.normalise_header(h) not in contract}
        if not columns:
            continue
        firsts = [p for p, h in columns.items() if h in FIRST_NAME_HEADERS]
        lasts = [p for p, h in columns.items() if h in LAST_NAME_HEADERS]
        others = [p for p in columns if p not in firsts and p not in lasts]

        def joined(positions: list[int]) -> list[str]:
            if not positions:
                return [""] * len(table.rows)
            parts = table.rows[positions].fillna("").astype(str)
            return [" ".join(cell.strip() for cell in row if cell.strip()) for row in parts.itertuples(index=False)]

        # distinct names only: a person's name repeats on every attendance row
        pairs = {(first, last) for first, last in zip(joined(firsts), joined(lasts)) if first or last}
        found.extend(tuple(part for part in pair if part) for pair in pairs)
        for p in others:
            for text in set(table.rows[p].fillna("").astype(str).str.strip()):
                if "," in text:  # "Andersson, Anna"
                    last_part, _, first_part = text.partition(",")
                    found.append(tuple(x.strip() for x in (first_part, last_part) if x.strip()))
                elif text:
                    found.append((text,))
    return found


# plain words for the kinds of unexpected error, so that a project leader knows roughly what went wrong
_PLAIN_ERRORS = (
    (UnicodeError, "tecken som inte gick att avkoda"),
    (MemoryError, "minnet räckte inte till"),
    (KeyError, "en kolumn eller ett värde som väntades saknades"),
    (IndexError, "en rad eller kolumn som väntades saknades"),
    (TypeError, "ett värde av oväntad typ"),
    (ZeroDivisionError, "en division med noll"),
    (OverflowError, "ett tal som var för stort"),
    (OSError, "filen gick inte att läsa från disken"),
    (ValueError, "ett värde som inte gick att tolka"),
)


def plain_error(exc: BaseException) -> str:
    """What kind of error this was, in plain Swedish words."""
    return next((words for kind, words in _PLAIN_ERRORS if isinstance(exc, kind)), "ett internt fel i Styrbord")


def unexpected_file_message(where: str, step: str, exc: BaseException) -> str:
    """The message for one file rejected by an unexpected error (the traceback goes to the log only)."""
    return (f"{where}: ett oväntat fel uppstod när filen {step} ({plain_error(exc)}, {type(exc).__name__}). "
            "Filen lästes inte in och lagret är oförändrat. Kontrollera filen eller spara den på nytt som xlsx "
            "eller CSV och försök igen; kontakta den som sköter Styrbord om felet återkommer.")


def log_traceback(warehouse_dir: Path, label: str) -> None:
    """Append the current exception's traceback to the ingest log beside the reports (never shown to users)."""
    try:
        path = _log_file(warehouse_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now(dt.timezone.utc).isoformat()} {label}\n{traceback.format_exc()}\n")
    except OSError:
        log.exception("oväntat fel i %s", label)


def _where(table: RawTable) -> str:
    return table.file_name + (f" (blad {table.sheet})" if table.sheet else "")


def _where_report(report: "FileReport") -> str:
    return report.file_name + (f" (blad {report.sheet})" if report.sheet else "")


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
class KindPlan:
    """What a load does to one kind of a project's data in the warehouse: rows now → rows after."""

    project_id: str
    kind: str
    files: str
    mode: str  # "replace", "add" (deduplicated on the table's key) or "refused" (no row accepted: old rows kept)
    rows_now: int
    rows_after: int

    @property
    def shrinks(self) -> bool:
        """True when the kind keeps less than half of its rows."""
        return self.mode != "refused" and self.rows_now > 0 and self.rows_after < self.rows_now * SHRINK_WARNING


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
    plan_warnings: list[str] = field(default_factory=list)  # refused kinds and sharp shrinks (also in messages)
    # rows that were loaded but look wrong (same columns as rejections); shown, never blocking
    warnings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTION_COLUMNS))

    @property
    def files_frame(self) -> pd.DataFrame:
        """The per-file reports as a table."""
        return pd.DataFrame([f.__dict__ for f in self.files])


class LoadFailed(Exception):
    """A problem that stops the whole load; the message is Swedish."""


# ---------------------------------------------------------------------------------------------- discovery
def _data_files(folder: Path) -> list[Path]:
    """The files in a project folder that could hold data (hidden files and notes such as .md skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
                  and p.suffix.lower() not in NOTE_SUFFIXES)


def _is_project_page(path: Path) -> bool:
    """A .txt file that is an ESF project-bank page rather than a tab-separated table."""
    if path.suffix.lower() != ".txt" or kind_from_name(path.stem) not in (None, "project"):
        return False
    # by content: a page may be called projekt.txt, and labels copied from the browser may be tab-separated
    with path.open("rb") as handle:
        return looks_like_project_page(handle.read(65536))


def _has_project_file(folder: Path) -> bool:
    """True when the folder holds a project-facts file or a project-bank page."""
    return any(kind_from_name(p.stem) == "project" or _is_project_page(p) for p in _data_files(folder))


def discover_projects(raw_dir: Path) -> list[Path]:
    """The project folders in RAW_DIR: RAW_DIR itself, or its sub-folders that hold files."""
    if not raw_dir.is_dir():
        raise LoadFailed(f"Mappen {raw_dir} finns inte. Ange mappen med projektets filer.")
    # folders starting with "_" or "." (archives, bad examples) are skipped
    folders = sorted(p for p in raw_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                     and _data_files(p))
    # a folder of project folders may hold a stray note at the top; a project folder has its own files
    if _data_files(raw_dir) and (not folders or _has_project_file(raw_dir)):
        return [raw_dir]
    if not folders:
        raise LoadFailed(f"Mappen {raw_dir} innehåller inga CSV- eller xlsx-filer.")
    return folders


# ---------------------------------------------------------------------------------------------- one project
class ProjectBatch:
    """The files of one project folder, validated and turned into base-table rows."""

    def __init__(self, folder: Path, warehouse_dir: Path, pseudo: Pseudonymiser, project_id: str | None):
        self.folder = folder
        self.warehouse_dir = warehouse_dir
        self.pseudo = pseudo
        self.project_id = project_id
        self.reports: list[FileReport] = []
        self.rejections: list[dict] = []
        self.problems: list[str] = []  # stop the load
        self.notes: list[str] = []
        self.kinds: dict[str, Validated] = {}
        self.tables: dict[str, pd.DataFrame] = {}
        self.raw_by_name: dict[str, list[RawTable]] = {}
        self.page_text: tuple[Path, str] | None = None
        self._report_by_table: dict[tuple[str, str | None], FileReport] = {}
        self._stored: dict[str, pd.DataFrame | None] = {}
        self._rejected_people: dict[str, str] | None = None  # alias hash → where its person-file row was rejected
        self.refused: set[str] = set()  # kinds whose files had rows but none accepted: the warehouse keeps its own
        self.warnings: list[dict] = []  # rows kept but worth a look (same shape as rejections)
        self.names = nz.NameMasker(())  # employees' names from this batch's files, for masking free text only

    def mask_text(self, text: str | None, short: bool = False) -> str | None:
        """Text with personnummer and the batch's employee names masked (in short text only whole names)."""
        return self.names.mask(nz.mask_personnummer(text), parts=not short)

    def _unexpected(self, where: str, step: str, exc: Exception) -> str:
        """The Swedish message for an unexpected error in one file; the traceback goes to the log only."""
        log_traceback(self.warehouse_dir, f"{self.folder.name}/{where}")
        return unexpected_file_message(where, step, exc)

    # -------------------------------------------------------------------------- reading
    def read(self, progress: Progress | None = None) -> None:
        """Read every file of the folder into raw tables (a project-bank page is kept as text)."""
        score = header_scorer(KNOWN_HEADERS)
        paths = _data_files(self.folder)
        for number, path in enumerate(paths):
            try:
                self._read_file(path, score, number, len(paths), progress)
            except Exception as exc:  # one file's surprise must not sink the others' report
                message = self._unexpected(path.name, "lästes", exc)
                self.reports = [r for r in self.reports if r.file_name != path.name]
                self.rejections = [r for r in self.rejections if r.get("file_name") != path.name]
                self._report_by_table = {k: v for k, v in self._report_by_table.items() if k[0] != path.name}
                self.raw_by_name.pop(path.name.lower(), None)
                self.reports.append(FileReport(path.name, message=message, outcome="avvisad"))
                self.problems.append(message)

    def _read_file(self, path: Path, score, number: int, count: int, progress: Progress | None) -> None:
        """Read one file into raw tables and its report (a project-bank page is kept as text)."""
        # hashed in chunks, and not at all beyond the size limit: a huge file is never read into memory
        sha = file_sha256(path) if path.stat().st_size <= max_file_bytes() else None
        if _is_project_page(path):
            try:  # UTF-8, UTF-8 with BOM or Windows-1252, as the page was saved
                self.page_text = (path, read_page_text(path))
            except (OSError, ValueError) as exc:
                self.reports.append(FileReport(path.name, sha256=sha, message=str(exc), outcome="avvisad"))
                self.problems.append(str(exc))
                return
            report = FileReport(path.name, kind="project", sha256=sha, rows_read=1)
            self.reports.append(report)
            self._report_by_table[(path.name, None)] = report
            return
        try:
            tables = read_table_file(path, score)
        except NoDataRows as exc:
            # an export with only its header (no certificates issued yet, say) is not a failed load
            self.reports.append(FileReport(path.name, sha256=sha, message=str(exc), outcome="ignorerad"))
            self.notes.append(str(exc))
            return
        except ReadError as exc:
            self.reports.append(FileReport(path.name, sha256=sha, message=str(exc), outcome="avvisad"))
            self.problems.append(str(exc))
            return
        self.raw_by_name[path.name.lower()] = tables
        if progress:
            rows = sum(len(t.rows) for t in tables)
            progress((number + 1) / count, f"Läste {self.folder.name}/{path.name}: {rows} rad" + ("" if rows == 1 else "er"))
        for table in tables:
            # rows the reader could not split into the header's columns are rejected rows of the file
            self.rejections.extend(table.problems)
            report = FileReport(path.name, table.sheet, sha256=sha,
                                rows_read=len(table.rows) + len({p["line"] for p in table.problems}))
            self.reports.append(report)
            self._report_by_table[(path.name, table.sheet)] = report
            if table.notes:  # a hidden sheet skipped, a note beside the table left out
                report.message = " ".join(nz.capitalise(note.split(": ", 1)[-1]) for note in table.notes)
                self.notes.extend(table.notes)

    def _recognise(self, table: RawTable, stem: str) -> str | None:
        """The kind of a raw table: by sheet name, then file name, then headers."""
        if table.sheet and (kind := kind_from_name(table.sheet)):
            return kind
        return kind_from_name(stem) or kind_from_header(table.header)

    def validate(self) -> None:
        """Recognise each table's kind and validate it; survey exports are recognised through the survey file."""
        survey_files: set[str] = set()
        pending: list[tuple[RawTable, str]] = []
        recognised = [(table, self._recognise(table, Path(table.file_name).stem))
                      for tables in self.raw_by_name.values() for table in tables]
        # names are read from the files that list people, for masking free text only: they are never stored
        self.names = nz.NameMasker(names_in_tables(recognised))
        for table, kind in recognised:
            if kind == "survey":
                self._validate_as(table, kind)
            else:
                pending.append((table, kind))
        if "survey" in self.kinds:
            survey_files = {str(f).lower() for f in self.kinds["survey"].frame["file"].dropna()}
        # attendance lists laid out per activity need the activities first
        pending.sort(key=lambda p: p[1] == "attendance")
        for table, kind in pending:
            report = self._report_by_table[(table.file_name, table.sheet)]
            if table.file_name.lower() in survey_files:
                report.kind = "survey_export"
                continue
            if kind is None:
                report.outcome = "ignorerad"
                report.message = ("Filen känns inte igen och lästes inte in. Byt namn på den (t.ex. narvaro.csv) "
                                  "eller använd rubrikerna i mallarna i data/templates/.")
                self.notes.append(f"{table.file_name}" + (f" (blad {table.sheet})" if table.sheet else "") +
                                  ": " + report.message)
                continue
            if kind == "attendance":
                try:
                    table = self._attendance_layout(table)
                except Exception as exc:  # e.g. the stored activities could not be read for this layout
                    self._reject_file(table, kind, self._unexpected(_where(table), "kontrollerades", exc))
                    continue
                if table is None:
                    continue
            self._validate_as(table, kind)

    def _reject_file(self, table: RawTable, kind: str | None, message: str) -> None:
        """Reject one table (a file or a sheet) as a whole: its report says why and the load stops."""
        report = self._report_by_table.get((table.file_name, table.sheet))
        if report is not None:
            report.kind = report.kind or kind
            report.outcome, report.message = "avvisad", message
        self.problems.append(message)

    def _attendance_layout(self, table: RawTable) -> RawTable | None:
        """A sheet-per-activity or people × dates list in the long layout (pipelines.attendance_formats)."""
        from pipelines.attendance_formats import AttendanceLayoutProblem, reshape_attendance

        if "activity" in self.kinds:
            activities = self.kinds["activity"].frame
        else:
            project = self.kinds.get("project")
            project_id = self.project_id or (str(project.frame["project_id"].iloc[0])
                                             if project is not None and len(project.frame) else self.folder.name)
            activities = read_partition(self.warehouse_dir, "activity", project_id)
        if activities is None:
            activities = pd.DataFrame(columns=["activity_id", "name", "start_date", "hours"])
        try:
            reshaped = reshape_attendance(table, activities, table.titles)
        except AttendanceLayoutProblem as exc:
            report = self._report_by_table[(table.file_name, table.sheet)]
            report.kind, report.outcome, report.message = "attendance", "avvisad", str(exc)
            self.problems.append(str(exc))
            return None
        except Exception as exc:
            self._reject_file(table, "attendance", self._unexpected(_where(table), "kontrollerades", exc))
            return None
        self.rejections.extend(reshaped.rejections)
        return reshaped.table

    def _validate_as(self, table: RawTable, kind: str) -> None:
        """Validate one raw table as `kind` and merge it with others of that kind."""
        report = self._report_by_table[(table.file_name, table.sheet)]
        report.kind = kind
        try:
            validated = validate_table(table, KINDS[kind], mask_text=self.mask_text)
        except FileProblem as exc:
            where = table.file_name + (f" (blad {table.sheet})" if table.sheet else "")
            report.message = f"{where}: {exc}"
            report.outcome = "avvisad"
            self.problems.append(report.message)
            return
        except Exception as exc:  # never the whole batch for one file's surprise
            self._reject_file(table, kind, self._unexpected(_where(table), "kontrollerades", exc))
            return
        if kind in self.kinds:
            self.kinds[kind].extend(validated)
        else:
            self.kinds[kind] = validated

    # -------------------------------------------------------------------------- lookups
    def existing(self, table: str) -> pd.DataFrame | None:
        """A table for this project: rows built in this batch, else the warehouse's current rows."""
        if table in self.tables:
            return self.tables[table]
        if self.project_id is None:
            return None
        if table not in self._stored:  # read each stored table once per batch
            self._stored[table] = read_partition(self.warehouse_dir, table, self.project_id)
        return self._stored[table]

    def _ids(self, table: str, column: str) -> set[str]:
        """The ids in a table of this project (batch first, else warehouse)."""
        rows = self.existing(table)
        return set() if rows is None else set(rows[column].dropna().astype(str))

    def _check_reference(self, validated: Validated, column: str, table: str, key: str, label: str,
                         fix: str) -> None:
        """Reject rows whose `column` names an id missing from `table`."""
        known = self._ids(table, key)
        values = validated.frame[column]
        missing = values.notna() & ~values.astype(str).isin(known)
        if missing.any():
            reasons = [f"{label} '{nz.shown(v, 40)}' finns inte {fix}" for v in values[missing]]
            validated.reject(missing, validated_header(validated, column), reasons)

    def _alias(self, frame: pd.DataFrame) -> pd.Series:
        """emp:<employee_id>, else pnr:<12 digits>, per row."""
        emp = frame["employee_id"] if "employee_id" in frame else pd.Series(None, index=frame.index)
        pnr = frame["personnummer"] if "personnummer" in frame else pd.Series(None, index=frame.index)
        alias = ("emp:" + emp.astype(object).where(emp.notna(), "").astype(str)).where(emp.notna(), None)
        by_pnr = ("pnr:" + pnr.astype(object).where(pnr.notna(), "").astype(str)).where(pnr.notna(), None)
        return alias.where(alias.notna(), by_pnr).astype(object)

    def resolve_people(self, validated: Validated) -> None:
        """Add person_id to each row from employee number or personnummer; unknown people are rejected."""
        frame = validated.frame
        aliases = self.existing("person_alias")
        lookup = {} if aliases is None else dict(zip(aliases["alias_hash"], aliases["person_id"]))
        alias = self._alias(frame)
        hashes = self.pseudo.alias_hashes(self.project_id, alias)
        frame["person_id"] = hashes.map(lookup).astype(object)
        frame["person_id"] = frame["person_id"].where(frame["person_id"].notna(), None)
        validated.frame = frame
        missing = frame["person_id"].isna()
        if missing.any():
            rejected = self.rejected_people()
            reasons = [_unknown_person_reason(a, rejected.get(h)) for a, h in zip(alias[missing], hashes[missing])]
            validated.reject(missing, "Anställningsnummer/Personnummer", reasons)

    def rejected_people(self) -> dict[str, str]:
        """Alias hash → "rad N i fil" for each row of this batch's person file that was rejected."""
        if self._rejected_people is not None:
            return self._rejected_people
        # kept as keyed hashes, in memory for this batch only: rejected people never reach the warehouse
        self._rejected_people = {}
        person = self.kinds.get("person")
        lines: dict[tuple[str, str | None], set[int]] = {}
        for r in person.rejections if person is not None else ():
            lines.setdefault((r["file_name"], r["sheet"]), set()).add(r["line"])
        for (file_name, sheet), rejected_lines in lines.items():
            raw = next((t for t in self.raw_by_name.get(file_name.lower(), ()) if t.sheet == sheet), None)
            if raw is None:  # rows reshaped from another layout: no line of the file to point at
                continue
            positions = map_header(raw.header, KINDS["person"])  # the file passed this when it was validated
            rows = raw.rows[raw.rows["_line"].isin(rejected_lines)].sort_values("_line")
            where = [f"rad {line} i {file_name}" + (f" (blad {sheet})" if sheet else "") for line in rows["_line"]]
            for prefix, column, parse in (("emp:", "employee_id", str.strip),
                                          ("pnr:", "personnummer", nz.parse_personnummer)):
                if column not in positions:
                    continue
                for text, place in zip(rows[positions[column]].fillna("").astype(str), where):
                    try:  # a personnummer that is itself invalid cannot be named validly elsewhere either
                        value = parse(text) if text.strip() else None
                    except ValueError:
                        value = None
                    if value:
                        self._rejected_people.setdefault(self.pseudo.alias_hash(self.project_id, prefix + value),
                                                         place)
        return self._rejected_people

    # -------------------------------------------------------------------------- kinds → tables
    def build(self) -> None:
        """Turn each validated kind into base-table rows, in dependency order."""
        try:
            self._build_project()
        except Exception as exc:
            self._build_failed("project", exc)
        if self.project_id is None:
            return
        for kind in KIND_ORDER[1:]:
            if kind in self.kinds:
                try:
                    getattr(self, f"_build_{kind}")(self.kinds[kind])
                except Exception as exc:  # one kind's surprise rejects its files, not the whole batch
                    self._build_failed(kind, exc)
                    continue
                self._refuse_if_nothing_accepted(kind)
        self._warn_far_dates()

    def _refuse_if_nothing_accepted(self, kind: str) -> None:
        """A kind whose file(s) had rows but none accepted replaces nothing: a load must never empty a kind."""
        table = PLAN_TABLES.get(kind, KIND_TABLES[kind][0])
        if table in self.tables and not len(self.tables[table]):
            for name in KIND_TABLES[kind]:
                self.tables.pop(name, None)  # later kinds look up the warehouse's rows instead
            self.refused.add(kind)

    def _build_failed(self, kind: str, exc: Exception) -> None:
        """Reject the files of one kind whose rows could not be built; nothing of that kind is written."""
        for table in KIND_TABLES.get(kind, ()):
            self.tables.pop(table, None)
        reports = [r for r in self.reports if r.kind == kind and r.outcome == "inläst"]
        names = ", ".join(dict.fromkeys(_where_report(r) for r in reports)) or KINDS[kind].title
        message = self._unexpected(names, f"lades ihop till {KINDS[kind].title.lower()}", exc)
        for report in reports:
            report.outcome, report.message = "avvisad", message
        self.problems.append(message)
        self.kinds.pop(kind, None)

    def _warn_far_dates(self) -> None:
        """Warn about kept rows whose dates lie far outside the project period (2052, a year before the start)."""
        project = self.existing("project")
        if project is None or not len(project):
            return
        start, end = project["start_date"].iloc[0], project["end_date"].iloc[0]
        if start is None or end is None or start != start or end != end:
            return
        start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        earliest, latest = start - FAR_BEFORE_START, end + FAR_AFTER_END
        for kind, validated in self.kinds.items():
            if kind == "project":
                continue
            for column in KINDS[kind].columns:
                if column.type != "date" or column.name not in validated.frame:
                    continue
                dates = validated.frame[column.name]
                far = dates.map(lambda d: d is not None and d == d and not earliest <= d <= latest).astype(bool)
                rows = validated.frame[far]
                for file_name, sheet, line, day in zip(rows["_file"], rows["_sheet"], rows["_line"],
                                                       rows[column.name]):
                    side = "före projektets start" if day < start else "efter projektets slut"
                    self.warnings.append({
                        "file_name": file_name, "sheet": sheet, "line": int(line),
                        "column_name": column.sv,
                        "reason": f"Datumet {day.isoformat()} ligger långt {side} (projektperioden är "
                                  f"{start.isoformat()}–{end.isoformat()}); raden lästes in, men kontrollera "
                                  "årtalet"})

    def _build_project(self) -> None:
        """The project row from projekt.csv/xlsx or from a project-bank page."""
        validated = self.kinds.get("project")
        if validated is not None and self.page_text is not None:
            self.problems.append(f"{self.folder.name}: mappen har både en projektfil och en projektbankssida "
                                 f"({self.page_text[0].name}); ta bort den ena.")
            return
        if validated is not None:
            frame = validated.frame
            if len(frame) != 1 or validated.rejections:
                if not validated.rejections:
                    self.problems.append(f"{frame['_file'].iloc[0] if len(frame) else 'projektfilen'}: projektfilen "
                                         f"ska ha exakt en rad med projektets fakta (den har {len(frame)}).")
                else:
                    self.problems.append("Projektfilen har fel (se de avvisade raderna); rätta den och läs in igen.")
                return
            row = frame.iloc[0]
            file_id = str(row["project_id"])
            if self.project_id and self.project_id != file_id:
                self.problems.append(f"Projektfilen anger projekt-id '{file_id}' men inläsningen gäller projekt "
                                     f"'{self.project_id}'.")
                return
            facts = {c: row[c] for c in ("name", "programme_area", "phase", "owner", "esf_grant_sek",
                                         "total_budget_sek", "start_date", "end_date", "region",
                                         "participating_actors", "partners")}
            facts["municipalities"] = "; ".join(row["municipalities"] or [])
            project_id = file_id
        elif self.page_text is not None:
            project_id = self.project_id or self.folder.name
            facts = self._facts_from_page()
            if facts is None:
                return
        else:
            if self.project_id is None:
                self.problems.append(f"{self.folder.name}: projektfil saknas. Lägg till projekt.csv (mall i "
                                     "data/templates/) eller projektets sida från projektbanken som .txt, eller "
                                     "ange vilket projekt filerna hör till (--project).")
                return
            if read_partition(self.warehouse_dir, "project", self.project_id) is None:
                self.problems.append(f"Projektet '{self.project_id}' finns inte i lagret. Läs in projektfilen "
                                     "först.")
                return
            return
        if not PROJECT_ID.match(project_id):
            self.problems.append(f"Projekt-id '{project_id[:40]}' går inte att använda: använd bokstäver, siffror, "
                                 "- och _ (högst 40 tecken, inga mellanslag).")
            return
        if facts.get("start_date") and facts.get("end_date") and facts["end_date"] < facts["start_date"]:
            self.problems.append("Projektets slutdatum ligger före startdatum; rätta projektfilen.")
            return
        self.project_id = project_id
        self.tables["project"] = pd.DataFrame([{**facts, "project_id": project_id}])

    def _facts_from_page(self) -> dict | None:
        """Project facts parsed from an ESF project-bank page (pipelines.project_page)."""
        path, text = self.page_text
        try:
            from pipelines.project_page import parse_project_page
        except ImportError:
            self.problems.append(f"{path.name}: projektbankssidor kan inte läsas i den här versionen; använd "
                                 "projekt.csv.")
            return None
        try:
            page = parse_project_page(text)
        except ValueError as exc:
            self.problems.append(f"{path.name}: sidan går inte att tolka som en projektsida ({exc}).")
            return None

        def as_text(value):
            return "; ".join(value) if isinstance(value, list) else value

        def as_date(value):
            return nz.parse_date(value) if value else None

        facts = {"name": page.get("name"), "programme_area": page.get("programme_area"),
                 "phase": page.get("phase"), "owner": page.get("owner"),
                 "esf_grant_sek": page.get("esf_grant_sek"), "total_budget_sek": page.get("total_budget_sek"),
                 "start_date": as_date(page.get("start_date")), "end_date": as_date(page.get("end_date")),
                 "region": page.get("region"), "municipalities": as_text(page.get("municipalities") or []),
                 "participating_actors": as_text(page.get("participating_actors")),
                 "partners": as_text(page.get("partners")), "summary": page.get("summary"),
                 "background": page.get("background"), "purpose": page.get("purpose"),
                 "goals_text": page.get("goals"), "accessibility": page.get("accessibility"),
                 "gender_equality": page.get("gender_equality"), "transnational": page.get("transnational")}
        if not facts["name"]:
            self.problems.append(f"{path.name}: projektets namn hittades inte på sidan.")
            return None
        for key in ("summary", "background", "purpose", "goals_text", "accessibility", "gender_equality",
                    "transnational", "participating_actors", "partners"):
            facts[key] = nz.mask_personnummer(facts[key]) if isinstance(facts[key], str) else facts[key]
        return facts

    def _build_org_unit(self, v: Validated) -> None:
        reject_repeated_keys(v, "org_unit")
        units = set(v.frame["unit_id"])
        orphan = v.frame["parent_unit_id"].notna() & ~v.frame["parent_unit_id"].isin(units)
        v.reject(orphan, "Överordnad enhet", [f"Överordnad enhet '{p}' finns inte i enhetsfilen"
                                              for p in v.frame.loc[orphan, "parent_unit_id"]])
        self.tables["org_unit"] = _columns(v.frame, "org_unit")

    def _build_person(self, v: Validated) -> None:
        reject_repeated_keys(v, "person")
        self._check_reference(v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
        frame = v.frame
        pnr = frame["personnummer"]
        derive = frame["_blank_gender"].fillna(True).astype(bool) if "_blank_gender" in frame else \
            pd.Series(True, index=frame.index)
        derive &= pnr.notna()
        frame.loc[derive, "gender"] = pnr[derive].map(nz.gender_from_personnummer)
        no_year = frame["birth_year"].isna() & pnr.notna()
        frame.loc[no_year, "birth_year"] = pnr[no_year].map(nz.birth_year_from_personnummer)
        alias = self._alias(frame)
        frame["person_id"] = alias.map(lambda a: self.pseudo.person_id(self.project_id, a))
        self.tables["person"] = _columns(frame, "person")
        aliases = []
        for prefix, column in (("emp:", "employee_id"), ("pnr:", "personnummer")):
            given = frame[frame[column].notna()]
            aliases.append(pd.DataFrame({
                "alias_hash": self.pseudo.alias_hashes(self.project_id, prefix + given[column].astype(str)),
                "person_id": given["person_id"]}))
        self.tables["person_alias"] = pd.concat(aliases, ignore_index=True)

    def _build_focus_area(self, v: Validated) -> None:
        reject_repeated_keys(v, "focus_area")
        self.tables["focus_area"] = _columns(v.frame, "focus_area")

    def _build_activity(self, v: Validated) -> None:
        reject_repeated_keys(v, "activity")
        self._check_reference(v, "focus_area_id", "focus_area", "focus_area_id", "Fokusområdes-id",
                              "i fokusområdesfilen")
        negative = pd.to_numeric(v.frame["hours"]) < 0
        v.reject(negative, "Timmar per deltagare", "Timmar kan inte vara negativa")
        self.tables["activity"] = _columns(v.frame, "activity")

    def _build_attendance(self, v: Validated) -> None:
        self._check_reference(v, "activity_id", "activity", "activity_id", "Aktivitets-id", "i aktivitetsfilen")
        negative = pd.to_numeric(v.frame["hours"]) < 0
        v.reject(negative, "Timmar", "Timmar kan inte vara negativa; skriv 0 för den som uteblev")
        self.resolve_people(v)
        reject_repeated_keys(v, "attendance")
        self.tables["attendance"] = _columns(v.frame, "attendance")

    def _build_survey_item(self, v: Validated) -> None:
        reject_repeated_keys(v, "survey_item")
        f = v.frame
        v.reject(f["scale_min"] >= f["scale_max"], "Skala max", "Skala max ska vara större än skala min")
        f = v.frame
        v.reject((f["survey_kind"] == "kompetens") & f["competence_area"].isna(), "Kompetensområde",
                 "Kompetensområde saknas; en kompetensfråga måste höra till ett kompetensområde")
        f = v.frame
        v.reject((f["survey_kind"] == "hme") & f["hme_index"].isna(), "HME-delindex",
                 "HME-delindex saknas; använd motivation, ledarskap eller styrning")
        self.tables["survey_item"] = _columns(v.frame, "survey_item")

    def _build_survey(self, v: Validated) -> None:
        reject_repeated_keys(v, "survey")
        files = v.frame["file"].map(lambda f: str(f).lower())
        missing = ~files.isin(set(self.raw_by_name))
        v.reject(missing, "Fil", [f"Exportfilen '{f}' finns inte i mappen; lägg den bredvid enkätfilen eller rätta "
                                  "filnamnet" for f in v.frame.loc[missing, "file"]])
        items = self.existing("survey_item")
        if items is None and len(v.frame):
            self.problems.append("Enkätfrågor saknas: lägg till fragor.csv (frågekatalogen) så att svaren kan "
                                 "kopplas till kompetensområden och HME-index.")
            return
        survey = v.frame.assign(wave=v.frame["wave"].map(WAVES), source_file=v.frame["file"])
        self.tables["survey"] = _columns(survey, "survey")
        responses = []
        for row in survey.itertuples(index=False):
            try:
                responses.append(self._responses(row, items))
            except Exception as exc:  # one export's surprise rejects that export, not the whole batch
                for raw in self.raw_by_name.get(str(row.file).lower(), ()):
                    self._reject_file(raw, "survey_export", self._unexpected(_where(raw), "lästes som enkätsvar",
                                                                            exc))
        responses = [r for r in responses if r is not None]
        self.tables["survey_response"] = (pd.concat(responses, ignore_index=True) if responses else
                                          pd.DataFrame(columns=_TABLE_COLUMNS["survey_response"]))

    def _responses(self, survey, items: pd.DataFrame) -> pd.DataFrame | None:
        """Long answers (respondent × item) from one survey's export file."""
        raws = self.raw_by_name[str(survey.file).lower()]
        catalogue = items[items["survey_kind"] == survey.kind]
        frames = []
        for raw in raws:
            report = self._report_by_table[(raw.file_name, raw.sheet)]
            report.kind = "survey_export"
            where = raw.file_name + (f" (blad {raw.sheet})" if raw.sheet else "")
            try:  # an unknown gender makes the gender unknown: the respondent's answers still count
                identity = validate_table(raw, KINDS["survey_export"], lenient=("gender",))
            except FileProblem as exc:  # no required columns, so only a malformed header or a repeated column
                report.outcome, report.message = "avvisad", f"{where}: {exc}"
                self.problems.append(f"{where}: {exc}")
                continue
            self.warnings.extend(identity.warnings)
            positions = map_header(raw.header, KINDS["survey_export"])
            by_id = {item.item_id: item for item in catalogue.itertuples(index=False)}
            questions = [h if pos not in positions.values() else "" for pos, h in enumerate(raw.header)]
            repeated: dict[int, str] = {}
            matched = match_item_columns(questions, {i: item.item_text for i, item in by_id.items()}, repeated)
            if repeated:  # the same question twice: which answers count cannot be told
                position, item_id = next(iter(repeated.items()))
                first = next(p for p, i in matched.items() if i == item_id)
                report.outcome = "avvisad"
                report.message = (f"{where}: frågan {item_id} finns i två kolumner ('{nz.shown(raw.header[first], 40)}' "
                                  f"och '{nz.shown(raw.header[position], 60)}'), så det går inte att veta vilka svar "
                                  "som gäller. Ta bort den ena kolumnen och läs in igen.")
                self.problems.append(report.message)
                continue
            item_columns = {pos: by_id[item_id] for pos, item_id in matched.items()}
            if not item_columns:
                report.outcome = "avvisad"
                report.message = (f"{where}: inga kolumner matchar frågorna i frågekatalogen för enkättypen "
                                  f"{survey.kind}. Rubrikerna ska vara fråge-id (t.ex. K1) eller frågetexten.")
                self.problems.append(report.message)
                continue
            ignored = [h for pos, h in enumerate(raw.header) if pos not in positions.values()
                       and pos not in item_columns and h]
            if ignored:
                report.message = "Kolumner som inte är frågor ignorerades: " + ", ".join(ignored[:10])
            identified = bool({"employee_id", "personnummer"} & identity.present)
            if "unit_id" in identity.present:  # an anonymous answer must still land in a real department
                self._check_reference(identity, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
            if identified:
                self.resolve_people(identity)
                reject_repeated_keys(identity, "survey_export")
            self.rejections.extend(r | {"project_id": self.project_id} for r in identity.rejections)
            identity.rejections = []
            people = identity.frame.set_index("_line")
            lines = raw.rows.set_index("_line")
            lines = lines[lines.index.isin(people.index)]
            long = pd.concat(
                [pd.DataFrame({"_line": lines.index, "item_id": item.item_id, "column_name": raw.header[pos],
                               "text": lines[pos].astype(object).values, "scale_min": item.scale_min,
                               "scale_max": item.scale_max})
                 for pos, item in item_columns.items()], ignore_index=True)
            text = long["text"].fillna("").astype(str).str.strip()
            folded, _ = nz.map_unique(text, nz.fold)  # each distinct answer folded once: exports are large
            long = long[~folded.isin(NO_ANSWER)]
            answer, error = answers_on_scale(text[long.index], long["scale_min"], long["scale_max"])
            long = long.assign(answer=answer, error=error)
            long = long[long["error"].notna() | long["answer"].notna()]  # a no-answer label is no answer
            out_of_scale = long["error"].isna() & long["answer"].notna() & (
                (long["answer"].astype(float) < long["scale_min"]) | (long["answer"].astype(float) >
                                                                     long["scale_max"]))
            long.loc[out_of_scale, "error"] = [f"Svaret {a} ligger utanför skalan {lo}–{hi}; rätta svaret eller "
                                               "lämna tomt" for a, lo, hi in
                                               long.loc[out_of_scale, ["answer", "scale_min", "scale_max"]]
                                               .itertuples(index=False)]
            bad = long[long["error"].notna()]
            self.rejections.extend(
                {"project_id": self.project_id, "file_name": raw.file_name, "sheet": raw.sheet,
                 "line": int(r.line), "column_name": r.column_name,
                 "reason": nz.mask_personnummer(nz.capitalise(str(r.error)))}
                for r in bad.rename(columns={"_line": "line"}).itertuples(index=False))
            good = long[long["error"].isna()]
            if identified:
                person = self.existing("person")
                person = person.set_index("person_id") if person is not None else None
                pid = people["person_id"]
                respondent = pid
                gender = pid.map(person["gender"]) if person is not None else pid.map(lambda _: None)
                unit = pid.map(person["unit_id"]) if person is not None else pid.map(lambda _: None)
            else:
                pid = pd.Series(None, index=people.index, dtype=object)
                respondent = pd.Series([self.pseudo.respondent_id(self.project_id, survey.survey_id, line)
                                        for line in people.index], index=people.index)
                gender = people["gender"]
                unit = people["unit_id"]
            frames.append(pd.DataFrame({
                "survey_id": survey.survey_id, "wave": survey.wave,
                "respondent_id": good["_line"].map(respondent).values,
                "person_id": good["_line"].map(pid).astype(object).values,
                "gender": good["_line"].map(gender).astype(object).values,
                "unit_id": good["_line"].map(unit).astype(object).values,
                "item_id": good["item_id"].values, "answer": good["answer"].astype("int64").values}))
        return pd.concat(frames, ignore_index=True) if frames else None

    def _build_competence_requirement(self, v: Validated) -> None:
        self._check_reference(v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
        reject_repeated_keys(v, "competence_requirement")
        self.tables["competence_requirement"] = _columns(v.frame, "competence_requirement")

    def _build_budget_plan(self, v: Validated) -> None:
        frame = v.frame
        frame["period_start"] = frame["period"].map(lambda p: p[0])
        frame["period_end"] = frame["period"].map(lambda p: p[1])
        self.tables["budget_plan"] = _columns(frame, "budget_plan")

    def _build_ledger_entry(self, v: Validated) -> None:
        frame = v.frame
        from_account = frame["account"].map(_cost_heading_from_account)
        frame["cost_heading"] = frame["cost_heading"].where(frame["cost_heading"].notna(), from_account)
        unknown = frame["cost_heading"].isna()
        v.reject(unknown, "Konto", [f"Konto '{a}' går inte att koppla till ett kostnadsslag; fyll i kolumnen "
                                    "Kostnadsslag" for a in frame.loc[unknown, "account"]])
        self.tables["ledger_entry"] = _columns(v.frame, "ledger_entry")

    def _build_goal(self, v: Validated) -> None:
        reject_repeated_keys(v, "goal")
        self._check_reference(v, "focus_area_id", "focus_area", "focus_area_id", "Fokusområdes-id",
                              "i fokusområdesfilen")
        self.tables["goal"] = _columns(v.frame, "goal")

    def _build_goal_measurement(self, v: Validated) -> None:
        self._check_reference(v, "goal_id", "goal", "goal_id", "Delmåls-id", "i delmålsfilen")
        reject_repeated_keys(v, "goal_measurement")
        frame = v.frame.assign(status=v.frame["status"].map(STATUSES).astype(object))
        frame["status"] = frame["status"].where(frame["status"].notna(), None)
        self.tables["goal_measurement"] = _columns(frame, "goal_measurement")

    def _build_validation_certificate(self, v: Validated) -> None:
        self.resolve_people(v)
        self.tables["validation_certificate"] = _columns(v.frame, "validation_certificate")

    def _build_ambassador(self, v: Validated) -> None:
        self._check_reference(v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
        self.resolve_people(v)
        reject_repeated_keys(v, "ambassador")
        self.tables["ambassador"] = _columns(v.frame, "ambassador")

    def _build_meeting(self, v: Validated) -> None:
        self.tables["meeting"] = _columns(v.frame, "meeting")

    # -------------------------------------------------------------------------- results
    def collect(self) -> None:
        """Gather rejections and per-file counts once every kind is built."""
        for rejection in self.rejections:
            rejection.setdefault("project_id", self.project_id)
        for validated in self.kinds.values():
            self.rejections.extend(r | {"project_id": self.project_id} for r in validated.rejections)
            self.warnings.extend(validated.warnings)
        for warning in self.warnings:
            warning.setdefault("project_id", self.project_id)
        self._fill_reports()

    def _fill_reports(self) -> None:
        """Per-file counts of accepted and rejected rows."""
        rejected: dict[tuple[str, str | None], set[int]] = {}
        for r in self.rejections:
            rejected.setdefault((r["file_name"], r["sheet"]), set()).add(r["line"])
        for report in self.reports:
            report.project_id = self.project_id
            if report.outcome != "inläst" or report.kind is None or report.kind not in KINDS:
                continue
            if report.kind == "project" and report.sheet is None and report.file_name.lower().endswith(".txt"):
                report.rows_accepted = 1 if "project" in self.tables else 0
                continue
            lines = rejected.get((report.file_name, report.sheet), set())
            report.rows_rejected = len(lines)
            report.rows_accepted = report.rows_read - len(lines)
            report.warnings = sum(1 for w in self.warnings
                                  if (w["file_name"], w["sheet"]) == (report.file_name, report.sheet))
            rows = f"{report.rows_accepted} rad" + ("" if report.rows_accepted == 1 else "er")
            summary = f"Inläst som {KINDS[report.kind].title}: {rows}" + (
                f", {report.rows_rejected} med fel" if report.rows_rejected else "") + (
                f", {report.warnings} " + ("varning" if report.warnings == 1 else "varningar")
                if report.warnings else "")
            report.message = summary + (f". {report.message}" if report.message else "")

    def release(self) -> None:
        """Drop the rows held in memory once they are written; reports and rejections stay."""
        self.tables, self.kinds, self.raw_by_name, self._stored = {}, {}, {}, {}

    def replaced_tables(self) -> dict[str, pd.DataFrame]:
        """The base tables this batch replaces for its project (only kinds present in the batch)."""
        tables = {}
        for kind in ("project", *self.kinds):
            for table in KIND_TABLES.get(kind, ()):
                if table in self.tables:
                    tables[table] = self.tables[table]
        return tables

    def added_kinds(self, add: AddChoice) -> set[str]:
        """The kinds of this batch whose rows are added to the warehouse's (by kind or by one of their files)."""
        added = set()
        for kind in ADDABLE_KINDS:
            files = {r.file_name.lower() for r in self.reports if r.kind == kind}
            if kind in self.kinds and (kind in add.kinds or files & add.files):
                added.add(kind)
        return added

    def load_tables(self, added: set[str]) -> dict[str, pd.DataFrame]:
        """The tables the load writes: replaced kinds as built, added kinds merged with the warehouse's rows."""
        tables = self.replaced_tables()
        for kind in added:
            for table in KIND_TABLES[kind]:
                if table in tables:
                    tables[table] = add_rows(self.warehouse_dir, table, self.project_id, tables[table])
        return tables

    def plan(self, tables: dict[str, pd.DataFrame], added: set[str]) -> list[KindPlan]:
        """Per kind in the batch: replace, add or refused, and the warehouse's rows now and after the load."""
        rows = []
        for kind in KIND_ORDER:
            table = PLAN_TABLES.get(kind, KIND_TABLES[kind][0])
            if table not in tables and kind not in self.refused:
                continue
            kinds = (kind, "survey_export") if kind == "survey" else (kind,)
            files = ", ".join(sorted({r.file_name for r in self.reports if r.kind in kinds}))
            now = partition_rows(self.warehouse_dir, table, self.project_id)
            if kind in self.refused:
                rows.append(KindPlan(self.project_id, kind, files, "refused", now, now))
            else:
                rows.append(KindPlan(self.project_id, kind, files, "add" if kind in added else "replace", now,
                                     len(tables[table])))
        return rows

    def mark_refused(self) -> None:
        """The files of a refused kind are logged as rejected, and their message says what is kept."""
        for report in self.reports:
            if report.kind in self.refused and report.outcome == "inläst":
                report.outcome = "avvisad"
                report.message = (f"{report.message}. Ingen rad godkändes, så inget av det slaget ersätts; "
                                  "lagret behåller det som fanns.")


@dataclass(frozen=True)
class AddChoice:
    """Which files' rows are added to the warehouse's instead of replacing their kind: by kind or file name."""

    kinds: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()


def add_choice(names: object) -> AddChoice:
    """Parse --add: kinds (attendance, narvaro, ledger, huvudbok, goal_measurement, matningar) or file names."""
    if isinstance(names, AddChoice):
        return names
    if isinstance(names, str):
        names = names.split(",")
    kinds, files = set(), set()
    for name in (str(n).strip() for n in names or ()):
        if not name:
            continue
        if "." in name:
            files.add(Path(name).name.lower())
            continue
        kind = name if name in KINDS else kind_from_name(name)
        if kind not in ADDABLE_KINDS:
            raise LoadFailed(f"'{name}' kan inte läggas till: bara närvaro (attendance), huvudbok (ledger) och "
                             "mätningar (goal_measurement) kan läggas till; andra slag ersätts alltid.")
        kinds.add(kind)
    return AddChoice(frozenset(kinds), frozenset(files))


def _sv_number(n: int) -> str:
    """An integer with a space between thousands, as Swedes write it."""
    return f"{n:,}".replace(",", " ")


def plan_warnings(plan: list[KindPlan], several: bool) -> list[str]:
    """Plain Swedish warnings for refused kinds and kinds that shrink sharply."""
    warnings = []
    for row in plan:
        title = KINDS[row.kind].title
        where = f"{row.project_id}: " if several else ""
        if row.mode == "refused":
            warnings.append(f"{where}{title} ({row.files}) läses inte in: ingen rad kunde godkännas, så lagret "
                            f"behåller sina {_sv_number(row.rows_now)} rader. Rätta felen i filen och läs in den "
                            "igen.")
        elif row.shrinks:
            hint = (f"Gäller filen bara en del, t.ex. den senaste månaden? Välj då att lägga till raderna i "
                    f"stället för att ersätta dem (Lägg till raderna på sidan Data, --add {row.kind} på "
                    "kommandoraden)." if row.kind in ADDABLE_KINDS else
                    "Kontrollera att filen är komplett: inläsningen ersätter allt som finns av det slaget.")
            warnings.append(f"{where}Varning: {title} minskar kraftigt, från {_sv_number(row.rows_now)} till "
                            f"{_sv_number(row.rows_after)} rader. {hint}")
    return warnings


def reject_repeated_keys(validated: Validated, kind: str) -> None:
    """Reject rows that repeat an earlier row's key (pipelines.keys.FILE_KEYS), naming the earlier line."""
    for columns, label in FILE_KEYS[kind]:
        reject_duplicates(validated, list(columns), label)


def validated_header(validated: Validated, column: str) -> str:
    """The Swedish header of a canonical column of a validated kind."""
    return KINDS[validated.kind].column(column).sv


def _unknown_person_reason(alias: str | None, rejected_at: str | None) -> str:
    """Why a row's person was not found: missing from the person file, or rejected there (then fix that first)."""
    who = f"Anställningsnummer '{alias[4:]}'" if alias and alias.startswith("emp:") else "Personnumret"
    if rejected_at:
        return f"{who} står på {rejected_at}, men den raden avvisades; rätta den raden i personalfilen först och " \
               "läs sedan in igen"
    if alias and alias.startswith("emp:"):
        return f"{who} finns inte i personalfilen; rätta numret eller lägg till personen i personalfilen"
    return f"{who} finns inte i personalfilen; rätta numret eller lägg till personen"


def _cost_heading_from_account(account: object) -> str | None:
    """The cost heading of a BAS account number, or None."""
    if account is None:
        return None
    digits = re.sub(r"\D", "", str(account))
    return next((heading for prefix, heading in BAS_COST_HEADINGS if digits.startswith(prefix)), None)


_TABLE_COLUMNS = table_columns()


def _columns(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame cut to a base table's columns (without project_id, added when written)."""
    wanted = [c for c in _TABLE_COLUMNS[table] if c != "project_id"]
    out = pd.DataFrame(index=frame.index)
    for column in wanted:
        out[column] = frame[column] if column in frame else None
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- the load
def _new_load_id() -> str:
    """A sortable id for one load: UTC time plus a random suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _log_file(warehouse_dir: Path) -> Path:
    """Where tracebacks of unexpected errors go (never shown to the user): beside the reports, git-ignored."""
    return Path(warehouse_dir).absolute().parent / "reports" / LOG_FILE_NAME


def run_ingest(raw_dir: Path | str, warehouse_dir: Path | str | None = None, *, check: bool = False,
               project_id: str | None = None, progress: Progress | None = None,
               add: object = ()) -> IngestResult:
    """Validate RAW_DIR and (unless check) load it into the warehouse; never raises for bad input.

    `add` names kinds or files whose rows are added to the warehouse's (deduplicated on the table's key)
    instead of replacing that kind of the project's data (attendance, ledger_entry, goal_measurement)."""
    warehouse_dir = Path(warehouse_dir) if warehouse_dir else default_warehouse_dir()
    load_id = _new_load_id()
    try:
        return _run(Path(raw_dir), warehouse_dir, load_id, check, project_id, progress or (lambda f, m: None),
                    add_choice(add))
    except (LoadFailed, KeyError_, WarehouseBusy) as exc:
        return IngestResult(False, load_id, messages=[str(exc)], checked_only=check)
    except Exception:
        log_path = _log_file(warehouse_dir)
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {load_id} {raw_dir}\n{traceback.format_exc()}\n")
        except OSError:
            log_path = None
        where = f" Tekniska detaljer finns i {log_path}." if log_path else ""
        return IngestResult(False, load_id, checked_only=check, messages=[
            "Inläsningen avbröts av ett oväntat fel; lagret är oförändrat." + where +
            " Kontakta den som sköter Styrbord om felet återkommer."])


def _run(raw_dir: Path, warehouse_dir: Path, load_id: str, check: bool, project_id: str | None,
         progress: Progress, add: AddChoice = AddChoice()) -> IngestResult:
    """The load itself: each project folder read, validated, built and (unless check) written; then the swap."""
    key = load_key()
    pseudo = Pseudonymiser(key)
    folders = discover_projects(raw_dir)
    if project_id and len(folders) > 1:
        raise LoadFailed("--project kan bara användas för en mapp med ett projekts filer.")
    result = IngestResult(True, load_id, checked_only=check)
    batches: list[ProjectBatch] = []
    with contextlib.ExitStack() as stack:
        # the writer holds the lock and a temp dir; leaving without commit() discards everything it wrote
        writer = None if check else stack.enter_context(LoadWriter(warehouse_dir, load_id, progress))
        seen: dict[str, str] = {}
        share = 0.75 / len(folders)
        for number, folder in enumerate(folders):
            batch = ProjectBatch(folder, warehouse_dir, pseudo, project_id)
            batch.read(lambda f, m, n=number: progress(share * (n + 0.5 * f), m))
            progress(share * (number + 0.5), f"Kontrollerar {folder.name}")
            batch.validate()
            batch.build()
            batch.collect()
            progress(share * (number + 0.9), f"Kontrollerade {folder.name}: "
                     f"{sum(r.rows_accepted for r in batch.reports)} rader godkända, "
                     f"{len({(r['file_name'], r['sheet'], r['line']) for r in batch.rejections})} med fel")
            if len(folders) > 1:  # in a portfolio load, say which project folder a message is about
                batch.problems = [m if m.startswith(folder.name) else f"{folder.name}: {m}" for m in batch.problems]
                batch.notes = [m if m.startswith(folder.name) else f"{folder.name}: {m}" for m in batch.notes]
            if batch.project_id in seen:
                batch.problems.append(f"Projekt-id '{batch.project_id}' finns i både {seen[batch.project_id]} "
                                      f"och {folder.name}.")
            if batch.project_id:
                seen[batch.project_id] = folder.name
                result.project_ids.append(batch.project_id)
            if batch.project_id and not batch.problems:
                added = batch.added_kinds(add)
                tables = batch.load_tables(added)
                result.plan.extend(batch.plan(tables, added))
                batch.mark_refused()
                if writer is not None and not any(b.problems for b in (*batches, batch)):
                    progress(share * (number + 1), f"Skriver {batch.project_id} till lagret")
                    writer.write_project(batch.project_id, tables)
            batch.release()  # written (or not needed): a national portfolio must not pile up in memory
            batches.append(batch)
        for batch in batches:
            result.files.extend(batch.reports)
            result.messages.extend(batch.problems)
            result.messages.extend(batch.notes)
        rejections = [r for batch in batches for r in batch.rejections]
        rejected = pd.DataFrame(rejections, columns=REJECTION_COLUMNS + ["project_id"]) \
            .sort_values(["project_id", "file_name", "line"], kind="stable", na_position="first") \
            .reset_index(drop=True)[REJECTION_COLUMNS]
        # a CSV has no sheet: None, not NaN, whatever other files in the batch have
        for column in ("sheet", "column_name"):
            rejected[column] = rejected[column].astype(object).where(rejected[column].notna(), None)
        result.rejections = rejected
        result.warnings = _rows_frame([w for batch in batches for w in batch.warnings])
        if any(batch.problems for batch in batches):
            result.ok = False
            result.messages.insert(0, "Inget lästes in: rätta felen nedan och försök igen." if not check else
                                   "Kontrollen hittade fel som stoppar inläsningen:")
            return result
        n_rejected = len(result.rejections)
        result.plan_warnings = plan_warnings(result.plan, len(folders) > 1)
        result.messages[0:0] = result.plan_warnings
        if check:
            if result.plan_warnings:  # never the all-clear when a kind would be refused or shrink sharply
                result.messages.insert(0, "Kontrollen är klar, men läs varningarna nedan innan du läser in" + (
                    f"; {n_rejected} fel på rader kommer att hoppas över." if n_rejected else "."))
            else:
                result.messages.insert(0, "Kontroll klar: filerna kan läsas in" + (
                    f", men {n_rejected} fel på rader kommer att hoppas över." if n_rejected else " utan fel."))
            return result
        loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        log_rows, rejection_rows = [], []
        for batch in batches:
            for report in batch.reports:
                log_rows.append({"load_id": load_id, "project_id": batch.project_id, "file_name": report.file_name,
                                 "sheet": report.sheet, "kind": report.kind, "sha256": report.sha256,
                                 "rows_read": report.rows_read, "rows_accepted": report.rows_accepted,
                                 "rows_rejected": report.rows_rejected, "loaded_at": loaded_at,
                                 "outcome": report.outcome})
            # the warehouse keeps why a row was rejected, not the offending value: a name typed into the unit
            # column or an employee number would otherwise end up stored; the user's own report keeps it all
            rejection_rows.extend({"load_id": load_id, **r, "reason": reason_without_values(r.get("reason"))}
                                  for r in batch.rejections)
        writer.commit(pd.DataFrame(log_rows),
                      pd.DataFrame(rejection_rows, columns=["load_id", "project_id", *REJECTION_COLUMNS]))
    progress(1.0, "Klart")
    loaded = ", ".join(result.project_ids) if len(result.project_ids) <= 5 else f"{len(result.project_ids)} projekt"
    result.messages.insert(0, f"Inläsningen är klar ({loaded})" + (
        f"; {n_rejected} fel på rader hoppades över (se rapporten)." if n_rejected else ".") + (
        " Läs varningarna nedan." if result.plan_warnings else ""))
    return result


def _rows_frame(rows: list[dict]) -> pd.DataFrame:
    """Rejection-shaped rows (file, sheet, line, column, reason) as a sorted table; a CSV's sheet is None."""
    frame = pd.DataFrame(rows, columns=REJECTION_COLUMNS + ["project_id"]) \
        .sort_values(["project_id", "file_name", "line"], kind="stable", na_position="first") \
        .reset_index(drop=True)[REJECTION_COLUMNS]
    for column in ("sheet", "column_name"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


QUOTED_VALUE = re.compile(r"'[^']*'")


def reason_without_values(reason: object) -> object:
    """A rejection reason as the warehouse stores it: every quoted value from the file replaced by '…'."""
    return QUOTED_VALUE.sub("'…'", reason) if isinstance(reason, str) else reason


def write_rejection_report(result: IngestResult, path: Path | str) -> Path:
    """The rejected rows (and per-file summary) as an Excel file, or CSV with `;` and BOM for a .csv path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rejected = result.rejections.rename(columns={"file_name": "Fil", "sheet": "Blad", "line": "Rad",
                                                 "column_name": "Kolumn", "reason": "Orsak"})
    # a file name or header from the export may start like a formula: no live formula in the report
    rejected = neutralise_frame(rejected)
    if path.suffix.lower() == ".csv":
        rejected.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
        return path
    files = result.files_frame
    summary = files.rename(columns={"file_name": "Fil", "sheet": "Blad", "kind": "Tolkad som",
                                    "rows_read": "Rader", "rows_accepted": "Godkända",
                                    "rows_rejected": "Avvisade", "message": "Meddelande"})
    summary = summary[[c for c in ("Fil", "Blad", "Tolkad som", "Rader", "Godkända", "Avvisade", "Meddelande")
                       if c in summary]] if len(files) else pd.DataFrame()
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        rejected.to_excel(writer, sheet_name="Avvisade rader", index=False)
        neutralise_frame(summary).to_excel(writer, sheet_name="Filer", index=False)
        if len(result.warnings):  # rows that were loaded but deserve a look
            neutralise_frame(result.warnings.rename(columns={"file_name": "Fil", "sheet": "Blad", "line": "Rad",
                                            "column_name": "Kolumn", "reason": "Varning"})) \
                .to_excel(writer, sheet_name="Varningar", index=False)
    return path
