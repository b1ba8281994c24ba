"""Twenty people at once (issue 13, target 5): concurrent sessions in real headless Chromium against `streamlit run`.

Run: `make bench-load` (SESSIONS=1,5,20 ROUNDS=2), or `.venv/bin/python benchmarks/bench_load.py --sessions 1,5
--rounds 2 [--warehouse PATH]`. For each number of sessions it starts a fresh dashboard server (local mode, no
login, 127.0.0.1 only) on the warehouse (default: the demo warehouse data/warehouse, built like `make
demo-warehouse` when missing), opens one Chromium (the system package /usr/bin/chromium) with one browser context
per session, and lets every session walk the same route of pages and filters (ROUTE below) for a few rounds. All
sessions finish a round before the next begins, so the first round is the cold one (empty caches in a fresh server)
and the later rounds are warm (the same views again: every query cached).

A page view is timed from the action (address typed, menu link clicked, sidebar or page widget changed) until the
page has finished: Streamlit's script state is `notRunning` after a run that began after the action, its running
indicator is gone, the page's h1 is there, and, when the page holds a chart, the first Plotly chart is drawn
(`.js-plotly-plot .main-svg`). An exception box, an error box, a lost connection or a timeout counts as an error.

The server's CPU is read from /proc (utime + stime of the streamlit process and its living descendants, plus
what its reaped children used) at every round's start and end; its memory (RSS of the same processes) is sampled
every 0.2 s. Prints one table, one column per number of sessions, beside the targets of issue 13. A benchmark: it
prints figures and never asserts speed; it exits 1 only when page views failed.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts" / "bench-load"  # git-ignored: server logs, every page view, profiles, failures
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
# issue 13, target 5
TARGETS = {"cpu_per_cached_view": 0.15, "p95_5_sessions": 3.0}

# One round of one session: (kind, argument). "url" opens an address (a new Streamlit session, like a bookmark);
# "nav" clicks the page's link in the sidebar menu; "select" picks another value in a sidebar selectbox;
# "radio" picks another option of a radio group on the page. {project} is the session's project.
ROUTE = (
    ("url", "/sammanfattning?projekt={project}"),
    ("nav", "deltagande"),
    ("select", "Kön"),
    ("radio", "Dela upp per"),
    ("nav", "budget"),
    ("nav", "kompetens"),
    ("nav", "fokus_mal"),
    ("url", "/budget?projekt=alla"),
    ("nav", "deltagande"),
    ("select", "Projekt"),
)

# Counts the runs of the script: every change of stApp's script state away from notRunning (running,
# rerunRequested ...) after the page was loaded. Installed in every document before the app's own scripts; the
# document's own random number tells a new document (a link followed as a full page load) from the old one.
COUNT_RUNS = """
window.__styrbordRuns = 0;
window.__styrbordDocument = Math.random();
(() => {
  let last = null;
  const look = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (state && state !== last && state !== 'notRunning' && state !== 'initial') window.__styrbordRuns += 1;
    if (state) last = state;
  };
  // every change of the attribute or of the nodes (a new stApp), and a look every 50 ms besides
  new MutationObserver(look).observe(document, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ['data-test-script-state']});
  setInterval(look, 50);
})();
"""

# True when the page view has finished (see the module's docstring); `before` is [document, run count] before the
# action (in a new document every run is new).
FINISHED = """
([document_before, runs_before, address_before]) => {
  // a run began after the action: one more run counted, or a new document, or a new address (Streamlit writes
  // the page's address and its filters when the new run starts: a safety net should a short run not be seen)
  const address = location.pathname + location.search;
  const before = window.__styrbordDocument === document_before && address === address_before ? runs_before : 0;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') === 'DISCONNECTED_FOREVER') return true;
  if (document.querySelector('[data-testid="stException"]')) return true;
  if (window.__styrbordRuns <= before) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || !main.querySelector('h1')) return false;
  const chart = main.querySelector('[data-testid="stPlotlyChart"], [class*="st-key-chart_"]');
  return !chart || !!main.querySelector('.js-plotly-plot .main-svg');
}
"""

# The page's state, said when a page view failed.
STATE = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  return JSON.stringify({script: app && app.getAttribute('data-test-script-state'),
    connection: app && app.getAttribute('data-test-connection-state'), runs: window.__styrbordRuns,
    document: window.__styrbordDocument, path: location.pathname + location.search,
    running_icon: !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'),
    h1: main ? main.querySelectorAll('h1').length : null,
    charts: main ? main.querySelectorAll('[data-testid="stPlotlyChart"], [class*="st-key-chart_"]').length : null,
    drawn: main ? main.querySelectorAll('.js-plotly-plot .main-svg').length : null});
}
"""

