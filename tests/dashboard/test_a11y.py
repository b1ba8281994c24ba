"""Accessibility without a browser: contrast arithmetic, colours under colour-vision deficiencies, the heatmap's text
colours, chart summaries from suppressed figures, headings and named tables on the pages, the statement page."""

import itertools
import json

import pandas as pd
import pytest

from conftest import APP

from dashboard import a11y, charts, data, palette
from dashboard.privacy import suppress

VISIONS = (None, "protanopia", "deuteranopia", "tritanopia")


def test_contrast_ratios_match_the_wcag_formula():
    assert a11y.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert a11y.contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes 4.5:1 on white (a figure every WCAG checker gives)
    assert a11y.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert a11y.text_colour_on("#08306B") == "#FFFFFF"  # darkest blue of the sequential scale
    assert a11y.text_colour_on("#F7FBFF") == "#000000"
    assert a11y.text_colour_on("#EDEDED") == "#000000"


def test_black_or_white_always_reaches_4_5_to_1():
    # the worst background for both is a mid grey of luminance 0.18: still 4.58:1 with one of them
    for level in range(256):
        grey = f"#{level:02X}{level:02X}{level:02X}"
        assert a11y.contrast(a11y.text_colour_on(grey), grey) >= 4.58


def test_the_colour_scale_is_interpolated_between_its_stops():
    assert a11y.scale_colour(palette.SEQUENTIAL_SCALE, 0.0) == "#F7FBFF"
    assert a11y.scale_colour(palette.SEQUENTIAL_SCALE, 0.25) == "#C6DBEF"
    assert a11y.scale_colour(palette.SEQUENTIAL_SCALE, 1.0) == "#08306B"
    # halfway between #C6DBEF (198, 219, 239) and #6BAED6 (107, 174, 214): (152.5, 196.5, 226.5) rounded to even
    assert a11y.scale_colour(palette.SEQUENTIAL_SCALE, 0.375) == "#98C4E2"


def test_the_simulation_finds_the_pair_the_audit_found():
    # the old palette's "köp av tjänst" and "indirekta kostnader": far apart for typical vision, one under protanopia
    assert a11y.colour_difference("#D55E00", "#8C6D00") > 30
    assert a11y.colour_difference("#D55E00", "#8C6D00", "protanopia") < 5


def test_the_cost_headings_and_the_plan_marker_stay_apart_for_every_colour_vision():
    colours = {**palette.HEADING_COLOURS, "plan": palette.PLAN_MARKER_COLOUR}
    for vision in VISIONS:
        for a, b in itertools.combinations(colours, 2):
            assert a11y.colour_difference(colours[a], colours[b], vision) >= 20, (a, b, vision)
    # every stacked segment is edged in white, so each must stand 3:1 against white
    for heading, colour in palette.HEADING_COLOURS.items():
        assert a11y.contrast(colour, "#FFFFFF") >= 3, heading
    # and each has a pattern of its own
    assert len(set(palette.HEADING_PATTERNS.values())) == len(palette.HEADING_COLOURS)


def test_marks_drawn_over_bars_stand_3_to_1_against_the_bar_and_the_page():
    # the target mark over the focus areas' bars, the time mark over the portfolio's budget bars
    for mark in (palette.PLAN_MARKER_COLOUR, "#1A1A1A"):
        assert a11y.contrast(mark, palette.SPENT_COLOUR) >= 3
        assert a11y.contrast(mark, "#FFFFFF") >= 3
    for colour in [*palette.GENDER_COLOURS.values(), *palette.WAVE_COLOURS.values(), palette.SPENT_COLOUR,
                   palette.PLAN_COLOUR]:
        assert a11y.contrast(colour, "#FFFFFF") >= 3, colour


def test_the_four_gender_lines_stay_apart_and_carry_different_markers():
    for vision in VISIONS:
        for a, b in itertools.combinations(palette.GENDER_COLOURS, 2):
            assert a11y.colour_difference(palette.GENDER_COLOURS[a], palette.GENDER_COLOURS[b], vision) >= 15, (a, b)
    frame = pd.DataFrame({"month": ["2025-01-01"] * 4, "gender": ["K", "M", "X", "T"], "participants": [5, 6, 7, 18]})
    fig = charts.lines(frame, "month", "participants", "gender", "Deltagare", "Deltagare")
    assert len({trace.marker.symbol for trace in fig.data}) == 4


