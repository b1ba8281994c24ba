"""The table and download of a chart: hidden cells stay hidden in CSV and Excel, numbers stay numbers."""

import io

import pandas as pd

from dashboard import charts, tables
from dashboard.tables import Column
from dashboard.privacy import suppress

CELLS = suppress(
    pd.DataFrame({"label": ["Vård", "Vård", "Vård"], "gender": ["K", "M", "T"], "level": ["gender", "gender", "total"],
                  "participants": [10, 1, 11], "share": [10 / 11, 1 / 11, 1.0], "n": [10, 1, 11]}),
    ["participants", "share"], siblings=[["label", "level"]],
)
COLUMNS = {"label": Column("Förvaltning"), "gender": Column("Kön", "gender"),
           "participants": Column("Deltagare", "int"), "share": Column("Andel", "percent")}


def test_the_table_shows_dashes_and_swedish_words():
    shown = tables.display_table(CELLS, COLUMNS)
    assert shown.to_dict("list") == {
        "Förvaltning": ["Vård", "Vård", "Vård"], "Kön": ["Kvinnor", "Män", "Totalt"],
        "Deltagare": ["–", "–", "11"], "Andel": ["–", "–", "100 %"],
    }


def test_csv_is_swedish_excel_and_keeps_the_dashes():
    text = tables.to_csv(tables.export_table(CELLS, COLUMNS)).decode("utf-8-sig")
    assert text.splitlines() == [
        "Förvaltning;Kön;Deltagare;Andel (%)",
        "Vård;Kvinnor;–;–",
        "Vård;Män;–;–",
        "Vård;Totalt;11;100,0",
    ]


def test_xlsx_holds_the_same_cells():
    book = pd.read_excel(io.BytesIO(tables.to_xlsx(tables.export_table(CELLS, COLUMNS), "Deltagare")))
    assert book["Deltagare"].tolist() == ["–", "–", 11]
    assert list(book.columns) == ["Förvaltning", "Kön", "Deltagare", "Andel (%)"]


def test_goal_values_are_written_in_their_unit():
    assert tables.goal_value(75.9, "%") == "75,9 %"
    assert tables.goal_value(80.0, "%") == "80 %"
    assert tables.goal_value(16000, "antal") == "16 000"
    assert tables.goal_value(68.45, "index") == "68,5"


def test_missing_figures_are_empty_not_nan():
    frame = pd.DataFrame({"month": ["2027-01-01"], "spent_sek": [float("nan")], "planned_sek": [1250.5]})
    columns = {"month": Column("Månad"), "spent_sek": Column("Använt", "money"), "planned_sek": Column("Plan", "money")}
    assert tables.to_csv(tables.export_table(frame, columns)).decode("utf-8-sig").splitlines()[1] == "2027-01-01;;1250,5"


def test_bars_of_two_projects_with_the_same_name_are_told_apart():
    frame = pd.DataFrame({
        "project_id": ["a", "a", "b", "b"], "label": ["Kompetenslyft Falun"] * 4, "gender": ["K", "M", "K", "M"],
        "participants": [10.0, 6.0, 12.0, 7.0],
    })
    fig = charts.gender_bars(frame, "label", "participants", "Deltagare", "Deltagare")
    assert list(fig.data[0].y) == ["Kompetenslyft Falun (a)", "Kompetenslyft Falun (b)"]
    assert list(fig.data[0].x) == [10.0, 12.0]
    assert list(fig.data[1].x) == [6.0, 7.0]


def test_heatmap_rows_of_same_named_projects_are_told_apart():
    frame = pd.DataFrame({
        "row_key": ["a", "a", "b"], "row": ["Kompetenslyft Falun"] * 3, "area": ["Digitalt", "Bemötande", "Digitalt"],
        "value": [0.5, 1.0, 0.25],
    })
    fig = charts.heatmap(frame, "row", "area", "value", "Gap", "Gap")
    assert list(fig.data[0].y) == ["Kompetenslyft Falun (a)", "Kompetenslyft Falun (b)"]
    assert list(fig.data[0].z[1]) == [None, 0.25]  # columns sorted: Bemötande, Digitalt


# The figure cache (charts.remembered): a kept figure is the builder's own, per language and data, and it is shared, so
# nothing that shows it may change it.

PEOPLE = pd.DataFrame({"label": ["Vård", "Vård", "Skola", "Skola"], "gender": ["K", "M", "K", "M"],
                       "participants": [12.0, 7.0, 30.0, 5.0]})


def _people_bars(frame=PEOPLE):
    return charts.gender_bars(frame, "label", "participants", "Deltagare", "Deltagare")


def test_a_kept_figure_is_the_builders_own():
    charts.forget_figures()
    first = _people_bars()
    assert first.to_json() == charts.gender_bars.uncached(PEOPLE, "label", "participants", "Deltagare",
                                                          "Deltagare").to_json()
    assert _people_bars() is first
    assert _people_bars(PEOPLE.copy()) is first  # the frame's content is the key, not the object


def test_kept_figures_follow_the_data_and_the_language():
    from dashboard.i18n import in_language
    charts.forget_figures()
    swedish = _people_bars()
    assert list(_people_bars(PEOPLE.assign(participants=[12.0, 7.0, 30.0, 6.0])).data[1].x) == [7.0, 6.0]
    assert list(_people_bars(PEOPLE.assign(label=["Vård", "Vård", "Omsorg", "Omsorg"])).data[0].y) == ["Vård", "Omsorg"]
    with in_language("en"):
        english = _people_bars()
    assert (swedish.layout.separators, [tr.name for tr in swedish.data]) == (", ", ["Kvinnor", "Män"])
    assert (english.layout.separators, [tr.name for tr in english.data]) == (".,", ["Women", "Men"])
    assert _people_bars() is swedish


