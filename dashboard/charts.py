"""Colours, figures and the chart-plus-table-plus-download block every page uses."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import formatting, privacy
from dashboard.i18n import language, t

# Okabe–Ito colours, chosen to keep at least 3:1 contrast against white (WCAG 2.1 non-text contrast) and to stay
# apart for the common forms of colour blindness. The same gender has the same colour on every page.
GENDER_COLOURS = {"K": "#D55E00", "M": "#0072B2", "X": "#009E73", "T": "#4D4D4D"}
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#4D4D4D", "#8C6D00", "#1F78B4"]
PLAN_COLOUR = "#4D4D4D"
SPENT_COLOUR = "#0072B2"

# Traffic lights never by colour alone: a symbol and a word go with every colour.
STATUS_STYLE = {
    "green": ("✓", "#D9F0D3", "#00441B"),
    "yellow": ("▲", "#FFF0A8", "#4D3800"),
    "red": ("✕", "#F8D0CC", "#67000D"),
    None: ("–", "#FFFFFF", "#1A1A1A"),
}

FONT_SIZE = 16  # read on a projector from the back of a meeting room


@dataclass(frozen=True)
class Column:
    """One column of a chart's data table: its heading and how its values are written."""

    label: str
    kind: str = "text"  # text, int, number1, money, percent, points, date, status, gender


def gender_label(code: str) -> str:
    """Kvinnor / Män / Annat / Totalt for K / M / X / T."""
    return t(f"gender.{code}") if code in GENDER_COLOURS else str(code)


def status_label(status: str | None) -> str:
    """✓ Grön, ▲ Gul, ✕ Röd or – Kan inte bedömas."""
    symbol = STATUS_STYLE.get(status, STATUS_STYLE[None])[0]
    return f"{symbol} {t(f'status.{status}' if status in STATUS_STYLE and status else 'status.none')}"


def _display_value(value: object, kind: str, hidden: bool) -> str:
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


def _hidden_mask(frame: pd.DataFrame, column: str) -> pd.Series:
    flag = privacy.hidden_column(column)
    return frame[flag].astype(bool) if flag in frame.columns else pd.Series(False, index=frame.index)


def display_table(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame as the reader sees it: formatted text, hidden cells as –, headings in the chosen language."""
    shown = {}
    for name, column in columns.items():
        mask = _hidden_mask(frame, name)
        shown[column.label] = [_display_value(v, column.kind, h) for v, h in zip(frame[name], mask)]
    return pd.DataFrame(shown)


def export_table(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame for CSV and Excel: numbers stay numbers, hidden cells are –, statuses and genders are words."""
    out = {}
    for name, column in columns.items():
        mask = _hidden_mask(frame, name)
        values = []
        for value, hidden in zip(frame[name], mask):
            if hidden:
                values.append(formatting.HIDDEN)
            elif column.kind in ("status", "gender", "date"):
                values.append(_display_value(value, column.kind, False))
            elif column.kind == "percent" and not pd.isna(value):
                values.append(round(float(value) * 100, 1))
            else:
                values.append(None if not isinstance(value, str) and pd.isna(value) else value)
        label = f"{column.label} (%)" if column.kind == "percent" else column.label
        out[label] = values
    return pd.DataFrame(out)


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV as Swedish Excel opens it (semicolon, decimal comma, UTF-8 with BOM); comma and point in English."""
    if language() == "sv":
        return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
    return frame.to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """The table as an Excel workbook with one sheet."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet[:31] or "Data")
    return buffer.getvalue()


def style(fig: go.Figure, title: str, y_title: str | None = None, percent_axis: bool = False) -> go.Figure:
    """Large type, the title inside the figure, legend on top, Swedish number format on the axes."""
    separators = ", " if language() == "sv" else ".,"
    fig.update_layout(
        title={"text": title, "font": {"size": FONT_SIZE + 4}},
        font={"size": FONT_SIZE, "color": "#1a1a1a"},
        separators=separators,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        margin={"t": 90, "l": 10, "r": 10, "b": 10},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hoverlabel={"font": {"size": FONT_SIZE}},
    )
    fig.update_xaxes(gridcolor="#e5e5e5", linecolor="#4d4d4d")
    fig.update_yaxes(gridcolor="#e5e5e5", linecolor="#4d4d4d", title=y_title)
    if percent_axis:
        fig.update_yaxes(tickformat=".0%")
    return fig


def chart_block(
    fig: go.Figure | None,
    frame: pd.DataFrame,
    columns: dict[str, Column],
    key: str,
    title: str,
    caption: str | None = None,
) -> None:
    """A chart, then its suppressed figures as a table in an expander with CSV and Excel downloads."""
    if frame.empty:
        st.subheader(title)
        st.info(t("chart.no_data"))
        return
    if fig is not None:
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}", config={"displaylogo": False})
    else:
        st.subheader(title)
    if caption:
        st.caption(caption)
    if privacy.any_hidden(frame):
        st.caption(t("privacy.explanation"))
    with st.expander(t("chart.data"), expanded=fig is None):
        st.dataframe(display_table(frame, columns), hide_index=True, width="stretch")
        downloads(frame, columns, key, title)


