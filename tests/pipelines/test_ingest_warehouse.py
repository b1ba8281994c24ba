"""The warehouse: atomic swaps, idempotent loads, per-project replacement, keys and references."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.contract import BASE_TABLES
from pipelines.load.run import run_ingest
from pipelines.contract import KIND_TABLES, KINDS
from pipelines.keys import FILE_KEYS, NULLABLE_KEY_COLUMNS, TABLE_KEYS, key_columns
from pipelines.warehouse import MARTS, table_columns

RAW = Path(__file__).parents[1] / "fixtures" / "raw"


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root with the SHA-256 of its bytes."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def table_contents(root: Path) -> dict[str, list[tuple]]:
    """Sorted rows of every base table and mart, except the load history."""
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
                for t in (*BASE_TABLES, *MARTS) if t not in ("ingest_log", "ingest_rejection")}
    finally:
        con.close()


@pytest.fixture
def loaded(fixture_warehouse, tmp_path) -> Path:
    """A writable copy of the fixture warehouse (FIX and FIX2), for tests that load into it."""
    target = tmp_path / "warehouse"
    shutil.copytree(fixture_warehouse, target)
    return target


def test_every_base_table_and_mart_exists_and_is_filled(fixture_warehouse):
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)
    counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in (*BASE_TABLES, *MARTS)}
    con.close()
    assert {t for t, n in counts.items() if n == 0} == {"ingest_rejection"}
    for table in BASE_TABLES:
        for project in ("FIX", "FIX2"):
            path = fixture_warehouse / "parquet" / table / f"project_id={project}" / "data.parquet"
            assert path.exists() or table in ("survey", "survey_item", "survey_response", "competence_requirement",
                                              "goal_measurement", "meeting"), (table, project)


@pytest.mark.parametrize("table", sorted(TABLE_KEYS))
def test_keys_are_unique_and_not_null(fixture_warehouse, table):
    # the keys as declared once in pipelines/keys.py (project_id is part of every key)
    keys = ", ".join(TABLE_KEYS[table])
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)
    nulls = con.execute(f"select count(*) from {table} where " +
                        " or ".join(f"{k} is null" for k in TABLE_KEYS[table]
                                    if k not in NULLABLE_KEY_COLUMNS.get(table, ()))).fetchall()
    duplicates = con.execute(f"select count(*) from (select {keys} from {table} group by {keys} "
                             "having count(*) > 1)").fetchall()
    con.close()
    assert nulls == [(0,)] and duplicates == [(0,)]


def test_the_key_declaration_names_real_columns_and_the_files_check_the_table_keys():
    columns = table_columns()
    assert all(set(key) <= set(columns[table]) for table, key in TABLE_KEYS.items())
    assert set(TABLE_KEYS) == set(BASE_TABLES) - {"budget_plan", "validation_certificate", "meeting", "ingest_log",
                                                   "ingest_rejection"}
    for kind, checks in FILE_KEYS.items():
        names = {c.name for c in KINDS[kind].columns} | {"person_id"}  # person_id is resolved before the check
        assert all(set(cols) <= names for cols, _ in checks), kind
        if kind not in ("person", "survey_export"):  # known by either number / one row per respondent
            assert [list(cols) for cols, _ in checks] == [key_columns(KIND_TABLES[kind][0], False)], kind


def test_every_attendance_row_points_at_a_real_activity_and_person(fixture_warehouse):
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)
    orphans = con.execute("""
        select count(*) from attendance a
        left join activity act on act.project_id = a.project_id and act.activity_id = a.activity_id
        left join person p on p.project_id = a.project_id and p.person_id = a.person_id
        where act.activity_id is null or p.person_id is null""").fetchall()
    genders = con.execute("select distinct gender from person union select distinct gender from survey_response"
                          ).fetchall()
    con.close()
    assert orphans == [(0,)]
    assert {g for (g,) in genders} <= {"K", "M", "X", None}


def test_a_failing_load_leaves_the_old_warehouse_byte_identical(loaded, monkeypatch):
    before = snapshot(loaded)
    real_mart_sql = warehouse.mart_sql

    def broken_mart_sql(mart: str) -> str:
        if mart == "mart_hme":
            raise RuntimeError("simulated crash while building marts")
        return real_mart_sql(mart)

    monkeypatch.setattr(warehouse, "mart_sql", broken_mart_sql)
    result = run_ingest(RAW / "fix", loaded)
    assert not result.ok
    assert result.messages[0].startswith("Inläsningen avbröts av ett oväntat fel; lagret är oförändrat.")
    assert "Traceback" not in " ".join(result.messages)
    assert snapshot(loaded) == before
    assert not list(loaded.parent.glob(".warehouse.tmp-*"))
    assert "simulated crash" in (loaded.parent / "reports" / "ingest.log").read_text()


def test_a_stale_temp_dir_and_lock_from_a_killed_load_do_not_break_the_next(loaded):
    stale = loaded.parent / ".warehouse.tmp-20250101T000000Z-dead00"
    (stale / "parquet").mkdir(parents=True)
    (stale / "warehouse.duckdb").write_bytes(b"half written")
    # the lock file of a process that no longer exists (the OS freed its lock), with the dead pid beside it
    (loaded.parent / ".warehouse.lock").write_text("999999999")
    (loaded.parent / ".warehouse.lock.pid").write_text("999999999")
    result = run_ingest(RAW / "fix", loaded)
    assert result.ok, result.messages
    assert not stale.exists()
    assert not (loaded.parent / ".warehouse.lock.pid").exists()
    with warehouse.warehouse_lock(loaded):  # and the lock is free again
        pass


def test_a_swap_interrupted_between_renames_is_restored(loaded):
    before = table_contents(loaded)
    loaded.rename(loaded.parent / ".warehouse.old-20250101T000000Z-dead00")
    assert run_ingest(RAW / "fix2", loaded).ok
    assert table_contents(loaded) == before


HOLD_LOCK = """
import sys, time
from pathlib import Path
from pipelines.warehouse import warehouse_lock
with warehouse_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_live_lock_refuses_a_second_load(loaded):
    import subprocess
    import sys

    repo = Path(__file__).parents[2]
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(loaded)], cwd=repo,
                              env={**os.environ, "PYTHONPATH": str(repo)}, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = run_ingest(RAW / "fix", loaded)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert not result.ok
    assert result.messages == [f"En annan inläsning pågår (process {holder.pid}). Vänta tills den är klar och "
                               "försök igen."]
    # the OS freed the killed holder's lock (its pid file stays behind and is ignored)
    assert run_ingest(RAW / "fix", loaded).ok


