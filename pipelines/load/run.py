"""run_ingest: every project folder read, recognised, built and planned, then written through warehouse.py."""
from __future__ import annotations

import contextlib
import datetime as dt
import traceback
from pathlib import Path

import pandas as pd

from pipelines.i18n import Message, message_of
from pipelines.load.batch import Batch, IngestResult, LoadFailed, Progress, log_file
from pipelines.load.build import build_tables
from pipelines.load.discover import discover_projects
from pipelines.load.plan import AddChoice, add_choice, added_kinds, load_tables, mark_refused, plan_kinds, plan_warnings
from pipelines.load.read import read_files
from pipelines.load.recognise import recognise_files
from pipelines.load.report import collect, reason_without_values, rows_frame
from pipelines.pseudonym import KeyError_, Pseudonymiser, load_key
from pipelines.validate import REJECTION_COLUMNS
from pipelines.warehouse import LoadWriter, WarehouseBusy, default_warehouse_dir, new_load_id


def run_ingest(raw_dir: Path | str, warehouse_dir: Path | str | None = None, *, check: bool = False,
               project_id: str | None = None, progress: Progress | None = None,
               add: object = ()) -> IngestResult:
    """Validate RAW_DIR and (unless check) load it into the warehouse; never raises for bad input.

    `add` names kinds or files whose rows are added to the warehouse's (deduplicated on the table's key)
    instead of replacing that kind of the project's data (attendance, ledger_entry, goal_measurement)."""
    warehouse_dir = Path(warehouse_dir) if warehouse_dir else default_warehouse_dir()
    load_id = new_load_id()
    try:
        return _run(Path(raw_dir), warehouse_dir, load_id, check, project_id, progress or (lambda f, m: None),
                    add_choice(add))
    except (LoadFailed, KeyError_, WarehouseBusy) as exc:
        return IngestResult(False, load_id, messages=[message_of(exc)], checked_only=check)
    except Exception:
        log_path = log_file(warehouse_dir)
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {load_id} {raw_dir}\n{traceback.format_exc()}\n")
        except OSError:
            log_path = None
        where = Message("loader.run.unexpected_log", path=str(log_path)) if log_path else ""
        return IngestResult(False, load_id, checked_only=check,
                            messages=[Message("loader.run.unexpected", where=where)])


def _run(raw_dir: Path, warehouse_dir: Path, load_id: str, check: bool, project_id: str | None,
         progress: Progress, add: AddChoice = AddChoice()) -> IngestResult:
    """The load itself: each project folder read, validated, built and (unless check) written; then the swap."""
    key = load_key()
    pseudo = Pseudonymiser(key)
    folders = discover_projects(raw_dir)
    if project_id and len(folders) > 1:
        raise LoadFailed(Message("loader.run.project_option"))
    result = IngestResult(True, load_id, checked_only=check)
    batches: list[Batch] = []
    with contextlib.ExitStack() as stack:
        # the writer holds the lock and a temp dir; leaving without commit() discards everything it wrote
        writer = None if check else stack.enter_context(LoadWriter(warehouse_dir, load_id, progress))
        seen: dict[str, str] = {}
        share = 0.75 / len(folders)
        for number, folder in enumerate(folders):
            batch = Batch(folder, warehouse_dir, pseudo, project_id)
            read_files(batch, lambda f, m, n=number: progress(share * (n + 0.5 * f), m))
            progress(share * (number + 0.5), Message("loader.progress.checking", folder=folder.name))
            recognise_files(batch)
            build_tables(batch)
            collect(batch)
            progress(share * (number + 0.9), Message(
                "loader.progress.checked", folder=folder.name, accepted=sum(r.rows_accepted for r in batch.reports),
                rejected=len({(r["file_name"], r["sheet"], r["line"]) for r in batch.rejections})))
            if len(folders) > 1:  # in a portfolio load, say which project folder a message is about
                batch.problems = [m if m.startswith(folder.name) else
                                  Message("loader.run.in_folder", folder=folder.name, message=m)
                                  for m in batch.problems]
                batch.notes = [m if m.startswith(folder.name) else
                               Message("loader.run.in_folder", folder=folder.name, message=m) for m in batch.notes]
            if batch.project_id in seen:
                batch.problems.append(Message("loader.run.same_project", project_id=batch.project_id,
                                              first=seen[batch.project_id], second=folder.name))
            if batch.project_id:
                seen[batch.project_id] = folder.name
                result.project_ids.append(batch.project_id)
            if batch.project_id and not batch.problems:
                added = added_kinds(batch, add)
                tables = load_tables(batch, added)
                result.plan.extend(plan_kinds(batch, tables, added))
                mark_refused(batch)
                if writer is not None and not any(b.problems for b in (*batches, batch)):
                    progress(share * (number + 1), Message("loader.progress.writing", project_id=batch.project_id))
                    writer.write_project(batch.project_id, tables)
            batch.release()  # written (or not needed): a national portfolio must not pile up in memory
            batches.append(batch)
        for batch in batches:
            result.files.extend(batch.reports)
            result.messages.extend(batch.problems)
            result.messages.extend(batch.notes)
        result.rejections = rows_frame([r for batch in batches for r in batch.rejections])
        result.warnings = rows_frame([w for batch in batches for w in batch.warnings])
        if any(batch.problems for batch in batches):
            result.ok = False
            result.messages.insert(0, Message("loader.run.check_failed" if check else "loader.run.failed"))
            return result
        n_rejected = len(result.rejections)
        result.several_projects = len(folders) > 1
        result.plan_warnings = plan_warnings(result.plan, result.several_projects)  # Messages, Swedish as text
        result.messages[0:0] = result.plan_warnings
        if check:
            if result.plan_warnings:  # never the all-clear when a kind would be refused or shrink sharply
                result.messages.insert(0, Message("loader.run.check_warn_rows", n=n_rejected) if n_rejected else
                                       Message("loader.run.check_warn"))
            else:
                result.messages.insert(0, Message("loader.run.check_ok_rows", n=n_rejected) if n_rejected else
                                       Message("loader.run.check_ok"))
            return result
        loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        log_rows, rejection_rows = [], []
        for batch in batches:
            for report in batch.reports:
                log_rows.append({"load_id": load_id, "project_id": batch.project_id, "file_name": report.file_name,
                                 "sheet": report.sheet, "kind": report.kind, "sha256": report.sha256,
                                 "rows_read": report.rows_read, "rows_accepted": report.rows_accepted,
                                 "rows_rejected": report.rows_rejected, "loaded_at": loaded_at,
                                 "outcome": report.outcome})
            # the warehouse keeps why a row was rejected, not the offending value: a name typed into the unit
            # column or an employee number would otherwise end up stored; the user's own report keeps it all
            rejection_rows.extend({"load_id": load_id, **r, "reason": reason_without_values(r.get("reason"))}
                                  for r in batch.rejections)
        writer.commit(pd.DataFrame(log_rows),
                      pd.DataFrame(rejection_rows, columns=["load_id", "project_id", *REJECTION_COLUMNS]))
    progress(1.0, Message("loader.progress.done"))
    loaded = (", ".join(result.project_ids) if len(result.project_ids) <= 5 else
              Message("loader.run.projects", n=len(result.project_ids)))
    warn = Message("loader.run.read_warnings") if result.plan_warnings else ""
    result.messages.insert(0, Message("loader.run.loaded_rows", loaded=loaded, n=n_rejected, warn=warn)
                           if n_rejected else Message("loader.run.loaded", loaded=loaded, warn=warn))
    return result
