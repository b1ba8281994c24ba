"""Turn the text people type into clean values: headers, gender, personnummer, dates, amounts."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from pipelines.i18n import Message, Words, message_of

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


# characters nobody means to type: zero-width space/joiners, word joiner, a BOM inside a file, direction marks,
# the soft hyphen; they are removed from every cell as it is read
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad\u2061\u2062\u2063\u2064\u180e"
_STRIP_INVISIBLE = {ord(ch): None for ch in INVISIBLE}


def strip_invisible(text: str) -> str:
    """Text without zero-width characters, BOMs and direction marks."""
    return text.translate(_STRIP_INVISIBLE)


def shown(value: object, limit: int = 20) -> str:
    """A value as a message quotes it: trimmed, cut to `limit` characters, invisible characters as <U+200B>."""
    text = str(value).strip()[:limit]
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch in INVISIBLE or category in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn") or (category == "Zs" and ch != " "):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


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
        raise ValueError(Message("loader.reject.formula", value=shown(text, 30), rest=Words(
            "skriv in värdet i stället", "type in the value instead")))


# ---------------------------------------------------------------------------------------------- gender
_GENDER = {
    "k": "K", "kvinna": "K", "kvinnor": "K", "kv": "K", "f": "K", "female": "K", "woman": "K", "women": "K",
    "m": "M", "man": "M", "men": "M", "male": "M", "man ": "M",
    "x": "X", "annat": "X", "annan": "X", "annat kon": "X", "icke binar person": "X", "ickebinar": "X", "icke binar": "X", "other": "X", "non binary": "X",
}
# a choice not to say, or no information: unknown (NULL), never a rejection
GENDER_UNKNOWN = ("Vill ej uppge", "Vill inte uppge", "Vill ej svara", "Vill inte svara", "Uppgift saknas", "Saknas",
                  "Okänt", "Okänd", "Ej angivet", "Ej angiven", "Inte angivet", "Ej känt", "Vet ej", "Annat/vill ej uppge",
                  "Prefer not to say", "Prefer not to answer", "Unknown", "Not specified", "Not stated")
_GENDER.update({fold(word): None for word in GENDER_UNKNOWN})
_GENDER[""] = None  # "-", "?" or "–" alone
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
    raise ValueError(Message("loader.reject.gender", value=shown(value)))


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
        raise ValueError(Message("loader.reject.pnr_form"))
    century, date_part, sep, tail = match.groups()
    ten = date_part + tail
    if not _luhn_ok(ten):
        raise ValueError(Message("loader.reject.pnr_check"))
    month, day = int(date_part[2:4]), int(date_part[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(Message("loader.reject.pnr_date"))
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


# the dashes people and word processors put between date and number: hyphen, non-breaking hyphen (U+2011),
# figure dash, en and em dash, minus sign, plus (aged 100+); spaces around them, or a space alone, or nothing
_PNR_SPACE = r"[ \t\u00a0\u2007\u2009\u202f]"
_PNR_DASH = r"[-+\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]"
_PNR_IN_TEXT = re.compile(rf"(?<!\d)(?:\d{{2}})?\d{{6}}(?:{_PNR_SPACE}*{_PNR_DASH}{_PNR_SPACE}*|{_PNR_SPACE}?)\d{{4}}(?!\d)")


def capitalise(text: str) -> str:
    """Text with its first letter upper-case (a reason or note that starts a sentence); a Message stays one."""
    if isinstance(text, Message):
        return text.capitalised()
    return text[:1].upper() + text[1:]


def mask_personnummer(text: str | None) -> str | None:
    """Free text with anything shaped like a personnummer (any dash, spaced or not) replaced by ÅÅÅÅMMDD-XXXX."""
    if text is None:
        return None
    if isinstance(text, Message):  # the values quoted from the file are masked, the message stays a Message
        return text.with_params(mask_personnummer)
    return _PNR_IN_TEXT.sub("ÅÅÅÅMMDD-XXXX", text)


NAME_MASK = "[namn]"


_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class NameMasker:
    """Replaces employees' names in free text with [namn]: whole names in any case and order ("Anna Andersson",
    "Andersson, Anna"), and single first or last names where they are written with a capital letter, as a name is.

    Text is split into words and looked up in sets, so thousands of names cost no more than a few."""

    def __init__(self, names) -> None:
        self.wholes: set[str] = set()  # lower-case, words joined by " " (or "last, first")
        self.parts: set[str] = set()   # as capitalised in text: Anna, ANNA, Ceder-Lind
        self.longest = 1
        for name in names:
            words = [w for part in name for w in re.split(r"\s+", str(part).strip()) if w]
            if not words:
                continue
            lowered = [w.lower() for w in words]
            self.wholes.add(" ".join(lowered))
            if len(name) == 2:  # first and last name: also "Last First" and "Last, First"
                first, last = (" ".join(str(p).split()).lower() for p in name)
                self.wholes.update({f"{last} {first}", f"{last}, {first}"})
            elif len(words) >= 2:
                self.wholes.update({" ".join(lowered[1:] + lowered[:1]), " ".join(lowered[1:]) + ", " + lowered[0]})
            self.longest = max(self.longest, len(words) + 1)
            for word in words:
                for piece in {word, *word.split("-")}:
                    if len(piece) >= 2 and any(ch.isalpha() for ch in piece):
                        self.parts.update({piece[:1].upper() + piece[1:], piece.upper(),
                                           piece[:1].upper() + piece[1:].lower()})
        self.active = bool(self.wholes or self.parts)

    def _is_part(self, word: str) -> bool:
        return word in self.parts or (word.endswith("s") and word[:-1] in self.parts)  # Annas, Bos

    def mask(self, text: str | None, parts: bool = True) -> str | None:
        """The text with every name replaced by [namn]; with parts=False only whole names (for short text such as
        a unit or activity name, where a lone "Berg" or "Lund" is more likely a place)."""
        if not self.active or not isinstance(text, str) or not text:
            return text
        words = list(_NAME_WORD.finditer(text))
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            found = None
            for length in range(min(self.longest, len(words) - i), 1, -1):
                key, ok = words[i].group().lower(), True
                for j in range(i + 1, i + length):
                    gap = text[words[j - 1].end():words[j].start()]
                    if gap.strip() == "" and gap:
                        key += " " + words[j].group().lower()
                    elif gap.strip() == "," :
                        key += ", " + words[j].group().lower()
                    else:
                        ok = False
                        break
                if ok and (key in self.wholes or (key.endswith("s") and key[:-1] in self.wholes)):
                    found = length
                    break
            if found:
                spans.append((words[i].start(), words[i + found - 1].end()))
                i += found
                continue
            word = words[i].group()
            if not parts:
                pass
            elif self._is_part(word):
                spans.append(words[i].span())
            elif "-" in word:  # a part of a double name: Lind in Ceder-Lind is masked, the hyphen kept
                offset = words[i].start()
                for piece in re.finditer(r"[^-]+", word):
                    if self._is_part(piece.group()):
                        spans.append((offset + piece.start(), offset + piece.end()))
            i += 1
        for start, end in reversed(spans):
            text = text[:start] + NAME_MASK + text[end:]
        return text


# ---------------------------------------------------------------------------------------------- dates
# 2012-02-01, 2012/02/01 or 2012.02.01, maybe with a time as survey tools stamp it ("9:15:00 fm CET") or as ISO
# 8601 writes it with a zone ("2025-03-04T08:00:00Z", "+02:00")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
                  r"(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?(?:\s*(fm|em|am|pm))?"
                  r"\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?)?$",
                  re.IGNORECASE)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,](\d+))?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _local_date(date: dt.date, hour: str | None, minute: str | None, second: str | None, half: str | None,
                zone: str | None) -> dt.date:
    """The Swedish calendar date of a time stamp written with a UTC offset (Z or +02:00); else the date as written."""
    if not zone or not hour or zone.upper() not in ("Z",) and not zone[0] in "+-":
        return date
    h = int(hour) % 12 + (12 if half and half.lower() in ("em", "pm") else 0) if half else int(hour)
    if zone.upper() == "Z":
        offset = dt.timedelta(0)
    else:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    try:
        from zoneinfo import ZoneInfo
        stockholm = ZoneInfo("Europe/Stockholm")
    except Exception:  # no time-zone database: the date as written
        return date
    moment = dt.datetime(date.year, date.month, date.day, h, int(minute or 0), int(second or 0),
                         tzinfo=dt.timezone(offset))
    return moment.astimezone(stockholm).date()


def parse_date(value: object) -> dt.date:
    """A date from 2012-02-01, 2012-02-01 08:30, 2025-03-04T08:00:00+02:00, 20120201, 1/2/2012 (day first) or an
    Excel serial number (45698 or, with a time, 45698,375)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = strip_invisible(str(value or "")).strip()
    refuse_formula(text)
    try:
        if m := _ISO.match(text):
            hour = m[4]
            if hour is not None and (int(hour) > 23 or int(m[5]) > 59):
                raise ValueError
            return _local_date(dt.date(int(m[1]), int(m[2]), int(m[3])), hour, m[5], m[6], m[7], m[8])
        if m := _COMPACT.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := _SERIAL.match(text):
            serial = int(m[1])
            if 20000 <= serial <= 80000:  # 1954..2119: anything else is not a date people mean
                return _EXCEL_EPOCH + dt.timedelta(days=serial)  # the fraction is the time of day
    except ValueError:
        raise ValueError(Message("loader.reject.date_missing_day", value=shown(text))) from None
    if not text:
        raise ValueError(Message("loader.reject.date_missing"))
    raise ValueError(Message("loader.reject.not_a_date", value=shown(text)))


