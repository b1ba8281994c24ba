"""The global sidebar filters, kept in the URL (st.query_params) so a view can be bookmarked and shared.

One direction: the router reads the URL and the widgets into one Filters (project_filters, gender_filter), writes
it back to the URL (remember_in_url) and runs the page inside `in_use(chosen)`; the page reads it with current()
and hands it to figures/data. Nothing writes the Filters anywhere else: no session_state copy, no page changes it.
The widgets' choices (projects, municipalities, departments) come from data.py (project_choices, place_choices).

The choices are part of the privacy rule (docs/privacy.md): dates lie on the month grid (dashboard/grid.py),
municipalities and departments are offered only with one project chosen, and a municipality, department or gender
only when it and the rest of its parent both hold at least 5 people of the target group."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterator

import pandas as pd
import streamlit as st

from dashboard import data, grid
from dashboard.i18n import language, t
from dashboard.privacy import MIN_PEOPLE

ALL = "alla"  # the choice "all projects / all municipalities / all departments"
GENDERS = ("K", "M", "X")
# Wide enough for the finished 2008 projects and the ones still running (date_input defaults to ±10 years).
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class NoProjects(LookupError):
    """The warehouse holds no project yet."""


@dataclass(frozen=True)
class Filters:
    """What the user chose in the sidebar; every query takes its values from here."""

    project_id: str | None
    municipality: str | None
    department_id: str | None
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    project_start: dt.date
    project_end: dt.date
    gender: str | None = None
    project_name: str = ""  # the chosen project's name, or "Alla projekt"

    @property
    def date_to(self) -> dt.date:
        """Last day counted: the period's end, or the as-of date when that is earlier."""
        return min(self.period_end, self.as_of)

    def params(self) -> dict[str, object]:
        """The bound parameters every named query may use."""
        return {
            "project_id": self.project_id,
            "municipality": self.municipality,
            "department_id": self.department_id,
            "gender": self.gender,
            "date_from": self.period_start,
            "date_to": self.date_to,
            "as_of": self.as_of,
            "project_start": self.project_start,
            "project_end": self.project_end,
        }

    def at(self, day: object) -> "Filters":
        """The same view as it looked on an earlier date (e.g. the last steering-group meeting)."""
        as_of = pd.Timestamp(day).date()
        return Filters(
            self.project_id, self.municipality, self.department_id, self.period_start,
            min(self.period_end, as_of), as_of, self.project_start, self.project_end, self.gender, self.project_name,
        )


def today() -> dt.date:
    """Today's date (one place, so the as-of default is easy to reason about)."""
    return dt.date.today()


def _param_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def distinct_labels(labels: dict[str, str], shown_key=lambda key: key) -> dict[str, str]:
    """The labels with the key added where a label repeats ("Kompetenslyft Linköping 2025 (nat-273-linkoping)").

    A selectbox keeps its value by its label (Streamlit 1.67: the formatted option), so two options with the same
    label are one option: a user on the second of two projects with the same name was moved to the first one on the
    next page. Every selectbox over ids labels its options with this."""
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {key: f"{label} ({shown_key(key)})" if counts[label] > 1 else label for key, label in labels.items()}


def _choose(key: str, options: list[str], url_name: str, default: str) -> None:
    """Put a valid value for widget `key` in session state: kept, from the URL, or the default."""
    current = st.session_state.get(key)
    if current in options:
        return
    from_url = st.query_params.get(url_name)
    st.session_state[key] = from_url if from_url in options else default


def language_choice() -> str:
    """The language radio (Svenska default / English); returns "sv" or "en"."""
    _choose("lang", ["sv", "en"], "sprak", "sv")
    st.sidebar.radio(
        "Språk / Language", ["sv", "en"], key="lang", horizontal=True,
        format_func=lambda code: {"sv": "Svenska", "en": "English"}[code],
    )
    return st.session_state["lang"]


# The format_func lambdas bind the language when the widget is drawn: Streamlit may call them later, outside the
# script run (AppTest does), where the session's language is not known.