# What is wrong on a finished page, or null.
PROBLEM = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const connection = app && app.getAttribute('data-test-connection-state');
  if (connection && connection !== 'CONNECTED') return 'connection ' + connection;
  for (const selector of ['[data-testid="stException"]', '[data-testid="stAlertContentError"]']) {
    const box = document.querySelector(selector);
    if (box) return selector + ': ' + box.innerText.slice(0, 200);
  }
  return null;
}
"""


# ------------------------------------------------------------------------------------------- pure helpers
def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Stat:
    """The fields of /proc/<pid>/stat this benchmark reads (times in clock ticks)."""

    pid: int
    ppid: int
    utime: int
    stime: int
    cutime: int
    cstime: int


def parse_stat(line: str) -> Stat:
    """One /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself hold spaces and
    parentheses, so the fields are counted from its last ')': state is field 3, ppid 4, utime 14, stime 15, cutime
    16, cstime 17 (proc(5))."""
    head, _, tail = line.rpartition(")")
    pid = int(head.split("(", 1)[0])
    fields = tail.split()  # fields[0] is field 3 (state)
    return Stat(pid=pid, ppid=int(fields[1]), utime=int(fields[11]), stime=int(fields[12]), cutime=int(fields[13]),
                cstime=int(fields[14]))


def tree(root: int, stats: dict[int, Stat]) -> list[Stat]:
    """The process `root` and all its living descendants, from a {pid: Stat} snapshot."""
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found.append(stats[pid])
            todo.extend(children.get(pid, []))
    return found


def tree_cpu_ticks(root: int, stats: dict[int, Stat]) -> int:
    """CPU of a process tree in clock ticks: utime + stime of every living member, plus cutime + cstime (the
    reaped children's) of each member."""
    return sum(s.utime + s.stime + s.cutime + s.cstime for s in tree(root, stats))


def read_stats(proc: Path = Path("/proc")) -> dict[int, Stat]:
    """A snapshot of every process's stat line (processes that end while it is taken are left out)."""
    stats = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError, IndexError):
                pass
    return stats


