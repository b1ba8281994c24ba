"""Real browser: two projects with the same name. A selectbox keeps its value by its label, so with equal labels a
user on the second project was moved to the first one when opening another page from the sidebar (found on the
national demo). tests/dashboard/test_same_name_labels.py checks the labels; this checks the page a user lands on."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import CHROMIUM, dashboard_server

sys.path.insert(0, str(Path(__file__).parent))
from test_pages import CHROMIUM_ARGS, _settle  # noqa: E402

pytestmark = pytest.mark.browser


def test_the_chosen_project_stays_when_another_page_is_opened(twin_warehouse):
    from playwright.sync_api import sync_playwright

    with dashboard_server(twin_warehouse) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="sv-SE")
        page.goto(f"{base}/sammanfattning?projekt=FIX")
        _settle(page)
        for target in ("deltagande", "budget", "sammanfattning"):
            page.locator(f'[data-testid="stSidebar"] a[data-testid="stSidebarNavLink"][href$="/{target}"]').click()
            page.wait_for_timeout(300)
            _settle(page)
            assert urlparse(page.url).path == f"/{target}"
            assert parse_qs(urlparse(page.url).query).get("projekt") == ["FIX"], (target, page.url)
            # the sidebar shows the project by its name and id
            box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
            assert box.get_by_role("combobox").input_value() == "Kompetenslyft Fixby (FIX)", target
        browser.close()
