"""National scale, measured: ingest, one-project loads, every page's data and the pandas alternative (a benchmark).

Run: `make bench-national` (300 projects: the national demo, built once and cached under data/bench/), or quicker
`.venv/bin/python benchmarks/bench_national.py --projects 30` (the first 30 projects of the same portfolio, a region).
Each page's data is measured computed (every view protected anew) and prepared (read from the build's protected
layer, dashboard/stored.py), and the preparation after a load (`python -m dashboard.prepare`) is timed.
Prints one table. Each figure is measured in a child process of its own (a fresh process: cold), its peak memory
from the kernel's accounting of that child (os.wait4), so the figures do not leak into each other. The national
build (demo generation + ingest, about 15 minutes on 2 cores) runs once; later runs reuse it and its recorded
ingest figures (--rebuild to measure it again). A benchmark, not a test: it prints, it does not assert.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The targets (issue 13), beside each figure in the table.
TARGETS = {"ingest_ratio": 3.0, "ingest_rss_gib": 4.0, "load_ratio": 2.0, "load_rss_gib": 1.0,
           "all_cold_ms": 300, "all_warm_ms": 50, "one_cold_ms": 100, "pandas_ratio": 20, "whole_s": 1.5}
PAGES = ("sammanfattning", "kompetens", "deltagande", "budget", "fokus_mal", "medarbetarenkat", "portfolio")
# a fixed key for the benchmark's own warehouse (never the user's data/pseudonym.key)
BENCH_KEY = "be9c" * 16


# ---------------------------------------------------------------------------------------------- measuring
def measured(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict[str, object]:
    """Run a command as a child process: wall seconds, CPU, peak memory and its output.

    `rss` is the kernel's peak of the child (wait4: the largest one process reached); `tree_rss` is the peak of the
    child and all its descendants together (a load's worker processes), sampled from /proc every 0.2 s."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out,
                                   stderr=subprocess.STDOUT)
        peak = [0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, done), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        sampler.join()
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    code = os.waitstatus_to_exitcode(status)
    return {"seconds": wall, "rss": usage.ru_maxrss * 1024, "tree_rss": max(peak[0], usage.ru_maxrss * 1024),
            "cpu": usage.ru_utime + usage.ru_stime, "code": code, "output": text}


def _sample_tree(root: int, peak: list[int], done: threading.Event) -> None:
    """The largest sum of resident memory of `root` and its descendants, until done."""
    page = os.sysconf("SC_PAGE_SIZE")
    while not done.wait(0.2):
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(f"/proc/{entry.name}/stat").read_text()
                    parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
        tree, grown = {root}, True
        while grown:
            more = {pid for pid, parent in parents.items() if parent in tree} - tree
            grown = bool(more)
            tree |= more
        total = 0
        for pid in tree:
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            except (OSError, ValueError, IndexError):
                continue
        peak[0] = max(peak[0], total)


def python(*args: str) -> list[str]:
    """This Python (the venv's) running this module or another one."""
    return [sys.executable, *args]


def check(result: dict[str, object], what: str) -> dict[str, object]:
    """Stop with the child's output when it failed (exit 2 of an ingest = loaded with rejected rows: fine)."""
    if result["code"] not in (0, 2):
        print(result["output"][-3000:])
        raise SystemExit(f"{what} misslyckades (kod {result['code']})")
    return result


# ---------------------------------------------------------------------------------------------- the steps
def raw_portfolio(data: Path, projects: int) -> Path:
    """The demo portfolio's first `projects` national projects under data/bench/raw-N (generated once)."""
    raw = data / f"raw-{projects}"
    done = raw / ".complete"
    if not done.exists():
        print(f"Skriver demodata: {projects} projekt i {raw} ...", flush=True)
        shutil.rmtree(raw, ignore_errors=True)
        check(measured(python("-m", "pipelines", "demo", "--out", str(raw), "--scale", "national",
                              "--projects", str(projects))), "demo")
        done.write_text(dt.datetime.now(dt.timezone.utc).isoformat())
    return raw