def rss_bytes(pids: list[int], proc: Path = Path("/proc")) -> int:
    """Resident memory of some processes (VmRSS of /proc/<pid>/status), summed."""
    total = 0
    for pid in pids:
        try:
            for line in (proc / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
    return total


# Where the server's CPU goes, from py-spy's collapsed stacks ("frame;frame;... count", frames "function
# (path:line)"). A sample counts towards every category one of its frames matches (the shares may overlap);
# checked in this order, the first matching pattern of a category wins.
CATEGORIES = (
    ("Streamlit: gc.collect efter varje körning (runner.postScriptGC)", ("ScriptRunner._on_script_finished",)),
    ("Streamlit: filbevakning (server.fileWatcherType)", ("local_sources_watcher.py", "path_watcher.py")),
    ("xlsx-nedladdningar (tables.to_xlsx, openpyxl)", ("to_xlsx", "openpyxl/")),
    ("csv-nedladdningar (tables.to_csv)", ("to_csv (dashboard",)),
    ("Plotly: figurer byggs (plotly.graph_objs, validering)", ("plotly/", "_plotly_utils/")),
    ("st.plotly_chart: figuren till JSON", ("to_json", "plotly_chart.py")),
    ("cachenycklar: hashning av argument (st.cache_data)", ("caching/hashing.py",)),
    ("cacheträffar: resultat packas upp (pickle)", ("cache_utils.py", "cached_message_replay.py")),
    ("DuckDB-frågor", ("duckdb",)),
    ("skyddet (dashboard/privacy.py)", ("dashboard/privacy.py",)),
    ("st.dataframe: tabellen till Arrow", ("arrow.py", "dataframe_util.py")),
    ("en sida körs (streamlit.navigation Page.run)", ("Page.run (streamlit/navigation/page.py",)),
)
# Frames every sample of a script run has (threads, the event loop, the script runner, the router): left out of
# the list of the most expensive functions.
GENERIC = ("process ", "threading.py", "asyncio/", "click/", "script_runner.py", "exec_code.py", "dashboard/app.py",
           "navigation/page.py", "streamlit/web/", "<module> (streamlit", "concurrent/futures", "metrics_util.py")


def profile_shares(collapsed: str) -> tuple[int, dict[str, int]]:
    """Samples in all and per category (see CATEGORIES) from py-spy's raw (collapsed) output."""
    total, counts = 0, {name: 0 for name, _ in CATEGORIES}
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        for name, patterns in CATEGORIES:
            if any(pattern in stack for pattern in patterns):
                counts[name] += int(count)
    return total, counts


def top_functions(collapsed: str, n: int = 12) -> list[tuple[str, int]]:
    """The functions with the most samples anywhere on the stack (inclusive), once per sample."""
    inclusive: dict[str, int] = {}
    for line in collapsed.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        # without the line numbers: a function counts once per sample however often it is on the stack
        for frame in {f.rsplit(":", 1)[0] + ")" if ":" in f else f for f in stack.split(";")}:
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    kept = [item for item in inclusive.items() if not any(g in item[0] for g in GENERIC)]
    return sorted(kept, key=lambda item: -item[1])[:n]


def cpu_seconds(root: int) -> float:
    return tree_cpu_ticks(root, read_stats()) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------------------------- the server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_warehouse(warehouse: Path) -> None:
    """The demo warehouse, built the way `make demo-warehouse` does when it is missing."""
    if (warehouse / "warehouse.duckdb").exists():
        return
    if warehouse.resolve() != (ROOT / "data" / "warehouse").resolve():
        sys.exit(f"Inget datalager i {warehouse} (warehouse.duckdb saknas).")
    raw = ROOT / "data" / "raw" / "demo"
    print(f"Bygger demolagret i {warehouse} ...", flush=True)
    subprocess.run([sys.executable, "-m", "pipelines", "demo", "--out", str(raw)], cwd=ROOT, check=True)
    load = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--warehouse", str(warehouse)],
                          cwd=ROOT)
    if load.returncode not in (0, 2):  # 2 = loaded, some rows rejected
        sys.exit("Demolagret kunde inte byggas.")


@contextlib.contextmanager
def dashboard(warehouse: Path, log: Path, extra: tuple[str, ...] = ()):
    """`streamlit run dashboard/app.py` on a free port of 127.0.0.1 (local mode); yields (process, base URL)."""
    port = free_port()
    env = {**os.environ, "STYRBORD_WAREHOUSE": str(warehouse)}
    streamlit = Path(sys.executable).with_name("streamlit")
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(streamlit), "run", "dashboard/app.py", "--server.address", "127.0.0.1", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.25)
        else:
            sys.exit(f"streamlit svarade inte på {base}/_stcore/health (se {log})")
        yield process, base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class MemorySampler(threading.Thread):
    """RSS of the server's process tree every `every` seconds: first, peak and last sample."""

    def __init__(self, root: int, every: float = 0.2):
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.samples: list[int] = []
        self.stopped = threading.Event()

    def sample(self) -> int:
        value = rss_bytes([s.pid for s in tree(self.root, read_stats())])
        self.samples.append(value)
        return value

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.sample()


