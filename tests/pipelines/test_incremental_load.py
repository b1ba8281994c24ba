"""Loads scale with the files: a load rewrites only the loaded project's partitions and marts, and the result is
the same warehouse a build from scratch gives."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.contract import BASE_TABLES
from pipelines.load.run import run_ingest
from pipelines.warehouse import MARTS, SCHEMA_VERSION, current_build, schema_fingerprint, schema_of

REPO = Path(__file__).parents[2]
RAW = REPO / "tests" / "fixtures" / "raw"
APPEND = ("ingest_log", "ingest_rejection")


def third_project(target: Path) -> Path:
    """The FIX folder again as project FIX3 (only the project id differs): a third project for the portfolio."""
    shutil.copytree(RAW / "fix", target, ignore=shutil.ignore_patterns("FACIT.md"))
    facts = target / "projekt.csv"
    text = facts.read_text(encoding="utf-8")
    assert text.count("\nFIX;") == 1  # the id is the first field of the one data row
    facts.write_text(text.replace("\nFIX;", "\nFIX3;"), encoding="utf-8")
    return target


@pytest.fixture
def portfolio(tmp_path) -> dict[str, Path]:
    """Raw folders: A = FIX, B = FIX2, C = FIX3, and A+C together, A+B+C together."""
    c = third_project(tmp_path / "raw-c" / "fix3")
    both = tmp_path / "raw-ac"
    shutil.copytree(RAW / "fix", both / "fix", ignore=shutil.ignore_patterns("FACIT.md"))
    shutil.copytree(c, both / "fix3")
    every = tmp_path / "raw-abc"
    shutil.copytree(both, every)
    shutil.copytree(RAW / "fix2", every / "fix2")
    return {"A": RAW / "fix", "B": RAW / "fix2", "C": c, "AC": both, "ABC": every}


def files_of(root: Path) -> dict[str, tuple[int, int, str]]:
    """Every file under the warehouse (through its link): (inode, mtime in ns, SHA-256)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[str(path.relative_to(root))] = (stat.st_ino, stat.st_mtime_ns,
                                                  hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def project_of(relative: str) -> str | None:
    """The project a partition file belongs to (None for warehouse.duckdb)."""
    parts = [p for p in Path(relative).parts if p.startswith("project_id=")]
    return parts[0].split("=", 1)[1] if parts else None


def every_table(root: Path) -> dict[str, list[tuple]]:
    """Sorted rows of every base table and mart (the load history aside: its load ids differ by design)."""
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
                for t in (*BASE_TABLES, *MARTS) if t not in APPEND}
    finally:
        con.close()


def test_loading_b_changes_only_b_and_equals_a_build_from_scratch(portfolio, tmp_path):
    wh = tmp_path / "wh" / "warehouse"
    assert run_ingest(portfolio["AC"], wh).ok
    before = files_of(wh)
    assert {project_of(f) for f in before} == {None, "FIX", "FIX3"}
    previous_build = current_build(wh)

    result = run_ingest(portfolio["B"], wh)
    assert result.ok, result.messages
    after = files_of(wh)

    # every file of A and C is the very same file: same inode (a hard link), same mtime, same bytes
    kept = {f: v for f, v in before.items() if project_of(f) in ("FIX", "FIX3")}
    assert kept and {f: after[f] for f in kept} == kept
    assert {f for f in after if project_of(f) in ("FIX", "FIX3")} == set(kept)
    # B got its base tables and its marts, written new
    written = {f for f in after if project_of(f) == "FIX2"}
    assert {Path(f).parts[1] for f in written} >= {"person", "attendance", "mart_person", "mart_attendance",
                                                  "mart_budget_month", "ingest_log"}
    # the marts of A and C were not computed again (their files are the old ones, checked above) and the build
    # the warehouse pointed at before is still there, byte for byte, for a reader that still has it open
    assert current_build(wh) != previous_build
    assert files_of(previous_build) == before

    scratch = tmp_path / "scratch" / "warehouse"
    assert run_ingest(portfolio["ABC"], scratch).ok
    incremental, from_scratch = every_table(wh), every_table(scratch)
    for table in (*BASE_TABLES, *MARTS):
        if table not in APPEND:
            assert incremental[table] == from_scratch[table], table
    assert len(incremental["mart_attendance"]) == 30 + 30 + len([r for r in from_scratch["attendance"]
                                                                 if r[0] == "FIX2"])


