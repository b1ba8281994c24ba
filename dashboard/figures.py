"""Finished figures for given filters (goals with status, the forecast, the change since a meeting, risks).

Pages, the meeting pack and the progress report all take their figures from here, so one figure is computed one way
and has one value wherever it is shown. This module only calls data.py (the named queries, already suppressed) and
the follow-up rules in rules.py; it draws nothing and formats nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard import data, grid, narrative, privacy, rules
from dashboard.formatting import missing
from dashboard.i18n import t
from dashboard.filters import Filters

# The kinds of file whose age matters for the follow-up (the project facts and the organisation change rarely).
FOLLOWED_KINDS = ("attendance", "ledger_entry", "survey", "goal_measurement", "person")


def _date(value: object) -> dt.date:
    return pd.Timestamp(value).date()


# The single figures of a view


def goals(view: Filters) -> pd.DataFrame:
    """The sub-goals with their actual value (computed up to the as-of date, or measured) and their status."""
    return rules.goals_with_status(data.cells("goals", view), view.as_of)


def budget(view: Filters) -> rules.BudgetForecast:
    """Spent against the plan on the as-of date and the forecast to the end date (whole project, whole months)."""
    return rules.budget_forecast(data.cells("budget_months", view), view.project_start, view.project_end, view.as_of)


def portfolio_projects(view: Filters) -> pd.DataFrame:
    """One row per project (level project) and the portfolio's money (level total), with the share of time
    elapsed, the pace against it and the projects behind (rules.elapsed_share, rules.budget_pace)."""
    rows = data.cells("portfolio_projects", view)
    projects = rows["level"] == "project"
    elapsed = [rules.elapsed_share(_date(start), _date(end), view.as_of) if is_project else None
               for is_project, start, end in zip(projects, rows["start_date"], rows["end_date"])]
    pace = [rules.budget_pace(spent, share) if share is not None else (None, False)
            for spent, share in zip(rows["spent_share"], elapsed)]
    behind = [int(is_behind) for _, is_behind in pace]
    in_portfolio = sum(b for b, is_project in zip(behind, projects) if is_project)
    return rows.assign(
        elapsed_share=pd.Series(elapsed, index=rows.index, dtype=float),
        pace_points=pd.Series([points for points, _ in pace], index=rows.index, dtype=float),
        projects_behind=[b if is_project else in_portfolio for b, is_project in zip(behind, projects)],
    )


def budget_months(view: Filters) -> pd.DataFrame:
    """Plan and spending per month with running totals (the burn-up's figures)."""
    return data.cells("budget_months", view)


def project_facts(project_id: str) -> pd.Series | None:
    """The project's header facts and project-page sections, or None for an unknown project."""
    facts = data.cells("project_facts", project_id=project_id)
    return facts.iloc[0] if len(facts) else None


def project_view(project_id: str, as_of: dt.date | None = None, period_start: dt.date | None = None,
                 period_end: dt.date | None = None, today: dt.date | None = None) -> Filters:
    """The filters of one whole project (every municipality and department) as the sidebar would set them."""
    facts = project_facts(project_id)
    if facts is None:
        raise LookupError(project_id)
    start, end = _date(facts["start_date"]), _date(facts["end_date"])
    as_of = as_of or min(today or dt.date.today(), end)
    return Filters(
        project_id=project_id, municipality=None, department_id=None,
        period_start=period_start or start, period_end=period_end or end, as_of=as_of,
        project_start=start, project_end=end, project_name=str(facts["name"]),
    )


def meetings(view: Filters) -> pd.DataFrame:
    """The steering-group meetings before the as-of date, latest first."""
    return data.cells("meetings", view)


def last_meeting(view: Filters) -> pd.Series | None:
    """The latest steering-group meeting before the as-of date, or None."""
    found = meetings(view)
    return found.iloc[0] if len(found) else None


def next_meeting(view: Filters) -> pd.Series | None:
    """The first steering-group meeting on or after the as-of date (the one a pack is for), or None."""
    found = data.cells("meeting_next", project_id=view.project_id, as_of=view.as_of)
    return found.iloc[0] if len(found) else None


# Since the last meeting


@dataclass(frozen=True)
class SinceMeeting:
    """The view now and on an earlier date (a meeting), with the figures of both and what changed between them."""

    since: dt.date
    title: str | None
    then: Filters
    participation: pd.DataFrame
    participation_then: pd.DataFrame
    budget: rules.BudgetForecast
    budget_then: rules.BudgetForecast
    goals: pd.DataFrame
    goals_then: pd.DataFrame
    status_changes: pd.DataFrame = field(repr=False)
    loads: pd.DataFrame = field(repr=False)

    def change(self, code: str, column: str) -> float | None:
        """now − then of one participation figure (gender code K/M/X/T), None when either is hidden."""
        return narrative.change(narrative.by_gender(self.participation, code, column),
                                narrative.by_gender(self.participation_then, code, column))


def since_meeting(view: Filters, since: dt.date | None = None) -> SinceMeeting | None:
    """What changed from `since` (default: the last steering-group meeting before the as-of date) to the as-of date.

    "Then" is a view on the month grid: the status at the end of the month before the meeting (the meeting's day
    itself when it ends a month), which is what the meeting could see. A change is itself a figure about the people
    who came in between: where they are 1–4 (new participants, or people who attended in between), the figure of
    "then" is hidden, so no change can be worked out (docs/privacy.md)."""
    title = None
    if since is None:
        meeting = last_meeting(view)
        if meeting is None:
            return None
        since, title = _date(meeting["date"]), (meeting["title"] if not missing(meeting["title"]) else None)
    else:
        match = meetings(view)
        match = match[[_date(d) == since for d in match["date"]]]
        title = match["title"].iloc[0] if len(match) and not missing(match["title"].iloc[0]) else None
    then = view.at(grid.month_end_on_or_before(since))
    goals_now, goals_then = goals(view), goals(then)
    participation_now = data.cells("participation_by_gender", view)
    participation_then = data.cells_then("participation_by_gender", view, then)
    return SinceMeeting(
        since=since, title=title, then=then,
        participation=participation_now,
        participation_then=participation_then,
        budget=budget(view), budget_then=budget(then),
        goals=goals_now, goals_then=goals_then,
        status_changes=status_changes(goals_now, goals_then),
        loads=loads_between(view, since, view.as_of) if view.project_id else pd.DataFrame(),
    )


def status_changes(now: pd.DataFrame, then: pd.DataFrame) -> pd.DataFrame:
    """The sub-goals whose status differs between two dates: project_id, goal_id, name, unit, from, to, actual."""
    before = then.set_index(["project_id", "goal_id"])["status"]
    rows = []
    for goal in now.itertuples(index=False):
        was = before.get((goal.project_id, goal.goal_id))
        was = None if missing(was) else was
        is_now = None if missing(goal.status) else goal.status
        if was != is_now:
            rows.append({"project_id": goal.project_id, "goal_id": goal.goal_id, "name": goal.name,
                         "unit": goal.unit, "status_from": was, "status_to": is_now, "actual": goal.actual,
                         "hidden_actual": bool(goal.hidden_actual)})
    columns = ["project_id", "goal_id", "name", "unit", "status_from", "status_to", "actual", "hidden_actual"]
    return pd.DataFrame(rows, columns=columns)


def loads_between(view: Filters, date_from: dt.date, date_to: dt.date) -> pd.DataFrame:
    """The project's data loads after date_from up to date_to, one row per kind of file."""
    return data.cells("ingest_loads", project_id=view.project_id, date_from=date_from, date_to=date_to)


# Participation, competence and the survey for a document


def participation(view: Filters) -> pd.DataFrame:
    """Target group, participants and hours per gender and in total (participation_by_gender)."""
    return data.cells("participation_by_gender", view)


def participation_by_focus_area(view: Filters) -> pd.DataFrame:
    """Participants and hours per focus area and gender, with the row heading in `label`."""
    return data.cells("participation_by_dimension", view, dimension="focus_area")


def participation_over_time(view: Filters) -> pd.DataFrame:
    """Participants and hours per month and gender; with a project chosen also `reached` (hidden_reached), the
    people reached so far, a running total shown within one project only (participation_reached.sql)."""
    over_time = data.cells("participation_over_time", view)
    if view.project_id is None:
        return over_time
    reached = data.cells("participation_reached", view)
    return over_time.merge(reached[["month", "gender", "reached", "hidden_reached"]], on=["month", "gender"],
                           how="left")


def months_with_zeros(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly participants as a line chart draws them: a month without a row for a gender between the first
    and the last month shown is a month when no one of that gender took part (participation_over_time has a row
    only where someone did), so it is drawn as 0, not as a straight line from the month before to the month after.
    Hidden months keep their row (NaN: a gap in the line). Only the genders the frame has are filled, and no month
    before the first or after the last (the period's future is not 0)."""
    if monthly.empty:
        return monthly
    months = pd.to_datetime(monthly["month"])
    every = pd.date_range(months.min(), months.max(), freq="MS")
    present = set(zip(months, monthly["gender"]))
    missing_rows = [{"month": month, "gender": gender, "participants": 0}
                    for gender in monthly["gender"].drop_duplicates() for month in every
                    if (month, gender) not in present]
    if not missing_rows:
        return monthly
    zeros = pd.DataFrame(missing_rows)
    zeros["month"] = zeros["month"].dt.date if not pd.api.types.is_datetime64_any_dtype(monthly["month"]) \
        else zeros["month"].astype(monthly["month"].dtype)
    out = pd.concat([monthly, zeros], ignore_index=True)
    order = (privacy.WOMEN, privacy.MEN, privacy.OTHER, privacy.TOTAL)  # the query's own order
    rank = out["gender"].map({gender: i for i, gender in enumerate(order)}).fillna(len(order))
    out = out.assign(_month=pd.to_datetime(out["month"]), _rank=rank)
    return out.sort_values(["_month", "_rank"], kind="stable").drop(columns=["_month", "_rank"]).reset_index(drop=True)


def women_share(view: Filters, threshold_points: float = rules.GAP_POINTS) -> pd.DataFrame:
    """Women's share among participants against the workforce, overall and per department, gaps flagged
    (flagged, and flag: the mark the tables show, in the interface language)."""
    shares = data.cells("women_share_by_department", view)
    flagged = [rules.gender_gap_flag(gap, threshold_points) for gap in shares["gap_points"]]
    return shares.assign(flagged=flagged, flag=[t("participation.flagged") if f else "" for f in flagged])


def focus_areas(view: Filters) -> pd.DataFrame:
    """Activities held and planned, participants against the target and hours per focus area."""
    return data.cells("focus_areas", view)


def improved_share(view: Filters) -> pd.DataFrame:
    """People paired over both mappings and the share whose competence improved (one row, the whole selection)."""
    # the total row of the breakdown (any dimension gives the same total); the whole selection, every gender
    by_group = data.cells("competence_improved", view, dimension="gender", gender=None)
    total = by_group[by_group["level"] == "total"].reset_index(drop=True)
    if "women_and_men" not in total:
        total = total.assign(women_and_men=False)
    return women_and_men_improved(by_group, total)


def women_and_men_improved(by_gender: pd.DataFrame, total: pd.DataFrame) -> pd.DataFrame:
    """The total row, or where the equality rule hid it (1–4 paired people of gender X) the women and men together:
    paired K + M and their share improved, from the shown K and M rows only (women_and_men True)."""
    if not len(total) or not pd.isna(total["paired"].iloc[0]):
        return total
    rows = by_gender[by_gender["level"] == "row"].set_index("row_key")
    if not {"K", "M"} <= set(rows.index) or rows.loc[["K", "M"], ["paired", "improved_share"]].isna().any().any():
        return total
    paired = float(rows.loc["K", "paired"] + rows.loc["M", "paired"])
    improved = float((rows.loc[["K", "M"], "improved_share"] * rows.loc[["K", "M"], "paired"]).sum())
    share = improved / paired
    target = total["target_share"].iloc[0]
    return total.assign(paired=paired, improved_share=share, hidden_paired=False, hidden_improved_share=False,
                        points_to_target=(share - target) * 100 if not pd.isna(target) else float("nan"),
                        hidden_points_to_target=pd.isna(target), women_and_men=True)


def competence_improved(view: Filters, dimension: str = "department") -> pd.DataFrame:
    """The share who improved, in total and per group, against the sub-goal's target."""
    return data.cells("competence_improved", view, dimension=dimension)


def competence_waves(view: Filters) -> list[str]:
    """The competence-mapping waves answered by the as-of date (baseline, follow_up)."""
    return list(data.cells("competence_waves", view)["wave"])


def competence_gap(view: Filters, wave: str, dimension: str = "department") -> pd.DataFrame:
    """Gap to the required level per department (or gender, role) × competence area in one wave."""
    return data.cells("competence_heatmap", view, measure="gap", wave=wave, dimension=dimension)


def hme(view: Filters, dimension: str = "gender") -> pd.DataFrame:
    """HME total and sub-indices per wave, in total and per gender or department."""
    return data.cells("hme_index", view, dimension=dimension)


def budget_headings(view: Filters) -> pd.DataFrame:
    """Plan to date, whole plan and spending so far per cost heading."""
    return data.cells("budget_heading_totals", view)


def financing(view: Filters) -> pd.DataFrame:
    """Financing plan per source, the granted ESF support and participant pay so far."""
    return data.cells("financing", view)


def heading_spending_between(view: Filters, date_from: dt.date, date_to: dt.date) -> pd.DataFrame:
    """Spending per cost heading in a period: spent by date_to minus spent by the day before date_from."""
    # whole months, as every budget view counts them: a period that starts mid-month starts with that month
    after = budget_headings(view.at(date_to))
    before_day = date_from - dt.timedelta(days=1)
    if before_day < view.project_start:
        before = after.assign(spent_sek=0.0, hidden_spent_sek=False)
    else:
        before = budget_headings(view.at(before_day))
    merged = after.merge(before[["cost_heading", "spent_sek", "hidden_spent_sek"]], on="cost_heading", how="left",
                         suffixes=("", "_before"))
    hidden = merged["hidden_spent_sek"].astype(bool) | merged["hidden_spent_sek_before"].fillna(False).astype(bool)
    period = (merged["spent_sek"] - merged["spent_sek_before"].fillna(0)).where(~hidden)
    return merged.assign(period_spent_sek=period, hidden_period_spent_sek=hidden)


def activities_between(view: Filters, date_from: dt.date, date_to: dt.date) -> pd.DataFrame:
    """Per focus area: activities started in the period, participants and hours in it (focus_areas over the period)."""
    during = focus_areas(period_view(view, date_from, date_to))
    before_day = date_from - dt.timedelta(days=1)
    held_before = (focus_areas(period_view(view, view.project_start, before_day)).set_index("focus_area_id")
                   ["activities_held"] if before_day >= view.project_start else None)
    started = during["activities_held"] - (0 if held_before is None else
                                           during["focus_area_id"].map(held_before).fillna(0).to_numpy())
    return during.assign(activities_in_period=started)


def loads_latest(view: Filters) -> pd.DataFrame:
    """When each kind of the project's data was last loaded."""
    return data.cells("ingest_log_latest", project_id=view.project_id)


# Risks and deviations


@dataclass(frozen=True)
class Risk:
    """One deviation found in the data: its kind, what it is about and the figures behind it."""

    kind: str  # red_goal, forecast, gender_gap, stale_data
    subject: str  # the goal's or department's name, the kind of data, or "" for the budget
    figures: dict[str, object]


def risks(view: Filters, today: dt.date | None = None, threshold_points: float = rules.GAP_POINTS) -> list[Risk]:
    """Red sub-goals, a forecast more than 10 % off the plan, representation gaps and data not loaded for long."""
    found: list[Risk] = []
    for goal in goals(view).itertuples(index=False):
        if goal.status == "red":
            found.append(Risk("red_goal", goal.name, {
                "actual": None if goal.hidden_actual else goal.actual, "target": goal.target, "unit": goal.unit,
                "target_date": goal.target_date}))
    forecast = budget(view)
    if forecast.planned_total and forecast.warning:
        found.append(Risk("forecast", "", {"forecast": forecast.forecast, "planned_total": forecast.planned_total,
                                           "deviation": forecast.deviation}))
    shares = women_share(view, threshold_points)
    for row in shares[shares["flagged"]].itertuples(index=False):
        name = row.department_name if row.level == "department" else ""
        found.append(Risk("gender_gap", name, {
            "participant_women_share": row.participant_women_share, "staff_women_share": row.staff_women_share,
            "gap_points": row.gap_points, "threshold": threshold_points}))
    if view.project_id:
        # the age of a load is counted on the as-of date (a pack for an earlier date ignores later loads)
        on = min(view.as_of, today or dt.date.today())
        for row in loads_latest(view).itertuples(index=False):
            if row.kind not in FOLLOWED_KINDS:
                continue
            age = (on - _date(row.loaded_at)).days
            if age > rules.STALE_DAYS:
                found.append(Risk("stale_data", row.kind, {"loaded_at": _date(row.loaded_at), "days": age}))
    return found


# Periods for the progress report


def last_quarter(view: Filters, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The latest whole calendar quarter up to today (or the project's end), within the project period."""
    reference = min(today or dt.date.today(), view.project_end)
    quarter_start = dt.date(reference.year, 3 * ((reference.month - 1) // 3) + 1, 1)
    next_start = dt.date(quarter_start.year + (quarter_start.month == 10), (quarter_start.month + 2) % 12 + 1, 1)
    if reference == next_start - dt.timedelta(days=1):
        start, end = quarter_start, reference  # the reference day closes its quarter
    else:
        end = quarter_start - dt.timedelta(days=1)
        start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    if end < view.project_start:  # the project has not run a whole quarter yet
        start, end = view.project_start, reference
    return max(start, view.project_start), min(end, view.project_end)


def period_view(view: Filters, date_from: dt.date, date_to: dt.date) -> Filters:
    """The same project counted over one period: participation within it, budget and goals as of its end."""
    return Filters(view.project_id, view.municipality, view.department_id, date_from, date_to, date_to,
                   view.project_start, view.project_end, view.gender, view.project_name)