class Renicer(threading.Thread):
    """Keeps every thread of this benchmark's descendants (the browsers, the server) at this process's niceness.
    Chromium raises its own threads' priority when it may (as root: the browser process at -8, renderers at 0), which
    would put the browsers ahead of the server they measure and of everyone else on the machine under `nice`."""

    def __init__(self, every: float = 0.5):
        super().__init__(daemon=True)
        self.every = every
        self.nice = os.getpriority(os.PRIO_PROCESS, 0)
        self.stopped = threading.Event()
        self.changed = 0

    def once(self) -> None:
        for stat in tree(os.getpid(), read_stats()):
            with contextlib.suppress(OSError):
                for task in Path(f"/proc/{stat.pid}/task").iterdir():
                    with contextlib.suppress(OSError, ValueError):
                        if os.getpriority(os.PRIO_PROCESS, int(task.name)) < self.nice:
                            os.setpriority(os.PRIO_PROCESS, int(task.name), self.nice)
                            self.changed += 1

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.once()


# ------------------------------------------------------------------------------------------- the sessions
@dataclass
class View:
    session: int
    round: int
    kind: str
    what: str
    seconds: float
    error: str | None = None


@dataclass
class Run:
    sessions: int
    rounds: int
    views: list[View] = field(default_factory=list)
    cpu_per_round: list[float] = field(default_factory=list)
    wall_per_round: list[float] = field(default_factory=list)
    rss_start: int = 0
    rss_peak: int = 0
    rss_end: int = 0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    skipped: int = 0


def projects_of(warehouse: Path) -> list[str]:
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse / "warehouse.duckdb")])
        # the latest project first (the ongoing one, with live figures): session i takes the i-th, in a cycle
        return [row[0] for row in con.execute(
            "select project_id from warehouse.project order by start_date desc, project_id").fetchall()]
    finally:
        con.close()


async def act(page, base: str, kind: str, argument: str, project: str, rng: random.Random) -> str | None:
    """Do one step of the route; returns what was done, or None when the step does not apply on this page."""
    if kind == "url":
        address = argument.format(project=project)
        await page.goto(base + address, wait_until="commit")
        return address
    sidebar = page.locator('[data-testid="stSidebar"]')
    if kind == "nav":
        await sidebar.locator(f'a[data-testid="stSidebarNavLink"][href$="/{argument}"]').click()
        return argument
    if kind == "select":
        box = sidebar.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(argument, exact=True))
        if await box.count() == 0:
            return None
        current = await box.get_by_role("combobox").input_value()
        await box.get_by_role("button").last.click()  # the "open the list" button
        options = page.get_by_role("option")
        try:
            await options.first.wait_for(timeout=5_000)
        except Exception:  # no list to choose from (a filter with its one value "Alla"): nothing to change
            await page.keyboard.press("Escape")
            return None
        names = [name for name in await options.all_inner_texts() if name.strip() != current]
        if argument == "Projekt":  # back from all projects to one of them (any but "Alla projekt")
            names = [n for n in names if n.strip() != "Alla projekt"] or names
        if not names:
            await page.keyboard.press("Escape")
            return None
        choice = rng.choice(names)
        await page.get_by_role("option", name=choice.strip(), exact=True).first.click()
        return f"{argument}={choice.strip()}"
    if kind == "radio":
        group = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').filter(
            has=page.get_by_text(argument, exact=True))
        if await group.count() == 0:
            return None
        labels = group.locator("label:has(input[type=radio])")
        unchecked = [i for i in range(await labels.count())
                     if not await labels.nth(i).locator("input").is_checked()]
        if not unchecked:
            return None
        choice = rng.choice(unchecked)
        text = (await labels.nth(choice).inner_text()).strip()
        await labels.nth(choice).click()
        return f"{argument}={text}"
    raise ValueError(kind)