def csv_floor(raw: Path) -> dict[str, object]:
    """The bare DuckDB read_csv of the portfolio's CSV files, one file at a time, in a fresh process."""
    return check(measured(python(__file__, "--child", "floor", str(raw))), "read_csv-golvet")


def child_floor(raw: str) -> None:
    import duckdb

    con = duckdb.connect()
    rows = 0
    for path in sorted(Path(raw).rglob("*.csv")):
        for encoding in ("utf-8", "latin-1"):  # a Windows-1252 export reads as latin-1 here (bytes, not meaning)
            try:
                con.execute("create or replace temp table t as select * from read_csv(?, encoding = ?)",
                            [str(path), encoding])
                rows += con.execute("select count(*) from t").fetchall()[0][0]
                break
            except duckdb.Error:
                continue
    print(f"rows {rows}")


def ingest(raw: Path, warehouse: Path) -> dict[str, object]:
    """`python -m pipelines ingest` of the whole portfolio into a new warehouse."""
    shutil.rmtree(warehouse.parent, ignore_errors=True)
    return check(measured(python("-m", "pipelines", "ingest", str(raw), "--warehouse", str(warehouse)),
                          {"STYRBORD_PSEUDONYM_KEY": BENCH_KEY}), "inläsningen")


def load_one(folder: Path, warehouse: Path) -> dict[str, object]:
    """One project's folder loaded into a warehouse (the same files again: the warehouse's content is unchanged)."""
    return check(measured(python("-m", "pipelines", "ingest", str(folder), "--warehouse", str(warehouse)),
                          {"STYRBORD_PSEUDONYM_KEY": BENCH_KEY}), f"inläsningen av {folder.name}")


def replicate(source: Path, target: Path, times: int) -> None:
    """A warehouse of `times` × the projects of `source`: each project's files again under new ids (`<id>-k2`, ...).

    Synthetic: for measuring a load into a warehouse of national size when the national build cannot be run; the
    copies' rows are the region's, so row counts, file counts and sizes are about those of the national demo."""
    import duckdb

    from pipelines import warehouse as wh
    from pipelines.contract import BASE_TABLES

    source = source.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    build_id = wh.new_load_id()
    temp = target.parent / f".{target.name}.tmp-{build_id}"
    con = duckdb.connect(config=wh.duckdb_config())
    for table in (*BASE_TABLES, *wh.MARTS):
        for file in wh.partition_files(source, table):
            pid = file.parent.name.split("=", 1)[1]
            for copy in range(times):
                new = pid if copy == 0 else f"{pid}-k{copy + 1}"
                out = wh.partition_path(temp, table, new)
                out.parent.mkdir(parents=True, exist_ok=True)
                if copy == 0:
                    os.link(file, out)
                else:
                    con.execute("copy (select * replace (?::varchar as project_id) from read_parquet(?)) to ? "
                                "(format parquet, compression zstd)", [new, str(file), str(out)])
    con.close()
    wh.build_duckdb(temp)
    wh._swap_in(target, temp, build_id)


def record_pages(warehouse: Path, scope: str, calls: Path) -> None:
    """Which named queries each page asks for (data.cells calls, as the page and figures.py make them)."""
    check(measured(python(__file__, "--child", "record", str(warehouse), scope, str(calls))), "sidornas frågor")


def child_record(warehouse: str, scope: str, calls_file: str) -> None:
    os.environ["STYRBORD_WAREHOUSE"] = warehouse
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    logger.set_log_level("error")
    recorded: dict[str, list] = {}
    real = data.cells
    page_calls: list = []

    def recording(name, filters=None, *, scope="session", **extra):
        given = dict(filters.params() if filters is not None else {})
        given.update(extra)
        page_calls.append((name, given))
        return real(name, filters, scope=scope, **extra)

    data.cells = recording
    # the pages ask for the same queries and filters whatever is hidden, so the recording hides each view's cells on
    # their own, without the families and months (minutes for all national projects); page_data runs it in full
    def alone(name, parameters, hint, stamp, scope):
        frame = data._fetch_raw(name, parameters, stamp, scope, ordered=True)
        for rule in data.named_query(name).suppressions:
            frame = rule.apply(frame)
        return frame

    alone.clear = lambda: None  # data.clear_caches empties it
    data._protected = alone
    for page in PAGES:
        data.clear_caches()
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600)
        at.query_params["projekt"] = scope
        at.run()
        page_calls.clear()
        at.switch_page(f"views/{page}.py").run()
        problem = at.exception[0].message[:200] if at.exception else None
        recorded[page] = {"calls": list(page_calls), "error": problem}
    Path(calls_file).write_bytes(pickle.dumps(recorded))


