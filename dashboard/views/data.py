"""Data: the project leader drops exports, reads the dry-run report, confirms the load and sees past loads."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import auth, data, filters, formatting, prepare, privacy, tables
from dashboard.i18n import language, t
from dashboard.tables import Column
from pipelines.i18n import message_of, render
from pipelines.contract import KINDS
from pipelines.load.report import write_rejection_report
from pipelines.load.run import run_ingest
from pipelines.keys import ADDABLE_KINDS
from pipelines.warehouse import WarehouseBusy, WarehouseError, keep_versions, load_history, undo_load

NEW_PROJECT = "__nytt__"

st.title(t("data.title"))
st.markdown(t("data.intro"))
user = auth.current_user()  # the router let only project leaders and admins in; projects are scoped in data.cells

# The outcome of a load survives the rerun that refreshes the project list
if loaded := st.session_state.pop("data_loaded", None):
    # a load that refused a kind or shrank one sharply is not reported as a plain success
    (st.error if not loaded["ok"] else st.warning if loaded.get("warnings") else st.success)(
        render(loaded["message"], language()))
    for message in loaded["details"]:
        st.markdown(f"- {render(message, language())}")

# Project
ready = data.warehouse_ready()
projects = data.cells("projects") if ready else pd.DataFrame(columns=["project_id", "name"])
labels = {NEW_PROJECT: t("data.new_project")}
labels.update({pid: f"{name} ({pid})" for pid, name in zip(projects["project_id"], projects["name"])})
options = [*projects["project_id"], NEW_PROJECT]
if loaded and loaded.get("project_id") in options:
    st.session_state["data_project"] = loaded["project_id"]  # show the project just loaded
sidebar = filters.current_or_none()
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
    """The kind's name in the interface language."""
    return KINDS[kind].title_in(language()) if kind in KINDS else t("data.kind_unknown")


def mode_key(file_name: str) -> str:
    return f"data_mode_{file_name}"


def added_files(result) -> tuple[str, ...]:
    """The files whose rows the user chose to add rather than replace their kind (radio per file)."""
    return tuple(sorted(f.file_name for f in result.files if f.kind in ADDABLE_KINDS
                        and st.session_state.get(mode_key(f.file_name)) == "add"))


if files and st.button(t("data.check"), type="primary", icon=":material/fact_check:", key="data_check_button"):
    with st.spinner(t("data.checking")):
        checked = ingest_uploads(files, check=True)
        st.session_state["data_check"] = {"key": upload_key, "result": checked, "add": ()}
        auth.record("dry_run", checked.project_ids or project,
                    "refused" if auth.refused_projects(user, checked.project_ids) else "ok" if checked.ok else "fel",
                    {"filer": [f.name for f in files]})

check = st.session_state.get("data_check")
if check and check["key"] == upload_key and added_files(check["result"]) != check["add"]:
    # another choice between replacing and adding: the plan is checked again with it
    with st.spinner(t("data.checking")):
        add = added_files(check["result"])
        check = st.session_state["data_check"] = {"key": upload_key, "add": add,
                                                  "result": ingest_uploads(files, check=True, add=add)}