def test_loading_twice_gives_the_same_tables(loaded):
    first = table_contents(loaded)
    assert run_ingest(RAW, loaded).ok
    assert table_contents(loaded) == first
    con = duckdb.connect(str(loaded / "warehouse.duckdb"), read_only=True)
    loads = con.execute("select count(distinct load_id), count(*) from ingest_log").fetchall()
    con.close()
    assert loads == [(2, 2 * 31)]  # the history keeps both loads: 20 FIX files + 11 FIX2 files each


def test_check_does_not_touch_the_warehouse(loaded):
    before = snapshot(loaded)
    result = run_ingest(RAW, loaded, check=True)
    assert result.ok and result.checked_only
    assert snapshot(loaded) == before


def test_a_load_replaces_only_the_kinds_in_the_batch(loaded, tmp_path):
    before = table_contents(loaded)
    batch = tmp_path / "nya"
    batch.mkdir()
    (batch / "ledger.csv").write_text("Date,Account,Amount,Text\n2025-11-30,7010,\"5 000\",Projektledare\n",
                                      encoding="utf-8")
    result = run_ingest(batch, loaded, project_id="FIX2")
    assert result.ok, result.messages
    after = table_contents(loaded)
    assert [r for r in after["ledger_entry"] if r[0] == "FIX2"] == [
        ("FIX2", __import__("datetime").date(2025, 11, 30), None, "7010", "personal", 5000, "Projektledare")]
    assert [r for r in after["ledger_entry"] if r[0] == "FIX"] == [r for r in before["ledger_entry"] if r[0] == "FIX"]
    for table in BASE_TABLES:
        if table not in ("ledger_entry", "ingest_log", "ingest_rejection"):
            assert after[table] == before[table], table


