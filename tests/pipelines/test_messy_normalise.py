"""Value spellings from Swedish exports: dates, amounts and gender words, with the exact fix-it messages."""

import datetime as dt

import pytest

from pipelines.normalise import parse_amount, parse_date, parse_decimal, parse_gender


@pytest.mark.parametrize("text, expected", [
    ("2012-02-01", dt.date(2012, 2, 1)),
    ("2012-02-01 08:30", dt.date(2012, 2, 1)),
    ("2012-02-01T08:30:15", dt.date(2012, 2, 1)),
    ("1/2/2012", dt.date(2012, 2, 1)),
    ("01.02.2012", dt.date(2012, 2, 1)),
    ("40940", dt.date(2012, 2, 1)),
    ("40940,0", dt.date(2012, 2, 1)),
    ("20120201", dt.date(2012, 2, 1)),
    ("2025/11/01", dt.date(2025, 11, 1)),
    ("2025/11/01 9:15:00 fm CET", dt.date(2025, 11, 1)),
])
def test_dates_in_every_export_form(text, expected):
    assert parse_date(text) == expected


def test_bad_dates_are_explained():
    with pytest.raises(ValueError) as error:
        parse_date("31/2/2025")
    assert str(error.value) == "datumet '31/2/2025' finns inte; kontrollera dag och månad"
    with pytest.raises(ValueError) as error:
        parse_date("våren 2025")
    assert str(error.value) == "datumet 'våren 2025' känns inte igen; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-03-14"
    with pytest.raises(ValueError) as error:
        parse_date("=IDAG()")
    assert str(error.value) == ("cellen innehåller formeln '=IDAG()', som inte räknas ut vid inläsningen; skriv in "
                                "värdet i stället")


@pytest.mark.parametrize("text, expected", [
    ("1 234 567 kr", 1234567), ("12\u00a0500,50", 12501), ("12\u202f500", 12500), ("45 000,00 kr", 45000),
    ("-300", -300), ("\u2212300", -300), ("1 234-", -1234), ("100:-", 100), ("1.234,50", 1235), ("7 044 417 SEK", 7044417),
])
def test_amounts_in_every_export_form(text, expected):
    assert parse_amount(text) == expected


def test_decimal_comma_and_bad_numbers():
    assert parse_decimal("3,5") == 3.5
    with pytest.raises(ValueError) as error:
        parse_decimal("tre")
    assert str(error.value) == "'tre' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"


@pytest.mark.parametrize("text, expected", [
    ("K", "K"), ("M", "M"), ("Kvinna", "K"), ("Man", "M"), ("Kvinnor", "K"), ("Män", "M"), ("F", "K"),
    ("female", "K"), ("male", "M"), ("Annat", "X"), ("Vill ej uppge", None), ("", None),
    ("Kvinnlig", "K"), ("Manlig", "M"), ("KVINNA", "K"),
])
def test_gender_spellings(text, expected):
    assert parse_gender(text) == expected


def test_unknown_gender_is_explained():
    with pytest.raises(ValueError) as error:
        parse_gender("Q")
    assert str(error.value) == "kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt"
