"""Portfolio: all projects side by side: budget against time, participants by gender, sub-goals, competence change."""

import streamlit as st

from dashboard import charts, data, figures, filters, formatting, narrative, rules, tables
from dashboard.tables import Column
from dashboard.i18n import t
from dashboard.report import offer

# Bars stay readable on a projector for this many projects; the table always holds all of them.
CHART_PROJECTS = 30
# Sort key: (column, ascending); None keeps the query's order (latest start first). Hidden figures sort last.
SORTS = {
    "start": (None, True),
    "name": ("name", True),
    "pace": ("pace_points", True),
    "participants": ("participants", False),
    "improved": ("improved_share", True),
    "red": ("goals_red", False),
}


def open_project(project_id: str | None) -> None:
    """Choose the project in the sidebar filter and open its summary (a callback, so it runs before the rerun)."""
    if project_id:
        st.session_state["project"] = project_id
        st.session_state["_open_summary"] = True


def show_all_projects() -> None:
    """Go back to all projects in the sidebar filter."""
    st.session_state["project"] = filters.ALL


def open_selected_row() -> None:
    """Open the project of the row clicked in the table (the table lists st.session_state["_portfolio_ids"])."""
    rows = st.session_state["portfolio_table"].selection.rows
    ids = st.session_state.get("_portfolio_ids", [])
    open_project(ids[rows[0]] if rows and rows[0] < len(ids) else None)


# Filters
view = filters.current()
if view.project_id is not None:
    if st.session_state.pop("_open_summary", False):
        st.switch_page("views/sammanfattning.py")
    st.title(t("portfolio.title"))
    st.info(t("portfolio.one_project"))
    st.button(t("portfolio.show_all"), on_click=show_all_projects, key="portfolio_show_all")
    offer.downloads(view)
    st.stop()
st.title(t("portfolio.title"))
st.caption(t("portfolio.scope"))
sort = st.selectbox(t("portfolio.sort"), list(SORTS), key="portfolio_sort",
                    format_func=lambda s: t(f"portfolio.sort_{s}"))

# Data
rows = figures.portfolio_projects(view)
goals = figures.goals(view)
participants = data.cells("portfolio_participants", view)
total = rows[rows["level"] == "total"].iloc[0]
column, ascending = SORTS[sort]
projects = narrative.with_goal_counts(rows[rows["level"] == "project"], goals)
if column:
    projects = projects.sort_values(column, ascending=ascending, na_position="last", kind="stable")
projects = projects.reset_index(drop=True)

# Key figures
# two and two: a national portfolio's kronor need the room
cols = st.columns(2) + st.columns(2)
cols[0].metric(t("portfolio.projects"), formatting.number(total["projects"]))
cols[1].metric(t("portfolio.behind"), formatting.number(total["projects_behind"]),
               help=t("portfolio.behind_help", points=rules.BEHIND_POINTS))
cols[2].metric(t("portfolio.planned_total"), formatting.money(total["planned_total"]))
cols[3].metric(t("portfolio.spent_total"), formatting.money(total["spent_to_date"]),
               help=t("portfolio.table_help"))

# The projects side by side (click a row to open the project)
st.header(t("portfolio.table_title"))
# the figures a steering group compares come first; facts and kronor follow on the right
columns = {
    "name": Column(t("portfolio.name")),
    "spent_share": Column(t("portfolio.spent_share"), "percent"),
    "elapsed_share": Column(t("portfolio.elapsed_share"), "percent"),
    "pace_points": Column(t("portfolio.pace"), "points"),
    "participants": Column(t("portfolio.participants"), "int"),
    "reached_share": Column(t("portfolio.reached_share"), "percent"),
    "improved_share": Column(t("portfolio.improved_share"), "percent"),
    **{f"goals_{s}": Column(t(f"portfolio.goals_{s}"), "int") for s in ("green", "yellow", "red", "none")},
    "phase": Column(t("portfolio.phase")),
    "start_date": Column(t("portfolio.start"), "date"),
    "end_date": Column(t("portfolio.end"), "date"),
    "planned_total": Column(t("portfolio.planned"), "money"),
    "spent_to_date": Column(t("portfolio.spent"), "money"),
}
st.session_state["_portfolio_ids"] = list(projects["project_id"])
st.dataframe(
    tables.display_table(projects, columns), hide_index=True, width="stretch", key="portfolio_table",
    on_select=open_selected_row, selection_mode="single-row",
)
st.caption(t("portfolio.table_help"))
if any(projects[f"hidden_{c}"].any() for c in ("participants", "improved_share")):
    st.caption(t("privacy.explanation"))
if "women_and_men" in projects and projects["women_and_men"].fillna(False).astype(bool).any():
    st.caption(t("privacy.core.rows_women_and_men"))
tables.downloads(projects, columns, "portfolio", t("portfolio.table_title"))
left, right = st.columns([3, 1], vertical_alignment="bottom")
names = filters.distinct_labels(dict(zip(projects["project_id"], projects["name"])))
chosen = left.selectbox(t("portfolio.open"), list(names), format_func=names.get, key="portfolio_open")
right.button(t("portfolio.open_button"), on_click=open_project, args=(chosen,), key="portfolio_open_button",
             icon=":material/open_in_new:")

# Budget against time, in the order of the table
shown = projects.head(CHART_PROJECTS)
title = t("portfolio.pace_title")
charts.chart_block(
    charts.pace_bars(shown, "name", "spent_share", "elapsed_share", title, t("portfolio.spent_share"),
                     t("portfolio.elapsed_share")) if len(shown) else None,
    projects[["name", "spent_share", "elapsed_share", "pace_points"]],
    {name: columns[name] for name in ("name", "spent_share", "elapsed_share", "pace_points")},
    "portfolio_budget_mot_tid", title,
    caption=" ".join([t("portfolio.pace_help")] + ([t("portfolio.first_projects", count=CHART_PROJECTS)]
                                                  if len(projects) > CHART_PROJECTS else [])),
)

# Participants by gender, in the order of the table
shown_ids = list(projects["project_id"])[:CHART_PROJECTS]
by_gender = participants[participants["project_id"].isin(shown_ids)]
by_gender = by_gender.assign(
    order=by_gender["project_id"].map(shown_ids.index), label=[charts.wrap_label(n, 30) for n in by_gender["name"]],
).sort_values("order", kind="stable")
title = t("portfolio.participants_title")
charts.chart_block(
    charts.gender_bars(by_gender, "label", "participants", title, t("portfolio.participants"))
    if len(by_gender) else None,
    by_gender,
    {"name": Column(t("portfolio.name")), "gender": Column(t("filter.gender"), "gender"),
     "participants": Column(t("portfolio.participants"), "int")},
    "portfolio_deltagare", title,
    caption=t("portfolio.first_projects", count=CHART_PROJECTS) if len(projects) > CHART_PROJECTS else None,
)
