"""The readers on their own: encodings, size and content guards, headers below titles, sheets to skip."""

from pathlib import Path

import pandas as pd
import pytest

from pipelines.readers import ReadError, decode_text, detect_delimiter, header_scorer, read_table_file
from pipelines.validate import KNOWN_HEADERS

MESSY = Path(__file__).parent.parent / "fixtures" / "messy"


def test_decode_windows_1252_latin1_utf8_bom_and_mixed_lines():
    assert decode_text("Undersköterska – natt 50 € ’x’".encode("cp1252"), "f.csv") == "Undersköterska – natt 50 € ’x’"
    assert decode_text("Förvaltningschef".encode("latin-1"), "f.csv") == "Förvaltningschef"
    assert decode_text("\ufeffKön;Enhet".encode("utf-8"), "f.csv") == "Kön;Enhet"
    # two exports glued together: one line UTF-8, one line Windows-1252
    mixed = "Kön;Enhet\n".encode("utf-8") + "Män;Område – norr\n".encode("cp1252")
    assert decode_text(mixed, "f.csv") == "Kön;Enhet\nMän;Område – norr\n"


def test_huge_file_refused_from_its_size_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("STYRBORD_MAX_FILE_MB", "2")
    big = tmp_path / "narvaro.csv"
    with big.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024)
    with pytest.raises(ReadError) as error:
        read_table_file(big)
    assert str(error.value) == ("narvaro.csv: filen är för stor (5 MB; högst 2 MB). Dela upp den i flera filer "
                                "eller ta bort kolumner som inte behövs.")


def test_default_limit_is_200_mb(monkeypatch):
    from pipelines.readers import max_file_bytes

    monkeypatch.delenv("STYRBORD_MAX_FILE_MB", raising=False)
    assert max_file_bytes() == 200 * 1024 * 1024


def test_workbook_under_a_csv_name_is_read_as_a_workbook(tmp_path):
    renamed = tmp_path / "aktiviteter.csv"
    renamed.write_bytes((MESSY / "excel_rubrik_flera_blad" / "aktiviteter.xlsx").read_bytes())
    (table,) = read_table_file(renamed, header_scorer(KNOWN_HEADERS))
    assert (table.sheet, table.header[0], len(table.rows)) == ("Aktiviteter", "Aktivitets-id", 3)


def test_old_xls_and_unknown_types_get_a_message(tmp_path):
    xls = tmp_path / "personal.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ReadError, match=r"^personal\.xls: det gamla Excel-formatet \.xls kan inte läsas"):
        read_table_file(xls)
    docx = tmp_path / "anteckning.docx"
    docx.write_bytes(b"hej")
    with pytest.raises(ReadError) as error:
        read_table_file(docx)
    assert str(error.value) == "anteckning.docx: filtypen .docx kan inte läsas. Använd CSV eller xlsx."


def test_instruction_sheet_is_skipped_only_when_another_sheet_has_known_headers():
    path = MESSY / "excel_rubrik_flera_blad" / "aktiviteter.xlsx"
    assert [t.sheet for t in read_table_file(path, header_scorer(KNOWN_HEADERS))] == ["Aktiviteter"]
    assert [t.sheet for t in read_table_file(path)] == ["Instruktioner", "Aktiviteter"]


def test_title_rows_above_the_header_are_kept_as_titles():
    (table,) = read_table_file(MESSY / "narvaro_matris" / "narvaro.xlsx")
    assert table.titles == ["Närvarolista Workshop bemötande (A1)"]
    assert table.header == ["Anst.nr", "Namn", "2025-03-14", "2025-04-11", "2025-05-09"]
    assert list(table.rows["_line"]) == [3, 4, 5]


@pytest.mark.parametrize("text, delimiter", [
    # one extra value among decimal commas: the header splits on ";" alone
    ("Datum;Timmar\n2025-03-14;1,5\n2025-03-15;2,5;sen\n2025-03-16;0,5\n", ";"),
    # quoted decimal commas in a comma file
    ('Datum,Timmar,Text\n2025-03-14,"1,5",a;b\n2025-03-15,2,c\n', ","),
    ("Datum\tTimmar\tText\n2025-03-14\t1,5\ta, b\n", "\t"),
    # a title line splits on nothing: the count most lines share decides (3 lines with ";" beat 2 with ",")
    ("Närvarolista\nDatum;Timmar\n2025-03-14;1,5\n2025-03-15;2,5\n", ";"),
    ("Datum\n2025-03-14\n", ";"),
])
def test_separator_from_the_header_then_the_count_most_lines_share(text, delimiter):
    assert detect_delimiter(text) == delimiter


def test_known_headers_choose_the_separator_over_a_longer_first_line():
    # the title above the header has more commas than the header has semicolons
    text = "Närvaro, workshop, bemötande, vår\nAktivitets-id;Datum;Timmar\nA1;2025-03-14;1,5\n"
    assert detect_delimiter(text) == ","
    assert detect_delimiter(text, header_scorer(KNOWN_HEADERS)) == ";"


def test_ragged_semicolon_row_is_reported_on_its_own_line():
    (table,) = read_table_file(MESSY / "semikolon_extra_varde" / "narvaro.csv", header_scorer(KNOWN_HEADERS))
    assert table.header == ["Aktivitets-id", "Anställningsnummer", "Datum", "Timmar"]
    assert list(table.rows["_line"]) == [2, 3, 5, 6, 7]
    assert list(table.rows[3]) == ["3,5", "1,5", "0", "2", "1,5"]
    assert [(p["line"], p["reason"].split(";")[0]) for p in table.problems] == [
        (4, "Raden har 5 värden men rubrikraden har 4 kolumner")]


def test_blank_rows_and_repeated_headers_are_dropped_and_nothing_else():
    """Rows of only spaces (any kind) go, a second copy of the header row goes (its cells' spaces aside), a row
    with one value or a cell that is not text stays; with fewer than two header cells nothing counts as a repeat."""
    from pipelines.readers import _drop_blank_rows

    frame = pd.DataFrame({0: ["Anst.nr", " ", "101", "\u00a0", " Anst.nr ", "", None],
                          1: ["Kön", "\t", "", "  ", "Kön", "K", ""],
                          "_line": [2, 3, 4, 5, 6, 7, 8]}).astype({0: object, 1: object})
    kept = _drop_blank_rows(frame, ["Anst.nr", "Kön"])
    assert kept["_line"].tolist() == [4, 7, 8]
    assert _drop_blank_rows(frame, ["Anst.nr", ""])["_line"].tolist() == [2, 4, 6, 7, 8]
    assert list(kept.index) == [0, 1, 2]


def test_a_table_without_cells_has_no_rows_left():
    from pipelines.readers import _drop_blank_rows

    assert _drop_blank_rows(pd.DataFrame({"_line": [2, 3]}), []).empty
