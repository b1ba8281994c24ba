"""Survey label answers, survey item headers and attendance layouts from the messy corpus, unit by unit."""

from pathlib import Path

import pandas as pd
import pytest

from pipelines.attendance_formats import AttendanceLayoutProblem, activity_for, reshape_attendance
from pipelines.readers import RawTable, header_scorer, read_table_file
from pipelines.survey_formats import answer_from_label, match_item_columns
from pipelines.validate import KNOWN_HEADERS

MESSY = Path(__file__).parent.parent / "fixtures" / "messy"
ACTIVITIES = pd.DataFrame({
    "activity_id": ["A1", "A2"],
    "name": ["Workshop bemötande", "Föreläsning kommunikation"],
    "start_date": [pd.Timestamp("2025-03-14").date(), pd.Timestamp("2025-03-21").date()],
    "hours": [3.5, 2.0],
})
ITEMS = {
    "K1": "Jag vet hur jag bemöter en upprörd medborgare",
    "K2": "Jag kan förklara ett beslut på ett enkelt sätt",
}


@pytest.mark.parametrize("text, expected", [
    ("Stämmer mycket bra", 5), ("stämmer ganska bra ", 4), ("Stämmer delvis", 3), ("Stämmer ganska dåligt", 2),
    ("Stämmer mycket dåligt", 1), ("Instämmer helt", 5), ("Instämmer i stor grad", 4), ("Instämmer i liten grad", 2),
    ("Instämmer inte alls", 1), ("Strongly agree", 5), ("5 - Instämmer helt", 5), ("4 (Instämmer i stor grad)", 4),
    ("3", 3), ("4,0", 4), ("Vet ej", None), ("vet inte", None), ("", None), (None, None), ("Ingen åsikt", None),
])
def test_answer_from_label_on_five_point_scale(text, expected):
    assert answer_from_label(text, 1, 5) == expected


def test_answer_labels_on_the_four_level_competence_scale():
    assert [answer_from_label(t, 1, 4) for t in ("Grundläggande", "Medel", "Hög", "Mycket hög")] == [1, 2, 3, 4]
    assert answer_from_label("Stämmer mycket bra", 1, 4) == 4


def test_answer_outside_scale_or_unknown_label_is_explained():
    with pytest.raises(ValueError) as error:
        answer_from_label("6", 1, 5)
    assert str(error.value) == "svaret '6' ligger utanför skalan 1–5; använd 1–5 eller 'Vet ej'"
    with pytest.raises(ValueError) as error:
        answer_from_label("Kanske", 1, 5)
    assert str(error.value) == (
        "svaret 'Kanske' känns inte igen; använd en siffra 1–5, en svarstext som 'Stämmer mycket bra' eller 'Vet ej'"
    )


def test_item_headers_matched_by_id_text_numbering_and_grid_brackets():
    header = [
        "ID", "Namn", "K1", "Jag kan förklara ett beslut på ett enkelt sätt ",
    ]
    assert match_item_columns(header, ITEMS) == {2: "K1", 3: "K2"}
    assert match_item_columns(["1. Jag vet hur jag bemöter en upprörd medborgare?", "Q2: jag kan förklara ett "
                               "beslut på ett enkelt sätt"], ITEMS) == {0: "K1", 1: "K2"}
    assert match_item_columns(["Hur väl stämmer följande? [Jag vet hur jag bemöter en upprörd medborgare]",
                               "K2. Egen formulering av frågan"], ITEMS) == {0: "K1", 1: "K2"}
    assert match_item_columns(["Tidstämpel", "E-postadress", "Övrigt"], ITEMS) == {}


def read(case: str, name: str) -> list[RawTable]:
    return read_table_file(MESSY / case / name, header_scorer(KNOWN_HEADERS))


def rows_of(table: RawTable) -> list[list]:
    return table.rows.astype(object).values.tolist()


def test_one_sheet_per_activity_named_by_id_or_by_name():
    first, second = (reshape_attendance(t, ACTIVITIES) for t in read("narvaro_blad_per_aktivitet", "narvaro.xlsx"))
    assert (first.layout, first.table.sheet) == ("sheet_per_activity", "A1 Workshop bemötande")
    assert first.table.header == ["Aktivitets-id", "Anst.nr", "Datum", "Timmar"]
    assert rows_of(first.table) == [
        ["A1", "1001", "2025-03-14", "3.5", 2],
        ["A1", "1002", "2025-03-14", "0", 3],
        ["A1", "1005", "14/3/2025", "3,5", 4],
    ]
    assert second.table.header == ["Aktivitets-id", "Anställningsnummer", "Datum", "Timmar"]
    assert [row[0] for row in rows_of(second.table)] == ["A2", "A2", "A2"]


def test_matrix_of_people_and_dates_with_marks_and_hours():
    (table,) = read("narvaro_matris", "narvaro.xlsx")
    reshaped = reshape_attendance(table, ACTIVITIES)
    assert reshaped.layout == "matrix"
    assert rows_of(reshaped.table) == [
        ["A1", "1001", "2025-03-14", "3.5", 3],
        ["A1", "1001", "2025-04-11", "3.5", 3],
        ["A1", "1001", "2025-05-09", "2", 3],
        ["A1", "1002", "2025-03-14", "3.5", 4],
        ["A1", "1002", "2025-05-09", "0", 4],
        ["A1", "1004", "2025-04-11", "1,5", 5],
    ]
    assert reshaped.rejections == [{
        "file_name": "narvaro.xlsx", "sheet": "A1", "line": 5, "column_name": "2025-05-09",
        "reason": "Närvaron 'ja?' känns inte igen; skriv x för närvarande, antal timmar, 0 för anmäld men uteblev, "
                  "eller lämna tomt",
    }]


def test_sheet_that_names_no_activity_is_refused_with_a_fix():
    table = RawTable("narvaro.xlsx", "Blad1", ["Anst.nr", "Datum", "Timmar"],
                     pd.DataFrame({0: ["1001"], 1: ["2025-03-14"], 2: ["2"], "_line": [2]}))
    with pytest.raises(AttendanceLayoutProblem) as error:
        reshape_attendance(table, ACTIVITIES)
    assert str(error.value) == (
        "narvaro.xlsx: bladet 'Blad1' saknar kolumnen Aktivitets-id och dess namn anger ingen känd aktivitet. "
        "Döp bladet efter aktivitetens id (t.ex. A1) eller aktivitetens namn, eller lägg till kolumnen Aktivitets-id."
    )


def test_long_attendance_list_is_left_alone():
    table = RawTable("narvaro.csv", None, ["Aktivitets-id", "Anst.nr", "Datum", "Timmar"],
                     pd.DataFrame({0: ["A1"], 1: ["1001"], 2: ["2025-03-14"], 3: ["2"], "_line": [2]}))
    reshaped = reshape_attendance(table, ACTIVITIES)
    assert reshaped.layout == "long" and reshaped.table is table


def test_activity_named_in_a_title_line():
    assert activity_for(["Blad1", "Närvarolista Workshop bemötande (A1)"], ACTIVITIES) == "A1"
    assert activity_for(["Närvaro föreläsning kommunikation 21 mars"], ACTIVITIES) == "A2"
    assert activity_for(["Blad1"], ACTIVITIES) is None