def test_attendance_without_person_file_resolves_through_person_alias(loaded, tmp_path):
    batch = tmp_path / "narvaro-maj"
    batch.mkdir()
    # 101 by employee number, 120 by personnummer: both must resolve through the stored keyed hashes
    (batch / "narvaro.csv").write_text("Aktivitets-id;Anst.nr;Personnummer;Datum;Timmar\nA4;101;;2025-05-20;3\n"
                                       "A4;;19600909-8739;2025-05-20;3\nA4;555;;2025-05-20;3\n", encoding="utf-8")
    result = run_ingest(batch, loaded, project_id="FIX")
    assert result.ok
    assert list(result.rejections["line"]) == [4]
    con = duckdb.connect(str(loaded / "warehouse.duckdb"), read_only=True)
    rows = con.execute("select gender, hours from mart_attendance where project_id = 'FIX' order by gender"
                       ).fetchall()
    con.close()
    assert rows == [("K", 3.0), ("M", 3.0)]


def test_project_page_replaces_the_project_file(tmp_path):
    pytest.importorskip("pipelines.project_page")
    folder = tmp_path / "raw" / "perstorp"
    shutil.copytree(RAW / "fix", folder, ignore=shutil.ignore_patterns("projekt.csv", "FACIT.md"))
    shutil.copy(Path(__file__).parents[1] / "fixtures" / "pages" / "perstorp_seed.txt", folder / "projektsida.txt")
    result = run_ingest(tmp_path / "raw", tmp_path / "warehouse")
    assert result.ok, result.messages
    con = duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True)
    project = con.execute("select project_id, esf_grant_sek, start_date, end_date, summary is not null "
                          "from project").fetchall()
    columns = [c for (c,) in con.execute("select column_name from information_schema.columns "
                                         "where table_name = 'project'").fetchall()]
    con.close()
    import datetime as dt
    assert project == [("perstorp", 7044417, dt.date(2012, 2, 1), dt.date(2014, 1, 31), True)]
    assert not {"contact_person", "email", "phone"} & set(columns)


KILLED_LOAD = """
import sys, time
from pipelines import warehouse
real = warehouse.build_duckdb
def stalled(root, progress=None):
    (root / "warehouse.duckdb").write_bytes(b"half")  # a half-built database in the temp dir
    print("building", flush=True)
    time.sleep(60)
warehouse.build_duckdb = stalled
from pipelines.load.run import run_ingest
run_ingest(sys.argv[1], sys.argv[2])
"""


def test_a_killed_load_leaves_the_old_warehouse_byte_identical(loaded):
    import signal
    import subprocess
    import sys

    before = snapshot(loaded)
    repo = Path(__file__).parents[2]
    process = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, str(RAW / "fix"), str(loaded)], cwd=repo,
                               env={**os.environ, "PYTHONPATH": str(repo)}, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "building"
        assert list(loaded.parent.glob(".warehouse.tmp-*")) and (loaded.parent / ".warehouse.lock").exists()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert snapshot(loaded) == before
    # the next load cleans up the dead load's temp dir and lock, and succeeds
    assert run_ingest(RAW / "fix", loaded).ok
    assert not list(loaded.parent.glob(".warehouse.tmp-*"))


def test_a_note_beside_project_folders_does_not_make_the_folder_one_project(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW / "fix2", raw / "fix2")
    shutil.copytree(RAW / "_bad", raw / "_arkiv")
    (raw / "LÄSMIG.txt").write_text("Exporterna från HR, mars.\n", encoding="utf-8")
    result = run_ingest(raw, tmp_path / "warehouse", check=True)
    assert result.ok, result.messages
    assert result.project_ids == ["FIX2"]


def test_two_loads_in_one_process_do_not_run_at_once(loaded):
    # Streamlit sessions are threads of one process: a lock held by our own pid is a live lock
    from pipelines.warehouse import WarehouseBusy, warehouse_lock

    with warehouse_lock(loaded):
        with pytest.raises(WarehouseBusy):
            with warehouse_lock(loaded):
                pass
        result = run_ingest(RAW / "fix", loaded)
        assert not result.ok and result.messages[0] == (
            f"En annan inläsning pågår (process {os.getpid()}). Vänta tills den är klar och försök igen.")
    assert not (loaded.parent / ".warehouse.lock.pid").exists()
    assert run_ingest(RAW / "fix", loaded).ok