def downloads(frame: pd.DataFrame, columns: dict[str, Column], key: str, title: str) -> None:
    """CSV and Excel download buttons for the suppressed figures."""
    exported = export_table(frame, columns)
    left, right = st.columns(2)
    left.download_button(
        t("chart.download_csv"), to_csv(exported), file_name=f"{key}.csv", mime="text/csv",
        key=f"csv_{key}", icon=":material/download:",
    )
    right.download_button(
        t("chart.download_xlsx"), to_xlsx(exported, title), file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{key}", icon=":material/download:",
    )


def status_table(frame: pd.DataFrame, columns: dict[str, Column], status_column: str):
    """A display table whose status cells carry colour as well as symbol and word."""
    shown = display_table(frame, columns)
    label = columns[status_column].label
    styles = {
        status_label(status): f"background-color: {bg}; color: {fg}; font-weight: 600"
        for status, (_, bg, fg) in STATUS_STYLE.items()
    }
    return shown.style.map(lambda text: styles.get(text, ""), subset=[label])


def _value_text(frame: pd.DataFrame, column: str, kind: str) -> list[str]:
    mask = _hidden_mask(frame, column)
    return [_display_value(v, kind, h) for v, h in zip(frame[column], mask)]


def gender_bars(
    frame: pd.DataFrame, category: str, value: str, title: str, axis_title: str, kind: str = "int",
    genders: tuple[str, ...] = ("K", "M", "X"),
) -> go.Figure:
    """Horizontal bars per category, one bar per gender in the fixed gender colours, each labelled with its value."""
    order = list(dict.fromkeys(frame[category]))
    fig = go.Figure()
    for code in genders:
        rows = frame[frame["gender"] == code].set_index(category).reindex(order)
        if rows[value].isna().all() and not rows.get(privacy.hidden_column(value), pd.Series(False)).fillna(False).any():
            continue
        rows = rows.reset_index()
        fig.add_bar(
            y=rows[category], x=rows[value].fillna(0), orientation="h", name=gender_label(code),
            marker_color=GENDER_COLOURS[code], text=_value_text(rows.fillna({privacy.hidden_column(value): False}),
                                                                value, kind),
            textposition="outside", cliponaxis=False,
        )
    fig.update_layout(barmode="group", height=max(260, 90 + 26 * len(order) * max(len(fig.data), 1)))
    fig.update_yaxes(autorange="reversed", title=None)
    style(fig, title, None, percent_axis=False)
    fig.update_xaxes(title=axis_title, tickformat=".0%" if kind == "percent" else None)
    return fig


def lines(
    frame: pd.DataFrame, x: str, value: str, series: str, title: str, axis_title: str,
    colours: dict[str, str] | None = None, labels: dict[str, str] | None = None, dashed: set[str] = frozenset(),
) -> go.Figure:
    """One line per series value (e.g. gender), with markers so a reader without colour can tell them apart."""
    fig = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x"]
    for i, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        fig.add_scatter(
            x=rows[x], y=rows[value], mode="lines+markers", name=(labels or {}).get(name, gender_label(name)),
            line={"color": (colours or GENDER_COLOURS).get(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]),
                  "width": 3, "dash": "dash" if name in dashed else "solid"},
            marker={"symbol": symbols[i % len(symbols)], "size": 8},
        )
    return style(fig, title, axis_title)
