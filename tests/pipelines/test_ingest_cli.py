"""The command line: exit codes, the rejection report a user opens in Excel, no stack traces."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

REPO = Path(__file__).parents[2]
RAW = REPO / "tests" / "fixtures" / "raw"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `python -m pipelines ARGS` in `cwd` with the test key."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("STYRBORD_WAREHOUSE", None)
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_clean_load_exits_0_with_progress_and_summary(tmp_path):
    run = cli("ingest", str(RAW / "fix"), "--warehouse", str(tmp_path / "wh"), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Läste fix/narvaro.csv: 30 rader" in run.stdout
    assert "narvaro.csv: Inläst som Närvaro: 30 rader" in run.stdout
    assert "Inläsningen är klar (FIX)." in run.stdout
    assert (tmp_path / "wh" / "warehouse.duckdb").exists()
    assert not (tmp_path / "data" / "reports").exists()


def test_rejected_rows_exit_2_and_go_to_a_semicolon_csv_with_bom(tmp_path):
    report = tmp_path / "fel.csv"
    run = cli("ingest", str(RAW / "_bad" / "rader"), "--warehouse", str(tmp_path / "wh"), "--report", str(report),
              cwd=tmp_path)
    assert run.returncode == 2, run.stdout + run.stderr
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Fil;Blad;Rad;Kolumn;Orsak"
    assert "personal.csv;;3;Kön;Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt" in \
        data.decode("utf-8-sig").replace('"', "")
    assert len(lines) == 17
    assert f"16 avvisade rader finns i {report}" in run.stdout


def test_the_default_report_is_an_xlsx_under_data_reports(tmp_path):
    run = cli("ingest", str(RAW / "_bad" / "rader"), "--check", cwd=tmp_path)
    assert run.returncode == 2, run.stdout + run.stderr
    reports = list((tmp_path / "data" / "reports").glob("avvisade-rader-*.xlsx"))
    assert len(reports) == 1
    workbook = load_workbook(reports[0], read_only=True)
    rows = list(workbook["Avvisade rader"].iter_rows(values_only=True))
    files = list(workbook["Filer"].iter_rows(values_only=True))
    workbook.close()
    assert rows[0] == ("Fil", "Blad", "Rad", "Kolumn", "Orsak")
    assert rows[1] == ("enheter.csv", None, 3, "Överordnad enhet", "Överordnad enhet 'E9' finns inte i enhetsfilen")
    assert len(rows) == 17
    assert files[0][:6] == ("Fil", "Blad", "Tolkad som", "Rader", "Godkända", "Avvisade")
    # --check never creates the warehouse (the default location is data/warehouse under cwd)
    assert not (tmp_path / "data" / "warehouse").exists()


def test_a_broken_batch_exits_1_without_a_stack_trace(tmp_path):
    run = cli("ingest", str(RAW / "_bad" / "saknad_kolumn"), "--warehouse", str(tmp_path / "wh"), cwd=tmp_path)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "narvaro.csv: kolumner saknas: Timmar." in run.stdout
    assert not (tmp_path / "wh").exists()


def test_a_missing_folder_exits_1_with_a_message(tmp_path):
    run = cli("ingest", str(tmp_path / "saknas"), cwd=tmp_path)
    assert run.returncode == 1
    assert "finns inte" in run.stdout and "Traceback" not in run.stderr


def test_unknown_command_exits_1(tmp_path):
    run = cli("gör-något", cwd=tmp_path)
    assert run.returncode == 1
    assert "Okänt kommando 'gör-något'" in run.stderr


def test_templates_command_writes_templates_and_doc(tmp_path):
    run = cli("templates", "--out", str(tmp_path / "mallar"), "--doc", str(tmp_path / "kontrakt.md"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "mallar" / "narvaro.csv").read_bytes() == (REPO / "data" / "templates" / "narvaro.csv"
                                                                  ).read_bytes()
    assert (tmp_path / "kontrakt.md").read_text() == (REPO / "docs" / "data-contract.md").read_text()


def test_lang_en_prints_the_report_in_english(tmp_path):
    report = tmp_path / "fel.csv"
    run = cli("ingest", str(RAW / "fix"), "--warehouse", str(tmp_path / "wh"), "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "narvaro.csv: Loaded as Attendance: 30 rows" in run.stdout
    assert "The load is done (FIX)." in run.stdout
    assert "Inläst som" not in run.stdout
    run = cli("ingest", str(RAW / "_bad" / "rader"), "--check", "--report", str(report), "--lang", "en",
              cwd=tmp_path)
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"16 rejected rows are in {report}" in run.stdout
    # the report file keeps the Swedish reasons (it is the same file the Swedish user opens in Excel)
    assert "Kön 'Q' känns inte igen" in report.read_text(encoding="utf-8-sig")
