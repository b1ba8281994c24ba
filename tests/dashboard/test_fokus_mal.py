"""Fokusområden och mål on the FIX project (hand-computed from tests/fixtures/raw/fix/)."""

from conftest import table


def test_focus_areas_against_targets_with_a_suppressed_cell(app):
    at = app("fokus_mal", projekt="FIX", per="2025-12-31")
    areas = table(at, "Målvärde deltagare").set_index("Fokusområde")
    # Ledarskap: the three managers at A3 are too few to show
    assert areas.loc["Ledarskap", "Deltagare"] == "–"
    assert areas.loc["Ledarskap", "Timmar"] == "–"
    # Bemötande: A1, A2, A4 held; 18 people (target 15); 24 + 30 + 13,5 = 67,5 hours. The areas' hours add up to
    # the project's 91,5 (Sammanfattning), so 91,5 − 67,5 would give the managers' 24 hours: hidden too (issue 8)
    assert areas.loc["Bemötande"].to_dict() == {
        "Genomförda aktiviteter": "3", "Planerade aktiviteter": "3", "Deltagare": "18",
        "Målvärde deltagare": "15", "Andel av målvärdet": "120 %", "Timmar": "–",
    }


def test_focus_areas_before_the_managers_day_show_every_figure(app):
    # by 2025-02-28 only Bemötande has been attended (A3 is on 2025-04-08): A1, 12 people of the target 15 (80 %),
    # 24 hours; Ledarskap is an empty sibling, 0
    areas = table(app("fokus_mal", projekt="FIX", per="2025-02-28"), "Målvärde deltagare").set_index("Fokusområde")
    assert areas.loc["Bemötande", ["Deltagare", "Andel av målvärdet", "Timmar"]].tolist() == ["12", "80 %", "24"]
    assert areas.loc["Ledarskap", ["Deltagare", "Timmar"]].tolist() == ["0", "0"]
    # by 2025-03-31 A2 adds 108, 109, 110 and 115: 16 beside February's 12 would tell about those 4, so hidden
    areas = table(app("fokus_mal", projekt="FIX", per="2025-03-31"), "Målvärde deltagare").set_index("Fokusområde")
    assert areas.loc["Bemötande", ["Deltagare", "Timmar"]].tolist() == ["–", "–"]


def test_activities_not_yet_started_are_not_held(app):
    at = app("fokus_mal", projekt="FIX", per="2025-03-31")
    areas = table(at, "Målvärde deltagare").set_index("Fokusområde")
    assert areas.loc["Bemötande", "Genomförda aktiviteter"] == "2"  # A4 starts 2025-05-05
    assert areas.loc["Ledarskap", "Genomförda aktiviteter"] == "0"  # A3 is on 2025-04-08


IMPROVED = "Minst 80 % har höjt sin kompetens"  # D1, share_improved; follow-up mapping K-UPP on 2025-11-20
PARTICIPANTS = "Minst 15 medarbetare deltar"  # D2, participants


def test_sub_goals_status_by_the_rule_and_comments_per_period(app):
    at = app("fokus_mal", projekt="FIX", per="2025-09-18")
    goals = table(at, "Källa").set_index("Delmål")
    # elapsed 261 of 365 days: D3 expected 60 + 10 × 0,715 = 67,2, measured 62 → 52 points behind → red
    assert goals.loc["Nöjdare medborgare", "Status"] == "✕ Röd"
    assert goals.loc["Nöjdare medborgare", "Utfall"] == "62,0"
    # D1: the follow-up mapping is dated 2025-11-20, so on 2025-09-18 nobody is paired yet: no value, no status
    assert goals.loc[IMPROVED, "Utfall"] == ""
    assert goals.loc[IMPROVED, "Status"] == "– Kan inte bedömas"
    # D2: every attendance (the last on 2025-05-20) lies before the as-of date: 18 people ≥ 15 → green
    assert goals.loc[PARTICIPANTS, "Utfall"] == "18"
    assert goals.loc[PARTICIPANTS, "Status"] == "✓ Grön"
    comments = table(at, "Status angiven av styrgruppen")
    assert list(comments["Datum"]) == ["2025-06-30", "2025-06-30"]  # the November measurements come later


def test_share_improved_counts_from_the_month_of_the_follow_up_mapping(app):
    # the as-of date lies on the month grid: 2025-11-19 is read as 2025-11-30, which includes the follow-up
    month_before = table(app("fokus_mal", projekt="FIX", per="2025-10-31"), "Källa").set_index("Delmål")
    assert month_before.loc[IMPROVED, "Status"] == "– Kan inte bedömas"
    goals = table(app("fokus_mal", projekt="FIX", per="2025-11-19"), "Källa").set_index("Delmål")
    # FACIT: 6 of 9 paired people improved = 66,7 %; beside the 9 paired that says 3 did not improve, too few to
    # show (issue 8: a share times its base), so the value is hidden, and with it the status (yellow would say
    # 61–71 %, i.e. exactly 6 of 9)
    assert goals.loc[IMPROVED, "Utfall"] == "–"
    assert goals.loc[IMPROVED, "Status"] == "– Kan inte bedömas"


def test_participants_goal_counts_only_attendance_up_to_the_as_of_date(app):
    # nobody has attended by 2025-01-31 (A1 is on 2025-02-10): 0 of 15; expected 15 × 31/365 = 1,27,
    # i.e. 8,5 % of the way behind → yellow
    goals = table(app("fokus_mal", projekt="FIX", per="2025-01-31"), "Källa").set_index("Delmål")
    assert goals.loc[PARTICIPANTS, "Utfall"] == "0"
    assert goals.loc[PARTICIPANTS, "Status"] == "▲ Gul"
    # by 2025-02-28: A1 (12 people, 114 a no-show); expected 15 × 59/365 = 2,4 → green
    goals = table(app("fokus_mal", projekt="FIX", per="2025-02-28"), "Källa").set_index("Delmål")
    assert goals.loc[PARTICIPANTS, "Utfall"] == "12"
    assert goals.loc[PARTICIPANTS, "Status"] == "✓ Grön"
    # by 2025-03-31 A2 (2025-03-12) adds 108, 109, 110 and 115: 16, but 16 − 12 would tell about those 4, so the
    # value is hidden (the month-grid neighbour rule, docs/privacy.md)
    goals = table(app("fokus_mal", projekt="FIX", per="2025-03-31"), "Källa").set_index("Delmål")
    assert goals.loc[PARTICIPANTS, "Utfall"] == "–"
