"""Swedish and English number, money, share and date formats, and the text catalogue."""

import datetime as dt

import pandas as pd

from dashboard import formatting
from dashboard.i18n import catalogue, t


def test_swedish_formats():
    assert formatting.money(1234567, lang="sv") == "1 234 567 kr"
    assert formatting.percent(0.64, lang="sv") == "64 %"
    assert formatting.number(3.5, 1, lang="sv") == "3,5"
    assert formatting.number(-1250, lang="sv") == "−1 250"
    assert formatting.points(-12.4, lang="sv") == "−12 p.e."
    assert formatting.points(3, lang="sv") == "+3 p.e."


def test_english_formats():
    assert formatting.money(1234567, lang="en") == "SEK 1,234,567"
    assert formatting.percent(0.64, lang="en") == "64%"
    assert formatting.number(3.5, 1, lang="en") == "3.5"


def test_missing_and_hidden_values_are_a_dash_and_dates_are_iso():
    assert formatting.number(float("nan")) == "–"
    assert formatting.money(None) == "–"
    assert formatting.percent(pd.NA) == "–"
    assert formatting.date(dt.date(2025, 3, 1)) == "2025-03-01"
    assert formatting.date(pd.Timestamp("2013-05-01 00:00")) == "2013-05-01"


def test_every_text_has_swedish_and_english():
    for key, entry in catalogue().items():
        assert entry.get("sv") and entry.get("en"), key
    assert t("gender.K") == "Kvinnor"
    assert t("gender.K", lang="en") == "Women"
    assert t("warehouse.missing", path="x/warehouse.duckdb").endswith("filen x/warehouse.duckdb saknas.")


def test_every_literal_text_key_used_in_the_dashboard_exists():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "dashboard"
    used = set()
    for path in root.rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-zA-Z_]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in catalogue())
    assert not missing, f"saknas i texts.toml: {missing}"
