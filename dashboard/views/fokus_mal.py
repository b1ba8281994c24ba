"""Fokusområden och mål: activities, participants and hours per focus area, and every sub-goal with its status."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, empty_states, figures, filters
from dashboard.charts import Column
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
fig = None
if len(areas):
    fig = go.Figure()
    written = charts.display_table(drawn, {"participants": Column("", "int")})[""]
    fig.add_bar(y=drawn["name"], x=drawn["participants"].fillna(0), orientation="h", name=t("focus.participants"),
                marker_color=charts.SPENT_COLOUR, text=written, textposition="none")
    fig.add_scatter(y=drawn["name"], x=drawn["target_participants"], mode="markers", name=t("focus.target"),
                    marker={"symbol": "line-ns-open", "size": 30, "color": charts.PLAN_MARKER_COLOUR,
                            "line": {"width": 4}})
    # the value is written beyond both the bar and the target mark, so the mark never runs through the number
    largest = float(drawn[["participants", "target_participants"]].fillna(0).to_numpy().max())
    fig.add_scatter(y=drawn["name"], x=drawn[["participants", "target_participants"]].max(axis=1).fillna(0)
                    + 0.015 * largest, mode="text", text=list(written), textposition="middle right", cliponaxis=False,
                    textfont={"size": charts.FONT_SIZE}, showlegend=False, hoverinfo="skip")
    fig.update_layout(height=charts.bar_height(len(drawn), 1))
    fig.update_yaxes(autorange="reversed")
    charts.style(fig, title)
    charts.pad_for_labels(fig, max(drawn["participants"].max(), drawn["target_participants"].max()))
area_columns = {
    "name": Column(t("focus.area")),
    "activities_held": Column(t("focus.activities_held"), "int"),
    "activities_planned": Column(t("focus.activities_planned"), "int"),
    "participants": Column(t("focus.participants"), "int"),
    "target_participants": Column(t("focus.target"), "int"),
    "share_of_target": Column(t("focus.share_of_target"), "percent"),
    "hours": Column(t("focus.hours"), "int"),
}
charts.chart_block(fig, areas, area_columns, "fokusomraden", title,
                   caption=" ".join([t("focus.help"), *([more] if more else [])]))

# Focus areas: activities held against planned
title = t("focus.activities_title")
fig = None
if len(drawn):
    fig = go.Figure()
    for column, colour in (("activities_planned", charts.PLAN_COLOUR), ("activities_held", charts.SPENT_COLOUR)):
        fig.add_bar(y=drawn["name"], x=drawn[column], orientation="h", name=t(f"focus.{column}"),
                    marker_color=colour, text=drawn[column], textposition="outside", cliponaxis=False,
                    textfont={"size": charts.FONT_SIZE})
    fig.update_layout(barmode="group", height=charts.bar_height(len(drawn), 2))
    fig.update_yaxes(autorange="reversed")
    charts.style(fig, title)
    fig.update_xaxes(dtick=1, tickformat="d")
    charts.pad_for_labels(fig, drawn["activities_planned"].max())
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
charts.goals_table(goals, goal_columns, t("focus.goals_title"))

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
