"""A portfolio's folders read in worker processes give exactly what one folder after the other gives: the same
warehouse, the same messages, reports, rejected rows and plan (issue 13, target 2: the national ingest)."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.load import run
from pipelines.load.run import load_workers, run_ingest

FIXTURES = Path(__file__).parents[1] / "fixtures"
# columns a load stamps with its own id and time: they differ between any two loads
STAMPS = {"ingest_log": ("load_id", "loaded_at"), "ingest_rejection": ("load_id",), "warehouse_meta": None}


def messy_case(target: Path, case: str) -> Path:
    """The messy corpus' base project STOK with one case's files in place of the base's (as its README says)."""
    shutil.copytree(FIXTURES / "messy" / "base", target)
    for path in (FIXTURES / "messy" / case).iterdir():
        shutil.copy(path, target / path.name)
    return target


def portfolio(root: Path, *extra: tuple[str, Path]) -> Path:
    """Six project folders: FIX, FIX2, the three small-group projects and STOK with a rejected row (line 6).

    Their people files have 20, 6, 32, 16, 7 and 5 data rows (one of STOK's rejected)."""
    for name in ("fix", "fix2"):
        shutil.copytree(FIXTURES / "raw" / name, root / name, ignore=shutil.ignore_patterns("FACIT.md"))
    for name in ("sg1", "sg2", "sg3"):
        shutil.copytree(FIXTURES / "smallgroups" / name, root / name)
    messy_case(root / "stok", "kon_semikolon_cp1252")
    for name, source in extra:
        shutil.copytree(source, root / name)
    return root


