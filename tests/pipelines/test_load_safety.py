"""Nothing lost by a load: the dry-run plan, refused kinds, adding rows, undo, and the upgrade of an old warehouse."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.__main__ import main as cli
from pipelines.contract import BASE_TABLES
from pipelines.load.batch import LoadFailed
from pipelines.load.plan import KindPlan, add_choice, plan_warnings
from pipelines.load.run import run_ingest
from pipelines.warehouse import (MARTS, SCHEMA_VERSION, WarehouseError, load_history, schema_fingerprint,
                                 schema_of, undo_load, upgrade_warehouse)

REPO = Path(__file__).parents[2]
RAW = REPO / "tests" / "fixtures" / "raw"
ATTENDANCE_HEADER = "Aktivitets-id;Anst.nr;Personnummer;Datum;Timmar\n"


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def contents(root: Path, tables=(*BASE_TABLES, *MARTS)) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
                for t in tables if t not in ("ingest_log", "ingest_rejection")}
    finally:
        con.close()


def scalar(root: Path, sql: str, *params):
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture
def loaded(fixture_warehouse, tmp_path) -> Path:
    """A writable copy of the fixture warehouse (FIX: 30 attendance rows, 10 ledger lines, 4 measurements)."""
    target = tmp_path / "wh" / "warehouse"
    shutil.copytree(fixture_warehouse, target)
    return target


def batch(tmp_path: Path, name: str, text: str, folder: str = "nya") -> Path:
    path = tmp_path / folder
    path.mkdir(exist_ok=True)
    (path / name).write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- the plan
def test_the_dry_run_says_rows_now_and_after_and_warns_when_a_kind_shrinks(loaded, tmp_path):
    before = snapshot(loaded)
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    result = run_ingest(folder, loaded, check=True, project_id="FIX")
    assert result.ok
    assert result.plan == [KindPlan("FIX", "attendance", "narvaro.csv", "replace", 30, 1)]
    assert result.plan[0].shrinks
    assert result.messages == [
        "Kontrollen är klar, men läs varningarna nedan innan du läser in.",
        "Varning: Närvaro minskar kraftigt, från 30 till 1 rader. Gäller filen bara en del, t.ex. den senaste "
        "månaden? Välj då att lägga till raderna i stället för att ersätta dem (Lägg till raderna på sidan Data, "
        "--add attendance på kommandoraden)."]
    assert snapshot(loaded) == before


def test_the_plan_warnings_read_in_english_from_the_one_catalogue(loaded, tmp_path):
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    result = run_ingest(folder, loaded, check=True, project_id="FIX")
    assert plan_warnings(result.plan, result.several_projects, lang="en") == [
        "Warning: Attendance shrinks sharply, from 30 to 1 rows. Does the file cover only a part, such as the latest "
        "month? Then choose to add its rows instead of replacing them (Add the rows on the Data page, --add "
        "attendance on the command line)."]
    assert plan_warnings(result.plan, result.several_projects) == result.plan_warnings
    refused = [KindPlan("P1", "ledger_entry", "huvudbok.csv", "refused", 1234, 1234)]
    assert plan_warnings(refused, True, lang="en") == [
        "P1: Ledger (huvudbok.csv) is not loaded: no row could be accepted, so the warehouse keeps its 1,234 rows. "
        "Correct the errors in the file and load it again."]
    assert plan_warnings(refused, True) == [
        "P1: Huvudbok (huvudbok.csv) läses inte in: ingen rad kunde godkännas, så lagret behåller sina 1 234 rader. "
        "Rätta felen i filen och läs in den igen."]


def test_a_kind_with_no_accepted_rows_is_refused_and_keeps_its_rows(loaded, tmp_path):
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "NOPE;101;;2025-02-10;2\nNOPE;102;;2025-02-10;2\n"
                   "NOPE;103;;2025-02-10;2\n")
    check = run_ingest(folder, loaded, check=True, project_id="FIX")
    assert check.plan == [KindPlan("FIX", "attendance", "narvaro.csv", "refused", 30, 30)]
    assert not check.messages[0].startswith("Kontroll klar")
    assert check.messages[:2] == [
        "Kontrollen är klar, men läs varningarna nedan innan du läser in; 3 fel på rader kommer att hoppas över.",
        "Närvaro (narvaro.csv) läses inte in: ingen rad kunde godkännas, så lagret behåller sina 30 rader. "
        "Rätta felen i filen och läs in den igen."]
    before = contents(loaded)
    result = run_ingest(folder, loaded, project_id="FIX")
    assert result.ok
    assert contents(loaded) == before  # the 30 attendance rows (and their marts) are all still there
    assert scalar(loaded, "select file_name, rows_read, rows_accepted, outcome from ingest_log "
                          "where load_id = ?", result.load_id) == [("narvaro.csv", 3, 0, "avvisad")]


def test_adding_attendance_dedupes_on_the_key_and_the_new_row_wins(loaded, tmp_path):
    # 101 on 2025-02-10 in A1 is already loaded with 2 hours: the new list corrects it to 3 and adds a day
    folder = batch(tmp_path, "narvaro_sept.csv", ATTENDANCE_HEADER + "A1;101;;2025-02-10;3\nA1;101;;2025-09-10;1,5\n")
    check = run_ingest(folder, loaded, check=True, project_id="FIX", add="narvaro")
    assert check.plan == [KindPlan("FIX", "attendance", "narvaro_sept.csv", "add", 30, 31)]
    assert check.messages == ["Kontroll klar: filerna kan läsas in utan fel."]
    hours_before = scalar(loaded, "select sum(hours) from attendance where project_id = 'FIX'")[0][0]
    assert run_ingest(folder, loaded, project_id="FIX", add=["attendance"]).ok
    assert scalar(loaded, "select count(*), sum(hours) from attendance where project_id = 'FIX'") == [
        (31, hours_before + 1 + 1.5)]
    assert scalar(loaded, "select count(*) from mart_attendance where project_id = 'FIX'") == [(31,)]
    # adding the same file again changes nothing
    again = run_ingest(folder, loaded, project_id="FIX", add="narvaro_sept.csv")
    assert again.plan == [KindPlan("FIX", "attendance", "narvaro_sept.csv", "add", 31, 31)]
    assert scalar(loaded, "select count(*), sum(hours) from attendance where project_id = 'FIX'") == [
        (31, hours_before + 2.5)]


def test_adding_ledger_lines_and_measurements_by_kind_or_file_name(loaded, tmp_path):
    folder = batch(tmp_path, "huvudbok.csv", "Datum;Verifikation;Konto;Kostnadsslag;Belopp;Text\n"
                   "2025-06-30;V109;7010;;30 000,00;Lön projektledare juni\n"
                   "2025-07-31;V111;7010;;30 000,00;Lön projektledare juli\n")
    batch(tmp_path, "matningar.csv", "Delmåls-id;Datum;Värde;Status;Kommentar\nD3;2025-11-30;73;grön;Rättad\n"
          "D3;2025-12-31;75;grön;Årets sista\n")
    result = run_ingest(folder, loaded, project_id="FIX", add="ledger,matningar.csv")
    assert result.ok, result.messages
    assert result.plan == [KindPlan("FIX", "ledger_entry", "huvudbok.csv", "add", 10, 11),
                           KindPlan("FIX", "goal_measurement", "matningar.csv", "add", 4, 5)]
    assert scalar(loaded, "select count(*), sum(amount_sek) from ledger_entry where project_id = 'FIX'") == [
        (11, 251_000)]
    assert scalar(loaded, "select date, value from goal_measurement where project_id = 'FIX' and goal_id = 'D3' "
                          "order by date") == [(dt.date(2025, 6, 30), 62.0), (dt.date(2025, 11, 30), 73.0),
                                               (dt.date(2025, 12, 31), 75.0)]


def test_only_attendance_ledger_and_measurements_can_be_added():
    assert add_choice("narvaro, Huvudbok,goal_measurement,mars.CSV").kinds == {
        "attendance", "ledger_entry", "goal_measurement"}
    assert add_choice("mars.CSV").files == {"mars.csv"}
    with pytest.raises(LoadFailed) as refused:
        add_choice("budget")
    assert str(refused.value) == ("'budget' kan inte läggas till: bara närvaro (attendance), huvudbok (ledger) och "
                                  "mätningar (goal_measurement) kan läggas till; andra slag ersätts alltid.")


# ---------------------------------------------------------------------------------------------- undo
def test_a_load_is_undone_atomically_and_the_undo_is_logged(loaded, tmp_path):
    before = contents(loaded)
    first = run_ingest(batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n"), loaded,
                       project_id="FIX")
    second = run_ingest(batch(tmp_path, "huvudbok.csv", "Datum;Konto;Belopp\n2025-07-31;7010;1 000\n", "b"),
                        loaded, project_id="FIX")
    assert first.ok and second.ok
    assert scalar(loaded, "select count(*) from attendance where project_id = 'FIX'") == [(1,)]
    history = load_history(loaded)
    assert list(history["load_id"][:2]) == [second.load_id, first.load_id]
    assert list(history["undoable"][:2]) == [True, True]

    undone = undo_load(loaded, first.load_id)
    assert undone.also_undone == [second.load_id]
    assert undone.message == (f"Inläsningen {first.load_id} är ångrad. Senare inläsningar ångrades också: "
                              f"{second.load_id}.")
    assert contents(loaded) == before
    assert scalar(loaded, "select project_id, file_name, outcome, undoes_load_id from ingest_log "
                          "where load_id = ? order by undoes_load_id", undone.undo_id) == [
        ("FIX", "", "ångrad", first.load_id), ("FIX", "", "ångrad", second.load_id)]
    history = load_history(loaded)
    assert history.set_index("load_id").loc[[first.load_id, second.load_id], "undone"].tolist() == [True, True]
    with pytest.raises(WarehouseError, match="är redan ångrad"):
        undo_load(loaded, first.load_id)


def test_undo_defaults_to_the_latest_load_and_a_failure_leaves_the_warehouse_as_it_was(loaded, tmp_path,
                                                                                      monkeypatch):
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    assert run_ingest(folder, loaded, project_id="FIX").ok
    before = snapshot(loaded)

    def broken(root, progress=None):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(warehouse, "build_duckdb", broken)
    with pytest.raises(RuntimeError):
        undo_load(loaded)
    assert snapshot(loaded) == before
    assert not list(loaded.parent.glob(".warehouse.tmp-*"))
    monkeypatch.undo()
    assert undo_load(loaded).also_undone == []
    assert scalar(loaded, "select count(*) from attendance where project_id = 'FIX'") == [(30,)]


def test_only_the_configured_number_of_versions_is_kept(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("STYRBORD_KEEP_VERSIONS", "1")
    loads = [run_ingest(batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + f"A1;101;;2025-09-1{n};3\n", f"b{n}"),
                        loaded, project_id="FIX").load_id for n in range(2)]
    assert warehouse.kept_versions(loaded) == [loads[1]]
    with pytest.raises(WarehouseError) as refused:
        undo_load(loaded, loads[0])
    assert str(refused.value) == (f"Inläsningen {loads[0]} kan inte ångras längre: bara lagret före de senaste 1 "
                                  "inläsningarna sparas.")


def test_undo_and_upgrade_on_the_command_line(loaded, tmp_path, capsys):
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    load_id = run_ingest(folder, loaded, project_id="FIX").load_id
    assert cli(["undo", "--warehouse", str(loaded), "--list"]) == 0
    assert f"{load_id}  " in capsys.readouterr().out
    assert cli(["undo", "--warehouse", str(loaded), "--load", load_id]) == 0
    assert capsys.readouterr().out.strip().endswith(f"Inläsningen {load_id} är ångrad.")
    assert cli(["undo", "--warehouse", str(loaded), "--load", load_id]) == 1
    assert capsys.readouterr().err.strip() == f"Inläsningen {load_id} är redan ångrad."
    assert cli(["upgrade", "--warehouse", str(loaded)]) == 0
    assert capsys.readouterr().out.strip() == f"Lagret är redan uppdaterat (version {SCHEMA_VERSION})."


def test_the_cli_prints_the_plan_and_takes_add(loaded, tmp_path, capsys):
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    assert cli(["ingest", str(folder), "--warehouse", str(loaded), "--project", "FIX", "--check",
                "--add", "narvaro"]) == 0
    out = capsys.readouterr().out
    assert "Så här ändras lagret vid inläsning\n  FIX Närvaro: 30 → 31 rader, läggs till (dubbletter tas bort)\n" in out


# ---------------------------------------------------------------------------------------------- upgrade
def test_an_old_warehouse_is_upgraded_from_its_own_base_tables(old_warehouse, fixture_warehouse, tmp_path):
    target = tmp_path / "warehouse"
    shutil.copytree(old_warehouse, target)
    assert schema_of(target) == (1, None)
    message = upgrade_warehouse(target)
    assert message == f"Lagret är uppgraderat från version 1 till {SCHEMA_VERSION}; sammanställningarna är ombyggda."
    assert schema_of(target) == (SCHEMA_VERSION, schema_fingerprint())
    # every base table and mart is what this version builds from the raw files, without the raw files
    assert contents(target) == contents(fixture_warehouse)
    assert scalar(target, "select count(*), count(undoes_load_id), count(distinct load_id) from ingest_log") == [
        (31, 0, 1)]
    assert scalar(target, "select project_id, count(*), sum(hours) from attendance group by all order by 1") == \
        scalar(fixture_warehouse, "select project_id, count(*), sum(hours) from attendance group by all order by 1")
    assert scalar(target, "select count(*) from attendance where project_id = 'FIX'") == [(30,)]
    # the old warehouse is kept as a version; the upgrade is atomic (no temp dir left behind)
    assert len(warehouse.kept_versions(target)) == 1
    assert not list(target.parent.glob(".warehouse.tmp-*"))


def test_a_load_into_an_old_warehouse_migrates_what_it_keeps_and_can_be_undone(old_warehouse, tmp_path):
    target = tmp_path / "warehouse"
    shutil.copytree(old_warehouse, target)
    # the old warehouse's data in the current schema (its marts are built by this version's SQL)
    upgraded = tmp_path / "upgraded" / "warehouse"
    shutil.copytree(old_warehouse, upgraded)
    upgrade_warehouse(upgraded)
    before = contents(upgraded)
    folder = batch(tmp_path, "narvaro.csv", ATTENDANCE_HEADER + "A1;101;;2025-09-10;3\n")
    result = run_ingest(folder, target, project_id="FIX", add="narvaro")
    assert result.ok, result.messages
    assert schema_of(target) == (SCHEMA_VERSION, schema_fingerprint())
    assert scalar(target, "select count(*) from attendance where project_id = 'FIX'") == [(31,)]
    undo_load(target, result.load_id)  # back to the old warehouse's data, in the current schema
    assert contents(target) == before


def test_load_ids_sort_in_the_order_loads_start():
    # two loads within one second must not sort at random (an undo names the later loads it takes back)
    ids = []
    for _ in range(50):  # a millisecond apart: far closer than two real loads
        ids.append(warehouse.new_load_id())
        time.sleep(0.001)
    assert ids == sorted(ids) and len(set(ids)) == 50
    assert re.fullmatch(r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}", ids[0])