# ---------------------------------------------------------------------------------------------- numbers
_SPACE_CHARS = " \u00a0\u2007\u2009\u202f'\u2019"  # spaces and apostrophes group thousands
_CURRENCY_AFTER = re.compile(r"(?i)\s*(?:kr|sek|kronor|:-|:–)\.?\s*$")
_CURRENCY_BEFORE = re.compile(r"(?i)^(?:kr|sek)\.?\s*")
_WHOLE_KRONOR = re.compile(r"\s*[,.:][-–]\s*$")  # "30 000,-" and "500:-": whole kronor, no decimals
_MINUS = "-\u2212\u2013"  # hyphen, minus sign, en dash
_BODY = re.compile(r"^\d[\d.,]*$")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")


def _swedish(number: float) -> str:
    """A number as a Swede writes it: 30 000 or 18,5."""
    whole = f"{number:,.10f}".rstrip("0").rstrip(".")
    return whole.replace(",", " ").replace(".", ",")


def _both(number: float, sign: str = "") -> Words:
    """A number as the reader writes it: 30 000 or 18,5 in Swedish, 30,000 or 18.5 in English."""
    whole = f"{number:,.10f}".rstrip("0").rstrip(".")
    return Words(sign + _swedish(number), sign + whole)


class AmbiguousNumber(ValueError):
    """A number that reads two ways (18,500 or 30.000) in a column whose other values do not decide it."""