def tables(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table and view of a warehouse, its rows sorted, without the columns a load stamps."""
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
        out = {}
        for name in names:
            if name in STAMPS and STAMPS[name] is None:
                continue
            exclude = f" exclude ({', '.join(STAMPS[name])})" if name in STAMPS else ""
            out[name] = con.execute(f"select *{exclude} from {name} order by all").fetchall()
        return out
    finally:
        con.close()


def loaded(raw: Path, warehouse: Path, workers: int, monkeypatch) -> tuple:
    """One load with a number of worker processes: the result and the progress messages in order."""
    steps: list[str] = []
    result = run_ingest(raw, warehouse, progress=lambda fraction, message: steps.append(str(message)),
                        workers=workers)
    return result, steps


def outcome(result) -> tuple:
    """What the user is told: ok, messages (both languages), reports, rejected and warned rows, the plan."""
    return (result.ok, [str(m) for m in result.messages], [getattr(m, "text", lambda lang: m)("en")
                                                          for m in result.messages],
            result.files_frame.to_dict("records"), result.rejections.to_dict("records"),
            result.warnings.to_dict("records"), result.plan, result.project_ids)


def test_the_number_of_workers_follows_the_setting_and_the_folders(monkeypatch):
    assert load_workers(10, 2) == 2
    monkeypatch.setenv("STYRBORD_LOAD_WORKERS", "3")
    assert load_workers(10) == 3
    assert load_workers(3) == 1  # too few folders: the workers would cost more than they save
    assert load_workers(run.MIN_FOLDERS_FOR_WORKERS) == 3
    monkeypatch.setenv("STYRBORD_LOAD_WORKERS", "8")
    assert load_workers(5) == 5  # never more workers than folders
    monkeypatch.setenv("STYRBORD_LOAD_WORKERS", "1")
    assert load_workers(300) == 1


def test_a_portfolio_read_by_two_workers_gives_the_same_warehouse_and_messages(tmp_path, monkeypatch):
    raw = portfolio(tmp_path / "raw")
    one, one_steps = loaded(raw, tmp_path / "one" / "warehouse", 1, monkeypatch)
    two, two_steps = loaded(raw, tmp_path / "two" / "warehouse", 2, monkeypatch)
    assert one.ok and two.ok, two.messages
    assert sorted(one.project_ids) == ["FIX", "FIX2", "SG1", "SG2", "SG3", "STOK"]
    assert outcome(two) == outcome(one)
    # the one rejected row of the portfolio, as the messy corpus' README has it: STOK's personal.csv line 6
    assert [(r["file_name"], r["line"]) for r in two.rejections.to_dict("records")] == [("personal.csv", 6)]
    assert "'Q'" in two.rejections.iloc[0]["reason"]
    first, second = tables(tmp_path / "one" / "warehouse"), tables(tmp_path / "two" / "warehouse")
    assert set(first) == set(second) and len(first) > 30
    assert {name for name in first if first[name] != second[name]} == set()
    con = duckdb.connect(str(tmp_path / "two" / "warehouse" / "warehouse.duckdb"), read_only=True)
    assert con.execute("select project_id, count(*) from person group by all order by 1").fetchall() == [
        ("FIX", 20), ("FIX2", 6), ("SG1", 32), ("SG2", 16), ("SG3", 7), ("STOK", 4)]  # the files' rows
    con.close()
    # the folders are reported in their order, each checked before the next is written
    checked = [s.split(":")[0] for s in two_steps if s.startswith("Kontrollerade ")]
    assert checked == [f"Kontrollerade {name}" for name in ("fix", "fix2", "sg1", "sg2", "sg3", "stok")]
    assert [s for s in one_steps if s.startswith("Kontrollerade ")] == [
        s for s in two_steps if s.startswith("Kontrollerade ")]


def test_a_failing_portfolio_fails_the_same_way_with_workers_and_leaves_the_warehouse(tmp_path, monkeypatch):
    """A folder with a file of unknown columns and a second folder of FIX: the load fails, nothing is written.

    The two folders of FIX come first in the portfolio's order, so two workers prepare them at the same time: each
    writes into a stage of its own, and the load says which folders give the same project."""
    bad = messy_case(tmp_path / "bad-source", "fel_kolumner")
    (bad / "projekt.csv").write_text((bad / "projekt.csv").read_text(encoding="utf-8").replace("STOK", "STOK2"),
                                     encoding="utf-8")
    raw = portfolio(tmp_path / "raw", ("stok2", bad), ("a_fix", FIXTURES / "raw" / "fix"))
    before = portfolio(tmp_path / "before")
    warehouse_of = {n: tmp_path / f"wh{n}" / "warehouse" for n in (1, 2)}
    for workers, warehouse in warehouse_of.items():
        first, _ = loaded(before, warehouse, 1, monkeypatch)
        assert first.ok
    kept = tables(warehouse_of[1])
    one, _ = loaded(raw, warehouse_of[1], 1, monkeypatch)
    two, _ = loaded(raw, warehouse_of[2], 2, monkeypatch)
    assert not one.ok and not two.ok
    assert outcome(two) == outcome(one)
    text = "\n".join(two.messages)
    assert "stok2" in text and "personal.csv" in text  # which folder and which file
    assert [m for m in two.messages if "a_fix" in m and "FIX" in m and " fix" in m]  # the id, both folders
    assert tables(warehouse_of[1]) == kept and tables(warehouse_of[2]) == kept


def test_an_unexpected_error_in_a_worker_fails_the_load_with_the_plain_message(tmp_path, monkeypatch):
    """A worker's crash reaches the user as the loader's unexpected-error message, the warehouse untouched."""
    raw = portfolio(tmp_path / "raw")
    # what the workers run, by name: a function that raises TypeError for the folder's arguments
    monkeypatch.setattr(run, "_prepare_in_worker", math.factorial)
    result = run_ingest(raw, tmp_path / "wh" / "warehouse", workers=2)
    assert not result.ok
    assert result.messages == [run.Message("loader.run.unexpected", where=result.messages[0].params["where"])]
    assert not (tmp_path / "wh" / "warehouse").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_check_reads_the_portfolio_without_writing(tmp_path, monkeypatch, workers):
    raw = portfolio(tmp_path / "raw")
    result = run_ingest(raw, tmp_path / "wh" / "warehouse", check=True, workers=workers)
    assert result.ok and result.checked_only
    assert len(result.rejections) == 1
    assert not (tmp_path / "wh").exists()


def test_a_worker_writes_missing_values_of_every_kind_as_null(tmp_path):
    """write_partitions hands pandas' frames to DuckDB as they are: None, NaN, NA and NaT read as NULL."""
    import numpy as np
    import pandas as pd

    from pipelines.warehouse import partition_path, write_partitions

    people = pd.DataFrame({
        "person_id": ["p1", "p2", "p3", "p4"],
        "gender": pd.Series(["K", None, np.nan, pd.NA], dtype=object),
        "birth_year": pd.Series([1970, None, np.nan, 1980], dtype=object),
        "unit_id": ["U1", "U1", "U2", "U2"],
        "occupation": pd.Series(["Undersköterska", np.nan, None, ""], dtype="str"),
        "role": ["employee"] * 4,
        "hourly_wage_cost_sek": [250.5, np.nan, None, 300.0]})
    ledger = pd.DataFrame({"date": pd.Series([pd.Timestamp("2025-01-31"), pd.Timestamp("2025-02-28")]),
                           "voucher": pd.Series([pd.NaT, "V2"], dtype=object), "account": [None, "7010"],
                           "cost_heading": ["personal", "personal"], "amount_sek": [100, 200], "text": [np.nan, "x"]})
    write_partitions(tmp_path, "P", {"person": people, "ledger_entry": ledger})
    con = duckdb.connect()
    read = lambda table: con.execute("select * exclude (project_id) from read_parquet(?) order by all",  # noqa: E731
                                     [str(partition_path(tmp_path, table, "P"))]).fetchall()
    assert read("person") == [
        ("p1", "K", 1970, "U1", "Undersköterska", "employee", None, None, 250.5),
        ("p2", None, None, "U1", None, "employee", None, None, None),
        ("p3", None, None, "U2", None, "employee", None, None, None),
        ("p4", None, 1980, "U2", "", "employee", None, None, 300.0)]
    import datetime as dt
    assert read("ledger_entry") == [(dt.date(2025, 1, 31), None, None, "personal", 100, None),
                                    (dt.date(2025, 2, 28), "V2", "7010", "personal", 200, "x")]


def test_a_program_that_runs_a_script_as_main_does_not_start_it_again_in_the_workers(tmp_path, monkeypatch):
    """Streamlit runs a page as __main__; a spawned worker would run that file again first (and fail there)."""
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('the page ran again in a worker')\n", encoding="utf-8")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(__import__("sys").modules, "__main__", page)
    raw = portfolio(tmp_path / "raw")
    result = run_ingest(raw, tmp_path / "wh" / "warehouse", workers=2)
    assert result.ok, result.messages
    assert __import__("sys").modules["__main__"] is page


def test_the_command_line_reads_a_portfolio_with_workers(tmp_path):
    """`python -m pipelines ingest` of the portfolio: workers by default, STYRBORD_LOAD_WORKERS=1 one by one."""
    import os
    import subprocess
    import sys

    raw = portfolio(tmp_path / "raw")
    outputs = {}
    for workers in ("1", ""):
        done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--warehouse",
                               str(tmp_path / f"wh{workers}" / "warehouse")], cwd=Path(__file__).parents[2],
                              env={**os.environ, "STYRBORD_LOAD_WORKERS": workers}, capture_output=True, text=True)
        assert done.returncode == 2, done.stdout + done.stderr  # loaded, with STOK's one rejected row
        outputs[workers] = done.stdout
    assert tables(tmp_path / "wh1" / "warehouse") == tables(tmp_path / "wh" / "warehouse")
    # one by one, each file read is reported; from the workers, each folder (they report to no terminal)
    assert "Läste fix/personal.csv" in outputs["1"] and "Läste " not in outputs[""]
    assert outputs[""].count("Kontrollerade ") == outputs["1"].count("Kontrollerade ") == 6
