"""Command line: python -m dashboard.report pack|progress --project ID ... --out FILE (scheduled packs)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

if __name__ == "__main__":
    from streamlit import logger

    # st.cache_data outside a Streamlit server warns once per query; the command line has no use for it
    logger.set_log_level("error")

from dashboard import data, figures  # noqa: E402
from dashboard.report import build_document, images  # noqa: E402
from pipelines.i18n import text  # noqa: E402
from pipelines.audit import log_cli  # noqa: E402


class Refused(Exception):
    """A request the command line cannot carry out; the message says why in Swedish."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' är inget datum: skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-06-30.")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m dashboard.report",
                                   description="Mötesunderlag (PDF) och lägesrapport (Word) ur datalagret.")
    kinds = main.add_subparsers(dest="kind", required=True)
    pack = kinds.add_parser("pack", help="styrgruppens mötesunderlag, A4 PDF")
    pack.add_argument("--project", required=True, help="projekt-id")
    pack.add_argument("--as-of", type=_date, help="läget per (standard: i dag eller projektets slutdatum)")
    pack.add_argument("--since", type=_date, help="förändringar sedan (standard: förra styrgruppsmötet)")
    pack.add_argument("--lang", choices=("sv", "en"), default="sv")
    pack.add_argument("--out", type=Path, required=True, help="PDF-fil att skriva")
    progress = kinds.add_parser("progress", help="utkast till lägesrapport, Word (.docx)")
    progress.add_argument("--project", required=True, help="projekt-id")
    progress.add_argument("--from", dest="date_from", type=_date, help="periodens första dag (standard: förra kvartalet)")
    progress.add_argument("--to", dest="date_to", type=_date, help="periodens sista dag")
    progress.add_argument("--lang", choices=("sv", "en"), default="sv")
    progress.add_argument("--out", type=Path, required=True, help=".docx-fil att skriva")
    return main


def _within(view, day: dt.date, what: str) -> None:
    if not view.project_start <= day <= view.project_end:
        raise Refused(f"{what} {day.isoformat()} ligger utanför projektets period "
                      f"{view.project_start.isoformat()} – {view.project_end.isoformat()}. Välj ett datum inom den.")


def run(args: argparse.Namespace) -> Path:
    if not data.warehouse_ready():
        raise Refused(f"Datalagret finns inte: {data.warehouse_file()}. Läs in data först "
                      "(python -m pipelines ingest MAPP) eller ange STYRBORD_WAREHOUSE.")
    if figures.project_facts(args.project) is None:
        known = ", ".join(data.cells("projects")["project_id"]) or "inga"
        raise Refused(f"Projektet '{args.project}' finns inte i datalagret. Projekt som finns: {known}.")
    if args.kind == "pack":
        view = figures.project_view(args.project)
        if args.as_of is not None:
            _within(view, args.as_of, "Datumet för läget (--as-of)")
            view = figures.project_view(args.project, as_of=args.as_of)
        if args.since is not None:
            _within(view, args.since, "Datumet för förändringar sedan (--since)")
            if args.since >= view.as_of:
                raise Refused(f"--since {args.since.isoformat()} måste ligga före läget per {view.as_of.isoformat()}.")
        document = build_document("pack", view, lang=args.lang, since=args.since)
    else:
        view = figures.project_view(args.project)
        if (args.date_from is None) != (args.date_to is None):
            raise Refused("Ange både --from och --to, eller ingen av dem (då gäller förra kvartalet).")
        if args.date_from is not None:
            _within(view, args.date_from, "Periodens första dag (--from)")
            _within(view, args.date_to, "Periodens sista dag (--to)")
            if args.date_from > args.date_to:
                raise Refused(f"--from {args.date_from.isoformat()} ligger efter --to {args.date_to.isoformat()}.")
        document = build_document("progress", view, lang=args.lang, date_from=args.date_from, date_to=args.date_to)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(document.content)
    return args.out


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    detail = {"dokument": args.kind, "fil": str(args.out)}
    try:
        written = run(args)
    except Refused as refused:
        log_cli(data.warehouse_file().parent, "meeting_pack", args.project, "nekad", {**detail, "orsak": str(refused)})
        print(f"Fel: {refused}", file=sys.stderr)
        return 1
    except images.NoBrowser:  # the same words as on the page (the pack's charts need Chromium)
        print(f"Fel: {text('offer.no_browser', args.lang)}", file=sys.stderr)
        return 1
    log_cli(data.warehouse_file().parent, "meeting_pack", args.project, "ok", detail)
    print(f"Skrev {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