def _clean_number(raw: str, allow_percent: bool) -> tuple[bool, str, bool]:
    """(negative, digits with . and , only, whole kronor) from a typed number; ValueError when it is not one."""
    text = strip_invisible(raw).strip()
    if allow_percent and text.endswith("%"):
        text = text[:-1].rstrip()
    negative = False
    whole = False
    for _ in range(2):  # "(1 234 kr)" and "kr -1 234,-": signs, brackets and currency in any order
        if m := _WHOLE_KRONOR.search(text):
            text, whole = text[:m.start()], True
        text = _CURRENCY_BEFORE.sub("", _CURRENCY_AFTER.sub("", text)).strip()
        if len(text) > 2 and text[0] == "(" and text[-1] == ")":  # (1 234) as accounts print a credit
            text, negative = text[1:-1].strip(), not negative
            if m := _WHOLE_KRONOR.search(text):
                text, whole = text[:m.start()], True
            text = _CURRENCY_BEFORE.sub("", _CURRENCY_AFTER.sub("", text)).strip()
        if not text:
            break
        if text[0] in _MINUS or text[0] == "+":
            negative ^= text[0] in _MINUS
            text = text[1:].strip()
        elif text[-1] in _MINUS:  # a trailing minus, as some economy systems print credits
            text, negative = text[:-1].strip(), not negative
    # thousands grouped by spaces: the groups after the first have three digits (the last may carry decimals)
    groups = re.split(f"[{_SPACE_CHARS}]+", text)
    if len(groups) > 1:
        if not (groups[0].isdigit() and len(groups[0]) <= 3 and all(re.match(r"^\d{3}(?:$|[.,]\d*$)", g)
                                                                      for g in groups[1:-1] + [groups[-1]])
                and all(g.isdigit() for g in groups[1:-1])):
            raise ValueError(Message("loader.values.spaces", value=shown(raw)))
        text = "".join(groups)
    if text[:1] in ".," and text[1:].isdigit():  # ",5" is 0,5
        text = "0" + text
    if not _BODY.match(text) or text[-1] in ".,":
        raise ValueError
    return negative, text, whole


