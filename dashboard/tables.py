"""The figures as tables: columns and how their values are written, the display and export tables (hidden cells as
–), the traffic-light table, and the CSV and Excel downloads (formula text neutralised, every download audited)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import auth, filters, formatting, memo, palette, privacy
from dashboard.i18n import in_language, language, t
from pipelines.export_safety import neutralise_frame


@dataclass(frozen=True)
class Column:
    """One column of a chart's data table: its heading and how its values are written."""

    label: str
    kind: str = "text"  # text, int, number1, money, percent, points, date, status, gender, goal (uses "unit")



def gender_label(code: str) -> str:
    """Kvinnor / Män / Annat / Totalt for K / M / X / T."""
    return t(f"gender.{code}") if code in palette.GENDER_COLOURS else str(code)



def status_label(status: str | None) -> str:
    """✓ Grön, ▲ Gul, ✕ Röd or – Kan inte bedömas."""
    symbol = palette.STATUS_STYLE.get(status, palette.STATUS_STYLE[None])[0]
    return f"{symbol} {t(f'status.{status}' if status in palette.STATUS_STYLE and status else 'status.none')}"



def display_value(value: object, kind: str, hidden: bool) -> str:
    if hidden:
        return formatting.HIDDEN
    if kind == "status":
        return status_label(value if isinstance(value, str) else None)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return {
        "int": lambda v: formatting.number(v, 0),
        "number1": lambda v: formatting.number(v, 1),
        "money": formatting.money,
        "percent": formatting.percent,
        "points": formatting.points,
        "date": formatting.date,
        "gender": gender_label,
    }.get(kind, str)(value)



def hidden_mask(frame: pd.DataFrame, column: str) -> pd.Series:
    flag = privacy.hidden_column(column)
    return frame[flag].astype(bool) if flag in frame.columns else pd.Series(False, index=frame.index)



def goal_value(value: object, unit: str | None) -> str:
    """A sub-goal's value in its unit: 75,9 % / 16 000 / 68,5."""
    if value is None or pd.isna(value):
        return ""
    if unit == "%":
        return formatting.percent(float(value) / 100, 1 if float(value) % 1 else 0)
    if unit in ("antal", "dagar"):
        return formatting.number(value, 1 if float(value) % 1 else 0)
    return formatting.number(value, 1)



