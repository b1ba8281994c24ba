"""Turn the text people type into clean values: headers, gender, personnummer, dates, amounts."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def fold(text: object) -> str:
    """Lower-case text with å/ä/ö folded and punctuation turned into single spaces."""
    folded = unicodedata.normalize("NFC", str(text)).strip().lower().translate(_FOLD)
    return _NON_ALNUM.sub(" ", folded).strip()


def normalise_header(text: object) -> str:
    """A header reduced to letters and digits, so "Anst.nr", "anst nr" and "ANSTNR" compare equal."""
    return fold(text).replace(" ", "")


def is_blank(value: object) -> bool:
    """True for None, NaN and text that is only white space."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return str(value).strip() == ""


_FORMULA = re.compile(r"^=[A-Za-zÅÄÖåäö0-9(\"'$+\-]")


def refuse_formula(text: str) -> None:
    """Raise for a spreadsheet formula: formulas are read as their text and never evaluated."""
    if _FORMULA.match(text):
        raise ValueError(f"cellen innehåller formeln '{text[:30]}', som inte räknas ut vid inläsningen; "
                         "skriv in värdet i stället")


# ---------------------------------------------------------------------------------------------- gender
_GENDER = {
    "k": "K", "kvinna": "K", "kvinnor": "K", "kv": "K", "f": "K", "female": "K", "woman": "K", "women": "K",
    "m": "M", "man": "M", "men": "M", "male": "M", "man ": "M",
    "x": "X", "annat": "X", "annan": "X", "ickebinar": "X", "icke binar": "X", "other": "X", "non binary": "X",
    "vill ej uppge": None, "vill inte uppge": None, "uppgift saknas": None, "prefer not to say": None,
}
_GENDER["män"] = "M"
_GENDER.update({"kvinnlig": "K", "manlig": "M"})


def parse_gender(value: object) -> str | None:
    """K, M, X or None from K/M/Kvinna/Man/Kvinnor/Män/F/female/male/Annat/Vill ej uppge/blank."""
    if is_blank(value):
        return None
    refuse_formula(str(value).strip())
    key = fold(value)
    if key in _GENDER:
        return _GENDER[key]
    raise ValueError(f"kön '{str(value).strip()[:20]}' känns inte igen; använd K, M, X (annat) eller lämna tomt")


def gender_from_personnummer(pnr12: str) -> str:
    """K when the second-to-last digit of the personnummer is even, otherwise M."""
    return "K" if int(pnr12[-2]) % 2 == 0 else "M"


# ---------------------------------------------------------------------------------------------- personnummer
_PNR = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")