def project_filters() -> Filters:
    """Project, municipality, department, period and as-of date in the sidebar."""
    if "_gender" not in st.session_state:
        # a bookmarked gender survives pages that do not show the gender filter
        st.session_state["_gender"] = st.query_params.get("kon") if st.query_params.get("kon") in GENDERS else ALL
    projects = data.project_choices()
    if projects.empty:
        raise NoProjects()
    project_names = dict(zip(projects["project_id"], projects["name"]))
    options = [ALL, *project_names]
    # One project: show it; several: start at the portfolio of all of them.
    _choose("project", options, "projekt", options[1] if len(options) == 2 else ALL)
    project_labels = distinct_labels(project_names)
    st.sidebar.selectbox(
        t("filter.project"), options, key="project",
        format_func=lambda pid, lang=language(): t("filter.all_projects", lang) if pid == ALL else project_labels.get(pid, pid),
    )
    project_id = None if st.session_state["project"] == ALL else st.session_state["project"]
    chosen = projects if project_id is None else projects[projects["project_id"] == project_id]
    project_start = pd.Timestamp(chosen["start_date"].min()).date()
    project_end = pd.Timestamp(chosen["end_date"].max()).date()

    # Place filters only within one project: department ids and municipality names repeat across projects.
    places = data.place_choices(project_id) if project_id is not None else None
    sizes = data.group_sizes(project_id) if project_id is not None else None
    if project_id is None:
        # no place widgets at all (a greyed-out one would be read with too little contrast): the caption says why
        st.sidebar.caption(t("privacy_views.places_need_project"))
        municipality = department_id = None
    else:
        municipality, department_id = _place_widgets(places, sizes)

    # A new project brings its own period; a bookmarked URL brings the dates it was saved with.
    first_run = "_dates_for" not in st.session_state
    if first_run or st.session_state["_dates_for"] != project_id:
        st.session_state["_dates_for"] = project_id
        default_as_of = min(today(), project_end)
        from_url = first_run
        st.session_state["period_start"] = (from_url and _param_date("fran")) or project_start
        st.session_state["period_end"] = (from_url and _param_date("till")) or project_end
        st.session_state["as_of"] = (from_url and _param_date("per")) or default_as_of
    # the month grid: whatever is picked or bookmarked, a period runs over whole months and the status is a month's
    for key, snap in (("period_start", grid.month_start), ("period_end", grid.month_end), ("as_of", grid.month_end)):
        if isinstance(st.session_state.get(key), dt.date):
            st.session_state[key] = snap(st.session_state[key])
    st.sidebar.date_input(t("filter.period_start"), key="period_start", format="YYYY-MM-DD",
                          min_value=EARLIEST, max_value=LATEST)
    st.sidebar.date_input(t("filter.period_end"), key="period_end", format="YYYY-MM-DD",
                          min_value=EARLIEST, max_value=LATEST)
    st.sidebar.date_input(
        t("filter.as_of"), key="as_of", format="YYYY-MM-DD", help=t("filter.as_of_help"),
        min_value=EARLIEST, max_value=LATEST,
    )
    st.sidebar.caption(t("privacy_views.month_grid"))
    if st.session_state["period_start"] > st.session_state["period_end"]:
        st.sidebar.warning(t("filter.period_reversed"), icon=":material/swap_vert:")
    start, end = st.session_state["period_start"], st.session_state["period_end"]
    return Filters(
        project_id=project_id,
        municipality=municipality,
        department_id=department_id,
        # a reversed period is read the right way round rather than showing nothing (still whole months)
        period_start=grid.month_start(min(start, end)),
        period_end=grid.month_end(max(start, end)),
        as_of=st.session_state["as_of"],
        project_start=project_start,
        project_end=project_end,
        project_name=project_names.get(project_id, t("filter.all_projects")) if project_id else t("filter.all_projects"),
    )


def _place_widgets(places: pd.DataFrame, sizes: pd.DataFrame) -> tuple[str | None, str | None]:
    """The municipality and department filters of one project: only the values offered (see offered)."""
    municipalities = sorted(places["municipality"].dropna().unique())
    offered_municipalities = offered(municipalities, sizes, "municipality")
    _choose("municipality", [ALL, *offered_municipalities], "kommun", ALL)
    st.sidebar.selectbox(
        t("filter.municipality"), [ALL, *offered_municipalities], key="municipality", help=t("privacy_views.places_help"),
        format_func=lambda m, lang=language(): t("filter.all_municipalities", lang) if m == ALL else m,
    )
    municipality = None if st.session_state["municipality"] == ALL else st.session_state["municipality"]
    if municipality is not None:
        places = places[places["municipality"] == municipality]
        sizes = sizes[sizes["municipality"] == municipality]
    departments = distinct_labels(dict(zip(places["department_id"], places["department_name"])))
    offered_departments = offered(list(departments), sizes, "department_id")
    _choose("department", [ALL, *offered_departments], "forvaltning", ALL)
    st.sidebar.selectbox(
        t("filter.department"), [ALL, *offered_departments], key="department", help=t("privacy_views.places_help"),
        format_func=lambda d, lang=language(): t("filter.all_departments", lang) if d == ALL else departments.get(d, d),
    )
    department_id = None if st.session_state["department"] == ALL else st.session_state["department"]
    if len(offered_municipalities) < len(municipalities) or len(offered_departments) < len(departments):
        st.sidebar.caption(t("privacy_views.places_left_out"))
    return municipality, department_id


