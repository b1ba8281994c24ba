"""Sammanfattning: one printable page for politicians: are we on track?"""

import streamlit as st

from dashboard import empty_states, figures, filters, formatting, narrative, privacy, tables
from dashboard.tables import Column
from dashboard.i18n import t
from dashboard.report import offer

# Filters
view = filters.current()

# Data
since = figures.since_meeting(view)
before = since.then if since is not None else None
participation = figures.participation(view)
budget = figures.budget(view)
goals = figures.goals(view)
competence = figures.improved_share(view)
if since is not None:
    participation_then, budget_then, goals_then = since.participation_then, since.budget_then, since.goals_then

st.title(t("summary.title"))
# the project and the dates head the page so a printout stands on its own
st.markdown(t("summary.as_of", project=view.project_name, date=formatting.date(view.as_of),
              start=formatting.date(view.project_start), end=formatting.date(view.project_end)))
if since is not None:
    st.caption(t("summary.since_meeting", date=formatting.date(since.since), title=since.title or ""))
else:
    st.caption(t("summary.no_meeting"))
empty_states.show_missing(view, "attendance", "budget", "ledger", "goals", "competence")


def figure(container, label: str, value: float | None, text: str, then: float | None = None, kind: str = "int",
           more_is_better: bool = True):
    """One key figure with its change since the last meeting (– when hidden)."""
    delta = None
    if before is not None:
        moved = narrative.change(value, then)
        if moved is not None:
            delta = (formatting.points(moved * 100) if kind == "percent" else formatting.signed(
                formatting.money(moved) if kind == "money" else formatting.number(moved), moved))
            delta = formatting.metric_delta(delta)
    container.metric(
        label, text, delta=delta,
        delta_color="off" if kind == "money" else ("normal" if more_is_better else "inverse"),
        help=t("privacy.hidden") if text == formatting.HIDDEN else None,
    )


# Key figures: participation. Equality rule: when 1–4 people are of gender X, Kvinnor and Män stay and the total is
# Kvinnor och män (K + M), compared with K + M at the meeting (docs/privacy.md)
st.header(t("summary.participation"))
now_totals = narrative.totals(participation)
then_totals = narrative.totals(participation_then) if before is not None else None
women_and_men = now_totals["women_and_men"]
if women_and_men and then_totals is not None and not then_totals["women_and_men"]:
    # then's total holds X: compare K + M with K + M
    then_totals = {**then_totals, "participants": privacy.women_and_men(participation_then, "participants"),
                   "hours": privacy.women_and_men(participation_then, "hours"), "reached": None}
cols = st.columns(4)
figure(cols[0], t("privacy.core.women_and_men") if women_and_men else t("summary.participants_T"),
       now_totals["participants"], formatting.number(now_totals["participants"]),
       then_totals["participants"] if then_totals else None)
for col, code in zip(cols[1:3], ("K", "M")):
    value = narrative.by_gender(participation, code, "participants")
    then = narrative.by_gender(participation_then, code, "participants") if before is not None else None
    figure(col, t(f"summary.participants_{code}"), value, formatting.number(value), then)
reached = now_totals["reached"]
if women_and_men:
    st.caption(t("privacy.core.total_note"))
elif privacy.any_hidden(participation):
    st.caption(t("summary.gender_hidden"))
figure(cols[3], t("privacy.core.reached") if women_and_men else t("summary.reached"), reached,
       formatting.percent(reached), then_totals["reached"] if then_totals else None, "percent")

# Key figures: hours, budget, competence
cols = st.columns(4)
hours = now_totals["hours"]
figure(cols[0], t("privacy.core.hours") if women_and_men else t("summary.hours"), hours, formatting.number(hours),
       then_totals["hours"] if then_totals else None)
figure(cols[1], t("summary.spent"), budget.spent_to_date, formatting.money(budget.spent_to_date),
       budget_then.spent_to_date if before is not None else None, "money")
cols[2].metric(t("summary.spent_vs_plan"), formatting.percent(budget.spent_share_of_plan_to_date),
               help=t("summary.spent_vs_plan_help", plan=formatting.money(budget.planned_to_date)))
cols[3].metric(t("summary.spent_vs_total"), formatting.percent(budget.spent_share),
               help=t("summary.spent_vs_total_help", total=formatting.money(budget.planned_total)))

# Key figures: sub-goals and competence
cols = st.columns(4)
counts = narrative.status_counts(goals)
counts_then = narrative.status_counts_then(goals_then) if before is not None else None
for col, status in zip(cols[:3], narrative.STATUSES):
    figure(col, t("summary.goals_status", status=tables.status_label(status)), counts[status],
           formatting.number(counts[status]), counts_then[status] if counts_then else None,
           more_is_better=status == "green")
improved = competence["improved_share"].iloc[0] if len(competence) else None
improved_of_women_and_men = bool(len(competence)) and bool(competence["women_and_men"].iloc[0])
cols[3].metric(t("privacy.core.improved") if improved_of_women_and_men else t("summary.improved"),
               formatting.percent(improved), help=t("summary.improved_help"))

# Plain-language sentences
st.header(t("summary.in_words"))
st.markdown("\n".join(f"- {sentence}" for sentence in narrative.summary_sentences(
    participation, budget, goals, competence)))

# Goals with traffic lights
st.header(t("summary.goals"))
goal_columns = {
    "name": Column(t("goals.name")),
    "baseline": Column(t("goals.baseline"), "goal"),
    "target": Column(t("goals.target"), "goal"),
    "actual": Column(t("goals.actual"), "goal"),
    "status": Column(t("goals.status"), "status"),
}
tables.goals_table(goals, goal_columns, t("summary.goals"))

# The meeting pack and the progress report for these filters, built on demand
offer.downloads(view)
