"""`python -m pipelines demo`: write a demo portfolio of raw municipal exports, one folder per project."""
from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from pipelines.demo.generate import ProjectStats, generate_project
from pipelines.demo.model import ProjectSpec

DEFAULT_SEED = 42


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: --out DIR [--seed N] [--scale small|national] [--projects N]."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines demo",
        description="Skriver demodata som kommunerna levererar den: en mapp per projekt med CSV- och Excel-exporter.")
    parser.add_argument("--out", required=True, type=Path, help="mapp att skriva projektmapparna i")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="slumpfrö (samma frö ger samma filer)")
    parser.add_argument("--scale", choices=("small", "national"), default="small",
                        help="small: fem projekt; national: cirka 300 projekt och 1 miljon personer")
    parser.add_argument("--projects", type=int, default=None, metavar="N",
                        help="bara de N första projekten (t.ex. --scale national --projects 30: en region)")
    return parser.parse_args(argv)


def portfolio(scale: str, seed: int) -> Iterable[ProjectSpec]:
    """The project specs for a scale; the national one is produced lazily, one project at a time."""
    if scale == "national":
        from pipelines.demo.national import national_portfolio
        return national_portfolio(seed)
    from pipelines.demo.portfolio import PORTFOLIO
    return PORTFOLIO


def write_portfolio(out_dir: Path, seed: int = DEFAULT_SEED, scale: str = "small", progress=print,
                    projects: int | None = None) -> list[tuple[ProjectSpec, ProjectStats]]:
    """Generate every project of the portfolio (or its first `projects`) into out_dir; what was written per project.

    Each national project has its own random stream, so the first N are the same as in the whole portfolio."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    total = ProjectStats()
    started = time.perf_counter()
    for number, spec in enumerate(itertools.islice(portfolio(scale, seed), projects), start=1):
        folder = out_dir / spec.folder
        if folder.exists():  # a project folder is the generator's own: start it afresh so no stale export remains
            shutil.rmtree(folder)
        stats = generate_project(spec, out_dir, seed)
        written.append((spec, stats))
        for name in ("people", "attendance_rows", "survey_answers", "files", "bytes"):
            setattr(total, name, getattr(total, name) + getattr(stats, name))
        progress(f"[{number}] {spec.folder}: {stats.people:,} personer, {stats.attendance_rows:,} närvarorader, "
                 f"{stats.survey_answers:,} enkätsvar, {stats.bytes / 1e6:.1f} MB "
                 f"({time.perf_counter() - started:.0f} s)".replace(",", " "))
    progress(f"Klart: {len(written)} projekt, {total.people:,} personer, {total.attendance_rows:,} närvarorader, "
             f"{total.survey_answers:,} enkätsvar, {total.files} filer, {total.bytes / 1e6:.1f} MB på "
             f"{time.perf_counter() - started:.0f} s i {out_dir}".replace(",", " "))
    return written


def main(argv: list[str] | None = None) -> int:
    """Run the demo generator; returns the process exit code."""
    args = parse_args(argv)
    try:
        write_portfolio(args.out, args.seed, args.scale, progress=lambda line: print(line, flush=True),
                        projects=args.projects)
    except OSError as error:
        print(f"Kunde inte skriva demodata i {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
