"""Read CSV and xlsx exports into tables of text, keeping each row's sheet and line number."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.normalise import normalise_header

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
MAX_FILE_BYTES = int(os.environ.get("STYRBORD_MAX_FILE_MB", "1024")) * 1024 * 1024
HEADER_SEARCH_ROWS = 30


class ReadError(ValueError):
    """A file that cannot be read at all; the message is Swedish and says how to fix it."""


@dataclass
class RawTable:
    """One table of text from a file: a CSV file or one sheet of a workbook."""

    file_name: str
    sheet: str | None
    header: list[str]
    rows: pd.DataFrame  # columns 0..n-1 as text ("" for empty), plus "_line" (line number in the file or sheet)


def decode_text(data: bytes, file_name: str) -> str:
    """Text from bytes in UTF-8 (with or without BOM), Windows-1252 or ISO-8859-1."""
    if b"\x00" in data[:8192]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        raise ReadError(f"{file_name}: filen är inte en textfil (binärt innehåll). Spara den som CSV eller xlsx.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_delimiter(text: str) -> str:
    """The separator (`;`, `,` or tab) that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best, best_score = ";", -1
    for delimiter in (";", "\t", ","):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) - 1 for line in lines]
        if not counts:
            continue
        # the separator used on most lines, and as often on each, wins
        top = max(counts)
        score = sum(1 for c in counts if c == top and c > 0) * 1000 + top
        if score > best_score:
            best, best_score = delimiter, score
    return best


def find_header_row(rows: list[list[str]], score_header: Callable[[list[str]], int] | None) -> int:
    """Index of the header row: the first rows scored by known headers, else the first row with 2+ values."""
    candidates = rows[:HEADER_SEARCH_ROWS]
    if score_header:
        scores = [score_header(row) for row in candidates]
        if scores and max(scores) > 0:
            return scores.index(max(scores))
    for index, row in enumerate(candidates):
        if sum(1 for cell in row if str(cell).strip()) >= 2:
            return index
    return 0


def _check_size(path: Path) -> None:
    """Refuse files too large to load into memory."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{path.name}: filen är för stor ({size // (1024 * 1024)} MB; högst "
                        f"{MAX_FILE_BYTES // (1024 * 1024)} MB). Dela upp den i flera filer.")
    if size == 0:
        raise ReadError(f"{path.name}: filen är tom.")


def _table_from_rows(file_name: str, sheet: str | None, rows: list[list[str]],
                     score_header: Callable[[list[str]], int] | None,
                     lines: list[int] | None = None) -> RawTable | None:
    """A RawTable from rows of text, with the header found and empty rows dropped."""
    if not rows:
        return None
    lines = lines or list(range(1, len(rows) + 1))
    header_index = find_header_row(rows, score_header)
    header = [str(cell).strip() for cell in rows[header_index]]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        return None
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows[header_index + 1:]]
    frame = pd.DataFrame(body, columns=list(range(width)), dtype=object) if body else \
        pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    frame["_line"] = pd.Series(lines[header_index + 1:], dtype="int64")
    if len(frame):
        filled = frame.drop(columns="_line").apply(lambda col: col.astype(str).str.strip() != "")
        frame = frame[filled.any(axis=1)]
    return RawTable(file_name, sheet, header, frame.reset_index(drop=True))


def read_csv(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """A CSV (or tab-separated .txt) export as one table of text."""
    _check_size(path)
    text = decode_text(path.read_bytes(), path.name)
    if not text.strip():
        raise ReadError(f"{path.name}: filen är tom.")
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    next_line = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(next_line)  # a quoted field may span lines: keep the line the row starts on
            next_line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadError(f"{path.name}: filen går inte att läsa som CSV (rad {reader.line_num}: {exc}). "
                        "Kontrollera citattecknen och spara den som CSV med semikolon.") from None
    table = _table_from_rows(path.name, None, rows, score_header, lines)
    if table is None:
        raise ReadError(f"{path.name}: filen har ingen rubrikrad.")
    return [table]


def _cell_text(value: object) -> str:
    """Text of one workbook cell: dates as ISO, whole floats without .0, formulas as their text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_xlsx(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """Every non-empty sheet of a workbook as a table of text (formulas are read as text, never evaluated)."""
    _check_size(path)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a non-workbook
        raise ReadError(f"{path.name}: filen går inte att öppna som Excel-fil (xlsx). Spara den som .xlsx "
                        "eller CSV.") from None
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            table = _table_from_rows(path.name, sheet.title, rows, score_header)
            if table is not None:
                tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise ReadError(f"{path.name}: arbetsboken har inga ifyllda blad.")
    return tables


def read_table_file(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """A CSV or xlsx file as tables of text (one per sheet)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, score_header)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(path, score_header)
    if suffix == ".xls":
        raise ReadError(f"{path.name}: det gamla Excel-formatet .xls kan inte läsas. Spara filen som .xlsx.")
    raise ReadError(f"{path.name}: filtypen {suffix or '(ingen)'} kan inte läsas. Använd CSV eller xlsx.")


def header_scorer(known: set[str]) -> Callable[[list[str]], int]:
    """A function that counts how many cells of a row are known headers."""
    def score(row: list[str]) -> int:
        return sum(1 for cell in row if normalise_header(cell) in known)
    return score