def _luhn_ok(ten_digits: str) -> bool:
    """Luhn check of the ten-digit form YYMMDDNNNC."""
    total = 0
    for i, ch in enumerate(ten_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def parse_personnummer(value: object, today: dt.date | None = None) -> str:
    """The personnummer as 12 digits YYYYMMDDNNNC; 10 digits get their century from `-`/`+` and today's date."""
    text = _SPACES.sub("", str(value or ""))
    match = _PNR.match(text)
    if not match:
        raise ValueError("personnumret har fel form; skriv 12 siffror (ÅÅÅÅMMDD-NNNN) eller 10 (ÅÅMMDD-NNNN)")
    century, date_part, sep, tail = match.groups()
    ten = date_part + tail
    if not _luhn_ok(ten):
        raise ValueError("personnumret är ogiltigt (kontrollsiffran stämmer inte); kontrollera numret")
    month, day = int(date_part[2:4]), int(date_part[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError("personnumret har ett datum som inte finns; kontrollera numret")
    if century is None:
        today = today or dt.date.today()
        yy = int(date_part[:2])
        year = (today.year // 100) * 100 + yy
        if year > today.year:
            year -= 100
        if sep == "+":  # a plus sign marks someone aged 100 or more
            year -= 100
        century = f"{year // 100:02d}"
    return century + ten


def birth_year_from_personnummer(pnr12: str) -> int:
    """The birth year in a 12-digit personnummer."""
    return int(pnr12[:4])


_PNR_IN_TEXT = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")


def mask_personnummer(text: str | None) -> str | None:
    """Free text with anything shaped like a personnummer replaced by ÅÅÅÅMMDD-XXXX."""
    if text is None:
        return None
    return _PNR_IN_TEXT.sub("ÅÅÅÅMMDD-XXXX", text)


# ---------------------------------------------------------------------------------------------- dates
# 2012-02-01, 2012/02/01 or 2012.02.01, maybe with a time as survey tools stamp it ("9:15:00 fm CET")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
                  r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:fm|em|am|pm))?(?:\s*[A-Z]{2,5})?)?$",
                  re.IGNORECASE)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date:
    """A date from 2012-02-01, 2012-02-01 08:30, 20120201, 1/2/2012 (day first) or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    refuse_formula(text)
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _COMPACT.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{5}(?:[.,]0+)?", text):
            serial = int(re.split(r"[.,]", text)[0])
            if 20000 <= serial <= 80000:  # 1954..2119: anything else is not a date people mean
                return _EXCEL_EPOCH + dt.timedelta(days=serial)
    except ValueError:
        raise ValueError(f"datumet '{text[:20]}' finns inte; kontrollera dag och månad") from None
    if not text:
        raise ValueError("datum saknas; skriv datumet som ÅÅÅÅ-MM-DD")
    raise ValueError(f"datumet '{text[:20]}' känns inte igen; skriv det som ÅÅÅÅ-MM-DD, t.ex. 2025-03-14")


# ---------------------------------------------------------------------------------------------- numbers
_CURRENCY = re.compile(r"(?i)\s*(kr|sek|kronor|:-)\.?\s*$")


def parse_decimal(value: object) -> float:
    """A number from "1 234 567 kr", "1 234,50", "3,5", "1.234,50" or "-12" (spaces and NBSP ignored)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raw = str(value or "").strip()
    refuse_formula(raw)
    text = _CURRENCY.sub("", raw)
    text = _SPACES.sub("", text).replace("\u2212", "-").replace("'", "")
    if re.fullmatch(r"[0-9.,]+-", text):
        text = "-" + text[:-1]  # a trailing minus, as some economy systems print credits
    if "," in text and "." in text:
        # the later separator is the decimal mark: 1.234,50 or 1,234.50
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            raise ValueError(f"talet '{raw[:20]}' känns inte igen; skriv t.ex. 1234,50")
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = float(text)
    except ValueError:
        if not raw:
            raise ValueError("värde saknas; fyll i ett tal") from None
        raise ValueError(f"'{raw[:20]}' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"'{raw[:20]}' är inte ett tal; skriv t.ex. 1234,50")
    return number


def parse_amount(value: object) -> int:
    """Whole kronor from an amount such as "1 234 567 kr" or "1 234,50" (rounded half away from zero)."""
    number = parse_decimal(value)
    return int(number + 0.5) if number >= 0 else -int(-number + 0.5)


def parse_int(value: object) -> int:
    """A whole number; "12,0" is accepted, "12,5" is not."""
    number = parse_decimal(value)
    if number != int(number):
        raise ValueError(f"'{str(value).strip()[:20]}' ska vara ett heltal")
    return int(number)


# ---------------------------------------------------------------------------------------------- enums, periods
def parse_enum(value: object, allowed: tuple[str, ...], synonyms: dict[str, str] | None = None) -> str:
    """The allowed value that `value` names (case, accents and synonyms do not matter)."""
    refuse_formula(str(value or "").strip())
    key = fold(value)
    for option in allowed:
        if fold(option) == key:
            return option
    for synonym, option in (synonyms or {}).items():
        if fold(synonym) == key:
            return option
    shown = ", ".join(a for a in allowed)
    raise ValueError(f"'{str(value).strip()[:30]}' är inte ett tillåtet värde; använd något av: {shown}")


def parse_list(value: object) -> list[str]:
    """Items of a list separated by `;` or `,`, trimmed, blanks dropped."""
    return [part.strip() for part in re.split(r"[;,]", str(value or "")) if part.strip()]


_PERIOD = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|[Qq]([1-4])))?$")


def parse_period(value: object) -> tuple[dt.date, dt.date]:
    """First and last day of a period written 2025-03 (month), 2025-Q1 (quarter) or 2025 (year)."""
    refuse_formula(str(value or "").strip())
    text = _SPACES.sub("", str(value or "")).replace("K", "Q").replace("k", "Q")
    m = _PERIOD.match(text)
    if not m or (m[2] and not 1 <= int(m[2]) <= 12):
        raise ValueError(f"perioden '{str(value).strip()[:20]}' känns inte igen; skriv 2025-03 (månad), "
                         "2025-Q1 (kvartal) eller 2025 (år)")
    year = int(m[1])
    if m[2]:
        first_month, months = int(m[2]), 1
    elif m[3]:
        first_month, months = (int(m[3]) - 1) * 3 + 1, 3
    else:
        first_month, months = 1, 12
    start = dt.date(year, first_month, 1)
    end_month = first_month + months
    end = dt.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


# ---------------------------------------------------------------------------------------------- vectorised
def map_unique(values: pd.Series, parse: Callable[[object], object]) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct value once and map back: (parsed values, Swedish error or None) per row."""
    parsed: dict[object, object] = {}
    errors: dict[object, str] = {}
    for raw in pd.unique(values):
        try:
            parsed[raw] = parse(raw)
        except ValueError as exc:
            errors[raw] = str(exc)
    result = values.map(parsed).astype(object)
    result = result.where(values.isin(list(parsed)), None)
    error = values.map(errors).astype(object)
    error = error.where(values.isin(list(errors)), None)
    return result, error
