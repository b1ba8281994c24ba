"""Read CSV and xlsx exports into tables of text, keeping each row's sheet and line number."""
from __future__ import annotations

import csv
import datetime as dt
import re
import warnings
import hashlib
import io
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.i18n import Message, Words
from pipelines.normalise import normalise_header, strip_invisible

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
DEFAULT_MAX_FILE_MB = 200
HEADER_SEARCH_ROWS = 30
SNIFF_BYTES = 8192
# Excel keeps formatting on rows nobody filled in; this many blank rows in a row end a sheet.
MAX_BLANK_ROWS = 10_000


class ReadError(ValueError):
    """A file that cannot be read at all; the message is Swedish and says how to fix it."""


@dataclass
class RawTable:
    """One table of text from a file: a CSV file or one sheet of a workbook."""

    file_name: str
    sheet: str | None
    header: list[str]
    rows: pd.DataFrame  # columns 0..n-1 as text ("" for empty), plus "_line" (line number in the file or sheet)
    titles: list[str] = field(default_factory=list)  # text above the header row (a title such as "Närvaro A1")
    problems: list[dict] = field(default_factory=list)  # rows that could not be split into the header's columns
    notes: list[str] = field(default_factory=list)  # what the reader left out on purpose (a hidden sheet, ...)


def max_file_bytes() -> int:
    """The size limit for one file: STYRBORD_MAX_FILE_MB (default 200 MB), read when a file is checked."""
    try:
        megabytes = float(os.environ.get("STYRBORD_MAX_FILE_MB", "") or DEFAULT_MAX_FILE_MB)
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


def file_sha256(path: Path, chunk_bytes: int = 1024 * 1024) -> str:
    """The file's SHA-256, read in chunks so that the file never sits in memory whole."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()


def decode_text(data: bytes, file_name: str) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 or ISO-8859-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\x00" in data[:SNIFF_BYTES]:
        raise ReadError(Message("loader.read.binary", file=file_name))
    try:
        return _repair_double_utf8(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # a file glued together from UTF-8 and Windows-1252 exports: decode line by line
    lines = data.split(b"\n")
    utf8_lines = 0
    for line in lines:
        try:
            line.decode("utf-8")
            utf8_lines += any(byte > 127 for byte in line)
        except UnicodeDecodeError:
            pass
    if utf8_lines:
        return "\n".join(_decode_line(line) for line in lines).lstrip("\ufeff")
    return _decode_legacy(data)


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_legacy(line)


# Swedish letters as bytes: Mac Roman (a CSV saved by Excel on a Mac) puts å ä ö Å Ä Ö é where Windows-1252 has
# Œ Š š Å(undefined) € … Ž; Windows-1252 has them at 0xC4-0xF6
MAC_ROMAN_LETTERS = frozenset(b"\x8c\x8a\x9a\x81\x80\x85\x8e")
CP1252_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc")


def _letters_beside(data: bytes, letters: frozenset) -> int:
    """How many of these bytes stand next to an ASCII letter, as a letter inside a word does."""
    count = 0
    for i, byte in enumerate(data):
        if byte in letters:
            before = data[i - 1:i]
            after = data[i + 1:i + 2]
            if before.isalpha() or after.isalpha():
                count += 1
    return count


def legacy_encoding(data: bytes) -> str:
    """"mac_roman" when the Swedish letters sit where Mac Roman puts them, else "cp1252"."""
    mac = _letters_beside(data, MAC_ROMAN_LETTERS)
    windows = _letters_beside(data, CP1252_LETTERS)
    return "mac_roman" if mac > windows else "cp1252"


def _decode_legacy(data: bytes) -> str:
    """Mac Roman when its letters show, else Windows-1252 (a superset of ISO-8859-1 for text), else ISO-8859-1."""
    if legacy_encoding(data) == "mac_roman":
        return data.decode("mac_roman")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_DOUBLE_UTF8 = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "Ã©")


def _repair_double_utf8(text: str) -> str:
    """Text that was UTF-8 read as Windows-1252 and saved as UTF-8 again ("UnderskÃ¶terska") made right, when it
    decodes back cleanly; other text as it is."""
    if not any(pair in text for pair in _DOUBLE_UTF8):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def detect_delimiter(text: str, score_header: Callable[[list[str]], int] | None = None) -> str:
    """The separator (`;`, tab or `,`) that splits the header into the most columns, else the lines most alike."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    best, best_key = ";", None
    for delimiter in (";", "\t", ","):
        rows = [next(csv.reader([line], delimiter=delimiter)) for line in lines]
        if not rows:
            continue
        # the header decides first: decimal commas ("1,5") and a stray extra value on some data row must not
        # outvote a header that splits cleanly on its real separator
        known = [score_header(row) for row in rows] if score_header else [0]
        header = rows[known.index(max(known))] if max(known) > 0 else rows[0]
        filled = sum(1 for cell in header if cell.strip())
        # then the count of separators that most lines share (not the largest count: one ragged row is noise)
        counts = Counter(len(row) - 1 for row in rows if len(row) > 1)
        common, lines_alike = max(counts.items(), key=lambda item: (item[1], item[0])) if counts else (0, 0)
        key = (max(known), filled, lines_alike, common)
        if best_key is None or key > best_key:
            best, best_key = delimiter, key
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


