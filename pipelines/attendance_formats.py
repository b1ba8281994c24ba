"""Attendance lists as people keep them: one sheet per activity, or a people × dates matrix, made into long rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message
from pipelines.readers import RawTable

ACTIVITY_HEADER = "Aktivitets-id"
DATE_HEADER = "Datum"
HOURS_HEADER = "Timmar"
# Marks that mean "was there" in a matrix; the hours are then the activity's hours per participant.
PRESENT_MARKS = {"x", "ja", "närvarande", "deltog", "yes", "\u2713", "\u2714"}


def _column_index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in KINDS[kind].columns:
        for spelling in column.headers():
            index.setdefault(nz.normalise_header(spelling), column.name)
    return index


ATTENDANCE_HEADERS = _column_index("attendance")


@dataclass
class Reshaped:
    """A table in the contract's long attendance layout, and rows the reshaping itself had to reject."""

    table: RawTable
    rejections: list[dict] = field(default_factory=list)
    layout: str = "long"


class AttendanceLayoutProblem(ValueError):
    """The sheet is an attendance list, but which activity it belongs to cannot be told (Swedish message)."""


def _canonical(header: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, text in enumerate(header):
        name = ATTENDANCE_HEADERS.get(nz.normalise_header(text))
        if name and name not in positions:
            positions[name] = position
    return positions


def _as_date(text: str):
    try:
        return nz.parse_date(text)
    except ValueError:
        return None


def _date_columns(header: list[str], taken: set[int]) -> dict[int, str]:
    """Header cells that are dates (a matrix of people × dates), as ISO text."""
    dates = {}
    for position, text in enumerate(header):
        if position in taken or not str(text).strip():
            continue
        day = _as_date(str(text).strip())
        if day is not None:
            dates[position] = day.isoformat()
    return dates


def activity_for(names: list[str | None], activities: pd.DataFrame) -> str | None:
    """The activity a sheet name, title line or file stem names: by its id (first word or '(A1)') or its name."""
    ids = {nz.fold(a): a for a in activities["activity_id"].astype(str)}
    names_by_text = {nz.fold(n): a for a, n in zip(activities["activity_id"].astype(str), activities["name"])
                     if isinstance(n, str)}
    for name in names:
        if not name:
            continue
        folded = nz.fold(name)
        if folded in ids:
            return ids[folded]
        if folded in names_by_text:
            return names_by_text[folded]
        for token in re.findall(r"\(([^)]+)\)", name) + re.split(r"[\s_]+", name.strip())[:1]:
            if nz.fold(token) in ids:
                return ids[nz.fold(token)]
        for text, activity_id in names_by_text.items():
            if text and text in folded:
                return activity_id
    return None


def _hours_text(hours: object) -> str:
    return "" if hours is None or (isinstance(hours, float) and hours != hours) else str(hours)


def reshape_attendance(raw: RawTable, activities: pd.DataFrame, titles: list[str] | None = None) -> Reshaped:
    """Long attendance rows (Aktivitets-id, person, Datum, Timmar) from a long list, a sheet per activity or a
    people × dates matrix; `activities` has activity_id, name, start_date and hours."""
    positions = _canonical(raw.header)
    if "activity_id" in positions:
        return Reshaped(raw, layout="long")
    person_positions = [positions[p] for p in ("employee_id", "personnummer") if p in positions]
    if not person_positions:
        return Reshaped(raw, layout="long")  # validation names the missing columns
    activity_id = activity_for([raw.sheet, *(titles or []), _stem(raw.file_name)], activities)
    where = Message("loader.columns.the_sheet", sheet=raw.sheet) if raw.sheet else Message("loader.columns.the_file")
    if activity_id is None:
        raise AttendanceLayoutProblem(Message("loader.columns.no_activity", file=raw.file_name, where=where))
    activity = activities[activities["activity_id"].astype(str) == activity_id].iloc[0]
    activity_hours = activity.get("hours")
    rows = raw.rows
    person_headers = [raw.header[p] for p in person_positions]
    if "date" in positions or "hours" in positions:
        # one sheet per activity: add the activity; a missing date is the activity's start, missing hours its hours
        out = pd.DataFrame({ACTIVITY_HEADER: activity_id}, index=rows.index)
        for header, position in zip(person_headers, person_positions):
            out[header] = rows[position]
        out[DATE_HEADER] = rows[positions["date"]] if "date" in positions else _date_text(activity.get("start_date"))
        out[HOURS_HEADER] = rows[positions["hours"]] if "hours" in positions else _hours_text(activity_hours)
        out.columns = range(out.shape[1])
        out["_line"] = rows["_line"].values
        header = [ACTIVITY_HEADER, *person_headers, DATE_HEADER, HOURS_HEADER]
        return Reshaped(RawTable(raw.file_name, raw.sheet, header, out.reset_index(drop=True)),
                        layout="sheet_per_activity")
    dates = _date_columns(raw.header, set(person_positions))
    if not dates:
        return Reshaped(raw, layout="long")
    records, rejections = [], []
    for _, row in rows.iterrows():
        for position, day in dates.items():
            cell = str(row[position] if row[position] is not None else "").strip()
            if not cell:
                continue  # not registered for that date
            if cell.casefold() in PRESENT_MARKS:
                hours = _hours_text(activity_hours)
            else:
                try:
                    nz.parse_decimal(cell)
                    hours = cell
                except ValueError:
                    rejections.append({
                        "file_name": raw.file_name, "sheet": raw.sheet, "line": int(row["_line"]),
                        "column_name": raw.header[position],
                        "reason": Message("loader.values.attendance_mark", value=cell[:20]),
                    })
                    continue
            records.append([activity_id, *(row[p] for p in person_positions), day, hours, int(row["_line"])])
    header = [ACTIVITY_HEADER, *person_headers, DATE_HEADER, HOURS_HEADER]
    frame = pd.DataFrame(records, columns=[*range(len(header)), "_line"], dtype=object)
    frame["_line"] = frame["_line"].astype("int64")
    return Reshaped(RawTable(raw.file_name, raw.sheet, header, frame), rejections, layout="matrix")


def _stem(file_name: str) -> str:
    return re.sub(r"\.[^.]+$", "", file_name)


def _date_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
