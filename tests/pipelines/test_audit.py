"""The audit log: appended one JSON line at a time, beside the warehouse (a reload never touches it), CLI loads too."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

from pipelines import audit

REPO = Path(__file__).parents[2]
RAW = REPO / "tests" / "fixtures" / "raw"


def test_events_are_appended_and_read_back(tmp_path):
    log = tmp_path / "audit.jsonl"
    when = dt.datetime(2025, 3, 20, 9, 30, tzinfo=dt.timezone.utc)
    audit.write(log, user="anna@fixby.se", role="projektledare", action="load", project=["FIX2", "FIX"],
                outcome="ok", detail={"filer": ["narvaro.csv"]}, now=when)
    first = log.read_bytes()
    audit.write(log, user="bo@fixby.se", role="politiker", action="page", outcome="refused", detail={"sida": "data"},
                now=when + dt.timedelta(minutes=1))
    assert log.read_bytes().startswith(first)  # the earlier line is left as it was
    events = audit.read(log)
    assert events.to_dict("records") == [
        {"time": "2025-03-20T09:30:00+00:00", "user": "anna@fixby.se", "role": "projektledare", "action": "load",
         "project": "FIX, FIX2", "outcome": "ok", "detail": '{"filer": ["narvaro.csv"]}'},
        {"time": "2025-03-20T09:31:00+00:00", "user": "bo@fixby.se", "role": "politiker", "action": "page",
         "project": "", "outcome": "refused", "detail": '{"sida": "data"}'},
    ]


def test_a_damaged_line_is_skipped_not_fatal(tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.write(log, user="a", role="admin", action="login")
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"time": "2025-0')  # cut short, e.g. by a full disk
    assert list(audit.read(log)["user"]) == ["a"]
    assert audit.read(tmp_path / "none.jsonl").empty


def test_the_log_lives_beside_the_warehouse_unless_told_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv(audit.AUDIT_ENV, raising=False)
    assert audit.audit_file(tmp_path / "warehouse") == tmp_path / "warehouse-audit.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "logg" / "styrbord.jsonl"))
    assert audit.audit_file(tmp_path / "warehouse") == tmp_path / "logg" / "styrbord.jsonl"


def test_command_line_checks_and_loads_are_logged_with_the_os_user_and_survive_a_reload(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("STYRBORD_WAREHOUSE", None)
    env.pop(audit.AUDIT_ENV, None)
    warehouse = tmp_path / "wh"

    def ingest(*extra: str) -> None:
        run = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(RAW / "fix2"), "--warehouse",
                              str(warehouse), *extra], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr

    ingest("--check")
    ingest()
    ingest()  # the second load swaps the warehouse; the log beside it keeps every line
    log = tmp_path / "wh-audit.jsonl"
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["user"], r["role"], r["action"], r["project"], r["outcome"]) for r in rows] == [
        (getpass.getuser(), "kommandorad", "dry_run", "FIX2", "ok"),
        (getpass.getuser(), "kommandorad", "load", "FIX2", "ok"),
        (getpass.getuser(), "kommandorad", "load", "FIX2", "ok"),
    ]
    assert json.loads(rows[1]["detail"])["filer"] == 11  # the files of tests/fixtures/raw/fix2
    assert not list(warehouse.rglob("*audit*"))  # nothing of the log inside the warehouse