def page_data(warehouse: Path, calls: Path, page: str, repeat: int, store: str = "1") -> dict[str, object]:
    """A page's recorded queries run in a fresh process: cold (first), warm (result cache emptied, median).
    store "write": every protected view computed (none read from the protected layer) and kept there; "1": read
    from the layer where it holds the view (a prepared build)."""
    result = check(measured(python(__file__, "--child", "page", str(warehouse), str(calls), page, str(repeat)),
                            env={"STYRBORD_PROTECTED_STORE": store}), f"sidan {page}")
    figures = json.loads(result["output"].strip().splitlines()[-1])
    return {**figures, "rss": result["rss"]}


def child_page(warehouse: str, calls_file: str, page: str, repeat: str) -> None:
    os.environ["STYRBORD_WAREHOUSE"] = warehouse
    from streamlit import logger

    logger.set_log_level("error")
    from dashboard import data

    calls = pickle.loads(Path(calls_file).read_bytes())[page]["calls"]
    unique = list({(name, repr(sorted(given.items()))): (name, given) for name, given in calls}.values())

    def run_all() -> float:
        started = time.perf_counter()
        for name, given in unique:
            data.cells(name, None, scope=None, **given)
        return (time.perf_counter() - started) * 1000

    cold = run_all()
    warm = []
    for _ in range(int(repeat)):
        data._fetch.clear()  # the query results; the connection stays open (as in a running dashboard)
        warm.append(run_all())
    started = time.perf_counter()
    run_all()  # straight from the result cache: a second view of the same page and filters
    cached = (time.perf_counter() - started) * 1000
    print(json.dumps({"cold_ms": cold, "warm_ms": statistics.median(warm), "cached_ms": cached,
                      "queries": len(unique)}))


def whole_pages(warehouse: Path, scope: str) -> dict[str, dict]:
    """Target 6: every page's first view through AppTest (the router, the filters, the page's figures, charts and
    tables drawn), in a fresh process for the scope; before each page the data layer's caches and connection are
    emptied, so each page is a first view (of a server already started)."""
    result = check(measured(python(__file__, "--child", "whole", str(warehouse), scope)), "hela sidor")
    return json.loads(result["output"].strip().splitlines()[-1])


def child_whole(warehouse: str, scope: str) -> None:
    os.environ["STYRBORD_WAREHOUSE"] = warehouse
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    logger.set_log_level("error")
    views: dict[str, dict] = {}
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=3600)
    at.query_params["projekt"] = scope
    # the first run is the bare address: the router lands on Portfolio for all projects, Sammanfattning for one
    landing = "portfolio" if scope == "alla" else "sammanfattning"
    for page in [landing, *(p for p in PAGES if p != landing)]:
        data.clear_caches()
        started = time.perf_counter()
        (at if page == landing else at.switch_page(f"views/{page}.py")).run()
        seconds = time.perf_counter() - started
        views[page] = {"seconds": seconds, "error": at.exception[0].message[:200] if at.exception else None,
                       "title": at.title[0].value if at.title else None}
    print(json.dumps({page: views[page] for page in PAGES}))


def pandas_page(warehouse: Path, page: str, project: str | None) -> dict[str, object]:
    """The page's main figures the naive way in pandas, in a fresh process."""
    result = check(measured(python(__file__, "--child", "pandas", str(warehouse), page, project or "")),
                   f"pandas för {page}")
    return {**json.loads(result["output"].strip().splitlines()[-1]), "rss": result["rss"]}


