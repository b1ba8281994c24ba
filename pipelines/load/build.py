"""Validated rows → base-table rows: one function per kind, reached through BUILDERS (grep finds every one)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KIND_ORDER, KIND_TABLES, KINDS
from pipelines.i18n import Joined, Message, Words, message_of
from pipelines.load.batch import Batch, where_report
from pipelines.load.checks import check_reference, reject_repeated_keys, table_rows
from pipelines.load.people import alias_of, resolve_people
from pipelines.load.plan import refuse_if_nothing_accepted
from pipelines.load.survey import build_survey
from pipelines.validate import Validated
from pipelines.warehouse import read_partition

PROJECT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
STATUSES = {"grön": "green", "gul": "yellow", "röd": "red"}
# BAS account classes → cost heading (the first matching prefix wins)
BAS_COST_HEADINGS = (("50", "lokal"), ("51", "lokal"), ("54", "materiel"), ("55", "materiel"), ("58", "resa"),
                     ("65", "köp av tjänst"), ("66", "köp av tjänst"), ("67", "köp av tjänst"),
                     ("68", "köp av tjänst"), ("69", "köp av tjänst"), ("70", "personal"), ("71", "personal"),
                     ("72", "personal"), ("73", "personal"), ("74", "personal"), ("75", "personal"),
                     ("76", "personal"), ("4", "materiel"))

# a kept date further than this outside the project period is listed as a warning (a typed year, 2052)
FAR_BEFORE_START = dt.timedelta(days=183)
FAR_AFTER_END = dt.timedelta(days=366)


def build_tables(batch: Batch) -> None:
    """Turn each validated kind into base-table rows, in dependency order."""
    try:
        build_project(batch)
    except Exception as exc:
        build_failed(batch, "project", exc)
    if batch.project_id is None:
        return
    for kind in KIND_ORDER[1:]:
        if kind in batch.kinds:
            try:
                BUILDERS[kind](batch, batch.kinds[kind])
            except Exception as exc:  # one kind's surprise rejects its files, not the whole batch
                build_failed(batch, kind, exc)
                continue
            refuse_if_nothing_accepted(batch, kind)
    warn_far_dates(batch)


def build_failed(batch: Batch, kind: str, exc: Exception) -> None:
    """Reject the files of one kind whose rows could not be built; nothing of that kind is written."""
    for table in KIND_TABLES.get(kind, ()):
        batch.tables.pop(table, None)
    reports = [r for r in batch.reports if r.kind == kind and r.outcome == "inläst"]
    title = Words(KINDS[kind].title, KINDS[kind].title_in("en"))
    names = Joined(dict.fromkeys(where_report(r) for r in reports)) or title
    message = batch.unexpected(names, Message("loader.rows.step_built", title=Words(
        title.sv.lower(), title.en.lower())), exc)
    for report in reports:
        report.outcome, report.message = "avvisad", message
    batch.problems.append(message)
    batch.kinds.pop(kind, None)


def warn_far_dates(batch: Batch) -> None:
    """Warn about kept rows whose dates lie far outside the project period (2052, a year before the start)."""
    project = batch.existing("project")
    if project is None or not len(project):
        return
    start, end = project["start_date"].iloc[0], project["end_date"].iloc[0]
    if start is None or end is None or start != start or end != end:
        return
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    earliest, latest = start - FAR_BEFORE_START, end + FAR_AFTER_END
    for kind, validated in batch.kinds.items():
        if kind == "project":
            continue
        for column in KINDS[kind].columns:
            if column.type != "date" or column.name not in validated.frame:
                continue
            dates = validated.frame[column.name]
            far = dates.map(lambda d: d is not None and d == d and not earliest <= d <= latest).astype(bool)
            rows = validated.frame[far]
            for file_name, sheet, line, day in zip(rows["_file"], rows["_sheet"], rows["_line"],
                                                   rows[column.name]):
                side = Message("loader.rows.before_start" if day < start else "loader.rows.after_end")
                batch.warnings.append({
                    "file_name": file_name, "sheet": sheet, "line": int(line),
                    "column_name": column.sv,
                    "reason": Message("loader.rows.far_date", day=day.isoformat(), side=side,
                                      start=start.isoformat(), end=end.isoformat())})


def build_project(batch: Batch) -> None:
    """The project row from projekt.csv/xlsx or from a project-bank page."""
    validated = batch.kinds.get("project")
    if validated is not None and batch.page_text is not None:
        batch.problems.append(Message("loader.project.both_files", folder=batch.folder.name,
                                      page=batch.page_text[0].name))
        return
    if validated is not None:
        frame = validated.frame
        if len(frame) != 1 or validated.rejections:
            if not validated.rejections:
                batch.problems.append(Message("loader.project.one_row", n=len(frame), file=frame["_file"].iloc[0]
                                              if len(frame) else Message("loader.project.the_file")))
            else:
                batch.problems.append(Message("loader.project.has_errors"))
            return
        row = frame.iloc[0]
        file_id = str(row["project_id"])
        if batch.project_id and batch.project_id != file_id:
            batch.problems.append(Message("loader.project.other_id", file_id=file_id, project_id=batch.project_id))
            return
        facts = {c: row[c] for c in ("name", "programme_area", "phase", "owner", "esf_grant_sek",
                                     "total_budget_sek", "start_date", "end_date", "region",
                                     "participating_actors", "partners")}
        facts["municipalities"] = "; ".join(row["municipalities"] or [])
        project_id = file_id
    elif batch.page_text is not None:
        project_id = batch.project_id or batch.folder.name
        facts = facts_from_page(batch)
        if facts is None:
            return
    else:
        if batch.project_id is None:
            batch.problems.append(Message("loader.project.missing", folder=batch.folder.name))
            return
        if read_partition(batch.warehouse_dir, "project", batch.project_id) is None:
            batch.problems.append(Message("loader.project.not_in_warehouse", project_id=batch.project_id))
            return
        return
    if not PROJECT_ID.match(project_id):
        batch.problems.append(Message("loader.project.bad_id", project_id=project_id[:40]))
        return
    if facts.get("start_date") and facts.get("end_date") and facts["end_date"] < facts["start_date"]:
        batch.problems.append(Message("loader.project.end_before_start"))
        return
    batch.project_id = project_id
    batch.tables["project"] = pd.DataFrame([{**facts, "project_id": project_id}])


def facts_from_page(batch: Batch) -> dict | None:
    """Project facts parsed from an ESF project-bank page (pipelines.project_page)."""
    path, text = batch.page_text
    try:
        from pipelines.project_page import parse_project_page
    except ImportError:
        batch.problems.append(Message("loader.project.page_unsupported", file=path.name))
        return None
    try:
        page = parse_project_page(text)
    except ValueError as exc:
        batch.problems.append(Message("loader.project.page_unreadable", file=path.name, problem=message_of(exc)))
        return None

    def as_text(value):
        return "; ".join(value) if isinstance(value, list) else value

    def as_date(value):
        return nz.parse_date(value) if value else None

    facts = {"name": page.get("name"), "programme_area": page.get("programme_area"),
             "phase": page.get("phase"), "owner": page.get("owner"),
             "esf_grant_sek": page.get("esf_grant_sek"), "total_budget_sek": page.get("total_budget_sek"),
             "start_date": as_date(page.get("start_date")), "end_date": as_date(page.get("end_date")),
             "region": page.get("region"), "municipalities": as_text(page.get("municipalities") or []),
             "participating_actors": as_text(page.get("participating_actors")),
             "partners": as_text(page.get("partners")), "summary": page.get("summary"),
             "background": page.get("background"), "purpose": page.get("purpose"),
             "goals_text": page.get("goals"), "accessibility": page.get("accessibility"),
             "gender_equality": page.get("gender_equality"), "transnational": page.get("transnational")}
    if not facts["name"]:
        batch.problems.append(Message("loader.project.page_no_name", file=path.name))
        return None
    for key in ("summary", "background", "purpose", "goals_text", "accessibility", "gender_equality",
                "transnational", "participating_actors", "partners"):
        facts[key] = nz.mask_personnummer(facts[key]) if isinstance(facts[key], str) else facts[key]
    return facts


def build_org_unit(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "org_unit")
    units = set(v.frame["unit_id"])
    orphan = v.frame["parent_unit_id"].notna() & ~v.frame["parent_unit_id"].isin(units)
    v.reject(orphan, "Överordnad enhet", [Message("loader.rows.parent_unit", unit=p)
                                          for p in v.frame.loc[orphan, "parent_unit_id"]])
    batch.tables["org_unit"] = table_rows(v.frame, "org_unit")


def build_person(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "person")
    check_reference(batch, v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
    frame = v.frame
    pnr = frame["personnummer"]
    derive = frame["_blank_gender"].fillna(True).astype(bool) if "_blank_gender" in frame else \
        pd.Series(True, index=frame.index)
    derive &= pnr.notna()
    frame.loc[derive, "gender"] = pnr[derive].map(nz.gender_from_personnummer)
    no_year = frame["birth_year"].isna() & pnr.notna()
    frame.loc[no_year, "birth_year"] = pnr[no_year].map(nz.birth_year_from_personnummer)
    alias = alias_of(frame)
    frame["person_id"] = alias.map(lambda a: batch.pseudo.person_id(batch.project_id, a))
    batch.tables["person"] = table_rows(frame, "person")
    aliases = []
    for prefix, column in (("emp:", "employee_id"), ("pnr:", "personnummer")):
        given = frame[frame[column].notna()]
        aliases.append(pd.DataFrame({
            "alias_hash": batch.pseudo.alias_hashes(batch.project_id, prefix + given[column].astype(str)),
            "person_id": given["person_id"]}))
    batch.tables["person_alias"] = pd.concat(aliases, ignore_index=True)


def build_focus_area(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "focus_area")
    batch.tables["focus_area"] = table_rows(v.frame, "focus_area")


def build_activity(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "activity")
    check_reference(batch, v, "focus_area_id", "focus_area", "focus_area_id", "Fokusområdes-id",
                          "i fokusområdesfilen")
    negative = pd.to_numeric(v.frame["hours"]) < 0
    v.reject(negative, "Timmar per deltagare", Message("loader.rows.negative_hours"))
    batch.tables["activity"] = table_rows(v.frame, "activity")


def build_attendance(batch: Batch, v: Validated) -> None:
    check_reference(batch, v, "activity_id", "activity", "activity_id", "Aktivitets-id", "i aktivitetsfilen")
    negative = pd.to_numeric(v.frame["hours"]) < 0
    v.reject(negative, "Timmar", Message("loader.rows.negative_attendance"))
    resolve_people(batch, v)
    reject_repeated_keys(v, "attendance")
    batch.tables["attendance"] = table_rows(v.frame, "attendance")


def build_survey_item(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "survey_item")
    f = v.frame
    v.reject(f["scale_min"] >= f["scale_max"], "Skala max", Message("loader.rows.scale"))
    f = v.frame
    v.reject((f["survey_kind"] == "kompetens") & f["competence_area"].isna(), "Kompetensområde",
             Message("loader.rows.competence_area"))
    f = v.frame
    v.reject((f["survey_kind"] == "hme") & f["hme_index"].isna(), "HME-delindex",
             Message("loader.rows.hme_index"))
    batch.tables["survey_item"] = table_rows(v.frame, "survey_item")


def build_competence_requirement(batch: Batch, v: Validated) -> None:
    check_reference(batch, v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
    reject_repeated_keys(v, "competence_requirement")
    batch.tables["competence_requirement"] = table_rows(v.frame, "competence_requirement")


def build_budget_plan(batch: Batch, v: Validated) -> None:
    frame = v.frame
    frame["period_start"] = frame["period"].map(lambda p: p[0])
    frame["period_end"] = frame["period"].map(lambda p: p[1])
    batch.tables["budget_plan"] = table_rows(frame, "budget_plan")


def build_ledger_entry(batch: Batch, v: Validated) -> None:
    frame = v.frame
    from_account = frame["account"].map(cost_heading_from_account)
    frame["cost_heading"] = frame["cost_heading"].where(frame["cost_heading"].notna(), from_account)
    unknown = frame["cost_heading"].isna()
    v.reject(unknown, "Konto", [Message("loader.rows.account", account=a) for a in frame.loc[unknown, "account"]])
    batch.tables["ledger_entry"] = table_rows(v.frame, "ledger_entry")


def build_goal(batch: Batch, v: Validated) -> None:
    reject_repeated_keys(v, "goal")
    check_reference(batch, v, "focus_area_id", "focus_area", "focus_area_id", "Fokusområdes-id",
                          "i fokusområdesfilen")
    batch.tables["goal"] = table_rows(v.frame, "goal")


def build_goal_measurement(batch: Batch, v: Validated) -> None:
    check_reference(batch, v, "goal_id", "goal", "goal_id", "Delmåls-id", "i delmålsfilen")
    reject_repeated_keys(v, "goal_measurement")
    frame = v.frame.assign(status=v.frame["status"].map(STATUSES).astype(object))
    frame["status"] = frame["status"].where(frame["status"].notna(), None)
    batch.tables["goal_measurement"] = table_rows(frame, "goal_measurement")


def build_validation_certificate(batch: Batch, v: Validated) -> None:
    resolve_people(batch, v)
    batch.tables["validation_certificate"] = table_rows(v.frame, "validation_certificate")


def build_ambassador(batch: Batch, v: Validated) -> None:
    check_reference(batch, v, "unit_id", "org_unit", "unit_id", "Enhets-id", "i enhetsfilen")
    resolve_people(batch, v)
    reject_repeated_keys(v, "ambassador")
    batch.tables["ambassador"] = table_rows(v.frame, "ambassador")


def build_meeting(batch: Batch, v: Validated) -> None:
    batch.tables["meeting"] = table_rows(v.frame, "meeting")


def cost_heading_from_account(account: object) -> str | None:
    """The cost heading of a BAS account number, or None."""
    if account is None:
        return None
    digits = re.sub(r"\D", "", str(account))
    return next((heading for prefix, heading in BAS_COST_HEADINGS if digits.startswith(prefix)), None)


# kind → the function that turns its validated rows into base-table rows (in KIND_ORDER)
BUILDERS: dict[str, Callable[[Batch, Validated], None]] = {
    "org_unit": build_org_unit,
    "person": build_person,
    "focus_area": build_focus_area,
    "activity": build_activity,
    "attendance": build_attendance,
    "survey_item": build_survey_item,
    "survey": build_survey,
    "competence_requirement": build_competence_requirement,
    "budget_plan": build_budget_plan,
    "ledger_entry": build_ledger_entry,
    "goal": build_goal,
    "goal_measurement": build_goal_measurement,
    "validation_certificate": build_validation_certificate,
    "ambassador": build_ambassador,
    "meeting": build_meeting,
}
