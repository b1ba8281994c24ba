"""Nothing personal in the warehouse: no personnummer patterns and no names in any table or Parquet file."""
from __future__ import annotations

import csv
import os
import re
import stat
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.pseudonym import Pseudonymiser, load_key

RAW = Path(__file__).parents[1] / "fixtures" / "raw"
# 10 or 12 digits, with or without a dash or plus before the last four, standing alone (hex hashes may hold
# digit runs; the exact raw numbers are searched for anywhere in test_no_personnummer_digits_...)
PERSONNUMMER = re.compile(r"(?<![0-9A-Za-z])(?:\d{2})?\d{6}[-+]?\d{4}(?![0-9A-Za-z])")


def raw_names() -> set[str]:
    """First and last names from the fixture HR export and the project's contact person."""
    with (RAW / "fix" / "personal.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    names = {row["Förnamn"] for row in rows} | {row["Efternamn"] for row in rows}
    return names | {"Maria Fixare", "Fixare", "maria.fixare@fixby.se", "0123-45678"}


def raw_personnummer() -> set[str]:
    """Every personnummer in the fixture files (CSV and xlsx), as its 10 digits."""
    found = set()
    for path in sorted(RAW.rglob("*")):
        if path.suffix == ".csv":
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        elif path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            text = "\n".join(str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                              for v in row if v is not None)
            workbook.close()
        else:
            continue
        found |= {re.sub(r"\D", "", m)[-10:] for m in re.findall(r"\b(?:\d{2})?\d{6}[-+]?\d{4}\b", text)}
    return found


def warehouse_text(root: Path, numbers: bool = False) -> list[tuple[str, str]]:
    """(where, text) for every text value (and number, if asked) of every table in warehouse.duckdb and every Parquet file."""
    values = []
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    tables = [t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()]
    for table in tables:
        frame = con.execute(f"select * from {table}").df()
        for column in frame.columns:
            values += [(f"{table}.{column}", str(v)) for v in frame[column].dropna() if numbers or isinstance(v, str)]
    for path in sorted(root.rglob("*.parquet")):
        frame = con.execute("select * from read_parquet(?)", [str(path)]).df()
        for column in frame.columns:
            values += [(f"{path.relative_to(root)}:{column}", str(v)) for v in frame[column].dropna()
                       if numbers or isinstance(v, str)]
    con.close()
    return values


def test_the_fixture_really_holds_names_and_personnummer():
    # the scan below only means something if the raw files are personal
    assert len(raw_personnummer()) >= 26
    assert {"Astrid", "Bergkvist", "Ulrik", "Wallenius"} <= raw_names()


def test_no_personnummer_pattern_anywhere(fixture_warehouse):
    leaks = [(where, value) for where, value in warehouse_text(fixture_warehouse) if PERSONNUMMER.search(value)]
    assert leaks == []


def test_no_personnummer_digits_even_without_separators(fixture_warehouse):
    numbers = raw_personnummer()
    leaks = [(where, value) for where, value in warehouse_text(fixture_warehouse, numbers=True)
             if any(n in re.sub(r"\D", "", value) for n in numbers)]
    assert leaks == []


def test_no_names_anywhere(fixture_warehouse):
    names = raw_names()
    leaks = [(where, value) for where, value in warehouse_text(fixture_warehouse)
             if any(re.search(rf"\b{re.escape(name)}\b", value) for name in names)]
    assert leaks == []


def test_no_raw_bytes_of_personnummer_in_any_file(fixture_warehouse):
    # compressed Parquet could hide text from a value scan: look at the database file's raw bytes too
    data = (fixture_warehouse / "warehouse.duckdb").read_bytes()
    assert [n for n in raw_personnummer() if n.encode() in data] == []
    assert b"Bergkvist" not in data


def test_person_ids_are_keyed_hashes_that_change_with_the_key(fixture_warehouse, monkeypatch):
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)
    ids = {p for (p,) in con.execute("select person_id from person where project_id = 'FIX'").fetchall()}
    con.close()
    pseudo = Pseudonymiser(load_key())
    assert pseudo.person_id("FIX", "emp:101") in ids
    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", "00" * 32)
    assert Pseudonymiser(load_key()).person_id("FIX", "emp:101") not in ids


def test_a_missing_key_file_is_created_private(tmp_path, monkeypatch):
    monkeypatch.delenv("STYRBORD_PSEUDONYM_KEY")
    key_file = tmp_path / "keys" / "pseudonym.key"
    monkeypatch.setenv("STYRBORD_KEY_FILE", str(key_file))
    key = load_key()
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert load_key() == key  # the same key on the next load


def test_a_malformed_key_is_a_swedish_message(monkeypatch, tmp_path):
    from pipelines.load.run import run_ingest

    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", "inte-hex")
    result = run_ingest(RAW / "fix", tmp_path / "warehouse")
    assert not result.ok
    assert result.messages == ["STYRBORD_PSEUDONYM_KEY ska vara hexadecimal (t.ex. 64 tecken 0-9 a-f)."]


@pytest.mark.parametrize("text, masked", [
    ("ring 19850315-1234 i dag", "ring ÅÅÅÅMMDD-XXXX i dag"),
    ("pnr 850315-1234.", "pnr ÅÅÅÅMMDD-XXXX."),
    ("198503151234", "ÅÅÅÅMMDD-XXXX"),
    ("Konto 7010, belopp 30000", "Konto 7010, belopp 30000"),
])
def test_personnummer_in_free_text_is_masked(text, masked):
    from pipelines.normalise import mask_personnummer

    assert mask_personnummer(text) == masked


def test_a_name_typed_into_a_coded_column_reaches_the_report_but_not_the_warehouse(tmp_path, monkeypatch):
    """Rejection reasons quote the bad value for the user; the warehouse keeps the reason without it."""
    import shutil

    from pipelines.load.run import run_ingest

    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", "ab" * 32)
    folder = tmp_path / "fix"
    shutil.copytree(RAW / "fix", folder)
    people = (folder / "personal.csv").read_text(encoding="utf-8-sig").splitlines()
    header = people[0].split(";")
    first = people[1].split(";")
    name = f"{first[header.index('Förnamn')]} {first[header.index('Efternamn')]}"
    first[header.index("Enhets-id")] = name  # the name typed into the unit column
    people[1] = ";".join(first)
    (folder / "personal.csv").write_text("\n".join(people) + "\n", encoding="utf-8-sig")

    result = run_ingest(folder, tmp_path / "wh")
    assert result.ok
    reasons = list(result.rejections["reason"])
    assert any(f"'{name}'" in reason for reason in reasons)  # the user's report says what was wrong
    stored = [text for _, text in warehouse_text(tmp_path / "wh")]
    assert not [text for text in stored if name in text]
    assert any("'…'" in text for text in stored)  # the reason itself is kept
