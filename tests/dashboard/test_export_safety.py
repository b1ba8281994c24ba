"""No export carries a live formula: text starting with = + - @ tab or CR is neutralised, numbers stay numbers."""

import io

import openpyxl
import pandas as pd

from dashboard import tables
from pipelines.load.batch import IngestResult
from pipelines.load.report import write_rejection_report

RISKY = ["=1+1", "+A1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x","klicka")', "vanlig text", "–"]
SAFE = ["'=1+1", "'+A1", "'-2+3", "'@SUM(A1:A2)", "'\t=1", "'\r=1", "'=HYPERLINK(\"http://x\",\"klicka\")",
        "vanlig text", "–"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"=rubrik": RISKY, "belopp": [-5, -25, 0, 3, -1, 1, 2, -30000, 7],
                         "andel": [-0.5, 0.25, 0.0, 1.0, -1.5, 2.0, 0.1, -0.1, 3.0]})


def cells(workbook_bytes: bytes, sheet: int = 0) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    rows = list(book.worksheets[sheet].iter_rows())
    assert not [c.coordinate for row in rows for c in row if c.data_type == "f"], "a cell is a formula"
    return [[c.value for c in row] for row in rows]


def test_xlsx_download_has_no_formula_and_keeps_text_and_negative_numbers():
    shown = cells(tables.to_xlsx(frame(), "Test"))
    assert shown[0] == ["'=rubrik", "belopp", "andel"]
    # (openpyxl writes through lxml, installed with python-docx, which keeps the carriage return as _x000D_)
    assert [row[0] for row in shown[1:]] == SAFE
    assert [row[1] for row in shown[1:]] == [-5, -25, 0, 3, -1, 1, 2, -30000, 7]
    assert [row[2] for row in shown[1:]] == [-0.5, 0.25, 0.0, 1.0, -1.5, 2.0, 0.1, -0.1, 3.0]


def test_csv_download_neutralises_text_but_not_negative_numbers():
    text = tables.to_csv(frame()).decode("utf-8-sig")
    assert text.count("\r\n") == 10  # a header and nine rows: the carriage return in a value is quoted
    read = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    assert list(read.columns) == ["'=rubrik", "belopp", "andel"]
    assert list(read["'=rubrik"]) == SAFE
    assert list(read["belopp"]) == ["-5", "-25", "0", "3", "-1", "1", "2", "-30000", "7"]
    # the Swedish decimal comma, and a negative number is still a number
    assert list(read["andel"]) == ["-0,5", "0,25", "0,0", "1,0", "-1,5", "2,0", "0,1", "-0,1", "3,0"]


def test_the_rejection_report_has_no_formula(tmp_path):
    rejections = pd.DataFrame([{"file_name": "=evil.csv", "sheet": None, "line": 2,
                                "column_name": "=HYPERLINK(\"http://x\")", "reason": "-1 är inte ett datum"}])
    result = IngestResult(False, "L", rejections=rejections)
    xlsx = write_rejection_report(result, tmp_path / "r.xlsx").read_bytes()
    assert cells(xlsx)[1] == ["'=evil.csv", None, 2, "'=HYPERLINK(\"http://x\")", "'-1 är inte ett datum"]
    csv = write_rejection_report(result, tmp_path / "r.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert csv[1] == "'=evil.csv;;2;\"'=HYPERLINK(\"\"http://x\"\")\";'-1 är inte ett datum"
