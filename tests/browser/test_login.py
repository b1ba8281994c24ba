"""A real login: oidc-provider-mock on 127.0.0.1, `streamlit run` with a temporary [auth] secrets file, Chromium.

A politician (role from the token) sees Sammanfattning and is refused /data; a project leader (narrowed to FIX2 by
the access file) loads a meetings file on the Data page; both log out. The audit log gets every step.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
USERS = [
    {"sub": "pol", "email": "pol@fixby.se", "name": "Pia Politiker", "roles": ["politiker"]},
    {"sub": "pl", "email": "pl@fixby.se", "name": "Per Projektledare", "roles": ["projektledare"]},
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, what: str) -> None:
    for _ in range(160):
        if process.poll() is not None:
            pytest.fail(f"{what} avslutades: {process.stdout.read() if process.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"{what} svarade inte på {url}")


@pytest.fixture
def login_server(fixture_warehouse, tmp_path):
    """The provider and the dashboard with login on; yields (base URL, audit log path)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas: kör `make browser-deps` (Debians paket chromium).")
    warehouse = tmp_path / "warehouse"
    shutil.copytree(fixture_warehouse, warehouse)  # the project leader's load must not change the shared one
    provider_port, app_port = _free_port(), _free_port()
    provider = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(provider_port),
         *[arg for user in USERS for arg in ("--user-claims", json.dumps(user))]],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "styrbord-test"\n'
        'client_secret = "inte-hemligt-bara-test"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    access = tmp_path / "access.toml"
    access.write_text('[[access]]\nemail = "pl@fixby.se"\nprojects = ["FIX2"]\n', encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    env = {**os.environ, "STYRBORD_WAREHOUSE": str(warehouse), "STYRBORD_ACCESS_FILE": str(access),
           "STYRBORD_AUDIT_LOG": str(log)}
    env.pop("STYRBORD_REQUIRE_LOGIN", None)  # login is on because of the [auth] section, as in production
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(app_port), "--browser.gatherUsageStats", "false",
         "--secrets.files", str(secrets_file)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{provider_port}/.well-known/openid-configuration", provider, "oidc-provider-mock")
        _wait_for(f"http://127.0.0.1:{app_port}/_stcore/health", app, "streamlit")
        yield f"http://127.0.0.1:{app_port}", log
    finally:
        for process in (app, provider):
            process.terminate()
            process.wait(timeout=10)


def _settle(page) -> None:
    for _ in range(2):
        page.wait_for_selector(FINISHED, timeout=60_000)
        page.wait_for_timeout(400)
    page.wait_for_selector(FINISHED, timeout=60_000)


def _log_in(page, base: str, sub: str) -> None:
    page.goto(base)
    _settle(page)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_selector(f'button[name="sub"][value="{sub}"]', timeout=30_000)  # the provider's page
    page.locator(f'button[name="sub"][value="{sub}"]').click()
    page.wait_for_url(f"{base}/**", timeout=30_000)
    page.get_by_role("button", name="Logga ut").wait_for(timeout=60_000)
    _settle(page)


def _log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    # Streamlit ends the session at the provider too (RP-initiated logout); the mock asks to confirm
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("button", name="Logga in").wait_for(timeout=60_000)
    _settle(page)


def test_a_politician_and_a_project_leader_log_in_for_real(login_server):
    from playwright.sync_api import sync_playwright

    base, log = login_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="sv-SE")

        # not logged in: a deep link shows the start page and no project
        page.goto(f"{base}/budget?projekt=FIX")
        _settle(page)
        page.get_by_role("button", name="Logga in").wait_for()
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Fixby" not in main and page.locator('[data-testid="stSidebarNavLink"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "login-01-start.png"))

        # the politician: Sammanfattning, then /data refused
        _log_in(page, base, "pol")
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Pia Politiker" in sidebar and "politiker" in sidebar
        page.goto(f"{base}/sammanfattning?projekt=FIX&per=2025-12-31")
        _settle(page)
        assert page.get_by_text("Deltagare totalt").count() >= 1
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "login-02-politiker.png"))
        page.goto(f"{base}/data")
        _settle(page)
        page.get_by_text("Du har inte behörighet här").wait_for()
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "login-03-politiker-data.png"))
        _log_out(page)

        # the project leader: loads a meeting into FIX2 on the Data page
        _log_in(page, base, "pl")
        page.goto(f"{base}/data")
        _settle(page)
        meetings = "Datum;Rubrik;Anteckning\n2025-12-01;Styrgrupp 3;Nytt möte\n".encode("utf-8")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            files=[{"name": "styrgruppsmoten.csv", "mimeType": "text/csv", "buffer": meetings}])
        page.get_by_role("button", name="Kontrollera filerna").click()
        page.get_by_text("Kontroll klar: filerna kan läsas in utan fel.").wait_for(timeout=60_000)
        page.get_by_role("button", name="Läs in i datalagret").click()
        page.get_by_text("Inläsningen är klar (FIX2).").wait_for(timeout=120_000)
        _settle(page)
        page.screenshot(path=str(SCREENSHOTS / "login-04-projektledare-data.png"))
        _log_out(page)
        browser.close()

    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    steps = [(e["user"], e["action"], e["outcome"]) for e in events]
    assert steps == [
        ("pol@fixby.se", "login", "ok"), ("pol@fixby.se", "page", "refused"), ("pol@fixby.se", "logout", "ok"),
        ("pl@fixby.se", "login", "ok"), ("pl@fixby.se", "dry_run", "ok"), ("pl@fixby.se", "load", "ok"),
        ("pl@fixby.se", "logout", "ok"),
    ]
    assert [e["project"] for e in events if e["action"] in ("dry_run", "load")] == ["FIX2", "FIX2"]
