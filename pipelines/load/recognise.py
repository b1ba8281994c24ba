"""Each raw table's kind (sheet name, file name, headers), validated against its contract (pipelines.contract)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message, message_of
from pipelines.load.batch import Batch, where_of
from pipelines.readers import RawTable
from pipelines.validate import HEADER_INDEX, FileProblem, kind_from_header, kind_from_name, validate_table
from pipelines.warehouse import read_partition

# headers of columns that hold people's names: read for masking free text only, never stored
NAME_HEADERS = {nz.normalise_header(h) for h in (
    "Namn", "Förnamn", "Efternamn", "Tilltalsnamn", "Mellannamn", "Fullständigt namn", "Personnamn",
    "Deltagarnamn", "Deltagare namn", "Medarbetarnamn", "För- och efternamn", "Efternamn, förnamn",
    "Name", "First name", "Last name", "Surname", "Given name", "Full name", "Family name")}
FIRST_NAME_HEADERS = {nz.normalise_header(h) for h in ("Förnamn", "Tilltalsnamn", "First name", "Given name")}
LAST_NAME_HEADERS = {nz.normalise_header(h) for h in ("Efternamn", "Last name", "Surname", "Family name")}
# the step an unexpected error interrupted here, as its message names it
CHECKED = Message("loader.rows.step_checked")
# kinds whose rows are people (and files not recognised, such as survey-tool exports with a Namn column);
# elsewhere "Namn" is the name of a unit, an activity or a project
PEOPLE_KINDS = (None, "person", "attendance", "validation_certificate", "ambassador")


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


def recognise(table: RawTable, stem: str) -> str | None:
    """The kind of a raw table: by sheet name, then file name, then headers."""
    if table.sheet and (kind := kind_from_name(table.sheet)):
        return kind
    return kind_from_name(stem) or kind_from_header(table.header)


def recognise_files(batch: Batch) -> None:
    """Recognise each table's kind and validate it; survey exports are recognised through the survey file."""
    survey_files: set[str] = set()
    pending: list[tuple[RawTable, str]] = []
    recognised = [(table, recognise(table, Path(table.file_name).stem))
                  for tables in batch.raw_by_name.values() for table in tables]
    # names are read from the files that list people, for masking free text only: they are never stored
    batch.names = nz.NameMasker(names_in_tables(recognised))
    for table, kind in recognised:
        if kind == "survey":
            validate_as(batch, table, kind)
        else:
            pending.append((table, kind))
    if "survey" in batch.kinds:
        survey_files = {str(f).lower() for f in batch.kinds["survey"].frame["file"].dropna()}
    # attendance lists laid out per activity need the activities first
    pending.sort(key=lambda p: p[1] == "attendance")
    for table, kind in pending:
        report = batch.report_by_table[(table.file_name, table.sheet)]
        if table.file_name.lower() in survey_files:
            report.kind = "survey_export"
            continue
        if kind is None:
            report.outcome = "ignorerad"
            report.message = Message("loader.file.unknown")
            batch.notes.append(Message("loader.file.problem", where=where_of(table), problem=report.message))
            continue
        if kind == "attendance":
            try:
                table = attendance_layout(batch, table)
            except Exception as exc:  # e.g. the stored activities could not be read for this layout
                batch.reject_file(table, kind, batch.unexpected(where_of(table), CHECKED, exc))
                continue
            if table is None:
                continue
        validate_as(batch, table, kind)


def attendance_layout(batch: Batch, table: RawTable) -> RawTable | None:
    """A sheet-per-activity or people × dates list in the long layout (pipelines.attendance_formats)."""
    from pipelines.attendance_formats import AttendanceLayoutProblem, reshape_attendance

    if "activity" in batch.kinds:
        activities = batch.kinds["activity"].frame
    else:
        project = batch.kinds.get("project")
        project_id = batch.project_id or (str(project.frame["project_id"].iloc[0])
                                         if project is not None and len(project.frame) else batch.folder.name)
        activities = read_partition(batch.warehouse_dir, "activity", project_id)
    if activities is None:
        activities = pd.DataFrame(columns=["activity_id", "name", "start_date", "hours"])
    try:
        reshaped = reshape_attendance(table, activities, table.titles)
    except AttendanceLayoutProblem as exc:
        report = batch.report_by_table[(table.file_name, table.sheet)]
        report.kind, report.outcome, report.message = "attendance", "avvisad", message_of(exc)
        batch.problems.append(message_of(exc))
        return None
    except Exception as exc:
        batch.reject_file(table, "attendance", batch.unexpected(where_of(table), CHECKED, exc))
        return None
    batch.rejections.extend(reshaped.rejections)
    return reshaped.table


def validate_as(batch: Batch, table: RawTable, kind: str) -> None:
    """Validate one raw table as `kind` and merge it with others of that kind."""
    report = batch.report_by_table[(table.file_name, table.sheet)]
    report.kind = kind
    try:
        validated = validate_table(table, KINDS[kind], mask_text=batch.mask_text)
    except FileProblem as exc:
        report.message = Message("loader.file.problem", where=where_of(table), problem=message_of(exc))
        report.outcome = "avvisad"
        batch.problems.append(report.message)
        return
    except Exception as exc:  # never the whole batch for one file's surprise
        batch.reject_file(table, kind, batch.unexpected(where_of(table), CHECKED, exc))
        return
    if kind in batch.kinds:
        batch.kinds[kind].extend(validated)
    else:
        batch.kinds[kind] = validated
