"""Plotly figure builders in the house style (large type, colour-blind-safe palette, Swedish number format), the
sentence that describes each chart, and chart_block, which puts a chart on a page with its heading and its table.
Colours live in palette.py, tables and downloads in tables.py."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import a11y, formatting, memo, palette, privacy, tables
from dashboard.i18n import in_language, language, t

# Finished figures kept per builder, language and arguments (memo.Kept: by the arguments' content), shared by
# every session. Building a figure through Plotly's validators costs 10-70 ms; a kept one costs the key (about 1 ms).
# A copy would cost 15-20 ms and is not faithful (a pickled figure comes back with its arrays encoded), so the kept
# figure itself is handed out: it is read-only. chart_block only reads it; whoever changes a figure copies it first
# (go.Figure(fig)), as titled() and the meeting pack do. A figure is a few kilobytes; a page shows at most ten.
FIGURE_CACHE_ENTRIES = 600
_figures = memo.Kept(FIGURE_CACHE_ENTRIES)
_BUILDERS: dict[str, Callable[..., go.Figure]] = {}


def remembered(builder: Callable[..., go.Figure]) -> Callable[..., go.Figure]:
    """A figure builder whose figures are kept (see FIGURE_CACHE_ENTRIES). The builder must depend only on its
    arguments and the language and draw nothing; what it returns is shared and must not be changed."""
    name = builder.__name__
    _BUILDERS[name] = builder

    @functools.wraps(builder)
    def kept(*args, **kwargs) -> go.Figure:
        lang = language()

        def build() -> go.Figure:
            with in_language(lang):
                return _BUILDERS[name](*args, **kwargs)

        return _figures.kept((name, lang, args, sorted(kwargs.items())), build)

    kept.uncached = builder
    return kept


def forget_figures() -> None:
    """Empty the figure cache (tests; data.clear_caches empties every kept store)."""
    _figures.clear()


def _axis_style() -> dict:
    # automargin: long department and focus-area names get the room they need instead of being cut. Plotly.js draws
    # the axis line, the grid and the zero line by itself only when a figure sets their colours: from a template
    # they are asked for by name.
    return {"gridcolor": "#e5e5e5", "linecolor": "#4d4d4d", "showline": True, "showgrid": True, "zeroline": True,
            "automargin": True, "tickfont": {"size": palette.FONT_SIZE, "color": "#1a1a1a"}}


# The house look as a Plotly template, validated once: large type, the legend on top, white ground, grey grid, the
# series colours. Setting it costs about 2 ms a figure, the same settings through update_layout/update_*axes about
# 35 ms (Plotly's validators and change callbacks, once per call). A figure's own settings win over the template's,
# whatever the order they were made in. It replaces Streamlit's own default template, whose placeholder colours
# are meant for theme="streamlit", which these charts do not use (see chart_block), and made up 80 % of a chart's
# JSON.
HOUSE_TEMPLATE = go.layout.Template(layout={
    "font": {"size": palette.FONT_SIZE, "color": "#1a1a1a"},
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0,
               "font": {"size": palette.FONT_SIZE}},
    "margin": {"t": 40, "l": 20, "r": 30, "b": 30},
    "plot_bgcolor": "#ffffff",
    "paper_bgcolor": "#ffffff",
    "hoverlabel": {"font": {"size": palette.FONT_SIZE}},
    "colorway": palette.SERIES_COLOURS,
    "xaxis": _axis_style(),
    "yaxis": _axis_style(),
})


def style(fig: go.Figure, title: str, y_title: str | None = None, percent_axis: bool = False) -> go.Figure:
    """Large type, legend on top, Swedish number format on the axes. The title is kept in layout.meta, not drawn:
    the page shows it as a real heading above the chart (see chart_block), so no legend can cover it."""
    layout = fig.layout
    layout.template = HOUSE_TEMPLATE
    layout.meta = {**(layout.meta if isinstance(layout.meta, dict) else {}), "title": title}
    layout.separators = ", " if language() == "sv" else ".,"
    # The axis titles' type is the figure's own, not the template's: a builder that names an axis after style() gives
    # it a new title (text only) and with it Plotly.js's own size for axis titles, a little larger than the ticks.
    layout.xaxis.title = {"text": layout.xaxis.title.text, "font": {"size": palette.FONT_SIZE}}
    layout.yaxis.title = {"text": y_title, "font": {"size": palette.FONT_SIZE}}
    if percent_axis:
        percent_ticks(fig, "y")
    if language() == "sv" and any(_holds_dates(getattr(trace, "x", None)) for trace in fig.data):
        # Plotly names months in English ("Jan 2025"); year-month is how Swedish tables write a month
        fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    return fig



def titled(fig: go.Figure) -> go.Figure:
    """A copy of the figure with its title drawn inside (for an image on its own, e.g. in a PDF)."""
    title = fig.layout.meta.get("title") if isinstance(fig.layout.meta, dict) else None
    copy = go.Figure(fig)
    if title:
        copy.update_layout(title={"text": title, "font": {"size": palette.FONT_SIZE + 4}, "x": 0, "xanchor": "left",
                                  "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 10}},
                           margin={"t": max(copy.layout.margin.t or 0, 40) + 50})
    return copy



def _holds_dates(values: object) -> bool:
    """True when a trace's x values are dates (a time axis)."""
    if values is None or len(values) == 0:
        return False
    return bool(pd.api.types.is_datetime64_any_dtype(pd.Series(list(values[:1])))
                or isinstance(values[0], (dt.date, pd.Timestamp))
                or re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", str(values[0])))



def percent_ticks(fig: go.Figure, axis: str = "x") -> go.Figure:
    """0 %, 20 % … 100 % on a share axis, written as the reader's language writes them."""
    ticks = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    settings = {"tickvals": ticks, "ticktext": [formatting.percent(v) for v in ticks]}
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**settings)
    return fig