def offered(values: list[str], sizes: pd.DataFrame | None, column: str) -> list[str]:
    """The values a filter may offer: each holds at least 5 people of the target group, and so does the rest of
    the group it is chosen from (else the view and its parent would differ by fewer than 5 people)."""
    if sizes is None or sizes.empty:
        return []
    total = sizes["people"].sum()
    per_value = sizes.groupby(column, dropna=False)["people"].sum()
    return [v for v in values
            if per_value.get(v, 0) >= MIN_PEOPLE and total - per_value.get(v, 0) >= MIN_PEOPLE]


def gender_filter(filters: Filters) -> Filters:
    """The gender filter, shown only on pages that split by gender; a gender is offered only when it and the other
    genders of the selection's target group both hold at least 5 people."""
    sizes = data.group_sizes(filters.project_id)
    if filters.municipality is not None:
        sizes = sizes[sizes["municipality"] == filters.municipality]
    if filters.department_id is not None:
        sizes = sizes[sizes["department_id"] == filters.department_id]
    genders = offered(list(GENDERS), sizes, "gender")
    options = [ALL, *genders]
    # Pages without the filter drop the widget's state; the shadow copy keeps the choice for the next page.
    _choose("gender", options, "kon", st.session_state.get("_gender", ALL))
    st.sidebar.selectbox(
        t("filter.gender"), options, key="gender", help=t("privacy_views.gender_help"),
        format_func=lambda g, lang=language(): t("filter.all_genders", lang) if g == ALL else t(f"gender.{g}", lang),
    )
    if len(genders) < len(GENDERS):
        st.sidebar.caption(t("privacy_views.genders_left_out"))
    st.session_state["_gender"] = st.session_state["gender"]
    gender = None if st.session_state["gender"] == ALL else st.session_state["gender"]
    return Filters(**{**filters.__dict__, "gender": gender})


def remember_in_url(filters: Filters, lang: str) -> None:
    """Write the chosen filters to the address bar (only what differs from the defaults)."""
    wanted = {
        "sprak": None if lang == "sv" else lang,
        "projekt": filters.project_id or (ALL if st.session_state.get("project") == ALL else None),
        "kommun": filters.municipality,
        "forvaltning": filters.department_id,
        "fran": (None if filters.period_start == grid.month_start(filters.project_start)
                 else filters.period_start.isoformat()),
        "till": None if filters.period_end == grid.month_end(filters.project_end) else filters.period_end.isoformat(),
        # the default as-of date is "today": left out, a bookmark keeps following the calendar
        "per": (None if filters.as_of == grid.month_end(min(today(), filters.project_end))
                else filters.as_of.isoformat()),
        "kon": None if st.session_state.get("_gender", ALL) == ALL else st.session_state["_gender"],
    }
    wanted = {k: v for k, v in wanted.items() if v is not None}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


# The Filters of the page run under way: set by the router around page.run(), read by the page. A context variable
# belongs to the thread (and context) of one script run, so two sessions never see each other's.
_IN_USE: ContextVar[Filters | None] = ContextVar("styrbord_filters", default=None)


@contextmanager
def in_use(chosen: Filters) -> Iterator[Filters]:
    """The router runs the page inside this: current() gives `chosen` until the page has run."""
    token = _IN_USE.set(chosen)
    try:
        yield chosen
    finally:
        _IN_USE.reset(token)


def current() -> Filters:
    """The filters the router chose for this run (pages call this)."""
    chosen = _IN_USE.get()
    if chosen is None:
        raise RuntimeError("filters.current() is called only while the router runs a page (filters.in_use)")
    return chosen


def current_or_none() -> Filters | None:
    """The filters of this run, or None where there are none (the Data page before anything is loaded)."""
    return _IN_USE.get()
