"""The women's-share gap mark is made once, in figures.women_share, for Deltagande, the pack and the report."""
import datetime as dt

import pytest


@pytest.fixture
def fix_view(dashboard_warehouse, monkeypatch):
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    from dashboard import data, figures

    data.clear_caches()
    yield figures.project_view("FIX", as_of=dt.date(2025, 12, 31))
    data.clear_caches()


def test_the_flag_marks_exactly_the_gaps_beyond_the_threshold(fix_view):
    from dashboard import figures

    # women are 72,2 % of the participants and 65,0 % of the staff: +7,2 pp, beyond 5 but not beyond 10
    strict = figures.women_share(fix_view, threshold_points=5)
    total = strict[strict["level"] == "total"].iloc[0]
    assert (bool(total["flagged"]), total["flag"]) == (True, "▲ Ja")
    assert list(strict["flag"]) == ["▲ Ja" if f else "" for f in strict["flagged"]]
    lenient = figures.women_share(fix_view, threshold_points=10)
    assert lenient[lenient["level"] == "total"]["flag"].tolist() == [""]
