"""Documents built from the pages' figures: the steering-group meeting pack (PDF) and the progress-report draft (Word).

`build_document` is the one way in, for the pages and the command line alike, so a role check or an audit entry
placed around it covers every document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: `python -m dashboard.report` quiets Streamlit's logging before it loads
    from dashboard.filters import Filters

KINDS = ("pack", "progress")
MIME = {
    "pack": "application/pdf",
    "progress": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Document:
    """A built document: its bytes, a file name and its MIME type."""

    content: bytes
    file_name: str
    mime: str


def build_document(kind: str, view: "Filters", lang: str = "sv", since: dt.date | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None) -> Document:
    """The meeting pack ("pack") or the progress-report draft ("progress") for one project's view."""
    if kind not in KINDS:
        raise ValueError(kind)
    if kind == "pack":
        from dashboard.report import pack

        content = pack.build(view, since=since, lang=lang)
        name = f"motesunderlag_{view.project_id}_{view.as_of.isoformat()}.pdf"
    else:
        from dashboard import figures
        from dashboard.report import progress

        if date_from is None or date_to is None:
            date_from, date_to = figures.last_quarter(view, today=view.as_of)
        content = progress.build(view, date_from, date_to, lang=lang)
        name = f"lagesrapport_{view.project_id}_{date_from.isoformat()}_{date_to.isoformat()}.docx"
    return Document(content, name, MIME[kind])