if check and check["key"] == upload_key:  # a check of other files or another project no longer applies
    result = check["result"]
    st.header(t("data.report"))
    lang = language()  # the loader's messages in the reader's language (pipelines.i18n.Message)
    headline = render(result.messages[0], lang) if result.messages else t("data.checked")
    # a refused kind or a sharp shrink is never shown as the green all-clear
    (st.error if not result.ok else st.warning if result.plan_warnings else st.success)(headline)
    for message in result.messages[1:]:
        st.markdown(f"- {render(message, lang)}")

    # Per file: what it was recognised as, rows accepted and rejected
    files_frame = pd.DataFrame([{
        "file": f.file_name, "sheet": f.sheet or "", "kind": kind_title(f.kind), "read": f.rows_read,
        "accepted": f.rows_accepted, "rejected": f.rows_rejected, "message": render(f.message, lang),
    } for f in result.files], columns=["file", "sheet", "kind", "read", "accepted", "rejected", "message"])
    file_columns = {
        "file": Column(t("data.file")), "sheet": Column(t("data.sheet")), "kind": Column(t("data.kind")),
        "read": Column(t("data.rows_read"), "int"), "accepted": Column(t("data.rows_accepted"), "int"),
        "rejected": Column(t("data.rows_rejected"), "int"), "message": Column(t("data.message")),
    }
    st.dataframe(tables.display_table(files_frame, file_columns), hide_index=True, width="stretch")

    # The rejected rows with their reasons, to open in Excel
    if len(result.rejections):
        st.subheader(t("data.rejected_title", n=formatting.number(len(result.rejections))))
        rejected = result.rejections.assign(reason=result.rejections["reason"].map(lambda r: render(r, lang)))
        rejected = rejected.rename(columns={
            "file_name": t("data.file"), "sheet": t("data.sheet"), "line": t("data.line"),
            "column_name": t("data.column"), "reason": t("data.reason"),
        })
        st.dataframe(rejected, hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(
            t("chart.download_xlsx"), rejection_report(result, "avvisade_rader.xlsx"),
            file_name="avvisade_rader.xlsx", key="data_rejected_xlsx", icon=":material/download:",
            on_click=auth.record_download, args=("avvisade_rader", "xlsx", sidebar),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        right.download_button(
            t("chart.download_csv"), rejection_report(result, "avvisade_rader.csv"),
            file_name="avvisade_rader.csv", mime="text/csv", key="data_rejected_csv", icon=":material/download:",
            on_click=auth.record_download, args=("avvisade_rader", "csv", sidebar),
        )

    # Rows that load but look wrong (a date far outside the project period): listed, never blocking
    if len(result.warnings):
        st.subheader(t("loadvals.warnings_title", n=formatting.number(len(result.warnings))))
        st.caption(t("loadvals.warnings_help"))
        st.dataframe(result.warnings.assign(reason=result.warnings["reason"].map(lambda r: render(r, lang))).rename(columns={
            "file_name": t("data.file"), "sheet": t("data.sheet"), "line": t("data.line"),
            "column_name": t("data.column"), "reason": t("loadvals.warning"),
        }), hide_index=True, width="stretch")

    refused = auth.refused_projects(user, result.project_ids)  # a project leader loads into their projects only
    # Per file of a kind that can be added: replace the kind, or add the rows (deduplicated on the table's key)
    addable = [f for f in result.files if f.kind in ADDABLE_KINDS and f.outcome == "inläst"]
    if result.ok and addable and not refused:
        st.subheader(t("loadsafe.choice_title"))
        st.caption(t("loadsafe.choice_help"))
        for report in addable:
            st.radio(t("loadsafe.choice_label", file=report.file_name, kind=kind_title(report.kind)),
                     ["replace", "add"], horizontal=True, key=mode_key(report.file_name),
                     format_func=lambda mode: t(f"loadsafe.choice_{mode}"))

    # What the load will do to the warehouse, per project and kind: rows now → rows after
    if result.ok and result.plan and not refused:  # the plan counts rows: none of a project outside the user's
        st.subheader(t("loadsafe.plan_title"))
        plan = pd.DataFrame([{
            "project": row.project_id, "kind": kind_title(row.kind), "files": row.files, "now": row.rows_now,
            "after": row.rows_after, "what": t(f"loadsafe.mode_{row.mode}") + (
                f" – {t('loadsafe.shrinks')}" if row.shrinks else ""),
        } for row in result.plan])
        plan_columns = {
            "project": Column(t("loadsafe.plan_project")), "kind": Column(t("loadsafe.plan_kind")),
            "files": Column(t("loadsafe.plan_files")), "now": Column(t("loadsafe.plan_now"), "int"),
            "after": Column(t("loadsafe.plan_after"), "int"), "what": Column(t("loadsafe.plan_what")),
        }
        st.dataframe(tables.display_table(plan, plan_columns), hide_index=True, width="stretch")
        st.caption(t("loadsafe.plan_help"))

    # Confirm the load: it commits only when everything succeeds, and only into the user's own projects
    if refused:
        st.error(t("auth.load_refused", projects=", ".join(refused)), icon=":material/lock:")
    elif result.ok:
        if result.plan_warnings:
            st.warning(t("loadsafe.warnings_headline"))
        st.caption(t("data.load_help"))
        if st.button(t("data.load"), type="primary", icon=":material/database_upload:", key="data_load_button"):
            progress = st.progress(0.0, text=t("data.loading"))

            def report_progress(fraction: float, message: str) -> None:
                progress.progress(min(max(float(fraction), 0.0), 1.0), text=render(message, language())[:200])

            if auth.refused_projects(user, result.project_ids):  # checked again at the moment of loading
                auth.record("load", result.project_ids, "refused")
                st.error(t("auth.load_refused", projects=", ".join(result.project_ids)), icon=":material/lock:")
                st.stop()
            loaded = ingest_uploads(files, progress=report_progress, add=check["add"])
            auth.record("load", loaded.project_ids or result.project_ids, "ok" if loaded.ok else "misslyckades",
                        {"filer": [f.name for f in files], "avvisade_rader": len(loaded.rejections),
                         "lägg_till": list(check["add"])})
            data.clear_caches()
            if loaded.ok:  # the views users asked for before, computed on the new build in the background
                prepare.start_after_load(warehouse_dir)
            st.session_state.pop("data_check", None)
            st.session_state["data_loaded"] = {
                "ok": loaded.ok,
                "message": loaded.messages[0] if loaded.ok else t("data.load_failed"),
                "details": loaded.messages[1:] if loaded.ok else loaded.messages,
                "warnings": bool(loaded.plan_warnings),
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
    history["loaded_at"] = formatting.local_times(history["loaded_at"])  # the log keeps UTC
    history_columns = {
        "kind": Column(t("data.kind_loaded")), "files": Column(t("data.file")),
        "loaded_at": Column(t("data.loaded_at")), "rows_accepted": Column(t("data.rows_accepted"), "int"),
        "rows_rejected": Column(t("data.rows_rejected"), "int"),
    }
    if len(history):
        st.dataframe(tables.display_table(history, history_columns), hide_index=True, width="stretch")
        st.caption(t("data.history_help"))
        if privacy.any_hidden(history):
            st.caption(t("privacy.core.load_rows"))
    else:
        st.info(t("data.no_history"))

    # Every load of the project, and undo from the kept warehouse versions
    loads = load_history(warehouse_dir)
    loads = loads[[project in str(ids).split(", ") for ids in loads["projects"]]]
    if len(loads):
        st.subheader(t("loadsafe.loads_title"))
        st.caption(t("loadsafe.loads_help", n=keep_versions()))
        when = dict(zip(loads["load_id"], formatting.local_times(loads["loaded_at"])))
        shown = loads.assign(
            loaded_at=loads["load_id"].map(when),
            state=[t("loadsafe.state_undone") if u else t("loadsafe.state_undoable") if ok else
                   t("loadsafe.state_kept_no_longer") for u, ok in zip(loads["undone"], loads["undoable"])])
        load_columns = {
            "loaded_at": Column(t("data.loaded_at")), "state": Column(t("loadsafe.load_state")),
            "load_id": Column(t("loadsafe.load_id")), "projects": Column(t("loadsafe.load_projects")),
            "rows_accepted": Column(t("data.rows_accepted"), "int"), "files": Column(t("data.file")),
        }
        st.dataframe(tables.display_table(shown, load_columns), hide_index=True, width="stretch")
        undoable = list(loads.loc[loads["undoable"], "load_id"])
        if undoable:
            # keyed on the latest load: after a new load the choice starts again at the newest
            chosen = st.selectbox(t("loadsafe.undo_choice"), undoable, key=f"data_undo_load_{undoable[0]}",
                                  format_func=lambda lid: f"{when[lid]} ({lid})")
            everything = load_history(warehouse_dir)
            later = [lid for lid in everything.loc[~everything["undone"].astype(bool), "load_id"] if lid > chosen]
            if later:
                st.warning(t("loadsafe.undo_also", loads=", ".join(sorted(later))))
            # undo takes back the later loads too: a project leader may undo only when all of them are theirs
            touched = {p for ids in everything.loc[everything["load_id"].isin([chosen, *later]), "projects"]
                       for p in str(ids).split(", ") if p}
            undo_refused = auth.refused_projects(user, touched)
            if undo_refused:
                st.info(t("auth.undo_refused", projects=", ".join(sorted(undo_refused))), icon=":material/lock:")
            sure = st.checkbox(t("loadsafe.undo_confirm"), key="data_undo_confirm", disabled=bool(undo_refused))
            if st.button(t("loadsafe.undo_button"), icon=":material/undo:", key="data_undo_button",
                         disabled=not sure or bool(undo_refused)):
                with st.spinner(t("loadsafe.undoing")):
                    try:
                        if auth.refused_projects(user, touched):  # checked again at the moment of undoing
                            raise WarehouseError(t("auth.undo_refused", projects=", ".join(sorted(touched))))
                        undone = undo_load(warehouse_dir, chosen)
                        outcome = {"ok": True, "message": t("loadsafe.undone"), "details": [undone.message]}
                    except (WarehouseError, WarehouseBusy) as error:
                        outcome = {"ok": False, "message": message_of(error), "details": []}
                auth.record("undo", sorted(touched), "ok" if outcome["ok"] else "misslyckades",
                            {"inläsning": chosen, "även": sorted(later)})
                data.clear_caches()
                if outcome["ok"]:
                    prepare.start_after_load(warehouse_dir)
                st.session_state["data_loaded"] = {**outcome, "project_id": project}
                st.session_state.pop("data_undo_confirm", None)
                st.rerun()
        else:
            st.info(t("loadsafe.nothing_to_undo"))

if auth.may(user, "audit_log"):
    auth.audit_log_section()
