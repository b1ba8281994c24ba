"""Deltagande och jämställdhet: who takes part, women and men, against the target group."""

import streamlit as st

from dashboard import charts, data, empty_states, figures, filters, formatting, rules, tables
from dashboard.tables import Column
from dashboard.i18n import language, t

DIMENSIONS = ("focus_area", "activity", "department", "age_band")

# Filters
view = filters.current()
st.title(t("participation.title"))
if empty_states.show_missing(view, "people", "attendance"):
    st.stop()
left, right = st.columns([3, 2])
dimension = left.radio(
    t("participation.breakdown"), DIMENSIONS, horizontal=True, key="participation_dimension",
    format_func=lambda d, lang=language(): t(f"participation.by_{d}", lang),
)
threshold = right.slider(
    t("participation.threshold"), min_value=0, max_value=30, value=rules.GAP_POINTS, step=1, key="gap_threshold",
    help=t("participation.threshold_help"),
)

# Data
shares = figures.women_share(view, threshold)
breakdown = data.cells("participation_by_dimension", view, dimension=dimension)
over_time = figures.participation_over_time(view)  # with the people reached so far when a project is chosen

# Women's share among participants against the target group
overall = shares[shares["level"] == "total"]
if len(overall):
    overall = overall.iloc[0]
    cols = st.columns(3)
    cols[0].metric(t("participation.women_participants"), formatting.percent(overall["participant_women_share"]))
    cols[1].metric(t("participation.women_target_group"), formatting.percent(overall["staff_women_share"]))
    cols[2].metric(t("participation.gap"), formatting.points(overall["gap_points"]), help=t("participation.gap_help"))
    if overall["flagged"]:
        st.warning(t("participation.gap_flag", gap=formatting.points(overall["gap_points"]), threshold=threshold))
    st.caption(t("gender.X_help"))
    if bool(overall.get("women_and_men_participants")) or bool(overall.get("women_and_men_staff")):
        # equality rule: 1–4 people of gender X are left out, so the shares are of women and men
        st.caption(t("privacy.core.total_note"))

# Participants and hours by gender for the chosen breakdown
dimension_name = t(f"participation.by_{dimension}")
breakdown_columns = {
    "label": Column(dimension_name),
    "gender": Column(t("filter.gender"), "gender"),
    "participants": Column(t("participation.participants"), "int"),
    "hours": Column(t("participation.hours"), "int"),
    "hours_per_participant": Column(t("participation.hours_per_participant"), "number1"),
}
# a whole portfolio has hundreds of activities: the chart takes the largest, the table keeps them all
largest = charts.first_categories(breakdown, "label")
categories = breakdown["label"].nunique()
more = t("chart.first_only", shown=charts.MAX_BARS, total=categories) if categories > charts.MAX_BARS else None
title = t("participation.participants_by", by=dimension_name.lower())
charts.chart_block(
    charts.gender_bars(largest, "label", "participants", title, t("participation.participants")) if len(breakdown) else None,
    breakdown, breakdown_columns, f"deltagare_{dimension}", title, caption=more,
)
title = t("participation.hours_per_participant_by", by=dimension_name.lower())
charts.chart_block(
    charts.gender_bars(largest, "label", "hours_per_participant", title, t("participation.hours_per_participant"),
                       kind="number1") if len(breakdown) else None,
    breakdown, breakdown_columns, f"timmar_per_deltagare_{dimension}", title, caption=more,
)

# Women's share per department against the target group
departments = shares[shares["level"] == "department"].copy()
title = t("participation.women_share_title")
fig = charts.women_share_bars(departments, title) if len(departments) else None
charts.chart_block(
    fig, departments,
    tables.women_share_columns(threshold),
    "kvinnor_per_forvaltning", title,
    caption=" ".join([t("participation.gap_help"), *([t("chart.first_only", shown=charts.MAX_BARS,
                                                        total=len(departments))] if len(departments) > charts.MAX_BARS else [])]),
)

# Participation over time
title = t("participation.over_time")
monthly = figures.months_with_zeros(over_time[over_time["gender"].isin(["K", "M", "X", "T"])])
charts.chart_block(
    charts.lines(monthly, "month", "participants", "gender", title, t("participation.participants_per_month"),
                 dashed={"T"}) if len(monthly) else None,
    over_time,
    {
        "month": Column(t("participation.month"), "date"),
        "gender": Column(t("filter.gender"), "gender"),
        "participants": Column(t("participation.participants_per_month"), "int"),
        "hours": Column(t("participation.hours"), "int"),
        **({"reached": Column(t("participation.reached_so_far"), "int")} if "reached" in over_time.columns else {}),
    },
    "deltagande_over_tid", title,
    caption=t("participation.over_time_help") if "reached" in over_time.columns else t("participation.over_time_all"),
)