async def one_round(page, base: str, session: int, round_no: int, project: str, timeout: float, think: float,
                    seed: int, run: Run) -> None:
    """One session's walk along ROUTE; every round makes the same choices (a warm round repeats the cold one)."""
    rng = random.Random(seed * 1000 + session)
    for kind, argument in ROUTE:
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
        before = (await page.evaluate("() => [window.__styrbordDocument, window.__styrbordRuns, "
                                      "location.pathname + location.search]")
                  if kind != "url" else [None, 0, None])
        started = time.perf_counter()
        error = None
        try:
            what = await act(page, base, kind, argument, project, rng)
            if what is None:
                run.skipped += 1
                continue
            await page.wait_for_function(FINISHED, arg=before, polling=100, timeout=timeout * 1000)
            seconds = time.perf_counter() - started
            error = await page.evaluate(PROBLEM)
        except Exception as failure:  # a timeout or a vanished element: the page view failed
            seconds = time.perf_counter() - started
            what = f"{kind} {argument}"
            error = f"{type(failure).__name__}: {str(failure).splitlines()[0][:200]}"
            with contextlib.suppress(Exception):  # what the page looked like then, for the log
                error += f" | före {before} | {await page.evaluate(STATE)}"
                await page.screenshot(path=str(ARTIFACTS / f"fel-{run.sessions}-{session}-{round_no}-{kind}.png"))
        run.views.append(View(session, round_no, kind, what, seconds, error))
        if error:
            print(f"  fel, session {session} varv {round_no} {kind} {what}: {error}", flush=True)


@contextlib.contextmanager
def profiler(py_spy: str | None, pid: int, output: Path):
    """py-spy recording the server (100 samples a second, without pausing it) while the block runs."""
    if not py_spy:
        yield
        return
    # --gil: only samples of the thread holding the GIL (Python's CPU; a thread waiting in a select is left out)
    recorder = subprocess.Popen([py_spy, "record", "--pid", str(pid), "--rate", "100", "--nonblocking", "--gil",
                                 "--subprocesses", "--format", "raw", "--output", str(output)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1)  # attached before the first sample is wanted
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)
        try:
            recorder.wait(timeout=30)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait()


async def measure(warehouse: Path, sessions: int, rounds: int, timeout: float, think: float, seed: int,
                  log: Path, py_spy: str | None = None, extra: tuple[str, ...] = ()) -> Run:
    from playwright.async_api import async_playwright

    projects = projects_of(warehouse)
    run = Run(sessions, rounds)
    renicer = Renicer()
    renicer.start()
    with dashboard(warehouse, log, extra) as (server, base):
        sampler = MemorySampler(server.pid)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = []
            for _ in range(sessions):
                context = await browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
                await context.add_init_script(COUNT_RUNS)
                pages.append(await context.new_page())
            run.load_before = os.getloadavg()
            run.rss_start = sampler.sample()
            sampler.start()
            for round_no in range(1, rounds + 1):
                # the warm rounds profiled when asked (py-spy's own CPU is not the server's: it is not a child)
                recording = profiler(py_spy if round_no > 1 else None, server.pid,
                                     log.with_name(f"profile-{sessions}-round{round_no}.txt"))
                with recording:
                    cpu, wall = cpu_seconds(server.pid), time.perf_counter()
                    await asyncio.gather(*(one_round(pages[i], base, i, round_no, projects[i % len(projects)],
                                                     timeout, think, seed, run) for i in range(sessions)))
                run.cpu_per_round.append(cpu_seconds(server.pid) - cpu)
                run.wall_per_round.append(time.perf_counter() - wall)
                print(f"  {sessions} sessioner, varv {round_no}: {run.wall_per_round[-1]:.0f} s, "
                      f"serverns CPU {run.cpu_per_round[-1]:.1f} s", flush=True)
            sampler.stopped.set()
            sampler.join()
            run.rss_end = sampler.sample()
            run.rss_peak = max(sampler.samples)
            run.load_after = os.getloadavg()
            await browser.close()
    renicer.stopped.set()
    return run