def test_loading_b_twice_gives_the_same_warehouse_and_keeps_the_other_projects_files(portfolio, tmp_path):
    wh = tmp_path / "wh" / "warehouse"
    assert run_ingest(portfolio["ABC"], wh).ok
    first, files = every_table(wh), files_of(wh)
    assert run_ingest(portfolio["B"], wh).ok
    assert run_ingest(portfolio["B"], wh).ok
    assert every_table(wh) == first
    again = files_of(wh)
    assert {f: v for f, v in again.items() if project_of(f) in ("FIX", "FIX3")} == {
        f: v for f, v in files.items() if project_of(f) in ("FIX", "FIX3")}
    con = duckdb.connect(str(wh / "warehouse.duckdb"), read_only=True)
    loads = con.execute("select project_id, count(distinct load_id) from ingest_log group by all order by 1")
    assert loads.fetchall() == [("FIX", 1), ("FIX2", 3), ("FIX3", 1)]
    con.close()


def test_a_reader_keeps_the_old_warehouse_until_it_opens_the_file_again(portfolio, tmp_path):
    wh = tmp_path / "wh" / "warehouse"
    assert run_ingest(portfolio["AC"], wh).ok
    # as the dashboard: an in-memory connection with the warehouse attached read-only, kept open
    reader = duckdb.connect()
    reader.execute("attach ? as warehouse (read_only)", [str(wh / "warehouse.duckdb")])
    count = "select count(*) from warehouse.mart_attendance"
    projects = "select string_agg(project_id, ',' order by project_id) from warehouse.project"
    assert reader.execute(projects).fetchall() == [("FIX,FIX3",)]
    assert run_ingest(portfolio["B"], wh).ok
    assert reader.execute(projects).fetchall() == [("FIX,FIX3",)]  # its build is untouched
    assert reader.execute(count).fetchall() == [(60,)]
    reader.close()
    fresh = duckdb.connect()
    fresh.execute("attach ? as warehouse (read_only)", [str(wh / "warehouse.duckdb")])
    assert fresh.execute(projects).fetchall() == [("FIX,FIX2,FIX3",)]
    fresh.close()


def columns_of(root: Path) -> dict[str, list[tuple[str, str]]]:
    """Every table's and view's columns with their types."""
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute("select table_name, column_name, data_type from information_schema.columns "
                           "order by table_name, ordinal_position").fetchall()
    finally:
        con.close()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        found.setdefault(table, []).append((column, kind))
    return found


def test_the_database_is_a_small_catalogue_with_views_over_the_per_person_partitions(fixture_warehouse, tmp_path):
    con = duckdb.connect(str(fixture_warehouse / "warehouse.duckdb"), read_only=True)
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    meta = con.execute("select schema_version, home from warehouse_meta").fetchall()
    con.close()
    assert views == {"person", "person_alias", "attendance", "survey_response", "validation_certificate",
                     "mart_person", "mart_attendance", "int_survey_answer", "mart_competence", "mart_competence_change",
                     "mart_competence_person_change", "mart_hme", "mart_certificate"}
    assert tables == (set(BASE_TABLES) | set(MARTS) | {"warehouse_meta"}) - views
    assert meta == [(SCHEMA_VERSION, str(current_build(fixture_warehouse)))]
    # FIX2 has no surveys: its marts of answers have no file
    assert [p.parent.name for p in warehouse.partition_files(fixture_warehouse, "mart_person")] == [
        "project_id=FIX", "project_id=FIX2"]
    assert [p.parent.name for p in warehouse.partition_files(fixture_warehouse, "mart_hme")] == ["project_id=FIX"]

    # a table or mart no project has a file of is an empty table with the same columns and types
    alone = tmp_path / "warehouse"
    assert run_ingest(RAW / "fix2", alone).ok
    con = duckdb.connect(str(alone / "warehouse.duckdb"), read_only=True)
    empty = {t for (t,) in con.execute("select table_name from duckdb_tables()").fetchall()
             if con.execute(f"select count(*) from {t}").fetchall() == [(0,)]}
    views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    con.close()
    assert empty == {"survey", "survey_item", "survey_response", "competence_requirement", "goal_measurement",
                     "meeting", "int_survey_answer", "mart_competence", "mart_competence_change",
                     "mart_competence_person_change", "mart_hme", "mart_survey_release", "ingest_rejection"}
    assert "survey_response" not in views and "attendance" in views
    assert columns_of(alone) == columns_of(fixture_warehouse)