def child_pandas(warehouse: str, page: str, project: str) -> None:
    import pandas as pd

    root = Path(warehouse)
    started = time.perf_counter()

    def table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """A base table's Parquet files (one project's, or all), read with pandas."""
        files = sorted((root / "parquet" / name).glob(f"project_id={project or '*'}/data.parquet"))
        return pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)

    def departments() -> pd.DataFrame:
        units = table("org_unit", ["project_id", "unit_id", "parent_unit_id", "name"])
        top = units.merge(units, left_on=["project_id", "parent_unit_id"], right_on=["project_id", "unit_id"],
                          how="left", suffixes=("", "_parent"))
        top["department"] = top["name_parent"].fillna(top["name"])
        return top[["project_id", "unit_id", "department"]]

    def participation() -> pd.DataFrame:
        attended = table("attendance", ["project_id", "person_id", "activity_id", "hours"])
        people = table("person", ["project_id", "person_id", "gender", "unit_id"])
        both = attended[attended["hours"] > 0].merge(people, on=["project_id", "person_id"])
        return both

    def spending() -> pd.DataFrame:
        ledger = table("ledger_entry", ["project_id", "date", "cost_heading", "amount_sek"])
        ledger["month"] = pd.to_datetime(ledger["date"]).dt.to_period("M")
        plan = table("budget_plan", ["project_id", "cost_heading", "amount_sek"])
        return (ledger.groupby(["project_id", "month", "cost_heading"])["amount_sek"].sum().reset_index(),
                plan.groupby(["project_id", "cost_heading"])["amount_sek"].sum().reset_index())

    def answers(kind: str) -> pd.DataFrame:
        response = table("survey_response", ["project_id", "survey_id", "wave", "respondent_id", "person_id",
                                             "gender", "unit_id", "item_id", "answer"])
        items = table("survey_item", ["project_id", "item_id", "survey_kind", "competence_area", "hme_index"])
        return response.merge(items[items["survey_kind"] == kind], on=["project_id", "item_id"])

    if page in ("sammanfattning", "deltagande", "portfolio"):
        both = participation()
        by_gender = both.groupby("gender")["person_id"].nunique() if page != "portfolio" else \
            both.groupby(["project_id", "gender"])["person_id"].nunique()
        spending()
        if page == "deltagande":
            both.merge(departments(), on=["project_id", "unit_id"]).groupby(["department", "gender"])[
                "person_id"].nunique()
            activities = table("activity", ["project_id", "activity_id", "focus_area_id"])
            both.merge(activities, on=["project_id", "activity_id"]).groupby(["focus_area_id", "gender"])[
                "person_id"].nunique()
        len(by_gender)
    elif page == "budget":
        spending()
    elif page == "fokus_mal":
        both = participation()
        activities = table("activity", ["project_id", "activity_id", "focus_area_id"])
        both.merge(activities, on=["project_id", "activity_id"]).groupby(["project_id", "focus_area_id"])[
            "person_id"].nunique()
        table("goal_measurement")
    elif page == "kompetens":
        measured_ = answers("kompetens")
        people = table("person", ["project_id", "person_id", "unit_id"])
        levels = (measured_.groupby(["project_id", "survey_id", "wave", "respondent_id", "person_id",
                                     "competence_area", "unit_id"], dropna=False)["answer"].mean().reset_index())
        levels = levels.merge(people, on=["project_id", "person_id"], how="left", suffixes=("_answer", ""))
        levels = levels.merge(departments(), on=["project_id", "unit_id"], how="left")
        levels.groupby(["department", "competence_area", "wave"])["answer"].mean()
    elif page == "medarbetarenkat":
        hme = answers("hme")
        hme["score"] = (hme["answer"] - 1) * 25.0
        per = hme.groupby(["project_id", "survey_id", "wave", "respondent_id", "gender"], dropna=False)[
            "score"].mean().reset_index()
        per.groupby(["wave", "gender"], dropna=False)["score"].mean()
    print(json.dumps({"seconds": time.perf_counter() - started}))