# ------------------------------------------------------------------------------------------------ the table
def summary(run: Run) -> dict[str, str]:
    seconds = [v.seconds for v in run.views if not v.error]
    errors = sum(1 for v in run.views if v.error)
    per_round = [sum(1 for v in run.views if v.round == r) for r in range(1, run.rounds + 1)]
    cold = run.cpu_per_round[0] / per_round[0] if per_round and per_round[0] else float("nan")
    warm_views = sum(per_round[1:])
    warm = sum(run.cpu_per_round[1:]) / warm_views if warm_views else float("nan")
    mib = 2**20
    warm_p95 = percentile([v.seconds for v in run.views if not v.error and v.round > 1], 95)
    return {
        "sessioner": str(run.sessions),
        "varv (1 kallt + varma)": str(run.rounds),
        "sidvisningar": str(len(run.views)),
        "fel": str(errors),
        "p50 / p95 / max per sidvisning, s": (f"{percentile(seconds, 50):.2f} / {percentile(seconds, 95):.2f} / "
                                              f"{max(seconds, default=float('nan')):.2f}"),
        "p95 i varma varv, s": f"{warm_p95:.2f}",
        "serverns CPU per sidvisning, kallt varv, s": f"{cold:.3f}",
        "serverns CPU per sidvisning, varma varv, s": f"{warm:.3f}",
        "serverns CPU totalt, s": f"{sum(run.cpu_per_round):.1f}",
        "väggtid per varv, s": " / ".join(f"{w:.0f}" for w in run.wall_per_round),
        "serverns RSS start / topp / slut, MiB": f"{run.rss_start / mib:.0f} / {run.rss_peak / mib:.0f} / "
                                                 f"{run.rss_end / mib:.0f}",
        "lastmedel 1 min före / efter": f"{run.load_before[0]:.1f} / {run.load_after[0]:.1f}",
    }


def verdicts(runs: list[Run]) -> dict[str, str]:
    """The targets of issue 13 beside the rows they concern (figures only: the reader judges)."""
    by_n = {r.sessions: r for r in runs}
    notes = {"serverns CPU per sidvisning, varma varv, s": f"mål ≤ {TARGETS['cpu_per_cached_view']} s"}
    five = by_n.get(5)
    p95 = f"mål ≤ {TARGETS['p95_5_sessions']:.0f} s med 5 sessioner"
    if five:
        seconds = [v.seconds for v in five.views if not v.error]
        p95 += f" (5: {percentile(seconds, 95):.2f} s)"
    notes["p50 / p95 / max per sidvisning, s"] = p95
    notes["fel"] = "mål 0 (med 20 sessioner)"
    notes["serverns RSS start / topp / slut, MiB"] = "mål: begränsat (topp ≈ slut, planar ut)"
    return notes


def table(runs: list[Run]) -> str:
    rows = [summary(r) for r in runs]
    notes = verdicts(runs)
    keys = list(rows[0])
    width = max(len(k) for k in keys)
    columns = [max(len(r[k]) for k in keys) for r in rows]
    lines = []
    for k in keys:
        cells = "  ".join(r[k].rjust(w) for r, w in zip(rows, columns))
        lines.append(f"{k.ljust(width)}  {cells}  {notes.get(k, '')}".rstrip())
    return "\n".join(lines)