def number_votes(body: str) -> tuple[str | None, bool]:
    """What one number says about its column's decimal mark: ("," or "." or None, strong)."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return ("," if body.rfind(",") > body.rfind(".") else "."), True
    if commas > 1:
        return ".", True
    if dots > 1:
        return ",", True
    if commas == 1 or dots == 1:
        mark = "," if commas else "."
        before, after = body.split(mark)
        if len(after) != 3 or before.startswith("0") or len(before) > 3:
            return mark, mark == ","  # "12.5" is weak: a workbook's own numbers are written that way
    return None, False


def _read_body(raw: str, negative: bool, body: str, whole: bool, decimal_mark: str | None) -> float:
    """The number in `body`, given the column's decimal mark (None when the column does not tell)."""
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        mark = "," if body.rfind(",") > body.rfind(".") else "."
        group = "." if mark == "," else ","
        head, _, tail = body.rpartition(mark)
        if group in tail or head.count(mark) or not _GROUPED.match(head.replace(group, "X")) and group in head:
            raise ValueError
        number = float(head.replace(group, "") + "." + tail)
    elif commas > 1 or dots > 1:
        group = "," if commas else "."
        if not _GROUPED.match(body.replace(group, "X")):
            raise ValueError
        number = float(body.replace(group, ""))
    elif commas == 1 or dots == 1:
        mark = "," if commas else "."
        before, after = body.split(mark)
        readable_as_thousands = len(after) == 3 and not before.startswith("0") and len(before) <= 3
        if not readable_as_thousands:
            if whole:  # "12,50:-" has decimals after all
                return _signed(float(before + "." + after), negative)
            number = float(before + "." + after)
        elif whole or (decimal_mark is not None and decimal_mark != mark):
            number = float(before + after)  # 30.000 in a dot-thousands column, 1.500:- (whole kronor)
        elif decimal_mark == mark:
            number = float(before + "." + after)
        else:
            as_decimal, as_thousands = float(before + "." + after), float(before + after)
            sign = "-" if negative else ""
            raise AmbiguousNumber(Message(
                "loader.values.ambiguous", value=shown(raw), decimal=_both(as_decimal, sign),
                thousands=_both(as_thousands, sign), write=sign + _swedish(as_decimal), plain=sign + before + after,
                mark=Message("loader.values.comma" if mark == "," else "loader.values.dot")))
    else:
        number = float(body)
    return _signed(number, negative)


def _signed(number: float, negative: bool) -> float:
    return -number if negative and number else number