def heading(title: str, level: int = 2) -> None:
    """A section or chart heading: h2 under the page's h1, h3 inside a section."""
    (st.header if level == 2 else st.subheader)(title, anchor=False)



def chart_block(
    fig: go.Figure | None,
    frame: pd.DataFrame,
    columns: dict[str, tables.Column],
    key: str,
    title: str,
    caption: str | None = None,
    summary: str | None = None,
    value_kind: str = "int",
    level: int = 2,
) -> None:
    """A heading, a one-sentence summary, the chart (a figure named by the summary), then its suppressed figures as a
    table in an expander named after the chart, with CSV and Excel tables.downloads."""
    heading(title, level)
    if frame.empty:
        st.info(t("chart.no_data"))
        return
    if fig is not None:
        sentence = summary or describe(fig, value_kind)
        if sentence:
            st.markdown(sentence)
        # theme=None: Streamlit's own chart theme would shrink and grey the axis text this module sets.
        # alt: the chart is a figure whose accessible name is the sentence (its inside is hidden, see a11y.SCRIPT).
        st.plotly_chart(fig, width="stretch", key=f"chart_{key}", theme=None, config=a11y.plotly_config(language()),
                        alt=sentence or title)
    notes = [caption] if caption else []
    meta = fig.layout.meta if fig is not None and isinstance(fig.layout.meta, dict) else {}
    if meta.get("first_only"):
        shown, total = meta["first_only"]
        notes.append(t("a11y.first_cells", shown=shown, total=total))
    if notes:
        st.caption(" ".join(notes))
    if privacy.any_hidden(frame):
        st.caption(t("privacy.explanation"))
    with st.expander(t("a11y.table_of", title=title), expanded=fig is None):
        st.dataframe(tables.display_table(frame, columns), hide_index=True, width="stretch")
        tables.downloads(frame, columns, key, title)



def _plain(label: object) -> str:
    """A tick label as text: line breaks become spaces, a date is written as a date."""
    text = str(label).replace("<br>", " ")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T][\d:.]*)?", text):
        return formatting.date(dt.date.fromisoformat(text[:10]))
    return text



