"""The documented follow-up rules: sub-goal status (green/yellow/red) and the budget forecast."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.formatting import missing

# A sub-goal up to this many percentage points behind its expected value is yellow; further behind is red.
YELLOW_POINTS = 10.0
# A project that has spent this many percentage points less of its budget than of its time is flagged (portfolio).
BEHIND_POINTS = 10
# Women's share among participants this many percentage points from their share of the workforce is a gap.
GAP_POINTS = 10
# Data of a kind not loaded for this many days is named among the risks.
STALE_DAYS = 90
# The budget forecast warns when it ends more than this share under or over the planned budget.
FORECAST_TOLERANCE = 0.10
# The spending rate of the latest this-many months (up to and including the as-of month) drives the forecast.
RATE_MONTHS = 3


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> float:
    """Share of the days from start to end that have passed on as_of (0–1, both ends counted)."""
    total = (end - start).days + 1
    if total <= 0:
        return 1.0
    return min(max(((as_of - start).days + 1) / total, 0.0), 1.0)


def budget_pace(spent_share: float | None, elapsed: float) -> tuple[float | None, bool]:
    """How many percentage points the share of the budget spent is ahead of (+) or behind (−) the share of time
    elapsed, and whether that is further behind than BEHIND_POINTS (unspent money is lost)."""
    if missing(spent_share):
        return None, False
    points = (float(spent_share) - elapsed) * 100
    return points, points < -BEHIND_POINTS


def points_behind(
    baseline: float | None, target: float, actual: float, unit: str, expected_share: float
) -> float:
    """How far the actual value trails the value expected at this point, in percentage points."""
    # The expected value moves in a straight line from the baseline (0 when missing) to the target over the time
    # from the project's start to the goal's target date. For a goal in % the distance is the plain difference in
    # percentage points; for other units (antal, dagar, index) it is the shortfall as a share of the whole way from
    # baseline to target, so "10 points behind" means a tenth of the way. Goals that go down (dagar) count downwards.
    base = 0.0 if missing(baseline) else float(baseline)
    direction = 1.0 if target >= base else -1.0
    expected = base + (target - base) * expected_share
    shortfall = (expected - actual) * direction
    if unit == "%":
        return shortfall
    span = abs(target - base)
    return shortfall / span * 100 if span else (0.0 if shortfall <= 0 else float("inf"))


def goal_status(
    baseline: float | None,
    target: float,
    actual: float | None,
    unit: str,
    start: dt.date,
    target_date: dt.date,
    as_of: dt.date,
    entered_status: str | None = None,
) -> str | None:
    """green when met or on track for the elapsed time, yellow up to 10 points behind, red beyond, None without data."""
    # A goal without a value keeps the status the steering group entered by hand, if any.
    if missing(actual):
        return None if missing(entered_status) else entered_status
    base = 0.0 if missing(baseline) else float(baseline)
    direction = 1.0 if target >= base else -1.0
    if (actual - target) * direction >= 0:
        return "green"
    behind = points_behind(baseline, target, float(actual), unit, elapsed_share(start, target_date, as_of))
    if behind <= 0:
        return "green"
    return "yellow" if behind <= YELLOW_POINTS else "red"


def goals_with_status(goals: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The goals frame (queries/goals.sql) with its actual value and status by the rule above."""
    out = goals.copy()
    computed = out["computed_from"].notna() & (out["computed_from"].astype(str) != "")
    out["actual"] = out["computed_value"].where(computed, out["measured_value"])
    hidden = out["hidden_computed_value"] if "hidden_computed_value" in out else False
    out["hidden_actual"] = computed & hidden
    statuses = [
        goal_status(
            row.baseline, float(row.target), row.actual, row.unit, _as_date(row.project_start),
            _as_date(row.target_date), as_of, None if is_computed else row.measured_status,
        )
        for row, is_computed in zip(out.itertuples(index=False), computed)
    ]
    out["status"] = statuses
    return out


def _as_date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


@dataclass(frozen=True)
class BudgetForecast:
    """Where spending stands on the as-of date and where the recent rate takes it by the end date."""

    planned_total: float
    planned_to_date: float
    spent_to_date: float
    monthly_rate: float
    months_left: int
    forecast: float
    deviation: float  # forecast / planned_total − 1
    warning: bool
    elapsed_share: float
    spent_share: float  # of the whole planned budget
    spent_share_of_plan_to_date: float | None


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def budget_forecast(months: pd.DataFrame, start: dt.date, end: dt.date, as_of: dt.date) -> BudgetForecast:
    """Forecast of spending at the end date: spent so far + the mean of the latest three months × months left."""
    # months holds one row per month (first day) with planned_sek and spent_sek, summed over cost headings. Whole
    # months are counted: the as-of month is part of "so far" and of the recent rate; months after it are "left".
    by_month = months.assign(index=[_month_index(pd.Timestamp(m).date()) for m in months["month"]])
    now = _month_index(min(as_of, end))
    first = _month_index(start)
    so_far = by_month[by_month["index"] <= now]
    window = max(min(RATE_MONTHS, now - first + 1), 1)
    recent = so_far[so_far["index"] > now - window]
    planned_total = float(by_month["planned_sek"].sum())
    planned_to_date = float(so_far["planned_sek"].sum())
    spent_to_date = float(so_far["spent_sek"].sum())
    rate = float(recent["spent_sek"].sum()) / window
    months_left = max(_month_index(end) - now, 0)
    forecast = spent_to_date + rate * months_left
    deviation = forecast / planned_total - 1 if planned_total else 0.0
    return BudgetForecast(
        planned_total=planned_total,
        planned_to_date=planned_to_date,
        spent_to_date=spent_to_date,
        monthly_rate=rate,
        months_left=months_left,
        forecast=forecast,
        deviation=deviation,
        warning=abs(deviation) > FORECAST_TOLERANCE,
        elapsed_share=elapsed_share(start, end, as_of),
        spent_share=spent_to_date / planned_total if planned_total else 0.0,
        spent_share_of_plan_to_date=spent_to_date / planned_to_date if planned_to_date else None,
    )


def gender_gap_flag(gap_points: float | None, threshold_points: float) -> bool:
    """True when women's share among participants differs from their share of the target group beyond threshold."""
    return not missing(gap_points) and abs(gap_points) > threshold_points
