"""Budget: plan against spending, the burn-up, the forecast to the end date and the financing."""

import streamlit as st

from dashboard import charts, data, empty_states, figures, filters, formatting
from dashboard.tables import Column
from dashboard.i18n import language, t

PERIOD_UNITS = ("month", "quarter", "year")

# Filters
view = filters.current()
st.title(t("budget.title"))
st.caption(t("budget.scope"))
if empty_states.show_missing(view, "budget", "ledger") == {"budget", "ledger"}:
    st.stop()
period_unit = st.radio(
    t("budget.period_unit"), PERIOD_UNITS, index=1, horizontal=True, key="budget_period_unit",
    format_func=lambda unit, lang=language(): t(f"budget.{unit}", lang),
)

# Data
months = figures.budget_months(view)
headings = figures.budget_headings(view)
periods = data.cells("budget_by_heading", view, period_unit=period_unit)
financing = figures.financing(view)
forecast = figures.budget(view)

# Key figures
cols = st.columns(4)
cols[0].metric(t("budget.spent"), formatting.money(forecast.spent_to_date),
               help=t("budget.spent_help", plan=formatting.money(forecast.planned_to_date)))
cols[1].metric(t("budget.spent_share"), formatting.percent(forecast.spent_share),
               help=t("budget.spent_share_help", total=formatting.money(forecast.planned_total)))
cols[2].metric(t("budget.elapsed_share"), formatting.percent(forecast.elapsed_share),
               help=t("budget.elapsed_help", start=formatting.date(view.project_start),
                      end=formatting.date(view.project_end)))
cols[3].metric(t("budget.forecast"), formatting.money(forecast.forecast),
               delta=formatting.metric_delta(t("budget.deviation", deviation=formatting.percent(forecast.deviation))),
               delta_color="off", help=t("budget.forecast_rule"))
if forecast.warning:
    key = "budget.warning_under" if forecast.deviation < 0 else "budget.warning_over"
    st.warning(t(key, deviation=formatting.percent(abs(forecast.deviation)),
                 forecast=formatting.money(forecast.forecast), total=formatting.money(forecast.planned_total)),
               icon=":material/warning:")
else:
    st.success(t("budget.on_plan", deviation=formatting.percent(forecast.deviation)), icon=":material/check_circle:")

# Burn-up: cumulative spending against the plan line, with the forecast to the end date
title = t("budget.burn_up")
fig = charts.burn_up(months, forecast, title) if len(months) else None
charts.chart_block(
    fig, months,
    {
        "month": Column(t("budget.month"), "date"),
        "planned_sek": Column(t("budget.planned"), "money"),
        "spent_sek": Column(t("budget.spent_column"), "money"),
        "cumulative_planned_sek": Column(t("budget.cumulative_planned"), "money"),
        "cumulative_spent_sek": Column(t("budget.cumulative_spent"), "money"),
    },
    "budget_burn_up", title, caption=t("budget.forecast_rule"),
    summary=t("a11y.burn_up", spent=formatting.money(forecast.spent_to_date),
              planned=formatting.money(forecast.planned_to_date), date=formatting.date(view.as_of),
              forecast=formatting.money(forecast.forecast), total=formatting.money(forecast.planned_total)),
)

# Plan against spending per cost heading
title = t("budget.by_heading")
fig = charts.heading_bars(headings, title) if len(headings) else None
charts.chart_block(
    fig, headings,
    {
        "cost_heading": Column(t("budget.cost_heading")),
        "planned_to_date_sek": Column(t("budget.planned_to_date"), "money"),
        "spent_sek": Column(t("budget.spent_column"), "money"),
        "planned_total_sek": Column(t("budget.planned_total"), "money"),
    },
    "budget_per_kostnadsslag", title, caption=t("budget.participant_pay_note") + " " + t("privacy.core.pay_waits"),
)

# Plan and spending per period and cost heading
title = t("budget.by_period", unit=t(f"budget.{period_unit}").lower())
fig = charts.period_heading_bars(periods, title) if len(periods) else None
charts.chart_block(
    fig, periods,
    {
        "period": Column(t("budget.period"), "date"),
        "cost_heading": Column(t("budget.cost_heading")),
        "planned_sek": Column(t("budget.planned"), "money"),
        "spent_sek": Column(t("budget.spent_column"), "money"),
    },
    f"budget_per_{period_unit}", title, value_kind="money",
)

# Financing
title = t("budget.financing")
charts.chart_block(
    None, financing,
    {
        "financing_source": Column(t("budget.financing_source")),
        "planned_sek": Column(t("budget.planned"), "money"),
        "granted_sek": Column(t("budget.granted"), "money"),
        "actual_sek": Column(t("budget.participant_pay_so_far"), "money"),
    },
    "finansiering", title, caption=t("budget.financing_note"),
)
