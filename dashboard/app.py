"""Styrbord: the router (page config, language, login and role gate, global filters, navigation)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on the path, but the modules import as the dashboard package.
REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import streamlit as st  # noqa: E402

from dashboard import a11y, auth, data, filters  # noqa: E402
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
user = auth.gate()  # local mode, or logged in with a role; otherwise the start page or a refusal, and a stop
available = [(key, icon) for key, icon in PAGES if (VIEWS / f"{key}.py").exists()]



def only_upload_pages(message: str, how_to_build: bool = True, upload: bool = True) -> None:
    """Say why there is nothing to show, and still offer the pages that load data (when they can work)."""
    st.error(message)
    if how_to_build:
        st.markdown(t("warehouse.how_to_build"))
        st.code(t("warehouse.commands"), language="bash")
    upload_pages = [st.Page(f"views/{key}.py", title=t(f"nav.{key}"), icon=icon, url_path=key)
                    for key, icon in available
                    if key in WITHOUT_WAREHOUSE and auth.allows(user, key) and (upload or key != "data")]
    if upload_pages:
        st.navigation(upload_pages).run()
    st.stop()


log = logging.getLogger("styrbord.dashboard")


def offer_upgrade() -> None:
    """A warehouse built by an older Styrbord: offer to upgrade it from its own tables (no raw files needed)."""
    from dashboard.i18n import language
    from pipelines.i18n import message_of, render
    from pipelines.warehouse import WarehouseBusy, WarehouseError, upgrade_warehouse

    folder = data.warehouse_file().parent
    st.title(t("loadsafe.upgrade_title"))
    st.warning(t("loadsafe.outdated", path=str(folder)))
    # the upgrade rewrites every project's data: an admin's (or local mode's) step, and audited
    if auth.may(user, "upgrade") and st.button(t("loadsafe.upgrade_button"), type="primary",
                                               icon=":material/upgrade:", key="upgrade_button"):
        with st.spinner(t("loadsafe.upgrading")):
            try:
                upgrade_warehouse(folder)
            except (WarehouseError, WarehouseBusy) as error:
                auth.record("upgrade", "alla", "misslyckades")
                st.error(t("loadsafe.upgrade_failed", error=render(message_of(error), language())))
            except Exception:
                auth.record("upgrade", "alla", "misslyckades")
                log.exception("upgrade of %s failed", folder)
                st.error(t("loadsafe.upgrade_failed", error=""))
            else:
                auth.record("upgrade", "alla")
                data.clear_caches()
                st.rerun()
    st.markdown(t("loadsafe.upgrade_cli"))
    st.code(f"python -m pipelines upgrade --warehouse {folder}", language="bash")
    st.stop()


if not data.warehouse_ready():
    only_upload_pages(t("warehouse.missing", path=str(data.warehouse_file())))
if not data.warehouse_current():
    offer_upgrade()
try:
    chosen = filters.project_filters()
except filters.NoProjects:
    # a user narrowed to projects not (yet) loaded: a project leader may load them, the others are told why
    only_upload_pages(t("warehouse.empty" if user.projects is None else "auth.no_projects"), how_to_build=False)
except data.OUTDATED_WAREHOUSE as error:
    # a warehouse built by an older pipeline lacks a table or column the dashboard reads
    st.error(t("warehouse.outdated", path=str(data.warehouse_file()), error=str(error).splitlines()[0]))
    offer_upgrade()
portfolio_first = chosen.project_id is None and any(key == "portfolio" for key, _ in available)
pages = {
    key: st.Page(f"views/{key}.py", title=t(f"nav.{key}"), icon=icon, url_path=key,
                 visibility="visible" if auth.allows(user, key) else "hidden")
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
# the role decides, not the menu: a typed /data or /budget is refused here, before the page runs
auth.check_page(user, page_key, chosen.project_id)
if page_key in GENDER_PAGES:
    chosen = filters.gender_filter(chosen)
filters.remember_in_url(chosen, lang)
try:
    with filters.in_use(chosen):  # the page reads `chosen` through filters.current(); nothing else holds it
        page.run()
except data.WarehouseMissing:
    st.error(t("warehouse.missing", path=str(data.warehouse_file())))  # replaced or removed while in use
except data.OUTDATED_WAREHOUSE as error:
    st.error(t("warehouse.outdated", path=str(data.warehouse_file()), error=str(error).splitlines()[0]))
except Exception:
    # never a stack trace for the reader (client.showErrorDetails is "none" too): a plain message, details logged
    log.exception("page %s failed", page_key)
    st.error(t("loadsafe.page_error"))
