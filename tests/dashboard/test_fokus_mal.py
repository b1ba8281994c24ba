"""Fokusområden och mål on the FIX project (hand-computed from tests/fixtures/raw/fix/)."""

from conftest import table


def test_focus_areas_against_targets_with_a_suppressed_cell(app):
    at = app("fokus_mal", projekt="FIX", per="2025-12-31")
    areas = table(at, "Målvärde deltagare").set_index("Fokusområde")
    # Bemötande: A1, A2, A4 held; 18 people (target 15); 24 + 30 + 13,5 = 67,5 hours
    assert areas.loc["Bemötande"].to_dict() == {
        "Genomförda aktiviteter": "3", "Planerade aktiviteter": "3", "Deltagare": "18",
        "Målvärde deltagare": "15", "Andel av målvärdet": "120 %", "Timmar": "68",
    }
    # Ledarskap: the three managers at A3 are too few to show
    assert areas.loc["Ledarskap", "Deltagare"] == "–"
    assert areas.loc["Ledarskap", "Timmar"] == "–"


def test_activities_not_yet_started_are_not_held(app):
    at = app("fokus_mal", projekt="FIX", per="2025-03-31")
    areas = table(at, "Målvärde deltagare").set_index("Fokusområde")
    assert areas.loc["Bemötande", "Genomförda aktiviteter"] == "2"  # A4 starts 2025-05-05
    assert areas.loc["Ledarskap", "Genomförda aktiviteter"] == "0"  # A3 is on 2025-04-08


def test_sub_goals_status_by_the_rule_and_comments_per_period(app):
    at = app("fokus_mal", projekt="FIX", per="2025-09-18")
    goals = table(at, "Källa").set_index("Delmål")
    # elapsed 261 of 365 days: D3 expected 60 + 10 × 0,715 = 67,2, measured 62 → 52 points behind → red;
    # D1 66,7 % against an expected 57,2 % → on track → green
    assert goals.loc["Nöjdare medborgare", "Status"] == "✕ Röd"
    assert goals.loc["Nöjdare medborgare", "Utfall"] == "62,0"
    assert goals.loc["Minst 80 % har höjt sin kompetens", "Status"] == "✓ Grön"
    comments = table(at, "Status angiven av styrgruppen")
    assert list(comments["Datum"]) == ["2025-06-30", "2025-06-30"]  # the November measurements come later