def display_table(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame as the reader sees it: formatted text, hidden cells as –, headings in the chosen language."""
    lang = language()

    def write() -> pd.DataFrame:
        with in_language(lang):
            return _written(frame, columns)

    return _tables.kept((lang, frame, columns), write).copy()


# Kept per language and content, like the figures (charts.remembered): a cached page view writes no table again.
# Each caller gets its own copy.
_tables = memo.Kept(1000)


def _written(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    shown = {}
    for name, column in columns.items():
        mask = hidden_mask(frame, name)
        if column.kind == "goal":
            shown[column.label] = [formatting.HIDDEN if h else goal_value(v, u)
                                   for v, u, h in zip(frame[name], frame["unit"], mask)]
            continue
        shown[column.label] = [display_value(v, column.kind, h) for v, h in zip(frame[name], mask)]
    return pd.DataFrame(shown)



def export_table(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame for CSV and Excel: numbers stay numbers, hidden cells are –, statuses and genders are words."""
    out = {}
    for name, column in columns.items():
        mask = hidden_mask(frame, name)
        values = []
        for value, hidden in zip(frame[name], mask):
            if hidden:
                values.append(formatting.HIDDEN)
            elif column.kind in ("status", "gender", "date"):
                values.append(display_value(value, column.kind, False))
            elif column.kind == "percent" and not pd.isna(value):
                values.append(round(float(value) * 100, 1))
            elif column.kind == "int" and not pd.isna(value):
                values.append(int(round(float(value))))
            else:
                values.append(None if not isinstance(value, str) and pd.isna(value) else value)
        label = f"{column.label} (%)" if column.kind == "percent" else column.label
        out[label] = values
    return pd.DataFrame(out)



def goals_table(goals: pd.DataFrame, columns: dict[str, Column], title: str) -> None:
    """The sub-goals with traffic lights as a static table (it wraps long names and prints whole), rule and downloads."""
    if goals.empty:
        st.info(t("chart.no_data"))
        return
    st.table(status_table(goals, columns, "status").hide(axis="index"))
    st.caption(t("goals.rule"))
    if goals["hidden_actual"].any():
        st.caption(t("privacy.explanation"))
    if "women_and_men" in goals and goals["women_and_men"].fillna(False).astype(bool).any():
        st.caption(t("privacy.core.goals_women_and_men"))
    downloads(goals, columns, "delmal", title)



def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV as Swedish Excel opens it (semicolon, decimal comma, UTF-8 with BOM); comma and point in English."""
    # text that would start a formula is neutralised before numbers become text (a negative number stays one)
    frame = neutralise_frame(frame)
    if language() == "sv":
        # columns that mix numbers and the dash are text to pandas, so the decimal comma is written here
        frame = frame.map(lambda v: str(v).replace(".", ",") if isinstance(v, float) and v == v else v)
        return frame.to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")
    # CRLF rows (RFC 4180): a carriage return inside a value is then quoted and cannot start a row of its own
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")



def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """The table as an Excel workbook with one sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        # Excel refuses sheet names with : \ / ? * [ ] (titles such as "Totalt, Bemötande: antal ...")
        name = re.sub(r"[:\\/?*\[\]]", " ", sheet)[:31].strip()
        neutralise_frame(frame).to_excel(writer, index=False, sheet_name=name or "Data")
    return buffer.getvalue()



def downloads(frame: pd.DataFrame, columns: dict[str, Column], key: str, title: str) -> None:
    """CSV and Excel download buttons for the suppressed figures."""
    chosen = filters.current_or_none()  # logged with the download: the filters these figures were drawn with
    left, right = st.columns(2)
    # The files are built when a button is clicked (a callable: Streamlit runs it then), not on every run. Streamlit
    # runs it on a thread of its own, outside the page's run, where language() cannot see the reader's choice: the
    # file is made in the language the page was drawn in.
    left.download_button(
        t("chart.download_csv"), deferred_file(frame, columns, title, "csv"), file_name=f"{key}.csv", mime="text/csv",
        key=f"csv_{key}", icon=":material/download:", on_click=auth.record_download, args=(key, "csv", chosen),
    )
    right.download_button(
        t("chart.download_xlsx"), deferred_file(frame, columns, title, "xlsx"), file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}", icon=":material/download:", on_click=auth.record_download, args=(key, "xlsx", chosen),
    )


def deferred_file(frame: pd.DataFrame, columns: dict[str, Column], title: str, kind: str) -> Callable[[], bytes]:
    """The CSV or Excel file of the figures, to be made later, in the language chosen now, from the figures as they
    are now (a copy: the page may go on to change its frame)."""
    lang, frame = language(), frame.copy()

    def made() -> bytes:
        with in_language(lang):
            exported = export_table(frame, columns)
            return to_csv(exported) if kind == "csv" else to_xlsx(exported, title)

    return made



def status_table(frame: pd.DataFrame, columns: dict[str, Column], status_column: str):
    """A display table whose status cells carry colour as well as symbol and word."""
    shown = display_table(frame, columns)
    label = columns[status_column].label
    styles = {
        status_label(status): f"background-color: {bg}; color: {fg}; font-weight: 600"
        for status, (_, bg, fg) in palette.STATUS_STYLE.items()
    }
    return shown.style.map(lambda text: styles.get(text, ""), subset=[label])



def value_text(frame: pd.DataFrame, column: str, kind: str) -> list[str]:
    mask = hidden_mask(frame, column)
    return [display_value(v, kind, h) for v, h in zip(frame[column], mask)]


def women_share_columns(threshold: float) -> dict[str, "Column"]:
    """The table beside the women's-share chart, on the page and in the meeting pack: one set of headings."""
    return {
        "department_name": Column(t("filter.department")),
        "participants": Column(t("participation.participants"), "int"),
        "staff": Column(t("participation.staff"), "int"),
        "participant_women_share": Column(t("participation.women_participants"), "percent"),
        "staff_women_share": Column(t("participation.women_target_group"), "percent"),
        "gap_points": Column(t("participation.gap"), "points"),
        "flag": Column(t("participation.flag", threshold=threshold)),
    }