def _points(fig: go.Figure, value_kind: str) -> tuple[list[tuple[float, str, str, str]], int]:
    """Every shown value of the figure's main traces as (value, category, series, written value), and how many are
    hidden. Only figures that passed suppression reach a figure (hidden ones are NaN or written –)."""
    main = [tr for tr in fig.data if tr.type == "heatmap"] or [tr for tr in fig.data if tr.type == "bar"] or [
        tr for tr in fig.data if tr.type == "scatter" and "lines" in (tr.mode or "lines")]
    named = len([tr for tr in main if tr.name]) > 1
    points, hidden = [], 0
    # stacked bars: what a reader compares is the height of each stack, not its pieces
    stacked = fig.layout.barmode == "stack" and all(tr.type == "bar" for tr in main)
    if stacked:
        totals: dict[object, float] = {}
        for trace in main:
            for category, value in zip(trace.x, trace.y):
                if value is not None and not pd.isna(value):
                    totals[category] = totals.get(category, 0.0) + float(value)
        # a stack of nothing (a period still to come) is not "the lowest"
        points = [(total, _plain(category), "", tables.display_value(total, value_kind, False))
                  for category, total in totals.items() if total or not any(totals.values())]
    for trace in main:
        if trace.type == "heatmap":
            for r, (row_label, z_row) in enumerate(zip(trace.y, trace.z)):
                for c, (column_label, value) in enumerate(zip(trace.x, z_row)):
                    text = trace.text[r][c] if trace.text is not None else ""
                    if text == formatting.HIDDEN:
                        hidden += 1
                    elif value is not None and not pd.isna(value):
                        points.append((float(value), f"{_plain(row_label)} · {_plain(column_label)}", "", text))
            continue
        if stacked:
            continue
        horizontal = trace.orientation == "h"
        categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        texts = trace.text if trace.text is not None and not isinstance(trace.text, str) else [None] * len(values)
        for category, value, text in zip(categories, values, texts):
            if text == formatting.HIDDEN:
                hidden += 1
            elif text == "":
                continue  # a bar drawn at 0 for a group with no figure at all
            elif value is not None and not pd.isna(value):
                written = text if text else tables.display_value(value, value_kind, False)
                points.append((float(value), _plain(category), trace.name if named else "", written))
    return points, hidden



def describe(fig: go.Figure, value_kind: str = "int") -> str:
    """One sentence that says what the chart shows: its highest and lowest shown value (and how many are hidden)."""
    points, hidden = _points(fig, value_kind)
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    measure = meta.get("measure") or _measure(fig) or meta.get("title", "")

    def place(point: tuple[float, str, str, str]) -> str:
        _, category, series, written = point
        series = series[:1].lower() + series[1:]
        return t("a11y.place_series", category=category, series=series, value=written) if series else t(
            "a11y.place", category=category, value=written)

    if not points:
        sentence = t("a11y.summary_all_hidden") if hidden else ""
    elif len(points) == 1:
        sentence = t("a11y.summary_one", measure=measure, place=place(points[0]))
    else:
        top = max(points, key=lambda p: p[0])
        bottom = min(points, key=lambda p: p[0])
        sentence = t("a11y.summary", measure=measure, top=place(top), bottom=place(bottom))
    if hidden and points:
        sentence += " " + t("a11y.summary_hidden", count=hidden)
    return sentence



def _measure(fig: go.Figure) -> str:
    """What the values are: the colour bar's title of a heatmap, else the value axis's title."""
    for trace in fig.data:
        if trace.type == "heatmap" and trace.colorbar and trace.colorbar.title and trace.colorbar.title.text:
            return trace.colorbar.title.text
    horizontal = any(getattr(tr, "orientation", None) == "h" for tr in fig.data)
    axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    return axis.title.text if axis.title and axis.title.text else ""



IDENTITY_COLUMNS = ("key", "project_id", "row_key", "group_key", "department_id")



def distinct_labels(frame: pd.DataFrame, category: str, within: tuple[str, ...] = ("gender",)) -> pd.DataFrame:
    """Bar or row names made unique where two things share one (two projects called the same): their id is added."""
    within = tuple(c for c in within if c in frame.columns)
    if not frame.duplicated([category, *within]).any():
        return frame
    identity = next((c for c in IDENTITY_COLUMNS if c in frame.columns and c != category), None)
    if identity is None:
        # nothing to tell them apart by: number them in the order they come
        ids = frame.groupby([category, *within]).cumcount() + 1
        repeated = frame.duplicated([category, *within], keep=False)
    else:
        ids = frame[identity]
        repeated = frame.groupby(category)[identity].transform("nunique") > 1
    names = frame[category].astype(str)
    return frame.assign(**{category: names.where(~repeated, names + " (" + ids.astype(str) + ")")})



@remembered
def gender_bars(
    frame: pd.DataFrame, category: str, value: str, title: str, axis_title: str, kind: str = "int",
    genders: tuple[str, ...] = ("K", "M", "X"),
) -> go.Figure:
    """Horizontal bars per category, one bar per gender in the fixed gender colours, each labelled with its value."""
    frame = distinct_labels(frame, category)
    order = list(dict.fromkeys(frame[category]))
    fig = go.Figure()
    for code in genders:
        rows = frame[frame["gender"] == code].set_index(category).reindex(order)
        if rows[value].isna().all() and not rows.get(privacy.hidden_column(value), pd.Series(False)).fillna(False).any():
            continue
        rows = rows.reset_index()
        fig.add_bar(
            y=rows[category], x=rows[value].fillna(0), orientation="h", name=tables.gender_label(code),
            marker_color=palette.GENDER_COLOURS[code], text=tables.value_text(rows.fillna({privacy.hidden_column(value): False}),
                                                                value, kind),
            textposition="outside", cliponaxis=False, textfont={"size": palette.FONT_SIZE},
        )
    fig.update_layout(barmode="group", height=bar_height(len(order), len(fig.data)))
    fig.update_yaxes(autorange="reversed", title=None)
    style(fig, title, None, percent_axis=False)
    fig.update_xaxes(title=axis_title)
    if kind == "percent":
        percent_ticks(fig, "x")
    return fig