def parse_decimal(value: object, decimal_mark: str | None = None, allow_percent: bool = True,
                  kronor: bool = False) -> float:
    """A number from "1 234 567 kr", "1 234,50", "3,5", "1.234,50", "30 000,-", "(300)", "300-", "80 %".

    `decimal_mark` is the column's decimal mark ("," or ".", from decimal_mark_of); a value such as 18,500 or
    30.000 that reads two ways is read by it, and rejected (AmbiguousNumber) when it is None. An amount in
    `kronor` has at most two decimals (öre), so there three digits after the mark are thousands."""
    if isinstance(value, bool):
        raise ValueError(Message("loader.reject.not_a_number", value=str(value)))
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(Message("loader.reject.not_a_number", value=str(value)))
        return float(value)
    raw = str(value or "").strip()
    refuse_formula(raw)
    if not strip_invisible(raw).strip():
        raise ValueError(Message("loader.reject.number_missing"))
    try:
        negative, body, whole = _clean_number(raw, allow_percent)
        number = _read_body(raw, negative, body, whole or (kronor and decimal_mark is None), decimal_mark)
    except AmbiguousNumber:
        raise
    except ValueError as exc:
        if str(exc):
            raise
        raise ValueError(Message("loader.reject.not_a_number_kr", value=shown(raw))) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(Message("loader.reject.not_a_number", value=shown(raw)))
    return number


def decimal_mark_of(values) -> str | None:
    """The decimal mark a column of numbers uses, decided from all its values: "," or ".", or None when its values
    do not tell (or contradict each other)."""
    strong, weak = set(), set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            _, body, whole = _clean_number(value, True)
        except ValueError:
            continue
        if whole:  # 1.500,- says the dot groups thousands
            if "." in body and "," not in body:
                strong.add(",")
            continue
        mark, is_strong = number_votes(body)
        if mark:
            (strong if is_strong else weak).add(mark)
    if len(strong) == 1:
        return next(iter(strong))
    if not strong and len(weak) == 1:
        return next(iter(weak))
    return None


def parse_amount(value: object, decimal_mark: str | None = None) -> int:
    """Whole kronor from an amount such as "1 234 567 kr", "1 234,50" or "30 000,-" (rounded half away from zero);
    30.000 and 18,500 are thousands when the column does not say otherwise (öre have two digits)."""
    if isinstance(value, str) and "%" in value:
        raise ValueError(Message("loader.reject.percentage", value=shown(value)))
    number = parse_decimal(value, decimal_mark, allow_percent=False, kronor=True)
    return int(number + 0.5) if number >= 0 else -int(-number + 0.5)


def parse_int(value: object, decimal_mark: str | None = None) -> int:
    """A whole number; "12,0" is accepted, "12,5" is not."""
    number = parse_decimal(value, decimal_mark)
    if number != int(number):
        raise ValueError(Message("loader.reject.not_integer", value=shown(value)))
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
    shown_options = ", ".join(a for a in allowed)
    raise ValueError(Message("loader.reject.not_allowed", value=shown(value, 30), options=shown_options))


def parse_list(value: object) -> list[str]:
    """Items of a list separated by `;` or `,`, trimmed, blanks dropped."""
    return [part.strip() for part in re.split(r"[;,]", str(value or "")) if part.strip()]


MONTHS = {"jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "mars": 3,
          "march": 3, "apr": 4, "april": 4, "maj": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7,
          "juli": 7, "july": 7, "aug": 8, "augusti": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
          "okt": 10, "oct": 10, "oktober": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
          "december": 12}
_QUARTER_WORDS = {"q", "k", "kv", "kvartal", "quarter"}
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_PERIOD_RANGE = re.compile(r"^(.+?)\s*(?:–|—|\s-\s|\s+till\s+|\s+to\s+)\s*(.+)$", re.IGNORECASE)


def _month_bounds(year: int, first_month: int, months: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, first_month, 1)
    end_month = first_month + months
    end = dt.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def _year(token: str, short_ok: bool) -> int | None:
    if len(token) == 4 and 1900 <= int(token) <= 2199:
        return int(token)
    if short_ok and len(token) == 2:
        return 2000 + int(token)
    return None


