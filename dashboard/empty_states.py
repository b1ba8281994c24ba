"""What is loaded for the chosen project, and the plain "nothing loaded yet" a page shows for what is not."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.i18n import t

KINDS = ("people", "activities", "attendance", "competence", "hme", "budget", "ledger", "goals")


def loaded(view) -> dict[str, bool]:
    """Per kind of data (people, attendance, surveys, budget, ledger, goals…): is anything loaded for the view?"""
    row = data.cells("project_contents", None, project_id=view.project_id)
    return {kind: bool(row[kind].iloc[0]) if len(row) else False for kind in KINDS}


def show_missing(view, *kinds: str) -> set[str]:
    """An info box for each of `kinds` that has nothing loaded for the view; returns the missing kinds."""
    have = loaded(view)
    missing = [kind for kind in kinds if not have[kind]]
    for kind in missing:
        st.info(t(f"loadsafe.missing_{kind}"), icon=":material/info:")
    return set(missing)
