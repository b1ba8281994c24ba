"""run_ingest: every project folder read, recognised, built and planned, then written through warehouse.py."""
from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import sys
import traceback
import types
from collections.abc import Callable, Iterator
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
from pipelines.warehouse import Destination, LoadWriter, WarehouseBusy, default_warehouse_dir, new_load_id


def run_ingest(raw_dir: Path | str, warehouse_dir: Path | str | None = None, *, check: bool = False,
               project_id: str | None = None, progress: Progress | None = None,
               add: object = (), workers: int | None = 1) -> IngestResult:
    """Validate RAW_DIR and (unless check) load it into the warehouse; never raises for bad input.

    `add` names kinds or files whose rows are added to the warehouse's (deduplicated on the table's key)
    instead of replacing that kind of the project's data (attendance, ledger_entry, goal_measurement).
    `workers`: processes that prepare a portfolio's folders side by side; None = as many as load_workers() gives
    (the command line). The default, 1, is for a caller inside another program (the dashboard's server loads one
    folder at a time): a worker process is spawned and must not start that program again."""
    warehouse_dir = Path(warehouse_dir) if warehouse_dir else default_warehouse_dir()
    load_id = new_load_id()
    try:
        return _run(Path(raw_dir), warehouse_dir, load_id, check, project_id, progress or (lambda f, m: None),
                    add_choice(add), workers)
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
         progress: Progress, add: AddChoice = AddChoice(), workers: int | None = 1) -> IngestResult:
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
        destination = None if writer is None else writer.destination()
        # closed before the writer lets go: a failing write stops the workers first
        prepared = stack.enter_context(contextlib.closing(prepare_all(
            folders, warehouse_dir, destination, pseudo, project_id, add, progress, share, workers)))
        for number, (batch, written, plan) in enumerate(prepared):
            progress(share * (number + 0.9), Message(
                "loader.progress.checked", folder=batch.folder.name,
                accepted=sum(r.rows_accepted for r in batch.reports),
                rejected=len({(r["file_name"], r["sheet"], r["line"]) for r in batch.rejections})))
            if batch.project_id in seen:
                batch.problems.append(Message("loader.run.same_project", project_id=batch.project_id,
                                              first=seen[batch.project_id], second=batch.folder.name))
            if batch.project_id:
                seen[batch.project_id] = batch.folder.name
                result.project_ids.append(batch.project_id)
            if written is not None and not batch.problems:
                result.plan.extend(plan)
                mark_refused(batch)
                if writer is not None and not any(b.problems for b in (*batches, batch)):
                    progress(share * (number + 1), Message("loader.progress.writing", project_id=batch.project_id))
                    writer.written(batch.project_id, written, destination.stage(number), destination.marts)
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


# ---------------------------------------------------------------------------------------------- the folders
# A portfolio's folders are independent until the swap: each is read, recognised, built, planned and written (with
# its marts) on its own, against the current warehouse, which nothing changes during a load. With several folders
# that work runs in worker processes; this process takes their results in the folders' order and moves what each
# wrote into the load, so the result, the messages and the warehouse are the same as one folder after the other
# (tests/pipelines/test_parallel_load.py).
Prepared = tuple[Batch, "list[str] | None", list]
MIN_FOLDERS_FOR_WORKERS = 4  # below that, starting the workers costs more than they save


def load_workers(folders: int, wanted: int | None = None) -> int:
    """How many worker processes prepare a portfolio's folders: `wanted`, else STYRBORD_LOAD_WORKERS, else one per
    core (at most 4); one for fewer than MIN_FOLDERS_FOR_WORKERS folders, never more than there are folders."""
    if wanted is None:
        text = os.environ.get("STYRBORD_LOAD_WORKERS", "").strip()
        wanted = int(text) if text.isdigit() else min(os.cpu_count() or 1, 4)
    return 1 if folders < MIN_FOLDERS_FOR_WORKERS else max(1, min(wanted, folders))


def prepare_folder(number: int, folder: Path, warehouse_dir: Path, destination: Destination | None,
                   pseudo: Pseudonymiser, project_id: str | None, several: bool, add: AddChoice,
                   progress: Progress | None = None, read: Callable[[], None] | None = None) -> Prepared:
    """The `number`-th folder of a load read, recognised, built, planned and written with its marts into its stage
    of the load's temp dir (unless destination is None: a check): its batch (without its rows), the base tables it
    replaces and its plan.

    The table names are None when the folder is not to be written (no project, or problems of its own); its rows
    never leave the process that read them. `progress` follows the reading of the files, `read` is called when they
    are read."""
    batch = Batch(folder, warehouse_dir, pseudo, project_id)
    read_files(batch, progress)
    if read is not None:
        read()
    recognise_files(batch)
    build_tables(batch)
    collect(batch)
    if several:  # in a portfolio load, say which project folder a message is about
        batch.problems = [m if m.startswith(folder.name) else
                          Message("loader.run.in_folder", folder=folder.name, message=m) for m in batch.problems]
        batch.notes = [m if m.startswith(folder.name) else
                       Message("loader.run.in_folder", folder=folder.name, message=m) for m in batch.notes]
    names, plan = None, []
    if batch.project_id and not batch.problems:
        added = added_kinds(batch, add)
        tables = load_tables(batch, added)
        plan = plan_kinds(batch, tables, added)
        if destination is not None:
            destination.write(number, batch.project_id, tables)
        names = list(tables)
    batch.release()  # written: a national portfolio must not pile up in memory
    return batch, names, plan


def _prepare_in_worker(arguments: tuple) -> Prepared:
    return prepare_folder(*arguments)


def prepare_all(folders: list[Path], warehouse_dir: Path, destination: Destination | None, pseudo: Pseudonymiser,
                project_id: str | None, add: AddChoice, progress: Progress, share: float,
                workers: int | None = 1) -> Iterator[Prepared]:
    """Every folder prepared, in the folders' order: one after the other, or in worker processes.

    At most two folders per worker are in flight, so a national portfolio never sits in memory at once. The
    workers are spawned, not forked: the dashboard's server runs loads too, and forking a process with DuckDB's
    and Streamlit's threads is not safe."""
    several = len(folders) > 1
    workers = load_workers(len(folders), workers)
    if workers == 1:
        for number, folder in enumerate(folders):
            yield prepare_folder(
                number, folder, warehouse_dir, destination, pseudo, project_id, several, add,
                lambda f, m, n=number: progress(share * (n + 0.5 * f), m),
                lambda n=number, name=folder.name: progress(share * (n + 0.5),
                                                            Message("loader.progress.checking", folder=name)))
        return
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: collections.deque = collections.deque()
        queued = enumerate(folders)
        with _plain_main():  # the workers start with these first folders
            for number, folder in itertools.islice(queued, 2 * workers):
                pending.append(pool.submit(_prepare_in_worker, (number, folder, warehouse_dir, destination, pseudo,
                                                                project_id, several, add)))
        for number, folder in enumerate(folders):
            progress(share * (number + 0.5), Message("loader.progress.checking", folder=folder.name))
            prepared = pending.popleft().result()
            following = next(queued, None)
            if following is not None:
                pending.append(pool.submit(_prepare_in_worker, (*following, warehouse_dir, destination, pseudo,
                                                                project_id, several, add)))
            yield prepared


@contextlib.contextmanager
def _plain_main() -> Iterator[None]:
    """A spawned process runs its parent's __main__ again first, unless that is a module without a file. The
    workers need nothing from it; a program that swapped in a script of its own as __main__ (Streamlit does,
    while a page runs) would otherwise be started again in every worker."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main
