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
