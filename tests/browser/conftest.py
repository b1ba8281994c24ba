"""Browser tests share one demo warehouse and one `streamlit run` server for the whole session."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser_warehouse(tmp_path_factory) -> Path:
    """The demo warehouse (STYRBORD_BROWSER_WAREHOUSE to reuse one), or the fixture projects if no demo exists."""
    given = os.environ.get("STYRBORD_BROWSER_WAREHOUSE")
    if given:
        return Path(given)
    folder = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "STYRBORD_PSEUDONYM_KEY": "b0" * 32}
    demo = subprocess.run([sys.executable, "-m", "pipelines", "demo", "--out", str(folder / "raw")],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    raw = folder / "raw" if demo.returncode == 0 else ROOT / "tests" / "fixtures" / "raw"
    load = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(raw), "--warehouse",
                           str(folder / "warehouse")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert load.returncode in (0, 2), load.stdout + load.stderr  # 2 = loaded with some rejected rows
    return folder / "warehouse"


@contextlib.contextmanager
def dashboard_server(warehouse: Path):
    """`streamlit run dashboard/app.py` on the warehouse, on a free port of 127.0.0.1; yields the base URL."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas: kör `make browser-deps` (Debians paket chromium).")
    port = _free_port()
    env = {**os.environ, "STYRBORD_WAREHOUSE": str(warehouse)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit svarade inte på /_stcore/health")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(browser_warehouse):
    """`streamlit run dashboard/app.py` on a free port of 127.0.0.1; yields the base URL."""
    with dashboard_server(browser_warehouse) as base:
        yield base
