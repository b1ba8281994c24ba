"""Medarbetarenkät (HME) on the FIX project: figures hand-computed from tests/fixtures/raw/fix/ (see FACIT.md).

Each answer 1–5 scores (answer − 1) × 25. Baseline respondents (hme_baslinje.csv) score 50, 75, 25 (one "Vet ej"),
75, 50, 50 on every index → 325 / 6 = 54,17. Follow-up (hme_uppfoljning.csv) HME totals 75, 75, 50, 50, 100, 25
→ 375 / 6 = 62,5; motivation 100, 75, 50, 75, 100, 25 → 425 / 6 = 70,83; styrning 54,17 in both waves.
Women 4 and men 2 in each wave: both genders are hidden (the men are too few, the women would give them away).
Figures are written without decimals, rounded half to even as everywhere in the dashboard (62,5 → 62).
"""

import json
import shutil

import pytest
from conftest import APP, FIX_RAW, assert_no_failure, metrics, table


def test_key_figures_are_the_follow_up_with_the_change_since_the_baseline(app):
    at = app("medarbetarenkat", projekt="FIX", per="2025-12-31")
    shown = metrics(at)
    assert shown["HME totalt, uppföljning"] == "62"
    assert shown["Motivation, uppföljning"] == "71"
    assert shown["Ledarskap, uppföljning"] == "62"  # 75, 75, 50, 50, 100, 25 → 62,5
    assert shown["Styrning, uppföljning"] == "54"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["HME totalt, uppföljning"] == "+8 sedan baslinjen"  # 62,5 − 54,17 = 8,33
    assert deltas["Motivation, uppföljning"] == "+17 sedan baslinjen"  # 70,83 − 54,17 = 16,67
    assert deltas["Styrning, uppföljning"] == "0 sedan baslinjen"
    assert "6 i baslinjen och 6 i uppföljningen" in at.caption[0].value


def test_by_gender_hides_the_men_and_the_women_who_would_give_them_away(app):
    at = app("medarbetarenkat", projekt="FIX", per="2025-12-31")
    rows = table(at, "Kön")
    shown = {(r["Kön"], r["Omgång"]): (r["Värde (0–100)"], r["Svarande"]) for _, r in rows.iterrows()}
    assert shown == {
        ("Totalt", "Baslinje"): ("54", "6"), ("Totalt", "Uppföljning"): ("62", "6"),
        ("Kvinnor", "Baslinje"): ("–", "–"), ("Kvinnor", "Uppföljning"): ("–", "–"),
        ("Män", "Baslinje"): ("–", "–"), ("Män", "Uppföljning"): ("–", "–"),
    }


def test_a_sub_index_by_department(app):
    at = app("medarbetarenkat", projekt="FIX", per="2025-12-31")
    at.radio(key="hme_dimension").set_value("department").run()
    at.selectbox(key="hme_index").set_value("motivation").run()
    rows = table(at, "Förvaltning")
    follow_up = dict(zip(rows.loc[rows["Omgång"] == "Uppföljning", "Förvaltning"],
                         rows.loc[rows["Omgång"] == "Uppföljning", "Värde (0–100)"]))
    # F1 has 3 respondents (two in F1, one in F1A), F2 2 and F3 1: all too few
    assert follow_up == {"Totalt": "71", "Kultur": "–", "Teknik": "–", "Vård och omsorg": "–"}


def test_an_as_of_date_before_the_follow_up_shows_the_baseline(app):
    at = app("medarbetarenkat", projekt="FIX", per="2025-06-30")  # HME-UPP is dated 2025-11-25
    shown = metrics(at)
    assert shown["HME totalt, baslinje"] == "54"
    assert {m.label: m.delta for m in at.metric}["HME totalt, baslinje"] == ""


# Three men and one woman more in the follow-up: then 5 women and 5 men answered, and both can be shown.
EXTRA_FOLLOW_UP = [
    "M;F2;3;3;3;3;3;3;3;3;3",  # 50 on every index
    "M;F2;3;3;3;3;3;3;3;3;3",
    "M;F2;3;3;3;3;3;3;3;3;3",
    "K;F3;5;5;5;5;5;5;5;5;5",  # 100
]


@pytest.fixture(scope="module")
def larger_survey(tmp_path_factory):
    """A warehouse of FIX whose follow-up HME export has the four extra rows above."""
    from pipelines.load.run import run_ingest

    raw = tmp_path_factory.mktemp("hme_raw") / "fix"
    shutil.copytree(FIX_RAW, raw)
    export = raw / "hme_uppfoljning.csv"
    text = export.read_text(encoding="utf-8-sig").rstrip("\r\n")
    export.write_text(text + "\r\n" + "\r\n".join(EXTRA_FOLLOW_UP) + "\r\n", encoding="utf-8-sig")
    warehouse = tmp_path_factory.mktemp("hme_warehouse")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", "5a" * 32)
        result = run_ingest(raw, warehouse)
    assert result.ok, result.messages
    return warehouse


def test_hme_by_gender_when_both_groups_are_large_enough(larger_survey, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(larger_survey))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["projekt"] = "FIX"
    at.query_params["per"] = "2025-12-31"
    at.run()
    at.switch_page("views/medarbetarenkat.py").run()
    assert_no_failure(at)
    rows = table(at, "Kön")
    follow_up = rows[rows["Omgång"] == "Uppföljning"]
    shown = dict(zip(follow_up["Kön"], zip(follow_up["Värde (0–100)"], follow_up["Svarande"])))
    # women 75 + 75 + 50 + 25 + 100 = 325 / 5 = 65; men 50 + 100 + 3 × 50 = 300 / 5 = 60; all 625 / 10 = 62,5
    assert shown == {"Totalt": ("62", "10"), "Kvinnor": ("65", "5"), "Män": ("60", "5")}
    chart = at.get("plotly_chart")[1]  # the second chart: one index by gender
    bars = {trace["name"]: dict(zip(trace["y"], trace["text"])) for trace in json.loads(chart.proto.spec)["data"]}
    assert bars["Uppföljning"] == {"Totalt": "62", "Kvinnor": "65", "Män": "60"}
    assert bars["Baslinje"]["Kvinnor"] == "–"  # the baseline still has 4 women and 2 men
    data.clear_caches()
