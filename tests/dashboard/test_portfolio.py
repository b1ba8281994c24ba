"""Portfolio of the fixture projects FIX and FIX2 as of 2025-12-31 (hand-computed from tests/fixtures/raw/).

FIX: plan 590 000 kr; spent = ledger 221 000 + participant pay 32 007,50 = 253 007,50 (42,9 %); the year has passed
(100 %); 18 participants of 20 employees (13 women, 5 men); 6 of 9 paired people improved (3 did not: hidden);
sub-goals D2, D3 green, D4 red and D1 hidden, not assessed (as on Sammanfattning).
FIX2 (2025-09-01 – 2026-06-30, 303 days; 122 passed by 2025-12-31 → 40,3 %): plan 120 000 kr with no participant-pay
(deltagarlön) line, so participant pay is co-financing outside the budget and spent = ledger 10 000 + 2 500 + 1 000
= 13 500 kr (11,25 %); 4 participants (too few);
no competence mapping; G4 reached 4 of 6 (66,7 %) and G1–G3 rest on the 4 participants or 2 ambassadors: none can
be shown (a share beside its base gives its numerator back), so none can be assessed.
"""

from conftest import assert_no_failure, metrics, table


def rows_by_project(at) -> dict[str, dict[str, str]]:
    """The side-by-side table as {project name: {heading: shown value}}."""
    frame = table(at, "Tid som gått")
    return {row["Projekt"]: row.to_dict() for _, row in frame.iterrows()}


def test_key_figures_of_the_portfolio(app):
    at = app("portfolio", projekt="alla", per="2025-12-31")
    shown = metrics(at)
    assert shown["Projekt"] == "2"
    assert shown["Planerad budget, alla projekt"] == "710 000 kr"  # 590 000 + 120 000
    assert shown["Använt hittills, alla projekt"] == "266 508 kr"  # 253 007,50 + 13 500
    # FIX 42,9 % spent of 100 % time, FIX2 11,25 % of 40,3 %: both more than 10 points behind
    assert shown["Projekt med låg förbrukning"] == "2"


def test_the_row_of_each_fixture_project(app):
    at = app("portfolio", projekt="alla", per="2025-12-31")
    rows = rows_by_project(at)
    fix = rows["Kompetenslyft Fixby"]
    assert (fix["Planerad budget"], fix["Använt"], fix["Använt av budgeten"]) == ("590 000 kr", "253 008 kr", "43 %")
    assert (fix["Tid som gått"], fix["Budget mot tid"]) == ("100 %", "−57 p.e.")  # 42,9 − 100
    # FIX2's 4 participants are hidden, and Sammanfattning shows 22 for all projects: FIX's 18 would give them away
    # FIX's 6 of 9 improved says 3 did not: too few (issue 8), and D1 built on it is not assessed
    assert (fix["Deltagare"], fix["Andel av målgruppen"], fix["Höjt sin kompetens"]) == ("–", "–", "–")
    assert (fix["✓ Gröna delmål"], fix["▲ Gula delmål"], fix["✕ Röda delmål"]) == ("2", "0", "1")
    fix2 = rows["Digitalt lyft Fixby och Grannby"]
    # FIX plans participant pay, so its attended hours count as spent; FIX2 does not, so only its ledger counts
    assert (fix2["Använt"], fix2["Använt av budgeten"], fix2["Tid som gått"]) == ("13 500 kr", "11 %", "40 %")
    assert fix2["Budget mot tid"] == "−29 p.e."  # 11,25 − 40,3
    assert (fix2["Deltagare"], fix2["Andel av målgruppen"]) == ("–", "–")  # 4 participants
    assert fix2["Höjt sin kompetens"] == ""  # no competence mapping: nothing to show, not hidden
    # G4's 66,7 % of the 6 employees gives the 4 participants back (issue 8: a share times its base), so it is
    # hidden too since issue 8 and cannot be assessed, like G1–G3
    assert (fix2["✓ Gröna delmål"], fix2["– Delmål som inte kan bedömas"]) == ("0", "4")


def test_participants_by_gender_per_project(app):
    at = app("portfolio", projekt="alla", per="2025-12-31")
    cells = table(at, "Kön")
    shown = {(r["Projekt"], r["Kön"]): r["Deltagare"] for _, r in cells.iterrows()}
    # FIX2 has 2 women and 2 men, all hidden; the all-projects figures per gender (15 women, 7 men, 22) are shown
    # on Sammanfattning and Deltagande, so FIX's 13, 5 and 18 are hidden too, or FIX2's would follow by subtraction
    assert shown == {
        ("Kompetenslyft Fixby", "Kvinnor"): "–", ("Kompetenslyft Fixby", "Män"): "–",
        ("Kompetenslyft Fixby", "Totalt"): "–",
        ("Digitalt lyft Fixby och Grannby", "Kvinnor"): "–", ("Digitalt lyft Fixby och Grannby", "Män"): "–",
        ("Digitalt lyft Fixby och Grannby", "Totalt"): "–",
    }