MAX_BARS = 25  # more categories than this do not fit a projector; the table below the chart has them all



def first_categories(frame: pd.DataFrame, category: str, limit: int = MAX_BARS) -> pd.DataFrame:
    """The rows of the first `limit` categories in the frame's order (the queries sort the largest first)."""
    keep = list(dict.fromkeys(frame[category]))[:limit]
    return frame[frame[category].isin(keep)]



def bar_height(categories: int, series: int) -> int:
    """Height of a horizontal bar chart so every bar is thick enough to read from the back of the room."""
    return max(300, 130 + max(30 * max(series, 1), 50) * categories)



def money_axis(fig: go.Figure, axis: str = "y") -> go.Figure:
    """Kronor on an axis written in full: 1 500 000 kr (Swedish) or 1,500,000 (English)."""
    settings = {"tickformat": ",.0f", "ticksuffix": " kr" if language() == "sv" else ""}
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(**settings)
    return fig



def pad_for_labels(fig: go.Figure, largest: float, axis: str = "x") -> go.Figure:
    """Room beyond the longest bar for its value label."""
    if largest and largest > 0:
        (fig.update_xaxes if axis == "x" else fig.update_yaxes)(range=[0, largest * 1.25])
    return fig



@remembered
def lines(
    frame: pd.DataFrame, x: str, value: str, series: str, title: str, axis_title: str,
    colours: dict[str, str] | None = None, labels: dict[str, str] | None = None, dashed: set[str] = frozenset(),
) -> go.Figure:
    """One line per series value (e.g. gender), with markers so a reader without colour can tell them apart."""
    fig = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x"]
    for i, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        fig.add_scatter(
            x=rows[x], y=rows[value], mode="lines+markers", name=(labels or {}).get(name, tables.gender_label(name)),
            line={"color": (colours or palette.GENDER_COLOURS).get(name, palette.SERIES_COLOURS[i % len(palette.SERIES_COLOURS)]),
                  "width": 3, "dash": "dash" if name in dashed else "solid"},
            marker={"symbol": symbols[i % len(symbols)], "size": 8},
        )
    return style(fig, title, axis_title)



ROLES = ("chef", "medarbetare", "förtroendevald")



def delta_look(change: float | None, higher_is_better: bool = True) -> dict[str, str]:
    """st.metric arguments that colour and point a change by its sign (a Swedish minus sign is not read as '-')."""
    if change is None or pd.isna(change) or change == 0:
        return {"delta_color": "gray", "delta_arrow": "off"}
    good = (change > 0) == higher_is_better
    return {"delta_color": "green" if good else "red", "delta_arrow": "up" if change > 0 else "down"}



def group_label(dimension: str, key: str, name: object = None) -> str:
    """A breakdown's row heading: Totalt, a gender, a role, or a department's (or project's) name."""
    if key == "T":
        return t("gender.T")
    if dimension == "gender":
        return tables.gender_label(key)
    if dimension == "role":
        return t(f"role.{key}") if key in ROLES else t("role.unknown")
    return name if isinstance(name, str) and name else t("breakdown.unknown")



def with_group_labels(frame: pd.DataFrame, dimension: str, key: str, name: str, label: str = "label") -> pd.DataFrame:
    """The frame with a column of row headings for the breakdown (see group_label). Where the query left 1–4 people
    of gender X out (women_and_men, the equality rule), the total row is headed Kvinnor och män."""
    labels = [group_label(dimension, k, n) for k, n in zip(frame[key], frame[name])]
    if "women_and_men" in frame and frame["women_and_men"].fillna(False).astype(bool).any():
        labels = [t("privacy.core.women_and_men") if k == "T" else heading for k, heading in zip(frame[key], labels)]
    return frame.assign(**{label: labels})