# ---------------------------------------------------------------------------------------------- the table
def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def verdict(ok: bool) -> str:
    return "ja" if ok else "NEJ"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=300, help="de N första projekten (300 = hela riket)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "bench", help="var lagret och rådata sparas")
    parser.add_argument("--rebuild", action="store_true", help="mät inläsningen av hela portföljen igen")
    parser.add_argument("--repeat", type=int, default=3, help="varma körningar per sida")
    parser.add_argument("--steps", default="ingest,load,pages,prepare,whole",
                        help="vilka delar som mäts nu (ingest,load,pages,prepare,whole); resten tas från förra "
                             "körningen")
    parser.add_argument("--pandas", choices=("all", "light", "none"), default="all",
                        help="light: hoppa över pandas för alla projekt på enkätsidorna (flera GB i riksskala)")
    parser.add_argument("--replicate", type=int, default=0, metavar="K",
                        help="mät laddning och sidor i ett syntetiskt lager: de N projekten K gånger (N×K projekt)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        {"floor": child_floor, "record": child_record, "page": child_page, "pandas": child_pandas,
         "whole": child_whole}[
            args.child[0]](*args.child[1:])
        return 0

    data_dir = args.data.absolute()
    raw = raw_portfolio(data_dir, args.projects)
    warehouse = data_dir / f"wh-{args.projects}" / "warehouse"
    results_file = data_dir / f"results-{args.projects}.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    results["machine"] = {"cores": os.cpu_count(), "python": sys.version.split()[0],
                          "load_average": os.getloadavg(), "measured_at": dt.datetime.now(dt.timezone.utc)
                          .strftime("%Y-%m-%d %H:%M UTC")}
    if args.rebuild or "ingest" not in results or not (warehouse / "warehouse.duckdb").exists():
        print("Läser in hela portföljen (mäts en gång, sparas) ...", flush=True)
        results["floor"] = {k: v for k, v in csv_floor(raw).items() if k != "output"}
        results["ingest"] = {k: v for k, v in ingest(raw, warehouse).items() if k != "output"}
        results["ingest"]["at"] = results["machine"]["measured_at"]
        results_file.write_text(json.dumps(results, indent=1, default=str))
    steps = set(args.steps.split(","))
    if args.replicate > 1:  # the loads and pages measured in a synthetic warehouse of N × K projects
        synthetic = data_dir / f"wh-{args.projects}x{args.replicate}" / "warehouse"
        if not (synthetic / "warehouse.duckdb").exists():
            print(f"Bygger ett syntetiskt lager med {args.projects * args.replicate} projekt ...", flush=True)
            replicate(warehouse, synthetic, args.replicate)
        warehouse = synthetic
        results_file = data_dir / f"results-{args.projects}x{args.replicate}.json"
        results = {**results, **(json.loads(results_file.read_text()) if results_file.exists() else {})}
        results["synthetic"] = f"{args.projects} projekt × {args.replicate}"
    folders = sorted(p for p in raw.iterdir() if p.is_dir())
    one = folders[len(folders) // 2]  # a project in the middle of the portfolio
    if "load" in steps:
        print(f"Laddar ett projekt ({one.name}) i det stora lagret och i ett tomt ...", flush=True)
        into_big = load_one(one, warehouse)
        with tempfile.TemporaryDirectory(dir=data_dir) as empty:
            into_empty = load_one(one, Path(empty) / "warehouse")
        results["load"] = {"big": {k: v for k, v in into_big.items() if k != "output"},
                           "empty": {k: v for k, v in into_empty.items() if k != "output"}, "project": one.name,
                           "at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        results_file.write_text(json.dumps(results, indent=1, default=str))

    project_id = _project_id(warehouse, one.name)
    if "pages" in steps:
        pages: dict[str, dict] = {}
        # computed: every protected view of the page walked (nothing read from the protected layer, what is computed
        # is kept there); prepared: the same calls again in a fresh process, read from the layer
        shutil.rmtree(warehouse.parent / f".{warehouse.name}.protected", ignore_errors=True)
        for scope_name, scope in (("one", project_id), ("all", "alla")):
            calls = data_dir / f"calls-{args.projects}-{scope_name}.pickle"
            print(f"Sidornas frågor, {'ett projekt' if scope_name == 'one' else 'alla projekt'} ...", flush=True)
            record_pages(warehouse, scope, calls)
            recorded = pickle.loads(calls.read_bytes())
            for page in PAGES:
                entry = pages.setdefault(page, {})
                entry[scope_name] = page_data(warehouse, calls, page, args.repeat, store="write")
                entry[scope_name]["error"] = recorded[page]["error"]
                entry[scope_name]["prepared"] = page_data(warehouse, calls, page, args.repeat)
                heavy = page in ("kompetens", "medarbetarenkat") and scope_name == "all"
                if args.pandas == "all" or (args.pandas == "light" and not heavy):
                    entry[f"pandas_{scope_name}"] = pandas_page(warehouse, page,
                                                                project_id if scope_name == "one" else None)
        results["pages"] = pages
        results["pages_at"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        results_file.write_text(json.dumps(results, indent=1, default=str))
    if "prepare" in steps:
        # a load makes a new build with an empty layer: the views asked for on the build before (the pages' views
        # above, one project and all) computed again by `python -m dashboard.prepare`, as the Data page starts it
        print(f"Laddar {one.name} igen och förbereder det nya lagrets vyer ...", flush=True)
        again = load_one(one, warehouse)
        prepared = check(measured(python("-m", "dashboard.prepare", "--warehouse", str(warehouse))), "förberedelsen")
        results["prepare"] = {"load_seconds": again["seconds"], "seconds": prepared["seconds"], "cpu": prepared["cpu"],
                              "rss": prepared["rss"], "output": prepared["output"].strip().splitlines()[-1],
                              "at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        results_file.write_text(json.dumps(results, indent=1, default=str))
    if "whole" in steps:
        print("Hela sidor genom AppTest, alla projekt och ett ...", flush=True)
        results["whole"] = {"all": whole_pages(warehouse, "alla"), "one": whole_pages(warehouse, project_id),
                            "at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        results_file.write_text(json.dumps(results, indent=1, default=str))
    print_table(results, args.projects, warehouse)
    return 0


def _project_id(warehouse: Path, folder: str) -> str:
    import duckdb

    con = duckdb.connect()
    con.execute("attach ? as w (read_only)", [str(warehouse / "warehouse.duckdb")])
    ids = [r[0] for r in con.execute("select project_id from w.project order by project_id").fetchall()]
    con.close()
    return next((i for i in ids if i.lower() == folder.lower() or folder.lower().startswith(i.lower())), ids[0])


def print_table(results: dict, projects: int, warehouse: Path) -> None:
    """The one table: each figure, its target and whether it is met."""
    machine = results["machine"]
    floor, full, load = results["floor"], results["ingest"], results.get("load")
    rows = []
    ratio = full["seconds"] / floor["seconds"]
    memory = full.get("tree_rss", full["rss"])  # the load and its worker processes together
    rows.append(("hela inläsningen", f"{full['seconds']:.0f} s (cpu {full['cpu']:.0f} s), {gib(memory)}"
                 + (f" (största process {gib(full['rss'])})" if "tree_rss" in full else ""),
                 f"read_csv-golv {floor['seconds']:.0f} s ({ratio:.1f}×)",
                 f"≤ {TARGETS['ingest_ratio']:.0f}× golvet, ≤ {TARGETS['ingest_rss_gib']:.0f} GiB",
                 verdict(ratio <= TARGETS["ingest_ratio"] and memory <= TARGETS["ingest_rss_gib"] * 2**30)))
    if load:
        big, empty = load["big"], load["empty"]
        ratio = big["seconds"] / empty["seconds"]
        rows.append((f"ett projekt ({load['project']})",
                     f"{big['seconds']:.1f} s (cpu {big['cpu']:.1f} s), {gib(big['rss'])}",
                     f"i tomt lager {empty['seconds']:.1f} s (cpu {empty['cpu']:.1f} s), {gib(empty['rss'])} "
                     f"({ratio:.1f}×)",
                     f"≤ {TARGETS['load_ratio']:.0f}× tomt, ≤ {TARGETS['load_rss_gib']:.0f} GiB",
                     verdict(ratio <= TARGETS["load_ratio"] and big["rss"] <= TARGETS["load_rss_gib"] * 2**30)))
    for page, entry in results.get("pages", {}).items():
        computed_one, computed_all = entry["one"], entry["all"]
        # the figures of target 3: a fresh process on a prepared build (its protected layer holds the views)
        one, every = computed_one.get("prepared", computed_one), computed_all.get("prepared", computed_all)
        pandas_all = entry.get("pandas_all", {}).get("seconds")
        pandas_ratio = pandas_all * 1000 / max(every["cold_ms"], 0.001) if pandas_all else float("nan")
        problem = computed_all.get("error") or computed_one.get("error")
        error = f"  FEL: {problem}" if problem else ""
        rows.append((f"sida {page}",
                     f"alla: kall {every['cold_ms']:.0f} / varm {every['warm_ms']:.0f} ms "
                     f"({every['queries']} frågor); ett: kall {one['cold_ms']:.0f} / varm {one['warm_ms']:.0f} ms"
                     + (f"; beräknade första gången: alla {computed_all['cold_ms']:.0f}, ett "
                        f"{computed_one['cold_ms']:.0f} ms" if "prepared" in computed_all else ""),
                     (f"pandas alla {pandas_all * 1000:.0f} ms ({pandas_ratio:.0f}×), " if pandas_all else
                      "pandas alla inte mätt, ") +
                     (f"ett {entry['pandas_one']['seconds'] * 1000:.0f} ms" if "pandas_one" in entry
                      else "ett inte mätt"),
                     f"alla ≤ {TARGETS['all_cold_ms']}/{TARGETS['all_warm_ms']} ms, "
                     f"ett ≤ {TARGETS['one_cold_ms']} ms, pandas ≥ {TARGETS['pandas_ratio']}×",
                     verdict(every["cold_ms"] <= TARGETS["all_cold_ms"] and every["warm_ms"] <= TARGETS["all_warm_ms"]
                             and one["cold_ms"] <= TARGETS["one_cold_ms"]
                             and pandas_ratio >= TARGETS["pandas_ratio"]) + error))
    prepared = results.get("prepare")
    if prepared:
        rows.append(("förberedelse efter en inläsning", f"{prepared['seconds']:.0f} s (cpu {prepared['cpu']:.0f} s), "
                     f"{gib(prepared['rss'])}", prepared["output"], "i bakgrunden (ingen gräns)", "–"))
    whole = results.get("whole")
    for page in PAGES if whole else ():
        every, one = whole["all"][page], whole["one"][page]
        error = every["error"] or one["error"]
        rows.append((f"hel sida {page} (AppTest)", f"alla: första visning {every['seconds']:.1f} s",
                     f"ett projekt {one['seconds']:.1f} s",
                     f"båda ≤ {TARGETS['whole_s']} s (mål 6)",
                     verdict(max(every["seconds"], one["seconds"]) <= TARGETS["whole_s"])
                     + (f"  FEL: {error}" if error else "")))
    size = sum(f.stat().st_size for f in warehouse.resolve().rglob("*") if f.is_file())
    catalogue = (warehouse / "warehouse.duckdb").stat().st_size
    rows.append(("lagrets storlek", f"{size / 2**20:.0f} MiB", f"varav katalogen {catalogue / 2**20:.1f} MiB", "", ""))
    rows.append(("20 samtidiga användare", "inte mätt här: make bench-load WAREHOUSE=" + str(warehouse), "",
                 "mål 5 och 6 (första diagrammet i Chromium) i issue 13", "–"))
    print()
    synthetic = f" (syntetiskt: {results['synthetic']})" if results.get("synthetic") else ""
    print(f"Styrbord i nationell skala: {projects} projekt{synthetic}, lagret {warehouse}")
    print(f"Maskin: {machine['cores']} kärnor, Python {machine['python']}, belastning "
          f"{' '.join(f'{x:.1f}' for x in machine['load_average'])} vid start, {machine['measured_at']}; "
          f"inläsningen mätt {full.get('at', '?')}")
    widths = [max(len(str(r[i])) for r in rows + [HEADER]) for i in range(5)]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


HEADER = ("vad", "Styrbord", "jämfört med", "mål", "nått")

if __name__ == "__main__":
    raise SystemExit(main())