def test_participants_per_project_before_the_small_project_started(app):
    # until 2025-08-31 FIX2 (starting 2025-09-01) has no participants: nothing to protect, FIX's figures are shown
    at = app("portfolio", projekt="alla", per="2025-12-31", till="2025-08-31")
    cells = table(at, "Kön")
    assert {(r["Projekt"], r["Kön"]): r["Deltagare"] for _, r in cells.iterrows()} == {
        ("Kompetenslyft Fixby", "Kvinnor"): "13", ("Kompetenslyft Fixby", "Män"): "5",
        ("Kompetenslyft Fixby", "Totalt"): "18",
    }
    rows = rows_by_project(at)
    assert (rows["Kompetenslyft Fixby"]["Deltagare"], rows["Kompetenslyft Fixby"]["Andel av målgruppen"]) == (
        "18", "90 %")
    assert rows["Digitalt lyft Fixby och Grannby"]["Deltagare"] == "0"


def test_sorting_puts_hidden_figures_last(app):
    at = app("portfolio", projekt="alla", per="2025-12-31")
    assert list(table(at, "Tid som gått")["Projekt"]) == ["Digitalt lyft Fixby och Grannby", "Kompetenslyft Fixby"]
    at.selectbox(key="portfolio_sort").set_value("participants").run()
    # both projects' participants are hidden, so sorting by them must keep the order they had (no hint at numbers)
    assert list(table(at, "Tid som gått")["Projekt"]) == ["Digitalt lyft Fixby och Grannby", "Kompetenslyft Fixby"]
    at = app("portfolio", projekt="alla", per="2025-12-31", till="2025-08-31")
    at.selectbox(key="portfolio_sort").set_value("participants").run()
    assert list(table(at, "Tid som gått")["Projekt"]) == ["Kompetenslyft Fixby", "Digitalt lyft Fixby och Grannby"]
    at = app("portfolio", projekt="alla", per="2025-12-31")
    at.selectbox(key="portfolio_sort").set_value("pace").run()
    assert list(table(at, "Tid som gått")["Projekt"]) == ["Kompetenslyft Fixby", "Digitalt lyft Fixby och Grannby"]


def test_opening_a_project_sets_the_filter_and_shows_its_summary(app):
    at = app("portfolio", projekt="alla", per="2025-12-31")
    at.selectbox(key="portfolio_open").set_value("FIX").run()
    at.button(key="portfolio_open_button").click().run()
    assert_no_failure(at)
    assert at.query_params["projekt"] == "FIX"
    assert at.title[0].value == "Sammanfattning: är vi på rätt väg?"
    assert metrics(at)["Deltagare totalt"] == "18"


def test_with_one_project_chosen_the_portfolio_offers_all_projects(app):
    at = app("portfolio", projekt="FIX", per="2025-12-31")
    assert "Du har valt ett projekt" in at.info[0].value
    at.button(key="portfolio_show_all").click().run()
    assert at.query_params["projekt"] == "alla"
    assert "Kompetenslyft Fixby" in rows_by_project(at)


def test_the_municipality_filter_needs_one_project(app):
    # municipality names and department ids repeat across projects, so with all projects the place filters are not
    # offered (docs/privacy.md): a bookmarked kommun=Grannby is let go and both projects stay in the portfolio
    at = app("portfolio", projekt="alla", per="2025-12-31", kommun="Grannby")
    assert not [box for box in at.sidebar.selectbox if box.key in ("municipality", "department")]
    assert "Välj ett projekt för att kunna välja kommun och förvaltning." in [c.value for c in at.sidebar.caption]
    assert "kommun" not in at.query_params
    assert metrics(at)["Projekt"] == "2"


def test_competence_change_waits_for_the_follow_up_mapping(app):
    # FIX's follow-up mapping is dated 2025-11-20; on 2025-09-18 nobody is paired and D1 cannot be assessed
    rows = rows_by_project(app("portfolio", projekt="alla", per="2025-09-18"))
    fix = rows["Kompetenslyft Fixby"]
    assert fix["Höjt sin kompetens"] == ""
    # D2 green; D3 (62, expected 67,2) and D4 (29 days, expected 20) red; D1 has no value yet
    assert (fix["✓ Gröna delmål"], fix["✕ Röda delmål"], fix["– Delmål som inte kan bedömas"]) == ("1", "2", "1")
