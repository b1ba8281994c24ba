"""What the meeting pack and the progress report both say: tables as the pages write them, risks and changes in words."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import figures, formatting, narrative, palette, tables
from dashboard.tables import Column
from dashboard.i18n import t

NUMERIC_KINDS = {"int", "number1", "money", "percent", "points", "goal"}


def table(frame: pd.DataFrame, columns: dict[str, Column], status: tuple[str, ...] = (),
          widths: tuple[float, ...] | None = None) -> dict:
    """A table block: headings, rows of text exactly as the pages write them (– when hidden), alignment, colours."""
    shown = tables.display_table(frame, columns)
    rows = [list(row) for row in shown.itertuples(index=False)]
    labels = [c.label for c in columns.values()]
    styles = {tables.status_label(s): (bg, fg) for s, (_, bg, fg) in palette.STATUS_STYLE.items()}
    for at in [list(columns).index(name) for name in status]:
        for row in rows:
            bg, fg = styles.get(row[at], ("#FFFFFF", "#1A1A1A"))
            row[at] = {"text": row[at], "fill": bg, "fg": fg}
    return {
        "kind": "table", "columns": labels, "rows": rows, "widths": list(widths) if widths else None,
        "align": ["right" if c.kind in NUMERIC_KINDS else "left" for c in columns.values()],
    }


def has_dash(block: dict) -> bool:
    """True when a table block shows a hidden figure (the dash alone in a cell)."""
    return any((cell["text"] if isinstance(cell, dict) else cell) == formatting.HIDDEN
               for row in block["rows"] for cell in row)


def kind_name(kind: str) -> str:
    """A kind of data file in words (Närvaro, Huvudbok …)."""
    key = f"pack.kind_{kind}"
    try:
        return t(key)
    except KeyError:
        from pipelines.contract import KINDS

        return KINDS[kind].title if kind in KINDS else kind


def goal_columns(with_comment: bool = True) -> dict[str, Column]:
    """Sub-goal, target, actual, status and the latest comment, headed as on Fokusområden och mål."""
    columns = {
        "name": Column(t("goals.name")),
        "target": Column(t("goals.target"), "goal"),
        "target_date": Column(t("goals.target_date"), "date"),
        "actual": Column(t("goals.actual"), "goal"),
        "status": Column(t("goals.status"), "status"),
    }
    if with_comment:
        columns["comment"] = Column(t("pack.latest_comment"))
    return columns


def risk_sentence(risk: figures.Risk) -> str:
    """One deviation in words, with the figure behind it."""
    f = risk.figures
    if risk.kind == "red_goal":
        return t("pack.risk_red_goal", name=risk.subject, actual=_goal_value(f["actual"], f["unit"]),
                 target=_goal_value(f["target"], f["unit"]), date=formatting.date(f["target_date"]))
    if risk.kind == "forecast":
        key = "pack.risk_forecast_under" if f["deviation"] < 0 else "pack.risk_forecast_over"
        return t(key, forecast=formatting.money(f["forecast"]), total=formatting.money(f["planned_total"]),
                 deviation=formatting.percent(abs(f["deviation"])))
    if risk.kind == "gender_gap":
        where = risk.subject or t("pack.whole_project")
        return t("pack.risk_gender_gap", where=where, women=formatting.percent(f["participant_women_share"]),
                 staff=formatting.percent(f["staff_women_share"]), gap=formatting.points(f["gap_points"]),
                 threshold=formatting.number(f["threshold"]))
    if risk.kind == "stale_data":
        return t("pack.risk_stale", kind=kind_name(risk.subject), date=formatting.date(f["loaded_at"]),
                 days=formatting.number(f["days"]))
    raise ValueError(risk.kind)


def _goal_value(value: object, unit: str) -> str:
    text = tables.goal_value(value, unit)
    return text or formatting.HIDDEN


def since_sentences(since: figures.SinceMeeting) -> list[str]:
    """What changed since the meeting, in plain sentences (a hidden figure is left out, never guessed)."""
    sentences = []
    participants = narrative.by_gender(since.participation, "T", "participants")
    moved = since.change("T", "participants")
    if participants is not None and moved is not None:
        women, men = (narrative.by_gender(since.participation, code, "participants") for code in ("K", "M"))
        key = "pack.since_participants" if women is not None and men is not None else "pack.since_participants_total"
        sentences.append(t(key, change=_moved(moved, formatting.number), total=formatting.number(participants),
                           women=formatting.number(women), men=formatting.number(men)))
    hours = narrative.by_gender(since.participation, "T", "hours")
    moved_hours = since.change("T", "hours")
    if hours is not None and moved_hours is not None:
        sentences.append(t("pack.since_hours", change=_moved(moved_hours, formatting.number),
                           total=formatting.number(hours)))
    spent = since.budget.spent_to_date - since.budget_then.spent_to_date
    sentences.append(t("pack.since_spent", change=formatting.money(spent),
                       total=formatting.money(since.budget.spent_to_date)))
    changes = len(since.status_changes)
    sentences.append(t("pack.since_goals", count=changes) if changes else t("pack.since_goals_none"))
    loads = len(since.loads)
    sentences.append(t("pack.since_loads", count=loads) if loads else t("pack.since_loads_none"))
    return sentences


def _moved(value: float, write) -> str:
    """+2, −1,5 or "unchanged" (a change written as the pages write it)."""
    text = write(value)
    return t("pack.unchanged") if text in ("0", "−0") else formatting.signed(text, value)


def since_table(since: figures.SinceMeeting, as_of: dt.date) -> dict:
    """Participants (women, men, total), hours and spending at the meeting and now, with the change."""
    rows = []
    for code in ("K", "M", "T"):
        now = narrative.by_gender(since.participation, code, "participants")
        then = narrative.by_gender(since.participation_then, code, "participants")
        rows.append([t(f"pack.participants_{code}"), formatting.number(then), formatting.number(now),
                     _change(since.change(code, "participants"), formatting.number)])
    now, then = (narrative.by_gender(frame, "T", "hours") for frame in (since.participation, since.participation_then))
    rows.append([t("summary.hours"), formatting.number(then), formatting.number(now),
                 _change(narrative.change(now, then), formatting.number)])
    now, then = since.budget.spent_to_date, since.budget_then.spent_to_date
    rows.append([t("summary.spent"), formatting.money(then), formatting.money(now),
                 _change(now - then, formatting.money)])
    return {
        "kind": "table",
        "columns": ["", t("pack.at_meeting", date=formatting.date(since.since)),
                    t("pack.now", date=formatting.date(as_of)), t("pack.change")],
        "rows": rows, "align": ["left", "right", "right", "right"],
    }


def _change(value: float | None, write) -> str:
    return formatting.HIDDEN if value is None else formatting.signed(write(value), value)


def status_change_table(changes: pd.DataFrame) -> dict:
    """The sub-goals whose status changed: name, from → to, the actual value now."""
    return table(changes, {
        "name": Column(t("goals.name")),
        "status_from": Column(t("pack.status_from"), "status"),
        "status_to": Column(t("pack.status_to"), "status"),
        "actual": Column(t("goals.actual"), "goal"),
    }, status=("status_from", "status_to"), widths=(3, 1.5, 1.5, 1))


def loads_table(loads: pd.DataFrame) -> dict:
    """New loads of data: kind, files, when, rows accepted."""
    # file names break after "_" (a zero-width space): kompetenskartlaggning_baslinje_2025-03.csv fits its column
    shown = loads.assign(kind=[kind_name(k) for k in loads["kind"]],
                         files=[str(f).replace("_", "_\u200b") for f in loads["files"]],
                         loaded_at=[formatting.date(pd.Timestamp(v)) for v in loads["loaded_at"]])
    return table(shown, {
        "kind": Column(t("data.kind_loaded")), "files": Column(t("data.file")),
        "loaded_at": Column(t("pack.loaded_on")), "rows_accepted": Column(t("data.rows_accepted"), "int"),
    }, widths=(1.5, 3.4, 1.1, 1.2))
