"""The documented follow-up rules: sub-goal status and the budget forecast, on cases checked by hand."""

import datetime as dt

import pandas as pd

from dashboard.rules import budget_forecast, elapsed_share, gender_gap_flag, goal_status

START, TARGET_DATE = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def test_elapsed_share_counts_both_ends():
    assert elapsed_share(START, TARGET_DATE, dt.date(2025, 1, 1)) == 1 / 365
    assert elapsed_share(START, TARGET_DATE, dt.date(2025, 6, 30)) == 181 / 365
    assert elapsed_share(START, TARGET_DATE, dt.date(2026, 3, 1)) == 1.0


def test_met_goals_are_green_whatever_the_date():
    assert goal_status(0, 80, 80, "%", START, TARGET_DATE, dt.date(2025, 2, 1)) == "green"
    assert goal_status(30, 16, 15, "dagar", START, TARGET_DATE, dt.date(2025, 2, 1)) == "green"  # goes down


def test_percent_goals_are_measured_in_plain_percentage_points():
    # half-way (2025-07-02 is day 183 of 365 → 0,5014): expected 0 + 80 × 0,5014 = 40,1 %
    half = dt.date(2025, 7, 2)
    assert goal_status(0, 80, 40.2, "%", START, TARGET_DATE, half) == "green"  # on track
    assert goal_status(0, 80, 30.2, "%", START, TARGET_DATE, half) == "yellow"  # 9,9 points behind
    assert goal_status(0, 80, 30.0, "%", START, TARGET_DATE, half) == "red"  # 10,1 points behind


def test_other_units_count_the_shortfall_as_a_share_of_the_way():
    # D4 of the fixture at the end: 30 → 16 days, actual 27: (27 − 16) / 14 = 78,6 points behind → red
    assert goal_status(30, 16, 27, "dagar", START, TARGET_DATE, TARGET_DATE) == "red"
    # 10 → 20 people at the end, actual 19: 10 points behind → yellow
    assert goal_status(10, 20, 19, "antal", START, TARGET_DATE, TARGET_DATE) == "yellow"


def test_no_value_is_blank_unless_the_steering_group_entered_a_status():
    assert goal_status(0, 80, None, "%", START, TARGET_DATE, TARGET_DATE) is None
    assert goal_status(0, 80, float("nan"), "%", START, TARGET_DATE, TARGET_DATE, "yellow") == "yellow"


def test_forecast_from_the_latest_three_months():
    months = pd.DataFrame({
        "month": pd.to_datetime([f"2025-{m:02d}-01" for m in range(1, 13)]),
        "planned_sek": [100.0] * 12,
        "spent_sek": [50.0, 50.0, 50.0, 80.0, 90.0, 100.0] + [None] * 6,
    })
    forecast = budget_forecast(months, START, TARGET_DATE, dt.date(2025, 6, 15))
    assert forecast.spent_to_date == 420.0
    assert forecast.monthly_rate == 90.0  # (80 + 90 + 100) / 3
    assert forecast.months_left == 6  # July–December
    assert forecast.forecast == 420.0 + 6 * 90.0  # 960
    assert round(forecast.deviation, 4) == -0.2  # 960 / 1 200 − 1
    assert forecast.warning
    assert forecast.planned_to_date == 600.0
    assert forecast.spent_share_of_plan_to_date == 0.7


def test_forecast_within_ten_percent_gives_no_warning_and_a_new_project_uses_its_own_months():
    months = pd.DataFrame({
        "month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]),
        "planned_sek": [100.0] * 4,
        "spent_sek": [95.0, 95.0, None, None],
    })
    forecast = budget_forecast(months, START, dt.date(2025, 4, 30), dt.date(2025, 2, 10))
    assert forecast.monthly_rate == 95.0  # only two months have passed
    assert forecast.forecast == 380.0  # 190 + 2 × 95, 5 % under 400
    assert not forecast.warning


def test_gender_gap_flag_beyond_the_threshold_only():
    assert not gender_gap_flag(7.2, 10)
    assert gender_gap_flag(7.2, 5)
    assert gender_gap_flag(-12.0, 10)
    assert not gender_gap_flag(None, 0)