def test_a_catalogue_that_does_not_bind_leaves_the_warehouse_as_it_was(fixture_warehouse, tmp_path, monkeypatch):
    wh = tmp_path / "warehouse"
    shutil.copytree(fixture_warehouse, wh)
    assert run_ingest(RAW / "fix2", wh).ok  # from a plain folder to a link to a build
    before, build = files_of(wh), current_build(wh)

    def broken(home):
        raise RuntimeError("simulated: a view names a file that is not there")

    monkeypatch.setattr(warehouse, "_check_catalogue", broken)
    assert not run_ingest(RAW / "fix2", wh).ok
    assert current_build(wh) == build and files_of(wh) == before
    assert sorted(p.name for p in warehouse.builds_dir(wh).iterdir()) == [build.name]
    # a build left behind by a load killed between its two steps is dropped by the next load
    orphan = warehouse.builds_dir(wh) / "20250101T000000.000000Z-dead00"
    shutil.copytree(build, orphan)
    monkeypatch.undo()
    assert run_ingest(RAW / "fix2", wh).ok
    assert not orphan.exists()


def test_the_loaders_duckdb_settings_are_deliberate(monkeypatch):
    monkeypatch.delenv("STYRBORD_DUCKDB_MEMORY", raising=False)
    monkeypatch.delenv("STYRBORD_DUCKDB_THREADS", raising=False)
    assert warehouse.duckdb_config() == {"memory_limit": "1GB", "threads": min(2, os.cpu_count()),
                                         "preserve_insertion_order": False}
    monkeypatch.setenv("STYRBORD_DUCKDB_MEMORY", "512MB")
    monkeypatch.setenv("STYRBORD_DUCKDB_THREADS", "1")
    assert warehouse.duckdb_config()["memory_limit"] == "512MB"
    assert warehouse.duckdb_config()["threads"] == 1


def test_marts_are_computed_in_chunks_of_projects_with_the_same_result(portfolio, tmp_path, monkeypatch):
    """A load computes each project's marts with its partitions; a migration or an upgrade computes every
    project's in chunks (build_marts): the same marts either way, however small the chunks."""
    whole = tmp_path / "whole" / "warehouse"
    assert run_ingest(portfolio["ABC"], whole).ok
    copy = tmp_path / "copy"
    shutil.copytree(current_build(whole), copy)
    for mart in MARTS:
        shutil.rmtree(copy / "parquet" / mart, ignore_errors=True)
    monkeypatch.setattr(warehouse, "CHUNK_ROWS", 1)  # every project a chunk of its own
    assert warehouse._chunks(copy, ["FIX", "FIX2", "FIX3"]) == [["FIX"], ["FIX2"], ["FIX3"]]
    warehouse.build_marts(copy, warehouse.projects_in(copy))
    con = duckdb.connect()
    for mart in MARTS:
        rows = [sorted(con.execute("select * from read_parquet(?, hive_partitioning = false)",
                                   [[str(f) for f in warehouse.partition_files(root, mart)]]).fetchall(), key=repr)
                for root in (current_build(whole), copy)]
        assert rows[0] == rows[1], mart
        assert [f.parent.name for f in warehouse.partition_files(copy, mart)] == [
            f.parent.name for f in warehouse.partition_files(current_build(whole), mart)], mart
    con.close()


