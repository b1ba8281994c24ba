"""The pure parts of benchmarks/bench_load.py: percentiles and CPU/memory read from /proc (hand-made files)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
bench_load = importlib.util.module_from_spec(spec)
sys.modules["bench_load"] = bench_load  # dataclasses look their module up
spec.loader.exec_module(bench_load)

# A real stat line's shape (proc(5)): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
# cmajflt utime stime cutime cstime priority nice ... The comm holds a space and a ')' to test the parsing.
STAT_LINE = ("4242 (streamlit (x) run) S 17 4242 17 0 -1 4194560 9000 120 3 0 "
             "1234 56 70 8 20 0 9 0 1000 2000000000 30000 18446744073709551615")


def test_a_stat_line_is_read_from_the_last_parenthesis():
    stat = bench_load.parse_stat(STAT_LINE)
    assert (stat.pid, stat.ppid, stat.utime, stat.stime, stat.cutime, stat.cstime) == (4242, 17, 1234, 56, 70, 8)


def _line(pid: int, ppid: int, utime: int, stime: int, cutime: int = 0, cstime: int = 0) -> str:
    return f"{pid} (p{pid}) S {ppid} 0 0 0 -1 0 0 0 0 0 {utime} {stime} {cutime} {cstime} 20 0 1 0 0 0 0"


def test_a_tree_counts_the_process_its_descendants_and_their_reaped_children_only(tmp_path):
    # 100 is the server; 101 its child (a kaleido Chromium, say), 102 a grandchild; 200 is someone else's process
    for pid, ppid, utime, stime, cutime, cstime in [(100, 1, 300, 50, 7, 3), (101, 100, 20, 5, 0, 0),
                                                    (102, 101, 1, 1, 0, 0), (200, 1, 9999, 9999, 0, 0)]:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(_line(pid, ppid, utime, stime, cutime, cstime))
        (tmp_path / str(pid) / "status").write_text(f"Name:\tp{pid}\nVmRSS:\t   {pid * 10} kB\nThreads:\t1\n")
    (tmp_path / "self").mkdir()  # not a pid: left out
    stats = bench_load.read_stats(tmp_path)
    assert sorted(stats) == [100, 101, 102, 200]
    # 300 + 50 + 7 + 3 (the server and what its finished children used) + 25 + 2
    assert bench_load.tree_cpu_ticks(100, stats) == 387
    assert bench_load.tree_cpu_ticks(101, stats) == 27
    assert sorted(s.pid for s in bench_load.tree(100, stats)) == [100, 101, 102]
    # VmRSS in kB: (1000 + 1010 + 1020) kB
    assert bench_load.rss_bytes([100, 101, 102], tmp_path) == 3030 * 1024
    assert bench_load.rss_bytes([999], tmp_path) == 0  # a process that has ended counts nothing


def test_percentiles_interpolate_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0, 10.0]
    assert bench_load.percentile(values, 50) == 3.0
    assert bench_load.percentile(values, 0) == 1.0
    assert bench_load.percentile(values, 100) == 10.0
    # rank (5 - 1) × 0.95 = 3.8: 4 + 0.8 × (10 - 4)
    assert bench_load.percentile(values, 95) == pytest.approx(8.8)
    assert bench_load.percentile([2.5], 95) == 2.5


def test_the_summary_splits_the_server_cpu_into_the_cold_round_and_the_warm_ones():
    run = bench_load.Run(sessions=2, rounds=3, cpu_per_round=[12.0, 3.0, 1.0], wall_per_round=[30, 10, 9],
                         rss_start=100 * 2**20, rss_peak=400 * 2**20, rss_end=390 * 2**20)
    for round_no, n in ((1, 4), (2, 4), (3, 4)):
        run.views += [bench_load.View(0, round_no, "nav", "budget", 1.0 + i) for i in range(n)]
    run.views.append(bench_load.View(1, 3, "url", "/budget", 99.0, error="TimeoutError"))
    row = bench_load.summary(run)
    assert row["sidvisningar"] == "13" and row["fel"] == "1"
    assert row["serverns CPU per sidvisning, kallt varv, s"] == "3.000"  # 12 s / 4 views
    assert row["serverns CPU per sidvisning, varma varv, s"] == "0.444"  # (3 + 1) s / 9 views
    # the failed view's 99 s is not among the timings: 12 views of 1–4 s
    assert row["p50 / p95 / max per sidvisning, s"] == "2.50 / 4.00 / 4.00"
    assert row["serverns RSS start / topp / slut, MiB"] == "100 / 400 / 390"


# py-spy's raw format: one stack a line, root first, frames "function (file:line)", then the sample count
COLLAPSED = """\
process 1:"streamlit run";_run_script (streamlit/runtime/scriptrunner/exec_code.py:121);<module> (dashboard/views/budget.py:40);chart_block (dashboard/charts.py:107);plotly_chart (streamlit/elements/plotly_chart.py:500);to_json (plotly/io/_json.py:100) 30
process 1:"streamlit run";_run_script (streamlit/runtime/scriptrunner/exec_code.py:121);<module> (dashboard/views/budget.py:44);downloads (dashboard/tables.py:163);to_xlsx (dashboard/tables.py:148);save (openpyxl/writer/excel.py:290) 50
process 1:"streamlit run";_run_script (streamlit/runtime/scriptrunner/exec_code.py:121);<module> (dashboard/views/budget.py:12);wrapper (streamlit/runtime/caching/cache_utils.py:200);_make_value_key (streamlit/runtime/caching/hashing.py:60) 15
process 1:"streamlit run";handle (uvicorn/protocols/websockets.py:10) 5
not a stack line
"""


def test_profile_shares_count_each_sample_once_per_category():
    total, counts = bench_load.profile_shares(COLLAPSED)
    assert total == 100
    assert counts["xlsx-nedladdningar (tables.to_xlsx, openpyxl)"] == 50
    # to_json under plotly_chart: both the Plotly package and the chart's JSON
    assert counts["st.plotly_chart: figuren till JSON"] == 30
    assert counts["Plotly: figurer byggs (plotly.graph_objs, validering)"] == 30
    assert counts["cachenycklar: hashning av argument (st.cache_data)"] == 15
    assert counts["cacheträffar: resultat packas upp (pickle)"] == 15
    assert counts["en sida körs (streamlit.navigation Page.run)"] == 0  # no Page.run frame in these stacks
    assert counts["DuckDB-frågor"] == 0


def test_top_functions_count_a_function_once_per_sample_whatever_its_lines():
    collapsed = "a (x.py:1);b (y.py:2);a (x.py:9) 7\nb (y.py:3) 2\n"
    assert bench_load.top_functions(collapsed) == [("b (y.py)", 9), ("a (x.py)", 7)]
    # the threads' and script runner's frames are in every sample: left out
    assert bench_load.top_functions("Thread.run (threading.py:982);a (x.py:1) 3\n") == [("a (x.py)", 3)]
