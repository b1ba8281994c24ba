"""Data: the project leader drops exports, reads the dry-run report, confirms the load and sees past loads."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import charts, data, formatting
from dashboard.charts import Column
from dashboard.i18n import t
from pipelines.contract import KINDS
from pipelines.ingest import run_ingest, write_rejection_report

NEW_PROJECT = "__nytt__"

st.title(t("data.title"))
st.markdown(t("data.intro"))

# The outcome of a load survives the rerun that refreshes the project list
if loaded := st.session_state.pop("data_loaded", None):
    (st.success if loaded["ok"] else st.error)(loaded["message"])
    for message in loaded["details"]:
        st.markdown(f"- {message}")

# Project
ready = data.warehouse_ready()
projects = data.cells("projects") if ready else pd.DataFrame(columns=["project_id", "name"])
labels = {NEW_PROJECT: t("data.new_project")}
labels.update({pid: f"{name} ({pid})" for pid, name in zip(projects["project_id"], projects["name"])})
options = [*projects["project_id"], NEW_PROJECT]
if loaded and loaded.get("project_id") in options:
    st.session_state["data_project"] = loaded["project_id"]  # show the project just loaded
sidebar = st.session_state.get("filters")
default = getattr(sidebar, "project_id", None) if getattr(sidebar, "project_id", None) in options else options[0]
project = st.selectbox(t("data.project"), options, index=options.index(default), format_func=labels.get,
                       key="data_project")
new_id = ""
if project == NEW_PROJECT:
    new_id = st.text_input(t("data.new_project_id"), help=t("data.new_project_id_help"), key="data_new_id").strip()

# Files
files = st.file_uploader(t("data.files"), accept_multiple_files=True, help=t("data.files_help"), key="data_files")
files = files or []
upload_key = (project, new_id, tuple(sorted((f.name, f.size, f.file_id) for f in files)))
warehouse_dir = data.warehouse_file().parent


def ingest_uploads(uploaded: list, **options):
    """run_ingest on the uploads in a project folder that exists only during the call: raw exports hold
    personnummer and names and must not linger on disk."""
    folder_name = project if project != NEW_PROJECT else (new_id or "NYTT")
    with tempfile.TemporaryDirectory(prefix="styrbord-upload-") as root:
        folder = Path(root) / folder_name
        folder.mkdir()
        for upload in uploaded:
            (folder / Path(upload.name).name).write_bytes(upload.getvalue())  # the name only, never a path
        return run_ingest(folder, warehouse_dir, project_id=None if project == NEW_PROJECT else project, **options)


def rejection_report(result, file_name: str) -> bytes:
    """The rejected rows as the Excel or CSV file the command line writes."""
    with tempfile.TemporaryDirectory(prefix="styrbord-report-") as root:
        return write_rejection_report(result, Path(root) / file_name).read_bytes()


def kind_title(kind: str | None) -> str:
    return KINDS[kind].title if kind in KINDS else t("data.kind_unknown")


if files and st.button(t("data.check"), type="primary", icon=":material/fact_check:", key="data_check_button"):
    with st.spinner(t("data.checking")):
        st.session_state["data_check"] = {"key": upload_key, "result": ingest_uploads(files, check=True)}

check = st.session_state.get("data_check")
if check and check["key"] == upload_key:  # a check of other files or another project no longer applies
    result = check["result"]
    st.header(t("data.report"))
    (st.success if result.ok else st.error)(result.messages[0] if result.messages else t("data.checked"))
    for message in result.messages[1:]:
        st.markdown(f"- {message}")

    # Per file: what it was recognised as, rows accepted and rejected
    files_frame = pd.DataFrame([{
        "file": f.file_name, "sheet": f.sheet or "", "kind": kind_title(f.kind), "read": f.rows_read,
        "accepted": f.rows_accepted, "rejected": f.rows_rejected, "message": f.message,
    } for f in result.files], columns=["file", "sheet", "kind", "read", "accepted", "rejected", "message"])
    file_columns = {
        "file": Column(t("data.file")), "sheet": Column(t("data.sheet")), "kind": Column(t("data.kind")),
        "read": Column(t("data.rows_read"), "int"), "accepted": Column(t("data.rows_accepted"), "int"),
        "rejected": Column(t("data.rows_rejected"), "int"), "message": Column(t("data.message")),
    }
    st.dataframe(charts.display_table(files_frame, file_columns), hide_index=True, width="stretch")

    # The rejected rows with their reasons, to open in Excel
    if len(result.rejections):
        st.subheader(t("data.rejected_title", n=formatting.number(len(result.rejections))))
        rejected = result.rejections.rename(columns={
            "file_name": t("data.file"), "sheet": t("data.sheet"), "line": t("data.line"),
            "column_name": t("data.column"), "reason": t("data.reason"),
        })
        st.dataframe(rejected, hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(
            t("chart.download_xlsx"), rejection_report(result, "avvisade_rader.xlsx"),
            file_name="avvisade_rader.xlsx", key="data_rejected_xlsx", icon=":material/download:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        right.download_button(
            t("chart.download_csv"), rejection_report(result, "avvisade_rader.csv"),
            file_name="avvisade_rader.csv", mime="text/csv", key="data_rejected_csv", icon=":material/download:",
        )

    # Confirm the load: it commits only when everything succeeds
    if result.ok:
        st.caption(t("data.load_help"))
        if st.button(t("data.load"), type="primary", icon=":material/database_upload:", key="data_load_button"):
            progress = st.progress(0.0, text=t("data.loading"))

            def report_progress(fraction: float, message: str) -> None:
                progress.progress(min(max(float(fraction), 0.0), 1.0), text=message[:200])

            loaded = ingest_uploads(files, progress=report_progress)
            data.clear_caches()
            st.session_state.pop("data_check", None)
            st.session_state["data_loaded"] = {
                "ok": loaded.ok,
                "message": loaded.messages[0] if loaded.ok else t("data.load_failed"),
                "details": loaded.messages[1:] if loaded.ok else loaded.messages,
            }
            st.session_state["data_loaded"]["project_id"] = loaded.project_ids[0] if loaded.project_ids else None
            st.rerun()
    else:
        st.info(t("data.fix_first"))

# When each kind of data was last loaded, and from which file
if ready and project != NEW_PROJECT:
    st.header(t("data.history"))
    history = data.cells("ingest_log_latest", None, project_id=project)
    history["kind"] = history["kind"].map(kind_title)
    history = history.sort_values("kind", key=lambda titles: titles.str.casefold())
    # the log keeps UTC; project leaders read Swedish time
    local = pd.to_datetime(history["loaded_at"]).dt.tz_localize("UTC").dt.tz_convert("Europe/Stockholm")
    history["loaded_at"] = [formatting.date(v.date()) + v.strftime(" %H:%M") if pd.notna(v) else "" for v in local]
    history_columns = {
        "kind": Column(t("data.kind_loaded")), "files": Column(t("data.file")),
        "loaded_at": Column(t("data.loaded_at")), "rows_accepted": Column(t("data.rows_accepted"), "int"),
        "rows_rejected": Column(t("data.rows_rejected"), "int"),
    }
    if len(history):
        st.dataframe(charts.display_table(history, history_columns), hide_index=True, width="stretch")
        st.caption(t("data.history_help"))
    else:
        st.info(t("data.no_history"))
