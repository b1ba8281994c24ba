"""One file → raw tables (pipelines.readers) and its report; one file's surprise never sinks the others."""
from __future__ import annotations

from pathlib import Path

from pipelines.i18n import Joined, Message, Tail, message_of
from pipelines.load.batch import Batch, FileReport, Progress
from pipelines.load.discover import data_files, is_project_page
from pipelines.project_page import read_page_text
from pipelines.readers import NoDataRows, ReadError, file_sha256, header_scorer, max_file_bytes, read_table_file
from pipelines.validate import KNOWN_HEADERS


def read_files(batch: Batch, progress: Progress | None = None) -> None:
    """Read every file of the folder into raw tables (a project-bank page is kept as text)."""
    score = header_scorer(KNOWN_HEADERS)
    paths = data_files(batch.folder)
    for number, path in enumerate(paths):
        try:
            read_file(batch, path, score, number, len(paths), progress)
        except Exception as exc:  # one file's surprise must not sink the others' report
            message = batch.unexpected(path.name, Message("loader.rows.step_read"), exc)
            batch.reports = [r for r in batch.reports if r.file_name != path.name]
            batch.rejections = [r for r in batch.rejections if r.get("file_name") != path.name]
            batch.report_by_table = {k: v for k, v in batch.report_by_table.items() if k[0] != path.name}
            batch.raw_by_name.pop(path.name.lower(), None)
            batch.reports.append(FileReport(path.name, message=message, outcome="avvisad"))
            batch.problems.append(message)


def read_file(batch: Batch, path: Path, score, number: int, count: int, progress: Progress | None) -> None:
    """Read one file into raw tables and its report (a project-bank page is kept as text)."""
    # hashed in chunks, and not at all beyond the size limit: a huge file is never read into memory
    sha = file_sha256(path) if path.stat().st_size <= max_file_bytes() else None
    if is_project_page(path):
        try:  # UTF-8, UTF-8 with BOM or Windows-1252, as the page was saved
            batch.page_text = (path, read_page_text(path))
        except (OSError, ValueError) as exc:
            batch.reports.append(FileReport(path.name, sha256=sha, message=message_of(exc), outcome="avvisad"))
            batch.problems.append(message_of(exc))
            return
        report = FileReport(path.name, kind="project", sha256=sha, rows_read=1)
        batch.reports.append(report)
        batch.report_by_table[(path.name, None)] = report
        return
    try:
        tables = read_table_file(path, score)
    except NoDataRows as exc:
        # an export with only its header (no certificates issued yet, say) is not a failed load
        batch.reports.append(FileReport(path.name, sha256=sha, message=message_of(exc), outcome="ignorerad"))
        batch.notes.append(message_of(exc))
        return
    except ReadError as exc:
        batch.reports.append(FileReport(path.name, sha256=sha, message=message_of(exc), outcome="avvisad"))
        batch.problems.append(message_of(exc))
        return
    batch.raw_by_name[path.name.lower()] = tables
    if progress:
        rows = sum(len(t.rows) for t in tables)
        progress((number + 1) / count, Message("loader.progress.read_one" if rows == 1 else "loader.progress.read_many",
                                               folder=batch.folder.name, file=path.name, n=rows))
    for table in tables:
        # rows the reader could not split into the header's columns are rejected rows of the file
        batch.rejections.extend(table.problems)
        report = FileReport(path.name, table.sheet, sha256=sha,
                            rows_read=len(table.rows) + len({p["line"] for p in table.problems}))
        batch.reports.append(report)
        batch.report_by_table[(path.name, table.sheet)] = report
        if table.notes:  # a hidden sheet skipped, a note beside the table left out
            report.message = Message("loader.file.notes", notes=Joined((Tail(note) for note in table.notes), " "))
            batch.notes.extend(table.notes)
