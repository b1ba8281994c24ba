"""benchmarks/bench_national.py's whole-page step (target 6) on the FIX warehouse: it must keep drawing every page,
so `make bench-national` prints real figures, not a crashed step. A check that the step works, not of its speed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_national", ROOT / "benchmarks" / "bench_national.py")
bench_national = importlib.util.module_from_spec(spec)
sys.modules["bench_national"] = bench_national
spec.loader.exec_module(bench_national)


def test_the_whole_page_step_draws_every_page_of_all_projects_and_of_one(fixture_warehouse):
    # tests/conftest.py's autouse fixture sets the test pseudonym key; the child process inherits it
    titles = {"sammanfattning": "Sammanfattning", "kompetens": "Kompetens", "budget": "Budget",
              "deltagande": "Deltagande och jämställdhet", "fokus_mal": "Fokusområden och mål",
              "medarbetarenkat": "Medarbetarenkät", "portfolio": "Portfolio"}
    for scope in ("alla", "FIX"):
        views = bench_national.whole_pages(Path(fixture_warehouse), scope)
        assert list(views) == list(bench_national.PAGES)
        for page, view in views.items():
            assert view["error"] is None, (scope, page, view["error"])
            assert view["title"].startswith(titles[page]), (scope, page, view["title"])
            assert view["seconds"] > 0
