"""The month grid (dashboard/grid.py): every kind of date a caller hands it gives the same month's ends."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dashboard import grid


@pytest.mark.parametrize("day", [dt.date(2024, 2, 10), dt.datetime(2024, 2, 10, 23, 59), pd.Timestamp("2024-02-10"),
                                 np.datetime64("2024-02-10"), "2024-02-10"])
def test_every_kind_of_date_gives_the_same_month(day):
    # 2024 is a leap year: February ends on the 29th
    assert grid.month_start(day) == dt.date(2024, 2, 1)
    assert grid.month_end(day) == dt.date(2024, 2, 29)
    assert type(grid.month_end(day)) is dt.date
    assert grid.next_month_start(day) == dt.date(2024, 3, 1)
    assert grid.previous_month_end(day) == dt.date(2024, 1, 31)


def test_month_ends_asked_again_are_the_same():
    # month_end is kept per day (the walks ask for the same months again and again): asked twice, in any order
    days = [dt.date(2023, m, 15) for m in range(1, 13)] + [dt.date(2023, 12, 31), dt.date(2023, 1, 1)]
    first = [grid.month_end(d) for d in days]
    again = [grid.month_end(d) for d in reversed(days)][::-1]
    assert first == again == [dt.date(2023, 1, 31), dt.date(2023, 2, 28), dt.date(2023, 3, 31), dt.date(2023, 4, 30),
                              dt.date(2023, 5, 31), dt.date(2023, 6, 30), dt.date(2023, 7, 31), dt.date(2023, 8, 31),
                              dt.date(2023, 9, 30), dt.date(2023, 10, 31), dt.date(2023, 11, 30),
                              dt.date(2023, 12, 31), dt.date(2023, 12, 31), dt.date(2023, 1, 31)]
