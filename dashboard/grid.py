"""The month grid every view's dates lie on: periods start on a month's first day, end and as-of dates are month ends.

Two views on the grid differ by whole months, and the cross-view protection (data.cells, docs/privacy.md) compares a
view with its neighbours one month away; dates between the grid lines would let two views differ by a day."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd


def _day(value: object) -> dt.date:
    if type(value) is dt.date:
        return value  # the common case, without a Timestamp (2 µs each; the walks ask a million times nationally)
    return pd.Timestamp(value).date()


def month_start(day: object) -> dt.date:
    """The first day of the day's month."""
    return _day(day).replace(day=1)


@functools.lru_cache(maxsize=4096)  # the walks ask for the same few hundred months again and again
def month_end(day: object) -> dt.date:
    """The last day of the day's month."""
    first_of_next = (_day(day).replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_of_next - dt.timedelta(days=1)


def previous_month_end(day: object) -> dt.date:
    """The last day of the month before the day's month."""
    return month_start(day) - dt.timedelta(days=1)


def next_month_start(day: object) -> dt.date:
    """The first day of the month after the day's month."""
    return month_end(day) + dt.timedelta(days=1)


def month_end_on_or_before(day: object) -> dt.date:
    """The day itself when it ends its month, else the end of the month before (the view a meeting on that day saw)."""
    day = _day(day)
    return day if day == month_end(day) else previous_month_end(day)
