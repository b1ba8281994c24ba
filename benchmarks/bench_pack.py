"""Times the meeting pack (PDF) and the progress report (Word) for one project and prints the figures (a benchmark)."""
# Run: STYRBORD_WAREHOUSE=data/warehouse .venv/bin/python benchmarks/bench_pack.py [--project ID] [--repeat 3]
# (or `make bench`). Without --project it takes the ongoing project (its period holds today), else the latest to
# start. "Första" includes starting Chromium for the charts; "varm" is a rebuild with the query results cached, as a
# second click on the page; "nya frågor" is a rebuild with the export server warm and the query cache emptied (a new
# load of data or other filters). The aim for the warm pack is under 5 s.

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit import logger  # noqa: E402

from dashboard import data, figures  # noqa: E402
from dashboard.report import build_document, images  # noqa: E402

AIM_SECONDS = 5.0


def ongoing_project() -> str:
    """The project whose period holds today, else the one that started last."""
    projects = data.cells("projects").sort_values("start_date", ascending=False)
    today = dt.date.today()
    for row in projects.itertuples(index=False):
        if row.start_date.date() <= today <= row.end_date.date():
            return row.project_id
    return projects["project_id"].iloc[0]


def timed(kind: str, view) -> tuple[float, int]:
    started = time.perf_counter()
    document = build_document(kind, view)
    return time.perf_counter() - started, len(document.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logger.set_log_level("error")  # st.cache_data outside a Streamlit server warns once per query
    if not data.warehouse_ready():
        print(f"Lagret {data.warehouse_file()} saknas: bygg det med `make run` eller `python -m pipelines ingest ...`.")
        return 1
    project_id = args.project or ongoing_project()
    view = figures.project_view(project_id)
    print(f"Lager: {data.warehouse_file()}  projekt {project_id} ({view.project_name}), läget per {view.as_of}")
    started = time.perf_counter()
    images.start()
    chromium = time.perf_counter() - started
    print(f"{'dokument':<14} {'första s':>9} {'varm s (median)':>16} {'nya frågor s':>13} {'storlek kB':>11}")
    warm_pack = None
    for kind in ("pack", "progress"):
        data.clear_caches()
        first, size = timed(kind, view)
        warm = statistics.median(timed(kind, view)[0] for _ in range(args.repeat))
        data.clear_caches()
        fresh, _ = timed(kind, view)
        print(f"{kind:<14} {first:>9.2f} {warm:>16.2f} {fresh:>13.2f} {size / 1024:>11.0f}")
        warm_pack = warm if kind == "pack" else warm_pack
    print(f"Start av exportservern (Chromium): {chromium:.2f} s")
    verdict = "inom" if warm_pack < AIM_SECONDS else "ÖVER"
    print(f"Mötesunderlaget varmt: {warm_pack:.2f} s, {verdict} målet {AIM_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
