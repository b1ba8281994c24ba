"""Medarbetarenkät: HME total and its three sub-indices (0–100) by gender and department, baseline and follow-up."""

import pandas as pd
import streamlit as st

from dashboard import charts, data, empty_states, filters, formatting, narrative, tables
from dashboard.tables import Column
from dashboard.i18n import t

INDICES = ("hme_total", "motivation", "ledarskap", "styrning")
DIMENSIONS = ("gender", "department")

# Filters
view = filters.current()
st.title(t("hme.title"))
st.markdown(t("hme.intro"))
if empty_states.show_missing(view, "hme"):
    st.stop()
left, right = st.columns(2)
dimension = left.radio(
    t("breakdown.rows"), DIMENSIONS, horizontal=True, key="hme_dimension", format_func=lambda d: t(f"breakdown.{d}"),
)
index = right.selectbox(t("hme.index"), INDICES, key="hme_index", format_func=lambda i: t(f"hme.{i}"))
projects_as_rows = dimension == "department" and view.project_id is None
rows_name = t("breakdown.project" if projects_as_rows else f"breakdown.{dimension}")
# with the gender filter on, every title says whose figures they are
only = f" · {tables.gender_label(view.gender)}" if view.gender else ""

# Data
hme = charts.with_group_labels(data.cells("hme_index", view, dimension=dimension), dimension, "group_key", "group_name")
hme = hme.assign(
    index_label=[t(f"hme.{i}") for i in hme["hme_index"]], wave_label=[t(f"wave.{w}") for w in hme["wave"]],
)
if hme.empty:
    st.info(t("hme.no_survey"))
    st.stop()
totals = hme[hme["level"] == "total"]
waves = list(dict.fromkeys(totals["wave"]))
latest = waves[-1]


def total_score(index_name: str, wave: str, column: str = "score") -> float | None:
    """The figure of one index and wave for the whole selection (None when hidden or absent)."""
    rows = totals.loc[(totals["hme_index"] == index_name) & (totals["wave"] == wave), column]
    return None if rows.empty or pd.isna(rows.iloc[0]) else float(rows.iloc[0])


# Key figures: where the latest survey stands, and the change since the baseline
cols = st.columns(len(INDICES))
for col, index_name in zip(cols, INDICES):
    now = total_score(index_name, latest)
    moved = narrative.change(now, total_score(index_name, "baseline")) if latest != "baseline" else None
    col.metric(
        t(f"hme.{latest}_value", index=t(f"hme.{index_name}")) + only,
        formatting.number(now),
        delta=None if moved is None else t("hme.change", change=formatting.signed(formatting.number(moved), moved)),
        **charts.delta_look(moved),
    )
st.caption(t(
    "hme.respondents",
    baseline=formatting.number(total_score("hme_total", "baseline", "respondents")),
    follow_up=formatting.number(total_score("hme_total", "follow_up", "respondents")),
))

columns = {
    "label": Column(rows_name),
    "index_label": Column(t("hme.index")),
    "wave_label": Column(t("hme.wave")),
    "score": Column(t("hme.value_column"), "int"),
    "respondents": Column(t("hme.respondents_column"), "int"),
}

# The total and the three sub-indices, baseline against follow-up
title = t("hme.overview") + only
charts.chart_block(
    charts.wave_bars(totals, "index_label", "score", title, t("hme.axis"), axis_range=(0, 112)),
    totals, {name: column for name, column in columns.items() if name != "label"}, "hme_oversikt", title,
)

# One index per gender or department
chosen = hme[hme["hme_index"] == index]
title = t("hme.by_group", index=t(f"hme.{index}"), rows=rows_name.lower()) + only
charts.chart_block(
    charts.wave_bars(chosen, "label", "score", title, t("hme.axis"), axis_range=(0, 112)),
    chosen, columns, f"hme_{index}_{dimension}", title,
)
if projects_as_rows:
    st.caption(t("breakdown.projects_as_rows"))
if dimension == "gender":
    st.caption(t("gender.X_help"))