def _sniff(path: Path) -> str:
    """What the first bytes say the file is: zip (xlsx), ole (old .xls), pdf, utf16, binary or text."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf16"
    if b"\x00" in head:
        return "binary"
    return "text"


_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def _is_encrypted_workbook(path: Path, chunk_bytes: int = 1024 * 1024) -> bool:
    """True for an OLE file holding an "EncryptedPackage" stream: a password-protected xlsx."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(chunk_bytes):
            if _ENCRYPTED_STREAM in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_STREAM):]
    return False


def _check_size(path: Path, max_bytes: int | None = None) -> None:
    """Refuse empty files and files too large to load into memory, looking only at the size."""
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    size = path.stat().st_size
    if size > limit:
        raise ReadError(Message("loader.files.too_big", file=path.name, size=size // (1024 * 1024),
                                limit=limit // (1024 * 1024)))
    if size == 0:
        raise ReadError(Message("loader.read.empty", file=path.name))


class NoDataRows(ReadError):
    """A file with headers but no rows: nothing to load, and no reason to throw away what the warehouse has."""


def _no_rows(file_name: str) -> NoDataRows:
    return NoDataRows(Message("loader.files.no_rows", file=file_name))


def _titles(rows: list[list[str]], header_index: int) -> list[str]:
    return [" ".join(str(c).strip() for c in row if str(c).strip()) for row in rows[:header_index]
            if any(str(c).strip() for c in row)]


def _trimmed_header(cells: list[str]) -> list[str]:
    header = [str(cell).strip() for cell in cells]
    while header and not header[-1]:
        header.pop()
    return header


def _drop_blank_rows(frame: pd.DataFrame, header: list[str] | None = None) -> pd.DataFrame:
    """The rows with a value, without blank rows and without repeats of the header row (two exports glued
    together, the second with its own header and BOM)."""
    if not len(frame):
        return frame
    # row by row over plain lists: converting every column of text to pandas' string type to strip it cost
    # several times more (a cell that is not text, such as None, makes its row one with a value, as before)
    columns = [frame[c].tolist() for c in frame.columns if c != "_line"]
    if not columns:  # no cells at all: no row has a value
        return frame.iloc[0:0].reset_index(drop=True)
    keep = [any(not isinstance(v, str) or v.strip() for v in row) for row in zip(*columns)]
    if header and sum(1 for cell in header if cell) >= 2:
        wanted = [str(cell).strip() for cell in header]
        keep = [kept and not all(isinstance(v, str) and v.strip() == cell for v, cell in zip(row, wanted))
                for kept, row in zip(keep, zip(*columns))]
    return frame[np.array(keep, dtype=bool)].reset_index(drop=True)


def _ragged_problem(file_name: str, sheet: str | None, line: int, found: int, width: int) -> dict:
    return {"file_name": file_name, "sheet": sheet, "line": line, "column_name": None,
            "reason": Message("loader.files.ragged", found=found, width=width)}


_WORD = re.compile(r"[^\W\d_]{3,}")


def _is_note(cell: str) -> bool:
    """True for a cell of words (a note), not a number that a separator split off."""
    return bool(_WORD.search(str(cell)))


def _table_from_rows(file_name: str, sheet: str | None, rows: list[list[str]],
                     score_header: Callable[[list[str]], int] | None, first_line: int = 1,
                     lines: list[int] | None = None, header_index: int | None = None,
                     ignore_unheaded: bool = False) -> RawTable | None:
    """A RawTable from rows of text (with their line numbers), the header found and empty rows dropped."""
    if not rows:
        return None
    if header_index is None:
        header_index = find_header_row(rows, score_header)
    header = _trimmed_header(rows[header_index])
    if not any(header):
        return None
    width = len(header)
    if lines is None:
        lines = list(range(first_line, first_line + len(rows)))
    body, body_lines, problems, unheaded = [], [], [], []
    header_width = len(rows[header_index])  # with the empty header cells of columns beside the table
    for row, line in zip(rows[header_index + 1:], lines[header_index + 1:]):
        extra = [cell for cell in row[width:] if str(cell).strip()]
        if extra and (ignore_unheaded or (len(row) <= header_width and all(_is_note(c) for c in extra))):
            # a sheet's columns cannot shift, and a CSV row as long as its header line has not shifted either:
            # words right of the table are a note beside it, not a broken row (a number there may be a split
            # decimal comma, so that row is still rejected)
            unheaded.append(line)
        elif extra:
            problems.append(_ragged_problem(file_name, sheet, line, width + len(extra), width))
            continue
        body.append((list(row) + [""] * width)[:width])
        body_lines.append(line)
    frame = pd.DataFrame(body, columns=list(range(width)), dtype=object) if body else \
        pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    frame["_line"] = pd.Series(body_lines, dtype="int64")
    notes = []
    if unheaded:
        rows = (Message("loader.files.row", line=unheaded[0]) if len(unheaded) == 1 else
                Message("loader.files.rows", first=unheaded[0], last=unheaded[-1]))
        where = Message("loader.file.where_sheet", file=file_name, sheet=sheet) if sheet else file_name
        notes.append(Message("loader.files.unheaded", where=where, rows=rows))
    return RawTable(file_name, sheet, header, _drop_blank_rows(frame, header), _titles(rows, header_index),
                    problems, notes)


def _csv_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Every record with the line it starts on (a quoted value may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, lines, previous_end = [], [], 0
    for record in reader:
        records.append(record)
        lines.append(previous_end + 1)
        previous_end = reader.line_num
    return records, lines


def read_csv(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """A CSV (or tab-separated .txt) export as one table of text."""
    _check_size(path)
    text = decode_text(path.read_bytes(), path.name)
    if any(ch in text for ch in "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"):
        text = strip_invisible(text)  # zero-width spaces in ids, a BOM in the middle of glued files
    if not text.strip():
        raise ReadError(Message("loader.read.empty", file=path.name))
    delimiter = detect_delimiter(text, score_header)
    head_rows = list(csv.reader(text.splitlines()[:HEADER_SEARCH_ROWS], delimiter=delimiter))
    header_index = find_header_row(head_rows, score_header)
    raw_header = head_rows[header_index] if head_rows else []
    header = _trimmed_header(raw_header)
    table = _read_csv_fast(path.name, text, delimiter, header_index, raw_header, header)
    if table is None:
        # ragged rows or values spanning lines: the slow reader keeps true line numbers and reports bad rows
        records, lines = _csv_records(text, delimiter)
        table = _table_from_rows(path.name, None, records, None, lines=lines, header_index=header_index)
        if table is None:
            raise ReadError(Message("loader.read.no_header", file=path.name))
    table.titles = _titles(head_rows, header_index)
    if not len(table.rows) and not table.problems:
        raise _no_rows(path.name)
    return [table]


def _read_csv_fast(file_name: str, text: str, delimiter: str, header_index: int, raw_header: list[str],
                   header: list[str]) -> RawTable | None:
    """The whole body through pandas' C parser, or None when rows are ragged or span lines."""
    if not header:
        return None
    width = max(len(raw_header), len(header))
    try:
        with warnings.catch_warnings():
            # pandas drops the extra values of a row longer than the header with only a warning: never silently
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                                skip_blank_lines=False, skiprows=header_index + 1, names=list(range(width)),
                                index_col=False, engine="c", quoting=csv.QUOTE_MINIMAL)
    except pd.errors.ParserWarning:
        return None
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    except (pd.errors.ParserError, ValueError):
        return None
    physical = text.count("\n") + (0 if text.endswith("\n") else 1) - (header_index + 1)
    if text.endswith("\n") and len(frame) == physical + 1:
        frame = frame.iloc[:-1]
    if len(frame) != physical:
        return None  # a quoted value spans lines: line numbers would drift
    extra = frame[list(range(len(header), width))] if width > len(header) else None
    if extra is not None and (extra.apply(lambda col: col.str.strip()) != "").any(axis=None):
        return None
    frame = frame[list(range(len(header)))].astype(object)
    frame["_line"] = pd.Series(range(header_index + 2, header_index + 2 + len(frame)), index=frame.index,
                               dtype="int64")
    return RawTable(file_name, None, header, _drop_blank_rows(frame, header))


def _cell_text(value: object) -> str:
    """Text of one workbook cell: dates as ISO, whole floats without .0, formulas as their text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        whole, _, decimals = text.partition(".")
        # 18.125 would read as eighteen thousand in a dot-thousands column: a workbook's number is never that
        return text + "0" if len(decimals) == 3 and "e" not in text else text
    if isinstance(value, str):
        return strip_invisible(value)
    return str(value)


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def _vertical_merges(sheet) -> dict[int, list[tuple[int, int]]]:
    """Row → [(column, first row of the merge)] for cells below the first row of a merged range, in the range's
    first column (0-based): a merged value belongs to every row of the merge."""
    try:
        with sheet.parent._archive.open(sheet._worksheet_path) as source:
            xml = source.read()
    except (AttributeError, KeyError, OSError):
        return {}
    start = xml.rfind(b"<mergeCells")
    if start < 0:
        return {}
    cells = {}
    for first_col, first_row, _, last_row in _MERGE.findall(xml[start:]):
        column, top, bottom = _column_number(first_col) - 1, int(first_row) - 1, int(last_row) - 1
        for row in range(top + 1, bottom + 1):
            cells.setdefault(row, []).append((column, top))
    return cells


def _sheet_rows(sheet) -> list[list[str]]:
    """A sheet's rows as text, stopping after a long run of blank (formatted but empty) rows; a value merged
    over several rows is given to each of them."""
    rows, blank_run = [], 0
    merged = _vertical_merges(sheet)
    for number, values in enumerate(sheet.iter_rows(values_only=True)):
        row = [_cell_text(v) for v in values]
        for column, top in merged.get(number, ()):
            source = rows[top] if top < len(rows) else []
            if column < len(row) and not row[column].strip() and column < len(source):
                row[column] = source[column]
        if any(cell.strip() for cell in row):
            rows.extend([[]] * blank_run)
            blank_run = 0
            rows.append(row)
        else:
            blank_run += 1
            if blank_run >= MAX_BLANK_ROWS:
                break
    return rows


def read_xlsx(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """Every data sheet of a workbook as a table of text (formulas are read as text, never evaluated).

    Sheets without a known header (instructions, notes) are left out when another sheet has one."""
    _check_size(path)
    from openpyxl import load_workbook

    # a file handle, not the path: openpyxl refuses a workbook whose name does not end in .xlsx
    with path.open("rb") as handle:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds for a non-workbook
            raise ReadError(Message("loader.read.not_xlsx", file=path.name)) from None
        scored: list[tuple[int, RawTable]] = []
        hidden: list[str] = []
        try:
            for sheet in workbook.worksheets:
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    # a hidden sheet is often a stale copy or a lookup list: the visible sheets are what people see
                    hidden.append(sheet.title)
                    continue
                rows = _sheet_rows(sheet)
                table = _table_from_rows(path.name, sheet.title, rows, score_header, ignore_unheaded=True)
                if table is not None:
                    score = score_header(table.header) if score_header else 1
                    scored.append((score, table))
        finally:
            workbook.close()
    if any(score > 0 for score, _ in scored):
        scored = [(score, table) for score, table in scored if score > 0]
    tables = [table for _, table in scored if len(table.rows) or table.problems]
    names = ", ".join(f"'{name}'" for name in hidden)
    if not tables:
        if hidden:
            raise ReadError(Message("loader.files.hidden_only", file=path.name, names=names))
        if scored:
            raise _no_rows(path.name)
        raise ReadError(Message("loader.read.no_sheets", file=path.name))
    if hidden:
        tables[0].notes.insert(0, Message("loader.files.hidden_one" if len(hidden) == 1 else "loader.files.hidden_many",
                                          file=path.name, names=names))
    return tables


def read_table_file(path: Path, score_header: Callable[[list[str]], int] | None = None) -> list[RawTable]:
    """A CSV or xlsx file as tables of text (one per sheet), recognised by its content as well as its name."""
    suffix = path.suffix.lower()
    _check_size(path)
    content = _sniff(path)
    if content == "pdf":
        raise ReadError(Message("loader.read.pdf", file=path.name))
    if content == "ole" and _is_encrypted_workbook(path):
        raise ReadError(Message("loader.files.encrypted", file=path.name))
    if content == "ole" or suffix == ".xls":
        raise ReadError(Message("loader.read.xls", file=path.name))
    if content == "zip" and suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, score_header)
    if content == "zip" and suffix in (".csv", ".txt", ".tsv"):
        # an Excel workbook saved under a .csv name is still a workbook; other zip files are not tables
        try:
            return read_xlsx(path, score_header)
        except ReadError:
            raise ReadError(Message("loader.read.binary", file=path.name)) from None
    if suffix in (".xlsx", ".xlsm"):
        raise ReadError(Message("loader.read.not_xlsx", file=path.name))
    if suffix in (".csv", ".txt", ".tsv"):
        if content == "binary":
            raise ReadError(Message("loader.read.binary", file=path.name))
        return read_csv(path, score_header)
    raise ReadError(Message("loader.read.file_type", file=path.name, suffix=suffix or Words("(ingen)", "(none)")))


def header_scorer(known: set[str]) -> Callable[[list[str]], int]:
    """A function that counts how many cells of a row are known headers."""
    def score(row: list[str]) -> int:
        return sum(1 for cell in row if normalise_header(cell) in known)
    return score
