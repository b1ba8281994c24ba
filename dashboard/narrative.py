"""Key figures and plain-language sentences written from already suppressed frames."""

from __future__ import annotations

import pandas as pd

from dashboard import formatting, privacy
from dashboard.formatting import missing
from dashboard.rules import BudgetForecast
from dashboard.i18n import t

STATUSES = ("green", "yellow", "red")


def by_gender(frame: pd.DataFrame, code: str, column: str) -> float | None:
    """The value of column in the row of gender code (K, M, X, T); None when hidden or absent."""
    if column not in frame:
        return None
    rows = frame.loc[frame["gender"] == code, column]
    return None if rows.empty or missing(rows.iloc[0]) else float(rows.iloc[0])


def totals(frame: pd.DataFrame) -> dict[str, object]:
    """The totals of a participation split (participation_by_gender): participants, hours, reached share, the women's
    and men's shares of the participants and the women's share of the staff; of everyone (Totalt), or of women and
    men (women_and_men True) where the equality rule hid the total because 1–4 people are of gender X."""
    if not privacy.total_replaced(frame, "participants"):
        return {"women_and_men": False, "participants": by_gender(frame, "T", "participants"),
                "hours": by_gender(frame, "T", "hours"), "reached": by_gender(frame, "T", "reached_share"),
                "women": by_gender(frame, "K", "participant_share"), "men": by_gender(frame, "M", "participant_share"),
                "staff_women": _staff_women(frame)}
    # every figure below is a sum or ratio of shown K and M cells: nothing hidden is used
    participants = privacy.women_and_men(frame, "participants")
    staff = privacy.women_and_men(frame, "staff")
    women, men = by_gender(frame, "K", "participants"), by_gender(frame, "M", "participants")
    return {"women_and_men": True, "participants": participants, "hours": privacy.women_and_men(frame, "hours"),
            "reached": participants / staff if staff else None,
            "women": women / participants if participants else None,
            "men": men / participants if participants else None, "staff_women": _staff_women(frame)}


def _staff_women(frame: pd.DataFrame) -> float | None:
    """Women's share of the staff: of everyone, or of women and men where the staff's total is hidden."""
    if "staff" not in frame or not privacy.total_replaced(frame, "staff"):
        return by_gender(frame, "K", "staff_share") if "staff_share" in frame else None
    staff = privacy.women_and_men(frame, "staff")
    return by_gender(frame, "K", "staff") / staff if staff else None


def change(now: float | None, then: float | None) -> float | None:
    """now − then, or None when either figure is hidden or missing."""
    return None if missing(now) or missing(then) else float(now) - float(then)


def status_counts(goals: pd.DataFrame) -> dict[str, int]:
    """How many sub-goals are green, yellow and red (and how many cannot be assessed)."""
    counts = {s: int((goals["status"] == s).sum()) for s in STATUSES}
    counts["none"] = int(len(goals) - sum(counts.values()))
    return counts


def status_counts_then(goals: pd.DataFrame) -> dict[str, int] | None:
    """The status counts of an earlier view to compare with now, or None when a goal's value was hidden then: its
    status was not known, and counting it as not assessed would make up a change (a goal "turning green" that
    was only hidden at the meeting)."""
    if privacy.any_hidden(goals):
        return None
    return status_counts(goals)


def with_goal_counts(projects: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """The projects frame with goals_green, goals_yellow, goals_red and goals_none counted from goals' status."""
    by_project = {pid: status_counts(rows) for pid, rows in goals.groupby("project_id", sort=False)}
    empty = {status: 0 for status in (*STATUSES, "none")}
    counts = [by_project.get(pid, empty) for pid in projects["project_id"]]
    return projects.assign(**{f"goals_{s}": [c[s] for c in counts] for s in empty})


def participation_sentence(participation: pd.DataFrame) -> str | None:
    """E.g. "64 % av de anställda har deltagit: 81 % kvinnor och 19 % män, jämfört med 79 % kvinnor i personalen."."""
    figures = totals(participation)
    reached, women, men, staff_women = (figures[k] for k in ("reached", "women", "men", "staff_women"))
    if reached is None:
        return None
    if figures["women_and_men"] and None not in (women, men, staff_women):
        return t("privacy.core.sentence_reached", reached=formatting.percent(reached),
                 women=formatting.percent(women), men=formatting.percent(men),
                 staff_women=formatting.percent(staff_women))
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
    figures = totals(participation)
    participants, hours = figures["participants"], figures["hours"]
    if participants and hours is not None:
        sentences.append(t(
            "privacy.core.sentence_hours" if figures["women_and_men"] else "sentence.hours",
            hours=formatting.number(hours),
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
