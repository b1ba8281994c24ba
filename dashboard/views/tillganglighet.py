"""Tillgänglighet: the accessibility statement (tillgänglighetsredogörelse) in the form Digg prescribes."""

import datetime as dt
import os

import streamlit as st

from dashboard import formatting
from dashboard.i18n import t

# When the statement was last reviewed against the automated audit and the manual checks.
ASSESSED = dt.date(2026, 12, 1)
UPDATED = dt.date(2026, 12, 1)
AXE_VERSION = "4.12"  # bundled by axe-playwright-python 0.1.8 (requirements.txt)

# Filled in by the municipality that runs Styrbord (environment, e.g. in the service's unit file or container).
organisation = os.environ.get("STYRBORD_A11Y_ORGANISATION", "").strip() or t("a11y.statement.organisation_missing")
contact = os.environ.get("STYRBORD_A11Y_CONTACT", "").strip() or t("a11y.statement.contact_missing")

st.title(t("a11y.statement.title"))
st.markdown(t("a11y.statement.intro", organisation=organisation))

st.header(t("a11y.statement.how_accessible"), anchor=False)
st.markdown(t("a11y.statement.how_accessible_text"))

st.header(t("a11y.statement.what_you_can_do"), anchor=False)
st.markdown(t("a11y.statement.what_you_can_do_text", contact=contact))

st.header(t("a11y.statement.report"), anchor=False)
st.markdown(t("a11y.statement.report_text", contact=contact))

st.header(t("a11y.statement.enforcement"), anchor=False)
st.markdown(t("a11y.statement.enforcement_text"))

st.header(t("a11y.statement.technical"), anchor=False)
st.markdown(t("a11y.statement.technical_text"))

st.header(t("a11y.statement.not_accessible"), anchor=False)
st.markdown(t("a11y.statement.not_accessible_intro"))
st.markdown("\n".join(f"- {t(f'a11y.statement.gap_{gap}')}"
                      for gap in ("language", "tables", "charts", "reflow", "downloads")))

st.header(t("a11y.statement.how_tested"), anchor=False)
st.markdown(t("a11y.statement.how_tested_text", axe=AXE_VERSION))
st.markdown(t("a11y.statement.dates", assessed=formatting.date(ASSESSED), updated=formatting.date(UPDATED)))
