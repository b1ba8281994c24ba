"""Fokusområden och mål: activities, participants and hours per focus area, and every sub-goal with its status."""

import streamlit as st

from dashboard import charts, data, empty_states, figures, filters, tables
from dashboard.tables import Column
from dashboard.i18n import t

# Filters
view = filters.current()
st.title(t("focus.title"))
empty_states.show_missing(view, "activities", "goals")

# Data
areas = figures.focus_areas(view)
goals = figures.goals(view)
comments = data.cells("goal_comments", view)

# Focus areas: participants against the target (a whole portfolio draws its largest areas; the table has all)
drawn = areas if len(areas) <= charts.MAX_BARS else charts.first_categories(
    areas.sort_values("participants", ascending=False), "name")
more = t("chart.first_only", shown=charts.MAX_BARS, total=len(areas)) if len(areas) > charts.MAX_BARS else None
title = t("focus.participants_vs_target")
fig = charts.target_bars(drawn, title) if len(areas) else None
area_columns = {
    "name": Column(t("focus.area")),
    "activities_held": Column(t("focus.activities_held"), "int"),
    "activities_planned": Column(t("focus.activities_planned"), "int"),
    "participants": Column(t("focus.participants"), "int"),
    "target_participants": Column(t("focus.target"), "int"),
    "share_of_target": Column(t("focus.share_of_target"), "percent"),
    "hours": Column(t("focus.hours"), "int"),
}
women_and_men = "women_and_men" in areas and bool(areas["women_and_men"].fillna(False).astype(bool).any())
charts.chart_block(fig, areas, area_columns, "fokusomraden", title,
                   caption=" ".join([t("focus.help"), *([more] if more else []),
                                     *([t("privacy.core.rows_women_and_men")] if women_and_men else [])]))

# Focus areas: activities held against planned
title = t("focus.activities_title")
fig = charts.activity_bars(drawn, title) if len(drawn) else None
charts.chart_block(fig, areas, area_columns, "aktiviteter_per_fokusomrade", title, caption=more)

# Sub-goals with traffic lights
st.header(t("focus.goals_title"))
goals["source"] = [t("goals.computed") if computed else t("goals.entered") for computed in goals["computed_from"].notna()]
goal_columns = {
    "name": Column(t("goals.name")),
    "baseline": Column(t("goals.baseline"), "goal"),
    "target": Column(t("goals.target"), "goal"),
    "target_date": Column(t("goals.target_date"), "date"),
    "actual": Column(t("goals.actual"), "goal"),
    "source": Column(t("goals.source")),
    "status": Column(t("goals.status"), "status"),
    "comment": Column(t("goals.comment")),
}
tables.goals_table(goals, goal_columns, t("focus.goals_title"))

# Comments per period
charts.chart_block(
    None, comments,
    {
        "name": Column(t("goals.name")),
        "date": Column(t("goals.date"), "date"),
        "value": Column(t("goals.value"), "goal"),
        "status": Column(t("focus.entered_status"), "status"),
        "comment": Column(t("goals.comment")),
    },
    "delmal_kommentarer", t("focus.comments_title"),
)
