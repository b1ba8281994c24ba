"""Command line: python -m pipelines ingest | undo | upgrade | templates | demo | parse-project-page."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

USAGE = """Användning:
  python -m pipelines ingest RAW_DIR [--warehouse DIR] [--check] [--report FIL] [--project ID] [--add SLAG,FIL]
                              [--lang sv|en]
  python -m pipelines undo [--warehouse DIR] [--load LOAD_ID] [--list] [--lang sv|en]
  python -m pipelines upgrade [--warehouse DIR] [--lang sv|en]
  python -m pipelines templates [--out DIR] [--doc FIL]
  python -m pipelines demo --out DIR [--seed N] [--scale small|national]
  python -m pipelines parse-project-page FIL.txt
"""

# exit codes of ingest: 0 loaded (or checked) without rejections, 2 done but some rows were rejected, 1 failed
EXIT_OK, EXIT_FAILED, EXIT_REJECTIONS = 0, 1, 2


def _progress_printer(lang: str = "sv"):
    """A progress callback printing one line per step on the terminal, in lang."""
    from pipelines.i18n import render

    def print_progress(fraction: float, message: str) -> None:
        print(f"[{fraction * 100:3.0f} %] {render(message, lang)}", flush=True)

    return print_progress


def _help_language(argv: list[str]) -> str:
    """The language --lang names (for --help, built before the arguments are parsed): sv unless en."""
    for number, arg in enumerate(argv):
        if arg == "--lang" and argv[number + 1:number + 2] == ["en"] or arg == "--lang=en":
            return "en"
    return "sv"


def ingest_main(argv: list[str]) -> int:
    """Validate a raw folder and load it into the warehouse; print a report in Swedish (or --lang en)."""
    from pipelines.i18n import LANGUAGES, render, text
    from pipelines.load.report import write_rejection_report
    from pipelines.load.run import run_ingest
    from pipelines.warehouse import default_warehouse_dir

    shown = _help_language(argv)
    parser = argparse.ArgumentParser(prog="python -m pipelines ingest",
                                     description=text("loader.help.ingest", shown))
    parser.add_argument("raw_dir", type=Path, help=text("loader.help.raw_dir", shown))
    parser.add_argument("--warehouse", type=Path, default=None, help=text("loader.help.warehouse", shown))
    parser.add_argument("--check", action="store_true", help=text("loader.help.check", shown))
    parser.add_argument("--report", type=Path, default=None, help=text("loader.help.report", shown))
    parser.add_argument("--project", default=None, help=text("loader.help.project", shown))
    parser.add_argument("--add", action="append", default=[], metavar="SLAG,FIL", help=text("loader.help.add", shown))
    parser.add_argument("--lang", choices=LANGUAGES, default="sv", help=text("loader.cli.lang_help", shown))
    args = parser.parse_args(argv)
    lang = args.lang
    warehouse = args.warehouse or default_warehouse_dir()
    result = run_ingest(args.raw_dir, warehouse, check=args.check, project_id=args.project,
                        progress=_progress_printer(lang), add=",".join(args.add), workers=None)
    from pipelines.audit import log_cli_load
    log_cli_load(warehouse, result, args.raw_dir)
    print()
    if result.plan:
        print(text("loader.cli.plan_title_check" if args.check else "loader.cli.plan_title", lang))
        for row in result.plan:
            print("  " + plan_line(row, lang))
        print()
    several = len({r.project_id for r in result.files}) > 1
    for report in result.files:
        where = (f"{report.project_id}: " if several and report.project_id else "") + report.file_name + (
            f" [{report.sheet}]" if report.sheet else "")
        print(f"  {where}: {render(report.message, lang) or report.outcome}")
    print()
    for message in result.messages:
        print(render(message, lang))
    if len(result.warnings):
        n = len(result.warnings)
        print("\n" + text("loader.cli.warnings_one" if n == 1 else "loader.cli.warnings_many", lang, n=n))
        for w in result.warnings.head(20).itertuples(index=False):
            print(text("loader.cli.warning_line", lang, where=w.file_name + (f" [{w.sheet}]" if w.sheet else ""),
                       line=w.line, column=w.column_name, reason=render(w.reason, lang)))
        if n > 20:
            print(text("loader.cli.more", lang, n=n - 20))
    if len(result.rejections) or len(result.warnings):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = args.report or Path("data/reports") / f"avvisade-rader-{stamp}.xlsx"
        try:
            write_rejection_report(result, path)
            print(text("loader.cli.report_warnings", lang, n=len(result.rejections), w=len(result.warnings),
                       path=path) if len(result.warnings) else
                  text("loader.cli.report", lang, n=len(result.rejections), path=path))
        except OSError as exc:
            print(text("loader.cli.report_failed", lang, path=path, error=exc.strerror), file=sys.stderr)
    if not result.ok:
        return EXIT_FAILED
    if not args.check:
        print(text("loader.cli.warehouse", lang, path=Path(warehouse).absolute()))
    return EXIT_REJECTIONS if len(result.rejections) else EXIT_OK


def plan_line(row, lang: str = "sv") -> str:
    """One line of the load plan: project, kind, rows now → rows after, and what happens."""
    from pipelines.contract import KINDS
    from pipelines.i18n import text

    return text("loader.cli.plan_line", lang, project=row.project_id, title=KINDS[row.kind].title_in(lang),
                now=row.rows_now, after=row.rows_after, what=text(f"loader.cli.mode_{row.mode}", lang),
                shrinks=text("loader.cli.shrinks", lang) if row.shrinks else "")


def undo_main(argv: list[str]) -> int:
    """Undo a load (default: the latest) from the kept warehouse versions; --list shows the loads."""
    from pipelines.i18n import LANGUAGES, message_of, render, text
    from pipelines.warehouse import (WarehouseBusy, WarehouseError, default_warehouse_dir, load_history,
                                     undo_load)

    shown = _help_language(argv)
    parser = argparse.ArgumentParser(prog="python -m pipelines undo", description=text("loader.help.undo", shown))
    parser.add_argument("--warehouse", type=Path, default=None, help=text("loader.help.warehouse", shown))
    parser.add_argument("--load", default=None, help=text("loader.help.load", shown))
    parser.add_argument("--list", action="store_true", help=text("loader.help.list", shown))
    parser.add_argument("--lang", choices=LANGUAGES, default="sv", help=text("loader.cli.lang_help", shown))
    args = parser.parse_args(argv)
    warehouse = args.warehouse or default_warehouse_dir()
    if args.list:
        for row in load_history(warehouse).itertuples(index=False):
            state = text("loader.commands.state_undone" if row.undone else "loader.commands.state_undoable"
                         if row.undoable else "loader.commands.state_kept_no_longer", args.lang)
            print(f"{row.load_id}  {row.loaded_at:%Y-%m-%d %H:%M} UTC  {row.projects}  {state}")
        return EXIT_OK
    from pipelines.audit import log_cli
    try:
        result = undo_load(warehouse, args.load, progress=_progress_printer(args.lang))
    except (WarehouseError, WarehouseBusy) as exc:
        log_cli(warehouse, "undo", None, "misslyckades", {"inläsning": args.load or "senaste"})
        print(render(message_of(exc), args.lang), file=sys.stderr)
        return EXIT_FAILED
    log_cli(warehouse, "undo", None, "ok", {"inläsning": result.load_id, "även": result.also_undone})
    print(render(result.message, args.lang))
    return EXIT_OK


def upgrade_main(argv: list[str]) -> int:
    """Bring a warehouse built by an older Styrbord up to date from its own base tables."""
    from pipelines.i18n import LANGUAGES, message_of, render, text
    from pipelines.warehouse import WarehouseBusy, WarehouseError, default_warehouse_dir, upgrade_warehouse

    shown = _help_language(argv)
    parser = argparse.ArgumentParser(prog="python -m pipelines upgrade",
                                     description=text("loader.help.upgrade", shown))
    parser.add_argument("--warehouse", type=Path, default=None, help=text("loader.help.warehouse", shown))
    parser.add_argument("--lang", choices=LANGUAGES, default="sv", help=text("loader.cli.lang_help", shown))
    args = parser.parse_args(argv)
    try:
        print(render(upgrade_warehouse(args.warehouse or default_warehouse_dir(),
                                       progress=_progress_printer(args.lang)), args.lang))
    except (WarehouseError, WarehouseBusy) as exc:
        print(render(message_of(exc), args.lang), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def templates_main(argv: list[str]) -> int:
    """Write the empty templates and docs/data-contract.md from the contract."""
    from pipelines.i18n import Message, text
    from pipelines.templates import DEFAULT_DOC, DEFAULT_TEMPLATE_DIR, write_all

    parser = argparse.ArgumentParser(prog="python -m pipelines templates",
                                     description=text("loader.help.templates"))
    parser.add_argument("--out", type=Path, default=DEFAULT_TEMPLATE_DIR)
    parser.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    args = parser.parse_args(argv)
    written = write_all(args.out, args.doc)
    print(Message("loader.commands.templates_written", n=len(written), out=str(args.out), doc=str(args.doc)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a sub-command; other engineers' modules are imported only when asked for."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return EXIT_OK if argv else EXIT_FAILED
    command, rest = argv[0], argv[1:]
    if command == "ingest":
        return ingest_main(rest)
    if command == "undo":
        return undo_main(rest)
    if command == "upgrade":
        return upgrade_main(rest)
    if command == "templates":
        return templates_main(rest)
    if command == "demo":
        from pipelines.demo import main as demo_main
        return demo_main(rest) or EXIT_OK
    if command == "parse-project-page":
        from pipelines.project_page import main as page_main
        return page_main(rest) or EXIT_OK
    from pipelines.i18n import Message

    print(f"{Message('loader.commands.unknown_command', command=command)}\n\n{USAGE}", file=sys.stderr)
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
