"""The page block that builds the meeting pack and the progress report on demand and offers them for download."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import auth, data, figures, formatting
from dashboard.filters import Filters
from dashboard.i18n import language, t
from dashboard.report import build_document, images


@st.cache_data(max_entries=8, show_spinner=False)
def _built(kind: str, values: tuple, lang: str, stamp: tuple[str, int], date_from: dt.date | None,
           date_to: dt.date | None) -> tuple[bytes, str, str]:
    """One document for these filter values and this warehouse (a rerun or a second click reuses it)."""
    view = Filters(*values)
    document = build_document(kind, view, lang=lang, date_from=date_from, date_to=date_to)
    return document.content, document.file_name, document.mime


def report_period(view: Filters) -> tuple[dt.date, dt.date]:
    """The sidebar's period when one was chosen, else the latest whole quarter up to the as-of date."""
    if (view.period_start, view.period_end) != (view.project_start, view.project_end):
        return view.period_start, view.date_to
    return figures.last_quarter(view, today=view.as_of)


def downloads(view: Filters) -> None:
    """Buttons that build the pack (PDF) and the progress-report draft (Word) for the current filters."""
    if not auth.may(auth.current_user(), "meeting_pack"):
        return  # the steering group and up (politicians read the summary itself)
    st.header(t("offer.title"))
    if view.project_id is None:
        st.info(t("offer.choose_project"))
        return
    date_from, date_to = report_period(view)
    st.caption(t("offer.help", as_of=formatting.date(view.as_of), start=formatting.date(date_from),
                 end=formatting.date(date_to)))
    values = tuple(view.__dict__.values())
    stamp = (str(data.warehouse_file()), data.warehouse_file().stat().st_mtime_ns)
    lang = language()
    left, right = st.columns(2)
    for column, kind, period in ((left, "pack", (None, None)), (right, "progress", (date_from, date_to))):
        key = f"_offer_{kind}"
        wanted = (values, lang, stamp, period)
        if column.button(t(f"offer.build_{kind}"), key=f"offer_build_{kind}", icon=":material/description:"):
            with column, st.spinner(t(f"offer.building_{kind}")):
                try:
                    st.session_state[key] = (wanted, _built(kind, values, lang, stamp, *period))
                except images.NoBrowser:
                    st.error(t("offer.no_browser"), icon=":material/error:")
        ready = st.session_state.get(key)
        if ready and ready[0] == wanted:
            content, file_name, mime = ready[1]
            column.download_button(t(f"offer.save_{kind}"), content, file_name=file_name, mime=mime,
                                   key=f"offer_save_{kind}", icon=":material/download:",
                                   on_click=auth.record_meeting_pack, args=("pdf" if kind == "pack" else "docx", view))