def _period_from_tokens(tokens: list[str]) -> tuple[dt.date, dt.date] | None:
    """Month, quarter or year from folded tokens such as [2025, q, 1], [kv, 4, 2025], [jan, 25], [2025, 03]."""
    words = [t for t in tokens if not t.isdigit()]
    numbers = [t for t in tokens if t.isdigit()]
    if not words:
        if len(numbers) == 1 and (year := _year(numbers[0], False)):
            return _month_bounds(year, 1, 12)
        if len(numbers) == 2:
            for y, m in ((numbers[0], numbers[1]), (numbers[1], numbers[0])):
                if (year := _year(y, False)) and len(m) <= 2 and 1 <= int(m) <= 12:
                    return _month_bounds(year, int(m), 1)
        return None
    if len(words) != 1:
        return None
    word = words[0]
    if word in _QUARTER_WORDS and len(numbers) == 2:
        position = tokens.index(word)
        # the quarter is the single digit written right after the word (Q3, Kv4), else right before it (3 kv)
        for neighbour in (position + 1, position - 1):
            if 0 <= neighbour < len(tokens) and len(tokens[neighbour]) == 1 and tokens[neighbour].isdigit():
                quarter = int(tokens[neighbour])
                rest = [t for i, t in enumerate(tokens) if i not in (position, neighbour)]
                year = _year(rest[0], True) if len(rest) == 1 else None
                if 1 <= quarter <= 4 and year is not None:
                    return _month_bounds(year, (quarter - 1) * 3 + 1, 3)
                return None
        return None
    if word in MONTHS and len(numbers) == 1 and (year := _year(numbers[0], True)) is not None:
        return _month_bounds(year, MONTHS[word], 1)
    return None


def parse_period(value: object) -> tuple[dt.date, dt.date]:
    """First and last day of a period written 2025-03 or mars 2025 or jan-25 (month), 2025-Q1, 2025 Q1, Q3 2025
    or Kv4 2025 (quarter), 2025 (year), as a date (its month) or as two dates (2025-01-01 – 2025-03-31)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _month_bounds(value.year, value.month, 1)
    text = strip_invisible(str(value or "")).strip()
    refuse_formula(text)
    problem = ValueError(Message("loader.values.period", value=shown(text)))
    if (m := _PERIOD_RANGE.match(text)) and not re.fullmatch(r"\d{4}-\d{1,2}", text):
        try:
            first, last = parse_period(m[1]), parse_period(m[2])
        except ValueError:
            raise problem from None
        if last[1] < first[0]:
            raise ValueError(Message("loader.values.period_reversed", value=shown(text))) from None
        return first[0], last[1]
    bare = _TIME_TAIL.sub("", text)
    if m := _ISO.match(bare):  # a date (an Excel date cell or a typed date) names its month
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise problem from None
        return _month_bounds(day.year, day.month, 1)
    if _SERIAL.match(bare) and len(bare.split(".")[0].split(",")[0]) == 5:
        day = parse_date(bare)
        return _month_bounds(day.year, day.month, 1)
    tokens = re.findall(r"[a-z]+|\d+", fold(bare))
    try:
        period = _period_from_tokens(tokens)
    except ValueError:
        period = None
    if period is None:
        raise problem
    return period

# ---------------------------------------------------------------------------------------------- vectorised
def map_unique(values: pd.Series, parse: Callable[[object], object]) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct value once and map back: (parsed values, Swedish error or None) per row."""
    parsed: dict[object, object] = {}
    errors: dict[object, str] = {}
    for raw in pd.unique(values):
        try:
            parsed[raw] = parse(raw)
        except ValueError as exc:
            errors[raw] = message_of(exc)
    result = values.map(parsed).astype(object)
    result = result.where(values.isin(list(parsed)), None)
    # an object column, built by hand: pandas would turn the Messages (pipelines.i18n) into plain strings
    # (and without errors, no value need be looked at again: most columns of a large export)
    error = (pd.Series([errors.get(v) for v in values], index=values.index, dtype=object) if errors else
             pd.Series([None] * len(values), index=values.index, dtype=object))
    return result, error
