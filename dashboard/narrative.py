"""Key figures and plain-language sentences written from already suppressed frames."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting
from dashboard.formatting import missing
from dashboard.rules import BudgetForecast
from dashboard.i18n import t

STATUSES = ("green", "yellow", "red")


def by_gender(frame: pd.DataFrame, code: str, column: str) -> float | None:
    """The value of column in the row of gender code (K, M, X, T); None when hidden or absent."""
    rows = frame.loc[frame["gender"] == code, column]
    return None if rows.empty or missing(rows.iloc[0]) else float(rows.iloc[0])


def change(now: float | None, then: float | None) -> float | None:
    """now − then, or None when either figure is hidden or missing."""
    return None if missing(now) or missing(then) else float(now) - float(then)


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """How many sub-goals are green, yellow and red (and how many cannot be assessed)."""
    counts = {s: int((goals["status"] == s).sum()) for s in STATUSES}
    counts["none"] = int(len(goals) - sum(counts.values()))
    return counts


def with_goal_counts(projects: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """The projects frame with goals_green, goals_yellow, goals_red and goals_none counted from goals' status."""
    by_project = {pid: status_counts(rows) for pid, rows in goals.groupby("project_id", sort=False)}
    empty = {status: 0 for status in (*STATUSES, "none")}
    counts = [by_project.get(pid, empty) for pid in projects["project_id"]]
    return projects.assign(**{f"goals_{s}": [c[s] for c in counts] for s in empty})


def participation_sentence(participation: pd.DataFrame) -> str | None:
    """E.g. "64 % av de anställda har deltagit: 81 % kvinnor och 19 % män, jämfört med 79 % kvinnor i personalen."."""
    reached = by_gender(participation, "T", "reached_share")
    if reached is None:
        return None
    women = by_gender(participation, "K", "participant_share")
    men = by_gender(participation, "M", "participant_share")
    staff_women = by_gender(participation, "K", "staff_share")
    if None in (women, staff_women):
        return t("sentence.reached_only", reached=formatting.percent(reached))
    if men is None:
        # men hidden (a small "Annat" group would follow by subtraction), women's share still safe to say
        return t("sentence.reached_women", reached=formatting.percent(reached), women=formatting.percent(women),
                 staff_women=formatting.percent(staff_women))
    return t(
        "sentence.reached",
        reached=formatting.percent(reached),
        women=formatting.percent(women),
        men=formatting.percent(men),
        staff_women=formatting.percent(staff_women),
    )


def summary_sentences(
    participation: pd.DataFrame,
    budget: BudgetForecast,
    goals: pd.DataFrame,
    competence: pd.DataFrame,
) -> list[str]:
    """A few sentences a politician can read aloud: participation, hours, budget, goals, competence."""
    sentences = []
    reached = participation_sentence(participation)
    if reached:
        sentences.append(reached)
    participants = by_gender(participation, "T", "participants")
    hours = by_gender(participation, "T", "hours")
    if participants and hours is not None:
        sentences.append(t(
            "sentence.hours", hours=formatting.number(hours),
            per_participant=formatting.number(hours / participants, 1),
        ))
    if budget.planned_total:
        sentences.append(t(
            "sentence.budget",
            spent=formatting.money(budget.spent_to_date),
            total=formatting.money(budget.planned_total),
            share_total=formatting.percent(budget.spent_share),
            share_plan=formatting.percent(budget.spent_share_of_plan_to_date),
        ))
    if len(goals):
        counts = status_counts(goals)
        sentences.append(t("sentence.goals", total=len(goals), **counts))
    improved = competence["improved_share"].iloc[0] if len(competence) else None
    if not missing(improved):
        sentences.append(t(
            "sentence.competence", share=formatting.percent(improved),
            paired=formatting.number(competence["paired"].iloc[0]),
        ))
    return sentences
