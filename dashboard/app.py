"""Styrbord: the router (page config, language, global filters, navigation)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, but the modules import as the dashboard package.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402

from dashboard import a11y, data, filters  # noqa: E402
from dashboard.i18n import t  # noqa: E402

VIEWS = Path(__file__).with_name("views")

# Every page of the dashboard, in menu order; a page whose script has not been written yet is left out.
PAGES = [
    ("sammanfattning", ":material/dashboard:"),
    ("kompetens", ":material/school:"),
    ("deltagande", ":material/groups:"),
    ("budget", ":material/payments:"),
    ("fokus_mal", ":material/flag:"),
    ("medarbetarenkat", ":material/forum:"),
    ("portfolio", ":material/view_module:"),
    ("data", ":material/upload_file:"),
    ("tillganglighet", ":material/accessibility:"),
]
# Pages that split their figures by gender get the gender filter in the sidebar.
GENDER_PAGES = {"kompetens", "deltagande", "medarbetarenkat"}
# The upload page must work before anything is loaded, and so must the accessibility statement.
WITHOUT_WAREHOUSE = {"data", "tillganglighet"}

st.set_page_config(page_title="Styrbord", page_icon=":material/sailing:", layout="wide")
# A printout (the politicians' summary goes on paper) keeps the figures and leaves the controls behind.
st.html("""<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stExpander"] { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 1rem !important; max-width: 100% !important; }
  [data-testid="stHeading"] { break-after: avoid; }
  table, [data-testid="stMetric"] { break-inside: avoid; }
}
</style>""")

lang = filters.language_choice()
a11y.page_setup(lang)  # the page's language, focus and reflow styles
available = [(key, icon) for key, icon in PAGES if (VIEWS / f"{key}.py").exists()]



def only_upload_pages(message: str, how_to_build: bool = True, upload: bool = True) -> None:
    """Say why there is nothing to show, and still offer the pages that load data (when they can work)."""
    st.error(message)
    if how_to_build:
        st.markdown(t("warehouse.how_to_build"))
        st.code(t("warehouse.commands"), language="bash")
    upload_pages = [st.Page(f"views/{key}.py", title=t(f"nav.{key}"), icon=icon, url_path=key)
                    for key, icon in available if key in WITHOUT_WAREHOUSE and (upload or key != "data")]
    if upload_pages:
        st.navigation(upload_pages).run()
    st.stop()


if not data.warehouse_ready():
    only_upload_pages(t("warehouse.missing", path=str(data.warehouse_file())))
try:
    chosen = filters.project_filters()
except filters.NoProjects:
    only_upload_pages(t("warehouse.empty"), how_to_build=False)
except data.OUTDATED_WAREHOUSE as error:
    # a warehouse built by an older pipeline lacks a table or column the dashboard reads
    only_upload_pages(t("warehouse.outdated", path=str(data.warehouse_file()), error=str(error).splitlines()[0]),
                      upload=False)
portfolio_first = chosen.project_id is None and any(key == "portfolio" for key, _ in available)
pages = {
    key: st.Page(f"views/{key}.py", title=t(f"nav.{key}"), icon=icon, url_path=key)
    for key, icon in available
}
landing_key = "portfolio" if portfolio_first else "sammanfattning"


def landing() -> None:
    """The bare address opens the portfolio (all projects) or the summary, keeping the filters in the URL."""
    st.switch_page(pages.get(landing_key) or next(iter(pages.values())), query_params=st.query_params.to_dict())


# Streamlit serves its default page only at "/", so every real page gets its own address (a bookmark such as
# /budget?projekt=X keeps working) and "/" is a hidden page that forwards to the right one.
page = st.navigation([st.Page(landing, title="Styrbord", url_path="start", default=True, visibility="hidden"),
                      *pages.values()])
page_key = next((key for key, p in pages.items() if p is page or p.url_path == page.url_path), "")
if page_key in GENDER_PAGES:
    chosen = filters.gender_filter(chosen)
st.session_state["filters"] = chosen
filters.remember_in_url(chosen, lang)
try:
    page.run()
except data.WarehouseMissing:
    st.error(t("warehouse.missing", path=str(data.warehouse_file())))  # replaced or removed while in use
except data.OUTDATED_WAREHOUSE as error:
    st.error(t("warehouse.outdated", path=str(data.warehouse_file()), error=str(error).splitlines()[0]))