def test_a_load_of_one_kind_computes_the_marts_from_the_projects_other_tables(portfolio, tmp_path):
    """Attendance alone loaded into a warehouse of FIX: its marts are those of FIX built from scratch with the
    new attendance file (the person, unit and activity tables come from the previous build)."""
    wh = tmp_path / "wh" / "warehouse"
    assert run_ingest(portfolio["A"], wh).ok
    lines = (RAW / "fix" / "narvaro.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = "".join(lines[:1] + lines[3:])  # the first two attendance rows dropped
    batch = tmp_path / "narvaro"
    batch.mkdir()
    (batch / "narvaro.csv").write_text(shorter, encoding="utf-8")
    assert run_ingest(batch, wh, project_id="FIX").ok
    scratch_raw = tmp_path / "scratch-raw" / "fix"
    shutil.copytree(RAW / "fix", scratch_raw, ignore=shutil.ignore_patterns("FACIT.md"))
    (scratch_raw / "narvaro.csv").write_text(shorter, encoding="utf-8")
    scratch = tmp_path / "scratch" / "warehouse"
    assert run_ingest(scratch_raw.parent, scratch).ok
    incremental, from_scratch = every_table(wh), every_table(scratch)
    assert len(incremental["attendance"]) == len(lines) - 3
    for table in (*BASE_TABLES, *MARTS):
        if table not in APPEND:
            assert incremental[table] == from_scratch[table], table


# main before marts became partitions (schema 2: every table inside warehouse.duckdb)
SCHEMA_2_COMMIT = "15338e1"


@pytest.fixture(scope="session")
def schema_2_warehouse(tmp_path_factory) -> Path:
    """The fixture projects loaded by the pipelines of commit 15338e1 (schema 2); copy it to write."""
    root = tmp_path_factory.mktemp("schema2")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", SCHEMA_2_COMMIT, "pipelines", "dashboard/texts.toml"],
                             capture_output=True)
    if archive.returncode:
        pytest.fail(f"Commit {SCHEMA_2_COMMIT} is not in this clone's history ({archive.stderr.decode().strip()}). "
                    "Run the tests in a full clone of main (git fetch --unshallow).")
    code = root / "code"
    code.mkdir()
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    target = root / "warehouse"
    env = {**os.environ, "PYTHONPATH": str(code), "STYRBORD_PSEUDONYM_KEY": "7e57" * 16}
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(RAW), "--warehouse", str(target)],
                          cwd=code, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_a_schema_2_warehouse_gets_its_marts_as_partitions_by_a_load(schema_2_warehouse, fixture_warehouse,
                                                                       tmp_path):
    wh = tmp_path / "warehouse"
    shutil.copytree(schema_2_warehouse, wh)
    assert schema_of(wh) == (2, schema_of(wh)[1]) and not warehouse.partition_files(wh, "mart_person")
    assert run_ingest(RAW / "fix2", wh).ok
    assert schema_of(wh) == (SCHEMA_VERSION, schema_fingerprint())
    assert every_table(wh) == every_table(fixture_warehouse)
    assert sorted(p.parent.name for p in warehouse.partition_files(wh, "mart_person")) == [
        "project_id=FIX", "project_id=FIX2"]


def test_a_moved_data_folder_is_outdated_until_upgraded_then_reads_as_before(fixture_warehouse, tmp_path):
    from pipelines.warehouse import is_current, upgrade_warehouse

    first = tmp_path / "first"
    wh = first / "warehouse"
    shutil.copytree(fixture_warehouse, wh)
    assert run_ingest(RAW / "fix2", wh).ok  # a link to a build of its own, beside it
    before = every_table(wh)
    # the whole data folder moves (a restored backup, a new disk): the link is relative, the views' paths are not
    second = tmp_path / "second"
    shutil.copytree(first, second, symlinks=True)
    shutil.rmtree(first)
    moved = second / "warehouse"
    assert moved.is_symlink() and not is_current(moved)
    with pytest.raises(duckdb.IOException):
        every_table(moved)
    assert upgrade_warehouse(moved) == (f"Lagret är uppgraderat (schemaversion {SCHEMA_VERSION}); "
                                        "sammanställningarna är ombyggda.")
    assert is_current(moved) and every_table(moved) == before