def _heat_frame() -> pd.DataFrame:
    return suppress(pd.DataFrame({
        "row": ["Vård", "Vård", "Skola", "Skola"], "area": ["Bemötande", "Digitalt", "Bemötande", "Digitalt"],
        "value": [1.0, 4.0, 2.5, 3.0], "n": [10, 10, 10, 3],
    }), ["value"])


def test_heatmap_numbers_are_black_or_white_by_the_cell_they_sit_on():
    fig = charts.heatmap(_heat_frame(), "row", "area", "value", "Nivå", "Nivå")
    heat, labels = fig.data
    assert (heat.zmin, heat.zmax) == (1.0, 4.0)  # the range is set, so every cell's colour is known
    written = {(x, y): (text, colour) for x, y, text, colour in zip(labels.x, labels.y, labels.text,
                                                                     labels.textfont.color)}
    # 1,0 is the palest blue (black text), 4,0 the darkest (white text), the hidden cell a dash on grey
    assert written[("Bemötande", "Vård")] == ("1,0", "#000000")
    assert written[("Digitalt", "Vård")] == ("4,0", "#FFFFFF")
    assert written[("Digitalt", "Skola")] == ("–", "#000000")
    for r, row in enumerate(heat.y):
        for c, column in enumerate(heat.x):
            if heat.z[r][c] is None:
                continue
            cell = a11y.scale_colour(palette.SEQUENTIAL_SCALE, (heat.z[r][c] - 1.0) / 3.0)
            assert a11y.contrast(written[(column, row)][1], cell) >= 4.5


def test_a_portfolio_heatmap_turns_its_many_areas_into_rows():
    areas = [f"Område {i:02d}" for i in range(20)]
    frame = pd.DataFrame([{"row": group, "area": area, "value": 1.0 + i % 3, "n": 10}
                          for group in ("Totalt", "Projekt A", "Projekt B") for i, area in enumerate(areas)])
    fig = charts.heatmap(frame, "row", "area", "value", "Nivå", "Nivå")
    assert list(fig.data[0].y) == [charts.wrap_label(a, 30) for a in areas]
    assert list(fig.data[0].x) == ["Totalt", "Projekt A", "Projekt B"]
    many = pd.DataFrame([{"row": f"Projekt {p:02d}", "area": area, "value": 2.0, "n": 10}
                         for p in range(12) for area in areas])
    fig = charts.heatmap(many, "row", "area", "value", "Nivå", "Nivå")
    assert len(fig.data[0].x) == charts.HEAT_COLUMNS
    assert fig.layout.meta["first_only"] == [charts.HEAT_COLUMNS, 12]  # the caption says 8 of 12; the table has all


def test_a_long_word_in_a_narrow_column_is_split_with_a_hyphen():
    assert charts.wrap_label("kompetensutveckling i Perstorp", 12, break_words=True) == \
        "kompetensut-<br>veckling i<br>Perstorp"


def test_the_summary_uses_only_figures_that_passed_suppression():
    frame = suppress(pd.DataFrame({
        "label": ["Vård", "Vård", "Skola", "Skola"], "gender": ["K", "M", "K", "M"],
        "participants": [12, 6, 9, 2], "n": [12, 6, 9, 2],
    }), ["participants"], siblings=[["label"]])
    # Skola: 2 men are too few, and the 9 women would give them away from the total
    fig = charts.gender_bars(frame, "label", "participants", "Deltagare", "Deltagare")
    assert charts.describe(fig) == ("Deltagare: högst för Vård: 12 (kvinnor); lägst för Vård: 6 (män). "
                                    "2 värden visas inte eftersom de gäller för få personer.")


def test_the_summary_of_a_heatmap_names_its_extreme_cells():
    fig = charts.heatmap(_heat_frame(), "row", "area", "value", "Nivå", "Genomsnittlig nivå")
    assert charts.describe(fig) == ("Genomsnittlig nivå: högst för Vård · Digitalt: 4,0; lägst för Vård · Bemötande: "
                                    "1,0. 1 värden visas inte eftersom de gäller för få personer.")


def test_stacked_bars_are_summarised_by_their_stacks():
    fig = charts.go.Figure()
    fig.add_bar(x=["2025-01-01", "2025-04-01", "2026-01-01"], y=[100, 300, 0], name="personal")
    fig.add_bar(x=["2025-01-01", "2025-04-01", "2026-01-01"], y=[50, 25, 0], name="resa")
    fig.update_layout(barmode="stack", yaxis_title="Kronor")
    # a stack of nothing (a quarter still to come) is not the lowest
    assert charts.describe(fig, "money") == "Kronor: högst för 2025-04-01: 325 kr; lägst för 2025-01-01: 150 kr."


