"""What the user reads: per-file counts and messages, rejected and warned rows, the Excel rejection report."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipelines.contract import KINDS
from pipelines.export_safety import neutralise_frame
from pipelines.i18n import Message, Words
from pipelines.load.batch import Batch, IngestResult
from pipelines.validate import REJECTION_COLUMNS

QUOTED_VALUE = re.compile(r"'[^']*'")


def collect(batch: Batch) -> None:
    """Gather rejections and per-file counts once every kind is built."""
    for rejection in batch.rejections:
        rejection.setdefault("project_id", batch.project_id)
    for validated in batch.kinds.values():
        batch.rejections.extend(r | {"project_id": batch.project_id} for r in validated.rejections)
        batch.warnings.extend(validated.warnings)
    for warning in batch.warnings:
        warning.setdefault("project_id", batch.project_id)
    fill_reports(batch)


def fill_reports(batch: Batch) -> None:
    """Per-file counts of accepted and rejected rows."""
    rejected: dict[tuple[str, str | None], set[int]] = {}
    for r in batch.rejections:
        rejected.setdefault((r["file_name"], r["sheet"]), set()).add(r["line"])
    for report in batch.reports:
        report.project_id = batch.project_id
        if report.outcome != "inläst" or report.kind is None or report.kind not in KINDS:
            continue
        if report.kind == "project" and report.sheet is None and report.file_name.lower().endswith(".txt"):
            report.rows_accepted = 1 if "project" in batch.tables else 0
            continue
        lines = rejected.get((report.file_name, report.sheet), set())
        report.rows_rejected = len(lines)
        report.rows_accepted = report.rows_read - len(lines)
        report.warnings = sum(1 for w in batch.warnings
                              if (w["file_name"], w["sheet"]) == (report.file_name, report.sheet))
        words = {
            "title": Words(KINDS[report.kind].title, KINDS[report.kind].title_in("en")),
            "rows": Message("loader.file.row_one" if report.rows_accepted == 1 else "loader.file.row_many",
                            n=report.rows_accepted),
            "rejected": Message("loader.file.with_errors", n=report.rows_rejected) if report.rows_rejected else "",
            "warnings": Message("loader.file.warning_one" if report.warnings == 1 else "loader.file.warning_many",
                                n=report.warnings) if report.warnings else ""}
        report.message = (Message("loader.file.loaded_note", note=report.message, **words) if report.message else
                          Message("loader.file.loaded", **words))


def rows_frame(rows: list[dict]) -> pd.DataFrame:
    """Rejection-shaped rows (file, sheet, line, column, reason) as a sorted table; a CSV's sheet is None."""
    frame = pd.DataFrame(rows, columns=REJECTION_COLUMNS + ["project_id"])
    # the reasons stay Messages (pipelines.i18n), which pandas would otherwise turn into plain strings
    frame["reason"] = pd.Series([r.get("reason") for r in rows], index=frame.index, dtype=object)
    frame = frame \
        .sort_values(["project_id", "file_name", "line"], kind="stable", na_position="first") \
        .reset_index(drop=True)[REJECTION_COLUMNS]
    for column in ("sheet", "column_name"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


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
