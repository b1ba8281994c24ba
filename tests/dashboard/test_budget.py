"""Budget on the FIX project as of 2025-06-30 (hand-computed from budget.xlsx, huvudbok.csv and narvaro.csv).

Spent Jan–Jun: ledger 221 000 kr (personal 6 × 30 000, köp av tjänst 10 000 + 15 000 + 18 500 − 2 500) and
participant pay 32 007,50 kr (Feb 8 321, Mar 9 160, Apr 10 160, May 4 366,50) = 253 007,50 kr.
Rate: Apr 58 660 + May 34 366,50 + Jun 27 500 = 120 526,50 / 3 = 40 175,50 kr a month, 6 months left (Jul–Dec).
Forecast 253 007,50 + 6 × 40 175,50 = 494 060,50 kr against a plan of 590 000 kr: 16 % under, a warning.
"""

import datetime as dt

from conftest import metrics, table


def test_key_figures_forecast_and_warning(app):
    at = app("budget", projekt="FIX", per="2025-06-30")
    shown = metrics(at)
    assert shown["Använt hittills"] == "253 008 kr"
    assert shown["Andel av budgeten använd"] == "43 %"  # 253 007,50 / 590 000
    assert shown["Andel av projekttiden som gått"] == "50 %"  # 181 of 365 days
    assert shown["Prognos vid projektets slut"] == "494 060 kr"  # 494 060,50, rounded half to even
    assert {m.label: m.delta for m in at.metric}["Prognos vid projektets slut"] == "-16 % mot budget"  # ASCII minus: the arrow points down
    assert "16 % under budget" in at.warning[0].value


def test_plan_against_spending_per_cost_heading(app):
    at = app("budget", projekt="FIX", per="2025-06-30")
    headings = table(at, "Planerat hittills")
    spent = dict(zip(headings["Kostnadsslag"], headings["Använt"]))
    assert spent == {"personal": "180 000 kr", "köp av tjänst": "41 000 kr", "deltagarlön": "32 008 kr"}


def test_financing_shows_participant_pay_from_attendance(app):
    at = app("budget", projekt="FIX", per="2025-12-31")
    financing = table(at, "Finansiär")
    assert dict(zip(financing["Finansiär"], financing["Planerat"])) == {
        "esf": "550 000 kr", "offentlig medfinansiering": "40 000 kr", "deltagarlön": "0 kr",
    }
    assert dict(zip(financing["Finansiär"], financing["Beviljat"]))["esf"] == "550 000 kr"
    assert dict(zip(financing["Finansiär"], financing["Deltagarlön hittills"]))["deltagarlön"] == "32 008 kr"


def test_participant_pay_of_fewer_than_five_people_waits_for_the_next_month(app):
    """April's participant pay (10 160 kr) comes from 3 people, so it is not reported in April: it waits and is
    released with May's (4 366,50 kr), when the people behind the pool are 8 (issue 8: a month's spending with
    the pay of 1–4 people in it gave that pay by subtraction, e.g. "+2 756 kr since the last meeting").

    Every reported month is then the pay of 5 people or more, so nothing on the page needs hiding any more: the
    month table used to hide six cells (April and May's pay and four ledger cells beside them).
    """
    at = app("budget", projekt="FIX", per="2025-06-30")
    at.radio(key="budget_period_unit").set_value("month").run()
    cells = table(at, "Period (första dag)")
    shown = {(str(row["Period (första dag)"])[:7], row["Kostnadsslag"]): row["Använt"] for _, row in cells.iterrows()}
    assert [key for key, value in shown.items() if value == "–"] == []
    assert [shown[(month, "deltagarlön")] for month in ("2025-02", "2025-03", "2025-04", "2025-05", "2025-06")] == [
        "8 321 kr", "9 160 kr", "0 kr", "14 526 kr", "0 kr"]
    # the ledger stays where it was booked: köp av tjänst 18 500 in April
    assert shown[("2025-04", "köp av tjänst")] == "18 500 kr"
    # by June all of it is reported: 8 321 + 9 160 + 14 526,50 = 32 007,50, as in the heading totals
    headings = table(at, "Planerat hittills")
    assert dict(zip(headings["Kostnadsslag"], headings["Använt"]))["deltagarlön"] == "32 008 kr"


def test_early_in_a_month_the_headings_add_up_to_the_spent_figure(app):
    """Money is counted in whole months everywhere: as of 5 April all of April counts, in the spent figure and in
    the headings alike.

    Jan–Apr: personal 4 × 30 000 = 120 000, köp av tjänst 10 000 + 15 000 + 18 500 = 43 500, deltagarlön
    8 321 + 9 160 = 17 481 (April's 10 160 kr from 3 people waits for 5: it is released with May's pay);
    together 180 981 kr (the burn-up's April value in the month table).
    """
    at = app("budget", projekt="FIX", per="2025-04-05")
    assert metrics(at)["Använt hittills"] == "180 981 kr"
    headings = table(at, "Planerat hittills")
    assert dict(zip(headings["Kostnadsslag"], headings["Använt"])) == {
        "personal": "120 000 kr", "köp av tjänst": "43 500 kr", "deltagarlön": "17 481 kr"}


def test_the_people_behind_the_participant_pay_never_leave_the_data_layer(dashboard_warehouse, monkeypatch):
    """financing.sql's n (the people behind the pay, people of gender X among them) is what its suppression reads
    (`-- helpers: n`): data.cells drops it, so no page can set it beside a count of women and men (the equality
    audit found EQ2's 22 paid people − 20 women and men = its 2 X)."""
    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    assert data.named_query("financing").helpers == ("n",)
    shown = data.cells("financing", scope=None, project_id="FIX", as_of=dt.date(2025, 12, 31))
    bound = tuple((p, {"project_id": "FIX", "as_of": dt.date(2025, 12, 31)}[p])
                  for p in data.named_query("financing").parameters)
    raw = data._fetch_raw("financing", bound, data._stamp(), None)
    data.clear_caches()
    assert "n" not in shown.columns and "n" in raw.columns
    pay = shown.set_index("financing_source").loc["deltagarlön", "actual_sek"]
    assert round(pay) == 32_008