def _cell_text(value: object, hidden: bool, kind: str, signed: bool) -> str:
    if kind == "number1" and isinstance(value, float) and not pd.isna(value):
        value = round(value, 1) + 0.0  # −0,02 is written 0,0, not −0,0
    text = tables.display_value(value, kind, hidden)
    return formatting.signed(text, value) if signed and not hidden and text else text



# A heatmap stays readable with this many columns; when the columns (competence areas of a whole portfolio) are more
# than the rows, the two swap, and beyond these limits the chart shows the first groups and the table all of them.
HEAT_COLUMNS = 8



HEAT_ROWS = 30



@remembered
def heatmap(
    frame: pd.DataFrame, row: str, column: str, value: str, title: str, colour_title: str,
    kind: str = "number1", diverging: bool = False, higher_is_better: bool = True, signed: bool = False,
) -> go.Figure:
    """Rows × columns of one measure with the value written in every cell (black or white, whichever reads
    better on the cell's colour) and hidden cells as – on grey."""
    frame = distinct_labels(frame, row, within=(column,))
    rows = list(dict.fromkeys(frame[row]))
    columns = sorted(dict.fromkeys(frame[column]))
    cells = frame.assign(_hidden=tables.hidden_mask(frame, value)).set_index([row, column])
    # portfolio scale: 28 competence areas cannot stand side by side, so they become the rows
    transposed = len(columns) > max(len(rows), HEAT_COLUMNS)
    if transposed:
        rows, columns = columns, rows
    total_groups = len(columns) if transposed else len(rows)
    if transposed:
        columns = columns[:HEAT_COLUMNS]
    else:
        rows = rows[:HEAT_ROWS]
    z, text = [], []
    for r in rows:
        z_row, text_row = [], []
        for c in columns:
            where = (c, r) if transposed else (r, c)
            if where in cells.index:
                cell = cells.loc[where]
                z_row.append(None if pd.isna(cell[value]) else float(cell[value]))
                text_row.append(_cell_text(cell[value], bool(cell["_hidden"]), kind, signed))
            else:
                z_row.append(None)
                text_row.append("")
        z.append(z_row)
        text.append(text_row)
    shown = [v for line in z for v in line if v is not None]
    scale = palette.DIVERGING_SCALE if diverging else palette.SEQUENTIAL_SCALE
    if diverging and not higher_is_better:
        scale = [[1 - stop, colour] for stop, colour in reversed(scale)]
    # the colour range is set, not left to plotly, so the colour of every cell (and the text on it) is known here
    low, high = (min(shown), max(shown)) if shown else (0.0, 1.0)
    if diverging:
        # symmetric around 0 so that white means "no difference"; at least half a step, so noise stays pale
        reach = max(max((abs(v) for v in shown), default=0.0), 0.5)
        low, high = -reach, reach
    elif low == high:
        low, high = low - 0.5, high + 0.5
    # headings wrap onto short lines instead of slanting into each other or squeezing the cells
    headings = [wrap_label(c, 12, break_words=len(columns) > 4) for c in columns]
    row_headings = [wrap_label(r, 30) for r in rows]
    fig = go.Figure(go.Heatmap(
        z=z, x=headings, y=row_headings, text=text, colorscale=scale, zmin=low, zmax=high,
        colorbar={"title": {"text": colour_title}}, hoverongaps=False,
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    # hidden cells have no colour; the dash is written on a light grey cell so it reads as "not shown", not as 0
    label_x, label_y, labels, label_colours = [], [], [], []
    for r_index in range(len(rows)):
        for c_index in range(len(columns)):
            written, cell_value = text[r_index][c_index], z[r_index][c_index]
            if written == formatting.HIDDEN:
                fig.add_shape(type="rect", x0=c_index - 0.5, x1=c_index + 0.5, y0=r_index - 0.5, y1=r_index + 0.5,
                              fillcolor=palette.HIDDEN_CELL, line={"width": 2, "color": "#FFFFFF"}, layer="below")
                background = palette.HIDDEN_CELL
            elif written and cell_value is not None:
                background = a11y.scale_colour(scale, (cell_value - low) / (high - low))
            else:
                continue
            label_x.append(headings[c_index])
            label_y.append(row_headings[r_index])
            labels.append(written)
            label_colours.append(a11y.text_colour_on(background))
    # the numbers are a text layer of their own: plotly picks one colour for all heatmap text, not one per cell
    fig.add_scatter(x=label_x, y=label_y, text=labels, mode="text", hoverinfo="skip", showlegend=False,
                    textfont={"size": palette.FONT_SIZE + 2 if len(columns) <= 6 else palette.FONT_SIZE, "color": label_colours})
    style(fig, title)
    fig.update_xaxes(side="top", title=None, showgrid=False, type="category", tickangle=0,
                     tickfont={"size": palette.FONT_SIZE - 1})
    fig.update_yaxes(autorange="reversed", title=None, showgrid=False, type="category", automargin=True)
    lines = max((h.count("<br>") + 1 for h in headings), default=1)
    row_height = 56 if len(rows) <= 12 else 40
    fig.update_layout(margin={"t": 30 + 22 * lines}, height=max(260, 70 + 22 * lines + row_height * len(rows)))
    if total_groups > (len(columns) if transposed else len(rows)):
        fig.update_layout(meta={**fig.layout.meta, "first_only": [len(columns) if transposed else len(rows),
                                                                  total_groups]})
    return fig



def wrap_label(text: str, width: int = 16, break_words: bool = False) -> str:
    """A heading broken at spaces into lines of about width characters (plotly's <br>); with break_words, a word
    too long for a narrow column is split with a hyphen (kompetensutveckling → kompetens-<br>utveckling)."""
    lines: list[str] = []
    words = str(text).split()
    if break_words:
        words = [piece for word in words for piece in _split_word(word, width)]
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)



def _split_word(word: str, width: int) -> list[str]:
    """A word cut into pieces of at most width characters, each but the last ending in a hyphen."""
    pieces = []
    while len(word) > width:
        pieces.append(word[:width - 1] + "-")
        word = word[width - 1:]
    return [*pieces, word]



@remembered
def bars(
    frame: pd.DataFrame, category: str, value: str, title: str, axis_title: str, kind: str = "int",
    colours: list[str] | None = None, target: float | None = None, target_label: str | None = None,
) -> go.Figure:
    """Horizontal bars, one per category, labelled with their values (– when hidden), with an optional target line."""
    fig = go.Figure()
    fig.add_bar(
        y=frame[category], x=frame[value].fillna(0), orientation="h", marker_color=colours or palette.SPENT_COLOUR,
        text=tables.value_text(frame, value, kind), textposition="outside", cliponaxis=False, showlegend=False,
    )
    if target is not None and not pd.isna(target):
        # below the bars, so the value labels stay on top of the line
        fig.add_vline(x=target, line={"color": palette.PLAN_COLOUR, "width": 3, "dash": "dash"}, layer="below",
                      annotation={"text": target_label or "", "font": {"size": palette.FONT_SIZE}},
                      annotation_position="top")
    fig.update_layout(height=bar_height(len(frame), 1))
    style(fig, title)
    fig.update_yaxes(autorange="reversed", title=None, type="category", automargin=True)
    fig.update_xaxes(title=axis_title)
    if kind == "percent":
        percent_ticks(fig, "x").update_xaxes(range=[0, 1.12])
    else:
        pad_for_labels(fig, float(frame[value].max()) if frame[value].notna().any() else 0)
    return fig



@remembered
def wave_bars(
    frame: pd.DataFrame, category: str, value: str, title: str, axis_title: str, kind: str = "int",
    axis_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Horizontal bars per category: baseline and follow-up side by side, each labelled (– when hidden)."""
    order = list(dict.fromkeys(frame[category]))
    fig = go.Figure()
    for wave in ("baseline", "follow_up"):
        rows = frame[frame["wave"] == wave].set_index(category).reindex(order).reset_index()
        if rows["wave"].isna().all():
            continue
        hidden = privacy.hidden_column(value)
        if hidden in rows:
            rows[hidden] = rows[hidden].fillna(False).astype(bool)
        fig.add_bar(
            y=rows[category], x=rows[value].fillna(0), orientation="h", name=t(f"wave.{wave}"),
            marker={"color": palette.WAVE_COLOURS[wave], "pattern": {
                "shape": palette.WAVE_PATTERNS[wave], "fgcolor": "#FFFFFF", "fillmode": "overlay", "solidity": 0.25}},
            text=tables.value_text(rows, value, kind), textposition="outside", cliponaxis=False,
        )
    fig.update_layout(barmode="group", height=bar_height(len(order), len(fig.data)))
    style(fig, title)
    fig.update_yaxes(autorange="reversed", title=None, type="category", automargin=True)
    fig.update_xaxes(title=axis_title, range=list(axis_range) if axis_range else None)
    return fig



@remembered
def pace_bars(
    frame: pd.DataFrame, label: str, spent: str, elapsed: str, title: str, spent_title: str, elapsed_title: str,
) -> go.Figure:
    """One bar per row (project) for the share of budget spent, and a mark for the share of time elapsed."""
    names = [wrap_label(name, 30) for name in frame[label]]
    fig = go.Figure()
    fig.add_bar(
        y=names, x=frame[spent].fillna(0), orientation="h", name=spent_title, marker_color=palette.SPENT_COLOUR,
        text=tables.value_text(frame, spent, "percent"), cliponaxis=False, insidetextanchor="end",
        # the value inside long bars, where the time mark cannot cross it
        textposition=["inside" if value > 0.3 else "outside" for value in frame[spent].fillna(0)],
        insidetextfont={"color": "#FFFFFF"},
    )
    fig.add_scatter(
        y=names, x=frame[elapsed], mode="markers", name=elapsed_title,
        marker={"symbol": "line-ns", "size": 34, "line": {"width": 4, "color": "#1A1A1A"}},
        hovertemplate="%{y}: %{x:.0%}<extra>" + elapsed_title + "</extra>",
    )
    lines = max((name.count("<br>") + 1 for name in names), default=1)
    fig.update_layout(height=150 + len(names) * max(50, 22 * lines + 16), bargap=0.35)
    style(fig, title)
    # a tall chart would lift a legend placed by share of the plot into the title: pin both in pixels instead
    fig.update_layout(title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 10}},
                      legend={"y": 1, "yanchor": "bottom"})
    # a fixed range: the tall time marks would otherwise pad the axis with empty space (first project on top)
    fig.update_yaxes(range=[len(names) - 0.5, -0.5], title=None, type="category", automargin=True)
    # projects that spend more than planned run past 100 %; the axis follows them in readable steps
    largest = max(1.0, float(frame[spent].max()) if frame[spent].notna().any() else 1.0)
    step = 0.2 if largest <= 1.2 else (0.5 if largest <= 3 else 1.0)
    ticks = [i * step for i in range(0, int(largest / step) + 2)]
    fig.update_xaxes(title=None, range=[0, ticks[-1] + 0.1], tickvals=ticks,
                     ticktext=[formatting.percent(v) for v in ticks])
    return fig



@remembered
def burn_up(months: pd.DataFrame, forecast, title: str) -> go.Figure:
    """Cumulative spending against the plan line per month, with the forecast from the last spent month to the end."""
    # forecast is a rules.BudgetForecast for the same months
    fig = go.Figure()
    fig.add_scatter(x=months["month"], y=months["cumulative_planned_sek"], name=t("budget.plan_line"),
                    mode="lines", line={"color": palette.PLAN_COLOUR, "width": 3, "dash": "dash"})
    fig.add_scatter(x=months["month"], y=months["cumulative_spent_sek"], name=t("budget.spent_line"),
                    mode="lines+markers", line={"color": palette.SPENT_COLOUR, "width": 4}, marker={"size": 6})
    spent_months = months.dropna(subset=["cumulative_spent_sek"])
    if forecast.months_left and len(spent_months):
        fig.add_scatter(x=[spent_months["month"].iloc[-1], months["month"].iloc[-1]],
                        y=[forecast.spent_to_date, forecast.forecast], name=t("budget.forecast_line"),
                        mode="lines+markers", line={"color": palette.GENDER_COLOURS["K"], "width": 3, "dash": "dot"},
                        marker={"symbol": "diamond", "size": 10})
    style(fig, title, t("budget.kronor"))
    return money_axis(fig)



@remembered
def heading_bars(headings: pd.DataFrame, title: str) -> go.Figure:
    """Plan to date against spending per cost heading, each bar labelled with its amount (– when hidden)."""
    fig = go.Figure()
    for column, name, colour in (("planned_to_date_sek", t("budget.planned_to_date"), palette.PLAN_COLOUR),
                                 ("spent_sek", t("budget.spent_column"), palette.SPENT_COLOUR)):
        fig.add_bar(y=headings["cost_heading"], x=headings[column].fillna(0), orientation="h", name=name,
                    marker_color=colour, text=tables.display_table(headings, {column: tables.Column("", "money")})[""],
                    textposition="outside", cliponaxis=False, textfont={"size": palette.FONT_SIZE})
    fig.update_layout(barmode="group", height=bar_height(len(headings), 2))
    fig.update_yaxes(autorange="reversed")
    style(fig, title)
    money_axis(fig, "x")
    return pad_for_labels(fig, headings[["planned_to_date_sek", "spent_sek"]].max().max())



@remembered
def women_share_bars(departments: pd.DataFrame, title: str) -> go.Figure:
    """Women's share among participants (women's colour) beside their share of the target group (grey) per department."""
    drawn = first_categories(departments.sort_values("participants", ascending=False), "department_name")
    fig = gender_bars.uncached(
        drawn.assign(gender="K"), "department_name", "participant_women_share", title,
        t("participation.women_share_axis"), kind="percent", genders=("K",),
    )
    if fig.data:  # no bar when every share is hidden or empty
        fig.data[0].name = t("participation.women_participants")
    staff = drawn.set_index("department_name")
    fig.add_bar(
        y=staff.index, x=staff["staff_women_share"].fillna(0), orientation="h", name=t("participation.women_target_group"),
        marker_color=palette.GENDER_COLOURS["T"], text=tables.value_text(drawn, "staff_women_share", "percent"),
        textposition="outside", cliponaxis=False, textfont={"size": palette.FONT_SIZE},
    )
    fig.update_layout(height=bar_height(len(drawn), 2))
    return fig.update_xaxes(range=[0, 1.15])



@remembered
def period_heading_bars(periods: pd.DataFrame, title: str) -> go.Figure:
    """Spending per period stacked by cost heading, with the period's plan as a mark (Budget)."""
    fig = go.Figure()
    for heading, rows in periods.groupby("cost_heading", sort=True):
        # white edges: every segment stands against white (3:1), and a pattern of its own tells the headings apart
        fig.add_bar(x=rows["period"], y=rows["spent_sek"], name=heading, marker={
            "color": palette.HEADING_COLOURS.get(heading, palette.PLAN_COLOUR), "line": {"color": "#FFFFFF", "width": 1.5},
            "pattern": {"shape": palette.HEADING_PATTERNS.get(heading, ""), "fgcolor": "#FFFFFF", "fillmode": "overlay",
                        "solidity": 0.3}})
    plan = periods.drop_duplicates("period")
    fig.add_scatter(x=plan["period"], y=plan["period_planned_sek"], name=t("budget.planned"), mode="markers",
                    marker={"symbol": "line-ew-open", "size": 28, "color": palette.PLAN_MARKER_COLOUR, "line": {"width": 3}})
    fig.update_layout(barmode="stack")
    style(fig, title, t("budget.kronor"))
    return money_axis(fig)



@remembered
def target_bars(drawn: pd.DataFrame, title: str) -> go.Figure:
    """Participants per focus area against the target (a mark), the value written beyond both (Fokusområden)."""
    fig = go.Figure()
    written = tables.display_table(drawn, {"participants": tables.Column("", "int")})[""]
    fig.add_bar(y=drawn["name"], x=drawn["participants"].fillna(0), orientation="h", name=t("focus.participants"),
                marker_color=palette.SPENT_COLOUR, text=written, textposition="none")
    fig.add_scatter(y=drawn["name"], x=drawn["target_participants"], mode="markers", name=t("focus.target"),
                    marker={"symbol": "line-ns-open", "size": 30, "color": palette.PLAN_MARKER_COLOUR, "line": {"width": 4}})
    # the value is written beyond both the bar and the target mark, so the mark never runs through the number
    largest = float(drawn[["participants", "target_participants"]].fillna(0).to_numpy().max())
    fig.add_scatter(y=drawn["name"], x=drawn[["participants", "target_participants"]].max(axis=1).fillna(0)
                    + 0.015 * largest, mode="text", text=list(written), textposition="middle right", cliponaxis=False,
                    textfont={"size": palette.FONT_SIZE}, showlegend=False, hoverinfo="skip")
    fig.update_layout(height=bar_height(len(drawn), 1))
    fig.update_yaxes(autorange="reversed")
    style(fig, title)
    return pad_for_labels(fig, max(drawn["participants"].max(), drawn["target_participants"].max()))



@remembered
def activity_bars(drawn: pd.DataFrame, title: str) -> go.Figure:
    """Activities held against planned per focus area (Fokusområden)."""
    fig = go.Figure()
    for column, colour in (("activities_planned", palette.PLAN_COLOUR), ("activities_held", palette.SPENT_COLOUR)):
        fig.add_bar(y=drawn["name"], x=drawn[column], orientation="h", name=t(f"focus.{column}"),
                    marker_color=colour, text=drawn[column], textposition="outside", cliponaxis=False,
                    textfont={"size": palette.FONT_SIZE})
    fig.update_layout(barmode="group", height=bar_height(len(drawn), 2))
    fig.update_yaxes(autorange="reversed")
    style(fig, title)
    fig.update_xaxes(dtick=1, tickformat="d")
    return pad_for_labels(fig, drawn["activities_planned"].max())

