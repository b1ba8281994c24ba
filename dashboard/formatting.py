"""Numbers, money, shares and dates as Swedish (or English) readers write them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.i18n import language

# The dash official Swedish tables use for a figure that is not shown.
HIDDEN = "–"


def missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas' NA: a figure that is not there (the one definition the dashboard uses)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def number(value: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """1 234 567 or 3,5 in Swedish; 1,234,567 or 3.5 in English; the dash when missing."""
    if missing(value):
        return HIDDEN
    text = f"{float(value):,.{decimals}f}"
    if (lang or language()) == "sv":
        # Thousands by space and decimal comma, as in Swedish official statistics.
        text = text.replace(",", " ").replace(".", ",")
    if text.startswith("-"):
        text = "−" + text[1:]
    return text


def money(value: float | None, lang: str | None = None) -> str:
    """1 234 567 kr (Swedish) or SEK 1,234,567 (English)."""
    if missing(value):
        return HIDDEN
    lang = lang or language()
    return f"{number(value, 0, lang)} kr" if lang == "sv" else f"SEK {number(value, 0, lang)}"


def percent(share: float | None, decimals: int = 0, lang: str | None = None) -> str:
    """A share 0.64 as 64 % (Swedish) or 64% (English)."""
    if missing(share):
        return HIDDEN
    lang = lang or language()
    text = number(share * 100, decimals, lang)
    return f"{text} %" if lang == "sv" else f"{text}%"


def points(value: float | None, lang: str | None = None) -> str:
    """A difference in percentage points with its sign: +3 p.e. / −12 p.e. (English: pp)."""
    if missing(value):
        return HIDDEN
    lang = lang or language()
    text = number(abs(value), 0, lang)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{text} {'p.e.' if lang == 'sv' else 'pp'}"


def date(value: dt.date | None) -> str:
    """ISO date 2025-03-31 (both languages)."""
    if missing(value):
        return ""
    if isinstance(value, dt.datetime):  # also pandas Timestamp
        value = value.date()
    return value.isoformat()


def signed(text: str, value: float | None) -> str:
    """Prefix a formatted change with + when it is positive (st.metric colours the arrow)."""
    if missing(value):
        return ""
    return f"+{text}" if value > 0 else text


def metric_delta(text: str) -> str:
    """A change for st.metric, which reads the arrow's direction from an ASCII minus sign."""
    return text.replace("−", "-")


# The audit and load logs keep UTC; project leaders read Swedish time.
LOCAL_ZONE = "Europe/Stockholm"


def local_times(values: object) -> list[str]:
    """UTC timestamps (naive, as the logs keep them) as local date and time, 2025-03-31 14:05 ("" when missing)."""
    local = pd.to_datetime(pd.Series(values)).dt.tz_localize("UTC").dt.tz_convert(LOCAL_ZONE)
    return [date(v.date()) + v.strftime(" %H:%M") if pd.notna(v) else "" for v in local]