def print_profiles(log_dir: Path, runs: list[Run]) -> None:
    """What the server's warm rounds spent their CPU on (py-spy samples), per run."""
    for run in runs:
        collapsed = "\n".join(path.read_text() for path in sorted(log_dir.glob(f"profile-{run.sessions}-round*.txt")))
        total, counts = profile_shares(collapsed)
        if not total:
            print(f"\nIngen profil för {run.sessions} sessioner (py-spy saknas eller fick inte fästa vid servern).")
            continue
        print(f"\nServerns CPU i de varma varven, {run.sessions} sessioner: {total} py-spy-stickprov (100/s), "
              f"andel av stickproven (en andel kan ingå i en annan):")
        for name, count in sorted(counts.items(), key=lambda item: -item[1]):
            print(f"  {100 * count / total:5.1f} %  {name}")
        print("  mest tid (inklusive anropade funktioner):")
        for frame, count in top_functions(collapsed):
            print(f"  {100 * count / total:5.1f} %  {frame}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,5,20", help="antal samtidiga sessioner per körning (1,5,20)")
    parser.add_argument("--rounds", type=int, default=2, help="varv per session: ett kallt, resten varma (2)")
    parser.add_argument("--warehouse", type=Path, default=Path(os.environ.get("STYRBORD_WAREHOUSE",
                                                                              ROOT / "data" / "warehouse")))
    parser.add_argument("--timeout", type=float, default=120, help="sekunder innan en sidvisning räknas som fel")
    parser.add_argument("--think", type=float, default=1.0,
                        help="betänketid mellan sidvisningar, medel i sekunder (jämnt 0,5–1,5 ×)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--profile", action="store_true",
                        help="profilera serverns varma varv med py-spy (PATH eller --py-spy); CPU-siffrorna blir då "
                             "något högre")
    parser.add_argument("--py-spy", default=shutil.which("py-spy"), help="sökväg till py-spy")
    parser.add_argument("--streamlit-arg", action="append", default=[], metavar="--NAMN=VÄRDE",
                        help="en inställning till `streamlit run` (upprepas), t.ex. "
                             "--streamlit-arg=--server.fileWatcherType=none")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium saknas: kör `make browser-deps` (Debians paket chromium).")
    ensure_warehouse(args.warehouse)
    log_dir = ARTIFACTS
    log_dir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.timezone.utc)
    runs = []
    for n in counts:
        print(f"{n} sessioner × {args.rounds} varv × {len(ROUTE)} steg ...", flush=True)
        runs.append(asyncio.run(measure(args.warehouse, n, args.rounds, args.timeout, args.think, args.seed,
                                        log_dir / f"server-{n}.log", args.py_spy if args.profile else None,
                                        tuple(args.streamlit_arg))))
    with (log_dir / "views.csv").open("w") as out:  # every page view, for a closer look
        out.write("sessions,session,round,kind,what,seconds,error\n")
        for r in runs:
            for v in r.views:
                out.write(f"{r.sessions},{v.session},{v.round},{v.kind},\"{v.what}\",{v.seconds:.3f},"
                          f"\"{(v.error or '').replace(chr(34), chr(39))}\"\n")
    print()
    print(f"Lasttest (issue 13, mål 5): {args.warehouse}, {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} kärnor, "
          f"en Chromium ({CHROMIUM}) med en kontext per session (alla processer på nice "
          f"{os.getpriority(os.PRIO_PROCESS, 0)}), betänketid ≈ {args.think:g} s, "
          f"rutt: {' → '.join(f'{k} {a}' for k, a in ROUTE)}"
          + (f", streamlit run {' '.join(args.streamlit_arg)}" if args.streamlit_arg else "")
          + (" (profilerad med py-spy)" if args.profile else ""))
    print(table(runs))
    if args.profile:
        print_profiles(log_dir, runs)
    failed = sum(1 for r in runs for v in r.views if v.error)
    skipped = sum(r.skipped for r in runs)
    if skipped:
        print(f"({skipped} steg hoppades över: valet fanns inte på sidan)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
