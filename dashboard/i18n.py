"""Texts the user reads, looked up by key in dashboard/texts.toml (Swedish first, English second)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pipelines.i18n import CATALOGUE, LANGUAGES, catalogue  # the one catalogue, read by both halves


# A document built for one language (the meeting pack from the command line) says so with `in_language`.
_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("styrbord_language", default=None)


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Within the block, t() and the formats use lang, whatever the sidebar says."""
    token = _chosen.set(lang if lang in LANGUAGES else "sv")
    try:
        yield
    finally:
        _chosen.reset(token)


def language() -> str:
    """The language chosen in the sidebar (Swedish unless English was picked)."""
    if _chosen.get() is not None:
        return _chosen.get()
    if get_script_run_ctx(suppress_warning=True) is None:  # outside a Streamlit run (unit tests, benchmarks)
        return "sv"
    lang = st.session_state.get("lang", "sv")
    return lang if lang in LANGUAGES else "sv"


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The text for key in the chosen language, with {placeholders} filled from fmt."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"Texten {key!r} saknas i {CATALOGUE.name}")
    text = entry.get(lang or language()) or entry["sv"]
    return text.format(**fmt) if fmt else text
