"""Exact examples of the issue-7 value rules: a column's number format, periods, genders, zones, masking, encodings."""

import datetime as dt

import pytest

from pipelines import normalise as nz
from pipelines.readers import decode_text, legacy_encoding
from pipelines.survey_formats import NO_ANSWER, answer_from_label


@pytest.mark.parametrize("column, mark", [
    (["30.000", "1.250,50"], ","),        # 1.250,50: the dot groups thousands
    (["30.000", "12,5"], ","),            # 12,5: decimal comma
    (["18,500", "1,234.50"], "."),        # English
    (["18,500", "1,234,567"], "."),       # comma grouping
    (["1.500,-", "30.000"], ","),         # whole kronor: 1.500,- has no decimals
    (["30.000", "12 500"], None),         # nothing tells
    (["30.000", "12,5", "1,234.50"], None),  # contradictions: never guess
    (["1.5", "30.000"], "."),             # a plain decimal point (as a workbook writes numbers)
])
def test_a_columns_decimal_mark_comes_from_all_its_values(column, mark):
    assert nz.decimal_mark_of(column) == mark


@pytest.mark.parametrize("text, mark, value", [
    ("30 000,-", None, 30000), ("30.000", ",", 30000), ("18,500", ".", 18500), ("18,500", ",", 18.5),
    ("30.000", ".", 30), ("(2 500)", None, -2500), ("1 200-", None, -1200), ("500:-", None, 500),
    ("1.500:-", None, 1500), ("12,50:-", None, 12.5), ("80 %", None, 80), ("kr 1 234", None, 1234),
    ("–300", None, -300), ("0,500", None, 0.5), (",5", None, 0.5), ("1 234,5", None, 1234.5),
    ("1'234", None, 1234), ("-350.75", None, -350.75), ("(1 234 kr)", None, -1234),
])
def test_numbers_as_swedes_and_english_exports_write_them(text, mark, value):
    assert nz.parse_decimal(text, decimal_mark=mark) == value


@pytest.mark.parametrize("text, message", [
    ("12 5", "talet '12 5' har mellanslag på fel ställe; skriv t.ex. 1 234 567 eller 1234567"),
    ("1e5", "'1e5' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
    ("1.2.3", "'1.2.3' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
    ("-", "'-' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),  # found by Hypothesis (was an IndexError)
    ("kr", "'kr' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
    # readers strip zero-width spaces; a value that still holds one shows it
    ("A1\u200b", "'A1<U+200B>' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
])
def test_what_is_not_a_number_is_said_plainly(text, message):
    with pytest.raises(ValueError) as error:
        nz.parse_decimal(text)
    assert str(error.value) == message


def test_a_percentage_is_not_an_amount():
    with pytest.raises(ValueError) as error:
        nz.parse_amount("80 %")
    assert str(error.value) == "'80 %' är en procentsats, inte ett belopp; skriv beloppet i kronor"


@pytest.mark.parametrize("text, expected", [
    ("2025-03-04T08:00:00+02:00", dt.date(2025, 3, 4)), ("2025-03-04T23:30:00Z", dt.date(2025, 3, 5)),
    ("2025-03-04T08:00:00.000Z", dt.date(2025, 3, 4)), ("2025-03-04T01:00:00-05:00", dt.date(2025, 3, 4)),
    ("45698,375", dt.date(2025, 2, 10)), ("45698.375", dt.date(2025, 2, 10)),
])
def test_iso_stamps_with_a_zone_give_the_swedish_date_and_serials_keep_their_day(text, expected):
    assert nz.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2025 Q1", ("2025-01-01", "2025-03-31")), ("Q3 2025", ("2025-07-01", "2025-09-30")),
    ("Kv4 2025", ("2025-10-01", "2025-12-31")), ("jan-25", ("2025-01-01", "2025-01-31")),
    ("mars 2025", ("2025-03-01", "2025-03-31")), ("2025-02-01", ("2025-02-01", "2025-02-28")),
    ("2025-02-01 00:00:00", ("2025-02-01", "2025-02-28")), ("45658", ("2025-01-01", "2025-01-31")),
    ("2025-01-01 – 2025-06-30", ("2025-01-01", "2025-06-30")), ("2025", ("2025-01-01", "2025-12-31")),
])
def test_budget_periods(text, expected):
    assert tuple(d.isoformat() for d in nz.parse_period(text)) == expected


@pytest.mark.parametrize("word", ["Vill ej svara", "Okänt", "Ej angivet", "Uppgift saknas", "Vill ej uppge", "-"])
def test_unknown_gender_words_are_unknown(word):
    assert nz.parse_gender(word) is None


@pytest.mark.parametrize("label", ["Vet ej", "Ej aktuellt", "Ingen åsikt", "Vill ej svara", "N/A", "Ej tillämpligt",
                                   "-", "Inget svar"])
def test_one_no_answer_list(label):
    assert nz.fold(label) in NO_ANSWER
    assert answer_from_label(label, 1, 5) is None


def test_invisible_characters_are_stripped_and_shown():
    assert nz.strip_invisible("\ufeffA1\u200b") == "A1"
    assert nz.shown("A\u00a09\u2028x") == "A<U+00A0>9<U+2028>x"
    with pytest.raises(ValueError) as error:
        nz.parse_gender("K\u00a0M")
    assert str(error.value) == "kön 'K<U+00A0>M' känns inte igen; använd K, M, X (annat) eller lämna tomt"


@pytest.mark.parametrize("text", ["19850921–4923", "19850921 - 4923", "19850921\u20114923", "850921—4923",
                                  "850921 4923", "8509214923", "19850921\u00a0–\u00a04923", "850921\u22124923"])
def test_every_dash_form_of_a_personnummer_is_masked(text):
    assert nz.mask_personnummer(f"pnr {text}.") == "pnr ÅÅÅÅMMDD-XXXX."


def test_names_are_masked_whole_and_as_capitalised_parts():
    masker = nz.NameMasker([("Anna", "Andersson"), ("Bo", "Berg"), ("Cecilia", "Ceder-Lind")])
    assert masker.mask("Arvode Anna Andersson") == "Arvode [namn]"
    assert masker.mask("andersson, anna och ANNA ANDERSSON") == "[namn] och [namn]"
    assert masker.mask("Bos kollega, per timme, bo i Lund") == "[namn] kollega, per timme, bo i Lund"
    assert masker.mask("Kurs för Ceder-Lind och Lind") == "Kurs för [namn] och [namn]"
    assert nz.NameMasker([]).mask("Anna") == "Anna"
    # short text (a unit or an activity name): whole names only, a lone Berg may be a place
    assert masker.mask("Hemtjänst Berg, handledning Anna Andersson", parts=False) == "Hemtjänst Berg, handledning [namn]"


def test_mac_roman_is_told_from_windows_1252():
    text = "Befattning;Enhet\nUndersköterska;Äldreomsorg\nVårdbiträde;Hemtjänst\n"
    assert legacy_encoding(text.encode("mac_roman")) == "mac_roman"
    assert legacy_encoding(text.encode("cp1252")) == "cp1252"
    assert decode_text(text.encode("mac_roman"), "x.csv") == text
    assert decode_text(text.encode("cp1252"), "x.csv") == text
    # € and – of a Windows file are not Mac Roman letters
    assert legacy_encoding("Pris 50 €/h – natt".encode("cp1252")) == "cp1252"


def test_utf8_saved_twice_is_repaired():
    garbled = "Undersköterska".encode("utf-8").decode("cp1252")
    assert garbled == "UnderskÃ¶terska"
    assert decode_text(garbled.encode("utf-8"), "x.csv") == "Undersköterska"