def _page_with_chart():
    import pandas as pd
    from dashboard import charts, tables
    people = pd.DataFrame({"label": ["Vård", "Vård", "Skola", "Skola"], "gender": ["K", "M", "K", "M"],
                           "participants": [12.0, 7.0, 30.0, 5.0]})
    fig = charts.gender_bars(people, "label", "participants", "Deltagare", "Deltagare")
    charts.chart_block(fig, people, {"label": tables.Column("Förvaltning"), "participants": tables.Column("Deltagare", "int")},
                       "people", "Deltagare")


def test_showing_a_kept_figure_on_a_page_or_in_the_pack_leaves_it_as_it_was(monkeypatch):
    from streamlit.testing.v1 import AppTest
    from dashboard.report.pack import Pack
    charts.forget_figures()
    built = []
    monkeypatch.setitem(charts._BUILDERS, "gender_bars",
                        lambda *a, **k: built.append(1) or charts.gender_bars.uncached(*a, **k))
    kept = _people_bars()
    before = kept.to_json()
    at = AppTest.from_function(_page_with_chart, default_timeout=60).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(built) == 1  # the page was handed the kept figure itself
    pack = Pack(draw=False)
    pack.chart(pack.section("Deltagande"), kept, "Deltagare per förvaltning")
    titled = charts.titled(kept)
    assert titled.layout.title.text == "Deltagare"
    pack.chart(pack.section("Deltagande"), titled, "Deltagare per förvaltning")
    assert titled.layout.title.text == "Deltagare"  # the pack moved the title out of a copy
    assert kept.to_json() == before
    assert _people_bars() is kept


def test_a_download_is_made_in_the_language_the_page_was_drawn_in(monkeypatch):
    """Streamlit makes a download's file on a thread of its own, outside the page's run, when it is clicked."""
    import streamlit.delta_generator as dg
    from dashboard.i18n import in_language
    made = {}
    monkeypatch.setattr(dg.DeltaGenerator, "download_button",
                        lambda self, label, data, **kw: made.__setitem__(kw["file_name"], data), raising=False)
    columns = {"label": Column("Department"), "gender": Column("Gender", "gender"),
               "participants": Column("Participants", "int"), "share": Column("Share", "percent")}
    with in_language("en"):
        tables.downloads(CELLS, columns, "people", "Participants")
    # clicked later, where the sidebar's language cannot be seen (language() is Swedish there)
    assert made["people.csv"]().decode("utf-8-sig").splitlines() == [
        "Department,Gender,Participants,Share (%)",
        "Vård,Women,–,–",
        "Vård,Men,–,–",
        "Vård,Total,11,100.0",
    ]
    book = pd.read_excel(io.BytesIO(made["people.xlsx"]()))
    assert book["Gender"].tolist() == ["Women", "Men", "Total"]


def test_a_kept_table_follows_the_headings_the_values_and_the_language():
    from dashboard.i18n import in_language
    assert tables.display_table(CELLS, COLUMNS)["Kön"].tolist() == ["Kvinnor", "Män", "Totalt"]
    renamed = {**COLUMNS, "gender": Column("Kategori", "gender")}
    assert list(tables.display_table(CELLS, renamed).columns) == ["Förvaltning", "Kategori", "Deltagare", "Andel"]
    assert tables.display_table(CELLS.assign(n=[10, 1, 12], participants=[10, 1, 12]), COLUMNS)["Deltagare"].tolist() \
        == ["–", "–", "12"]
    with in_language("en"):
        assert tables.display_table(CELLS, COLUMNS)["Kön"].tolist() == ["Women", "Men", "Total"]
    shown = tables.display_table(CELLS, COLUMNS)
    shown.loc[0, "Kön"] = "ändrad"  # the caller's copy
    assert tables.display_table(CELLS, COLUMNS)["Kön"].tolist() == ["Kvinnor", "Män", "Totalt"]


def test_a_figure_whose_arguments_cannot_be_pickled_is_built_and_not_kept():
    import threading
    charts.forget_figures()
    lock = threading.Lock()  # pickle cannot write a lock
    first = charts.gender_bars(PEOPLE, "label", "participants", "Deltagare", "Deltagare", genders=("K", "M"))
    odd = charts.lines(PEOPLE.assign(month=["2025-01-31"] * 4), "month", "participants", "gender", "Deltagare",
                       "Deltagare", labels={"K": "Kvinnor", "M": "Män", "lock": lock})
    assert [tr.name for tr in odd.data] == ["Kvinnor", "Män"]
    assert charts.lines(PEOPLE.assign(month=["2025-01-31"] * 4), "month", "participants", "gender", "Deltagare",
                        "Deltagare", labels={"K": "Kvinnor", "M": "Män", "lock": lock}) is not odd
    assert len(charts._figures) == 1 and charts.gender_bars(PEOPLE, "label", "participants", "Deltagare", "Deltagare",
                                                            genders=("K", "M")) is first


def test_a_table_whose_values_cannot_be_pickled_is_written_and_not_kept():
    import threading
    before = len(tables._tables)
    odd = pd.DataFrame({"label": ["Vård"], "thing": [threading.Lock()]})
    assert tables.display_table(odd, {"label": Column("Förvaltning")}).to_dict("list") == {"Förvaltning": ["Vård"]}
    assert len(tables._tables) == before
