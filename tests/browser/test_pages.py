"""Real browser: `streamlit run` on a demo warehouse, every page opened from the sidebar in headless Chromium."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Flags from docs (stack-notes): no sandbox as root, and no background traffic on this closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'

pytestmark = pytest.mark.browser


def _latest_project(warehouse: Path) -> str:
    """The project that started last (the ongoing one, with live burn rate and meetings)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse / "warehouse.duckdb")])
        return con.execute("select project_id from warehouse.project order by start_date desc limit 1").fetchall()[0][0]
    finally:
        con.close()


def _slug(title: str) -> str:
    """File name from a page title: "Deltagande och jämställdhet" → "deltagande-och-jamstalldhet"."""
    plain = unicodedata.normalize("NFKD", title.strip().lower()).encode("ascii", "ignore").decode()
    return "-".join(plain.split())


def _settle(page) -> None:
    """Wait until the script has finished, twice in a row (a rerun may start just after the first)."""
    for _ in range(2):
        page.wait_for_selector(FINISHED, timeout=60_000)
        page.wait_for_timeout(400)
    page.wait_for_selector(FINISHED, timeout=60_000)


def test_every_page_from_the_sidebar(server, browser_warehouse):
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    project = _latest_project(browser_warehouse)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="sv-SE")
        page.goto(f"{server}/?projekt={project}")
        _settle(page)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        # the link text is the icon ligature, then the title
        names = [_slug(links.nth(i).inner_text().splitlines()[-1]) for i in range(links.count())]
        assert len(names) >= 5, names
        # each link's address (/sammanfattning, /budget ...): the click must land there, not stay where it was
        addresses = [urlparse(links.nth(i).get_attribute("href")).path for i in range(links.count())]
        opened = {}
        for i, name in enumerate(names):
            links.nth(i).click()
            page.wait_for_timeout(300)
            _settle(page)
            assert urlparse(page.url).path == addresses[i], f"{name}: clicked {addresses[i]}, landed on {page.url}"
            # the page drew its own title: one h1 in the main area
            titles = page.locator('[data-testid="stMain"] h1')
            assert titles.count() == 1, f"{name}: {titles.count()} h1 headings"
            errors = page.locator('[data-testid="stException"]')
            assert errors.count() == 0, f"{name}: {errors.first.inner_text()}"
            # friendly error boxes (missing or outdated warehouse) would hide a failure from the check above
            alerts = page.locator('[data-testid="stAlertContentError"]')
            assert alerts.count() == 0, f"{name}: {alerts.first.inner_text()}"
            charts = page.locator('[data-testid="stPlotlyChart"]')
            for c in range(charts.count()):
                charts.nth(c).locator(".main-svg").first.wait_for(timeout=30_000)
            # the main area scrolls inside the window: grow the window to the page for a whole-page picture
            height = page.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
            page.set_viewport_size({"width": 1600, "height": min(max(height, 1000), 12000)})
            page.wait_for_timeout(500)
            page.screenshot(path=str(SCREENSHOTS / f"{i + 1:02d}-{name}.png"))
            page.set_viewport_size({"width": 1600, "height": 1000})
            opened[addresses[i]] = titles.first.inner_text().strip()
        browser.close()
    # every link opened a page of its own, each with its own title
    assert len(opened) == len(set(addresses)) == len(names), opened
    assert len(set(opened.values())) == len(opened), opened


def test_a_charts_excel_download_is_built_when_clicked_and_holds_the_table(server, browser_warehouse, tmp_path):
    """The download buttons build their files only when clicked (a callable: not on every run); in Chromium the
    click still gives the file, an xlsx with the chart's table and no live formula."""
    import io

    from openpyxl import load_workbook
    from playwright.sync_api import sync_playwright

    project = _latest_project(browser_warehouse)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="sv-SE", accept_downloads=True)
        page.goto(f"{server}/deltagande?projekt={project}")
        _settle(page)
        buttons = page.locator('[data-testid="stDownloadButton"] button:visible', has_text="Excel")
        if not buttons.count():  # the buttons sit with the chart's table, in a closed expander
            page.locator('[data-testid="stExpander"] summary').first.click()
            page.wait_for_timeout(300)
        button = buttons.first
        with page.expect_download(timeout=60_000) as download:
            button.click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        browser.close()
    assert path.suffix == ".xlsx"
    book = load_workbook(io.BytesIO(path.read_bytes()))
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(isinstance(v, str) and v.strip() for v in values)  # headings and labels
    assert any(isinstance(v, (int, float)) for v in values)  # figures
    assert not [v for v in values if isinstance(v, str) and v.startswith("=")]  # no live formula
