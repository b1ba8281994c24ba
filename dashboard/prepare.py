"""Prepare a new build's protected layer (dashboard/stored.py): compute, on the current build, the views users
asked for on the builds before it, so their first views after a load read kept cells instead of walking their
families (about a minute for a page of all national projects).

The views are the ones kept in the older builds' stores (a file names its query, filters and scope), newest first,
at most `--views` of them; a view kept already, or whose query no longer exists, is left out. The Data page starts
it after a load in a process of its own at low priority (`start_after_load`); after a load from the command line:

    python -m dashboard.prepare --warehouse data/warehouse
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from dashboard import data, stored
from dashboard.i18n import t

VIEWS = 400  # views prepared at most (the newest asked for)
QUERY_NAME = re.compile(r"[a-z_0-9]+")  # a view's query as the store names it: a file of dashboard/queries/
KINDS = (stored.FAMILY, stored.ALONE, stored.THEN)
AFTER_LOAD_ENV = "STYRBORD_PREPARE_AFTER_LOAD"  # "0": the Data page starts no preparation (the test suite)
logger = logging.getLogger(__name__)


def views_to_prepare(stamp: tuple[str, int], limit: int = VIEWS) -> list[str]:
    """The views of the other builds' stores that the current build's store does not hold, newest first."""
    store = stored.folder(stamp)
    if store is None or not store.parent.is_dir():
        return []
    have = {text for _, text in stored.views_kept(store)} if store.is_dir() else set()
    asked = sorted((kept for other in store.parent.iterdir() if other.is_dir() and other != store
                    for kept in stored.views_kept(other)), reverse=True)
    wanted: dict[str, None] = {}  # in order, each once
    for _, text in asked:
        if text not in have:
            wanted.setdefault(text)
    return list(wanted)[:limit]


def prepare(limit: int = VIEWS) -> dict[str, object]:
    """Compute and keep the views to prepare on the warehouse STYRBORD_WAREHOUSE names; a report of what was done."""
    started = time.perf_counter()
    stamp = data._stamp()
    texts = views_to_prepare(stamp, limit)
    done = failed = 0
    # all projects' views first: they cost the most, and they fill the batches the projects' views read
    views = sorted((stored.parse_view(text) for text in texts), key=lambda v: (v[4] is not None, v[3] is not None))
    for kind, name, parameters, hint, scope in views:
        if kind not in KINDS or not QUERY_NAME.fullmatch(name):  # a file of the store names a query, never a path
            failed += 1
            continue
        try:
            data.keep_protected(kind, name, parameters, hint, stamp, scope)
            done += 1
        except Exception as error:  # noqa: BLE001 - a view of an older version (a query gone): the others go on
            logger.info("vyn %s kunde inte förberedas: %s", name, error)
            failed += 1
    return {"views": done, "failed": failed, "seconds": time.perf_counter() - started}


def start_after_load(warehouse_dir: Path) -> subprocess.Popen | None:
    """Start the preparation in a process of its own at low priority (the Data page, after a load succeeded)."""
    if os.environ.get(AFTER_LOAD_ENV, "1") == "0":
        return None
    command = [sys.executable, "-m", "dashboard.prepare", "--warehouse", str(Path(warehouse_dir).absolute())]
    if shutil.which("nice"):
        command = ["nice", "-n", "10", *command]
    root = Path(__file__).resolve().parents[1]
    try:
        return subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:  # the pages are only slower the first time
        logger.warning("förberedelsen kunde inte startas: %s", error)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.prepare", description=t("prepare.description"))
    parser.add_argument("--warehouse", type=Path, help=t("prepare.warehouse_help"))
    parser.add_argument("--views", type=int, default=VIEWS, help=t("prepare.views_help"))
    args = parser.parse_args(argv)
    if args.warehouse is not None:
        os.environ["STYRBORD_WAREHOUSE"] = str(args.warehouse)
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level("error")  # "no ScriptRunContext": the caches work outside a server too
    if not data.warehouse_file().exists():
        print(t("prepare.missing", path=data.warehouse_file()), file=sys.stderr)
        return 1
    report = prepare(args.views)
    print(t("prepare.done", views=report["views"], failed=report["failed"], seconds=f"{report['seconds']:.1f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
