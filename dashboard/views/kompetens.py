"""Kompetens: level, gap to the required level and change per department and area, and the share who improved."""

import pandas as pd
import streamlit as st

from dashboard import charts, data, empty_states, filters, formatting, palette, tables
from dashboard.tables import Column
from dashboard.i18n import t

MEASURES = ("gap", "level", "change")
DIMENSIONS = ("department", "gender", "role")

# Filters
view = filters.current()
st.title(t("competence.title"))
if empty_states.show_missing(view, "competence"):
    st.stop()
waves = list(data.cells("competence_waves", view)["wave"])
if not waves:
    st.info(t("competence.no_wave"))
    st.stop()
left, middle, right = st.columns(3)
measure = left.radio(
    t("competence.measure"), MEASURES, key="competence_measure", format_func=lambda m: t(f"competence.measure_{m}"),
)
# the latest mapping first: that is where the project stands now
wave = middle.radio(
    t("competence.wave"), waves, index=len(waves) - 1, key="competence_wave",
    format_func=lambda w: t(f"wave.{w}"), disabled=measure == "change", help=t("competence.wave_help"),
)
dimension = right.radio(
    t("breakdown.rows"), DIMENSIONS, key="competence_dimension", format_func=lambda d: t(f"breakdown.{d}"),
)
projects_as_rows = dimension == "department" and view.project_id is None
rows_name = t("breakdown.project" if projects_as_rows else f"breakdown.{dimension}")
# with the gender filter on, every title says whose figures they are
only = f" · {tables.gender_label(view.gender)}" if view.gender else ""

# Data
heat = charts.with_group_labels(
    data.cells("competence_heatmap", view, measure=measure, wave=wave, dimension=dimension),
    dimension, "row_key", "row_name",
)
improved = charts.with_group_labels(data.cells("competence_improved", view, dimension=dimension),
                                    dimension, "row_key", "row_name")
total = improved[improved["level"] == "total"]

# Key figures: the share who improved against the sub-goal's target
first = total.iloc[0] if len(total) else pd.Series(dtype=object)
share, target, behind = first.get("improved_share"), first.get("target_share"), first.get("points_to_target")
cols = st.columns(3)
cols[0].metric(
    t("competence.improved") + only, formatting.percent(share), help=t("competence.improved_help"),
    delta=None if pd.isna(behind) else t("competence.against_target", points=formatting.points(behind)),
    **charts.delta_look(behind),
)
if pd.isna(target):
    cols[1].metric(t("competence.target"), t("competence.no_target"), help=t("competence.no_target_help"))
else:
    cols[1].metric(t("competence.target"), formatting.percent(target))
cols[2].metric(t("competence.paired"), formatting.number(first.get("paired")))
if bool(improved.get("women_and_men", pd.Series(False)).fillna(False).any()) or bool(
        heat.get("women_and_men", pd.Series(False)).fillna(False).any()):
    st.caption(t("privacy.core.total_note"))

# The heatmap
wave_name = t(f"wave.{wave}").lower()
title = t(f"competence.heatmap_{measure}", rows=rows_name.lower(), wave=wave_name) + only
charts.chart_block(
    charts.heatmap(
        heat, "label", "competence_area", "value", title, t(f"competence.colour_{measure}"),
        diverging=measure != "level", higher_is_better=measure != "gap", signed=measure == "change",
    ) if len(heat) else None,
    heat,
    {
        "label": Column(rows_name),
        "competence_area": Column(t("competence.area")),
        "value": Column(t(f"competence.value_{measure}"), "number1"),
        "n": Column(t("competence.people"), "int"),
    },
    f"kompetens_{measure}_{dimension}", title, caption=t(f"competence.help_{measure}"),
)
if projects_as_rows:
    st.caption(t("breakdown.projects_as_rows"))
if dimension == "gender":
    st.caption(t("gender.X_help"))

# The share who improved, per group, against the target
title = t("competence.improved_by", rows=rows_name.lower()) + only
colours = [palette.GENDER_COLOURS.get(k, palette.SPENT_COLOUR) if dimension == "gender" or k == "T"
           else palette.SPENT_COLOUR for k in improved["row_key"]]
charts.chart_block(
    charts.bars(
        improved, "label", "improved_share", title, t("competence.improved"), kind="percent", colours=colours,
        target=target, target_label=t("competence.target_line", target=formatting.percent(target)),
    ) if len(improved) else None,
    improved,
    {
        "label": Column(rows_name),
        "paired": Column(t("competence.paired"), "int"),
        "improved_share": Column(t("competence.improved"), "percent"),
        "target_share": Column(t("competence.target"), "percent"),
        "points_to_target": Column(t("competence.points_to_target"), "points"),
    },
    f"hojt_kompetens_{dimension}", title, caption=t("competence.improved_help"),
)

# The distribution behind one shown cell
st.header(t("competence.distribution"))
shown = heat[~heat["hidden_value"] & heat["value"].notna()]
if shown.empty:
    st.info(t("competence.no_cells"))
    st.stop()
cells = filters.distinct_labels({f"{row.row_key}\t{row.competence_area}": f"{row.label} · {row.competence_area}"
                                 for row in shown.itertuples()}, shown_key=lambda key: key.split("\t")[0])
chosen = st.selectbox(t("competence.cell"), list(cells), format_func=cells.get, key="competence_cell",
                      help=t("competence.cell_help"))
row_key, area = chosen.split("\t")
distribution = data.cells(
    "competence_distribution", view, measure=measure, wave=wave, dimension=dimension, row_key=row_key,
    competence_area=area,
).assign(step_label=lambda frame: [formatting.signed(formatting.number(s, 1), s) if measure == "change"
                                    else formatting.number(s, 1) for s in frame["step"]])
title = t("competence.distribution_title", row=cells[chosen].split(" · ")[0], area=area,
          measure=t(f"competence.value_{measure}").lower()) + only
charts.chart_block(
    charts.bars(distribution, "step_label", "people", title, t("competence.people")) if len(distribution) else None,
    distribution,
    {"step_label": Column(t("competence.step")), "people": Column(t("competence.people"), "int")},
    f"fordelning_{measure}", title, caption=t("competence.distribution_help"), level=3,
)
