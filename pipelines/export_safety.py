"""Spreadsheet exports never carry a live formula: text that Excel would run is neutralised (OWASP CSV injection)."""
from __future__ import annotations

import pandas as pd

# Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with these characters
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text starting like a formula gets a leading apostrophe and stays readable; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column heading of a frame neutralised (negative numbers are left as numbers)."""
    out = frame.astype(object).map(neutralise) if len(frame.columns) else frame.copy()
    out.columns = [neutralise(c) for c in frame.columns]
    return out
