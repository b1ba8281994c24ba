"""How the demo writes files: Swedish CSV and xlsx exports, fake names and fake personnummer."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# A fixed time stamp for xlsx internals: openpyxl stamps "now" into the file, which would break determinism.
XLSX_TIMESTAMP = (2026, 11, 15, 0, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def amount(kronor: int) -> str:
    """Whole kronor as the economy system prints them: `1 234 567`."""
    return f"{kronor:,}".replace(",", " ")


def decimal(value: float, places: int = 2) -> str:
    """A number with decimal comma, without trailing zeros: `3,5`, `347,25`, `12`."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").replace(".", ",")


def iso(day: dt.date | None) -> str:
    """An ISO date, blank for None."""
    return day.isoformat() if day else ""


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a semicolon CSV in UTF-8 with BOM and CRLF, as Excel in Swedish saves it; returns the row count."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        # rows may be a generator: write in chunks so large exports stream to disk
        chunk: list[Sequence[object]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 20_000:
                writer.writerows(chunk)
                count += len(chunk)
                chunk.clear()
        writer.writerows(chunk)
        count += len(chunk)
    return count


def write_xlsx(path: Path, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write one sheet with typed cells (numbers, dates) byte-identically for the same rows; returns the count."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Styrbord demo"
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    _repack_fixed_time(buffer.getvalue(), path)
    return count


def _xlsx_cell(sheet, value: object) -> object:
    """A cell with a Swedish-looking number format for dates and amounts."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, float):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, int) and abs(value) >= 10_000:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "#,##0"
        return cell
    return value


def _repack_fixed_time(xlsx: bytes, path: Path) -> None:
    """Rewrite the zip with fixed entry times and document dates so equal content gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIME.sub(rb"\g<1>2026-11-15T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=XLSX_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)


# ---------------------------------------------------------------------------------------------- personnummer
def luhn_digit(nine_digits: str) -> int:
    """The Luhn check digit of YYMMDDNNN (weights 2,1,2,...; digits of products summed)."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def personnummer(birth: dt.date, serial: int, woman: bool) -> str:
    """A syntactically valid 12-digit personnummer `YYYYMMDD-NNNC`; the third N is even for women.

    serial (0..489) picks the two first birth-number digits (01..98) and which even or odd gender digit is used.
    """
    gender_digit = (serial % 5) * 2 + (0 if woman else 1)
    nine = f"{birth:%y%m%d}{1 + serial // 5:02d}{gender_digit}"
    return f"{birth:%Y%m%d}-{nine[6:]}{luhn_digit(nine)}"


# ---------------------------------------------------------------------------------------------- names
WOMEN_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Christina", "Lena", "Emma", "Kerstin", "Marie", "Malin", "Ingrid",
    "Jenny", "Hanna", "Linda", "Annika", "Susanne", "Elin", "Monica", "Birgitta", "Sofia", "Johanna", "Ulla",
    "Camilla", "Helena", "Therese", "Åsa", "Ida", "Julia", "Fatima", "Amina", "Leila", "Ebba", "Märta", "Louise",
)
MEN_NAMES = (
    "Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Thomas", "Jan", "Daniel", "Fredrik",
    "Hans", "Andreas", "Stefan", "Mohammed", "Magnus", "Mats", "Jonas", "Mattias", "Niklas", "Björn", "Oskar",
    "Ali", "Emil", "Henrik", "Göran", "Ahmed", "Patrik", "Simon",
)
NEUTRAL_NAMES = ("Kim", "Robin", "Alex", "Sam", "Love", "Charlie", "Noa", "Eli")
SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Ali",
    "Mohammadi", "Hussein", "Nowak", "Kowalski", "Nguyen", "Yilmaz", "Holm", "Åberg", "Ekström", "Sjöberg",
)