def test_plotly_gets_swedish_and_no_mode_bar():
    config = a11y.plotly_config("sv")
    assert config["displayModeBar"] is False and config["locale"] == "sv"
    assert config["locales"]["sv"]["dictionary"]["Double-click to zoom back out"] == "Dubbelklicka för att zooma ut igen"
    assert config["locales"]["sv"]["format"]["shortMonths"][4] == "maj"
    assert "locales" not in a11y.plotly_config("en")


CHART_PAGES = [("kompetens", "FIX"), ("deltagande", "FIX"), ("budget", "FIX"), ("fokus_mal", "FIX"),
               ("medarbetarenkat", "FIX"), ("portfolio", "alla")]


@pytest.mark.parametrize("page, project", CHART_PAGES)
def test_every_chart_has_a_heading_a_summary_and_a_table_named_after_it(app, page, project):
    at = app(page, projekt=project, per="2025-12-31")
    headings = [h.value for h in at.header] + [h.value for h in at.subheader]
    expanders = [e.label for e in at.expander]
    sentences = [m.value for m in at.markdown]
    chart_elements = at.get("plotly_chart")
    assert chart_elements
    for chart in chart_elements:
        figure = json.loads(chart.proto.spec)
        title = figure["layout"]["meta"]["title"]
        assert "title" not in figure["layout"] or not figure["layout"]["title"].get("text")  # not inside the image
        assert title in headings
        assert f"Visa siffrorna som tabell: {title}" in expanders
        # the chart is a figure named by its one-sentence summary, which is also on the page
        assert chart.proto.alt and chart.proto.alt in sentences
        config = json.loads(chart.proto.config)
        assert config["displayModeBar"] is False and config["locale"] == "sv"


def test_the_budget_periods_keep_the_plan_marker_apart_from_the_headings(app):
    at = app("budget", projekt="FIX", per="2025-12-31")
    periods = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "kvartal" in
                   json.loads(c.proto.spec)["layout"]["meta"]["title"])
    bars = [trace for trace in periods["data"] if trace["type"] == "bar"]
    plan = next(trace for trace in periods["data"] if trace["type"] == "scatter")
    assert plan["marker"]["color"] == palette.PLAN_MARKER_COLOUR
    assert all(bar["marker"]["line"]["color"] == "#FFFFFF" for bar in bars)
    assert len({bar["marker"]["pattern"]["shape"] for bar in bars}) == len(bars)
    assert {bar["marker"]["color"] for bar in bars} <= set(palette.HEADING_COLOURS.values())


def _page_language(at) -> str:
    script = next(h.proto.body for h in at.get("html") if "styrbord-a11y" in h.proto.body)
    settings = json.loads(script.split("const settings = ", 1)[1].split(";\n", 1)[0])
    return settings["lang"]


def test_the_page_language_script_follows_the_language_choice(app):
    at = app("deltagande", projekt="FIX")
    assert _page_language(at) == "sv"
    at.radio(key="lang").set_value("en").run()
    assert _page_language(at) == "en"


def test_the_statement_is_there_without_a_warehouse_and_names_the_contact(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(tmp_path / "tomt"))
    monkeypatch.setenv("STYRBORD_A11Y_CONTACT", "tillganglighet@perstorp.se")
    monkeypatch.setenv("STYRBORD_A11Y_ORGANISATION", "Perstorps kommun")
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("views/tillganglighet.py").run()
    assert not at.exception
    assert at.title[0].value == "Tillgänglighetsredogörelse för Styrbord"
    headings = [h.value for h in at.header]
    # the parts Digg's model statement asks for
    assert headings == [
        "Hur tillgänglig är Styrbord?", "Vad kan du göra om du inte kan använda delar av Styrbord?",
        "Rapportera brister i Styrbords tillgänglighet", "Tillsyn", "Teknisk information om Styrbords tillgänglighet",
        "Innehåll som inte är tillgängligt", "Hur vi testat Styrbord",
    ]
    text = "\n".join(m.value for m in at.markdown)
    assert "Perstorps kommun står bakom Styrbord" in text
    assert text.count("tillganglighet@perstorp.se") == 2
    assert "**delvis förenlig**" in text
    assert "https://www.digg.se/tdosanmalan" in text
    assert "Senaste bedömningen gjordes den 2026-12-01." in text
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Accessibility statement for Styrbord"
