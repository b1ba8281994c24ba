"""The audit log: one JSON line per login, load, dry run, download or refusal, appended beside the warehouse."""
from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
from pathlib import Path

import pandas as pd

from pipelines.i18n import Message

AUDIT_ENV = "STYRBORD_AUDIT_LOG"
COLUMNS = ["time", "user", "role", "action", "project", "outcome", "detail"]
# Actions written to the log (the admin's filter shows them by these names).
ACTIONS = ("login", "logout", "page", "load", "dry_run", "undo", "upgrade", "download", "meeting_pack")


def audit_file(warehouse_dir: Path | str | None = None) -> Path:
    """STYRBORD_AUDIT_LOG, else <warehouse dir>-audit.jsonl beside the warehouse folder (a swap never touches it)."""
    given = os.environ.get(AUDIT_ENV)
    if given:
        return Path(given)
    if warehouse_dir is None:
        from pipelines.warehouse import default_warehouse_dir
        warehouse_dir = default_warehouse_dir()
    warehouse_dir = Path(warehouse_dir)
    return warehouse_dir.parent / f"{warehouse_dir.name}-audit.jsonl"


def os_user() -> str:
    """The operating-system user running a command-line load."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no entry in the password database (some containers)
        return f"uid {os.getuid()}"


def write(path: Path | str, *, user: str, role: str | None, action: str, project: str | list[str] | None = None,
          outcome: str = "ok", detail: str | dict | None = None, now: dt.datetime | None = None) -> dict:
    """Append one event; the file is only ever appended to, under a lock so concurrent sessions do not interleave."""
    if isinstance(project, (list, tuple, set, frozenset)):
        project = ", ".join(sorted(str(p) for p in project))
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    event = {
        "time": (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "user": user, "role": role or "", "action": action, "project": project or "", "outcome": outcome,
        "detail": detail or "",
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(event, ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return event


def read(path: Path | str) -> pd.DataFrame:
    """Every event in the log as a table (newest last); a damaged line is skipped, never fatal."""
    path = Path(path)
    rows = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue  # e.g. a line cut short by a full disk
            if isinstance(event, dict):
                rows.append({column: str(event.get(column) or "") for column in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def log_cli(warehouse_dir: Path | str, action: str, project: object, outcome: str, detail: dict) -> None:
    """A command-line action, logged with the OS user (a log that cannot be written is reported, not fatal)."""
    try:
        write(audit_file(warehouse_dir), user=os_user(), role="kommandorad", action=action, project=project,
              outcome=outcome, detail={**detail, "via": "kommandorad"})
    except OSError as exc:
        print(Message("loader.commands.audit_unwritable", error=str(exc)))


def log_cli_load(warehouse_dir: Path | str, result, raw_dir: Path | str) -> None:
    """A command-line load or check."""
    log_cli(warehouse_dir, "dry_run" if result.checked_only else "load", list(result.project_ids),
            "ok" if result.ok else "misslyckades",
            {"mapp": str(raw_dir), "filer": len(result.files), "avvisade_rader": len(result.rejections)})
