"""The key of each warehouse base table, declared once: the loader's dedupe, the data tests and the docs read it."""
from __future__ import annotations

# A row is identified by these columns. Every key column is NOT NULL except those in NULLABLE_KEY_COLUMNS
# (a ledger line may lack a voucher or an account); two keys match when every column is equal or both NULL.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "project": ("project_id",),
    "org_unit": ("project_id", "unit_id"),
    "person": ("project_id", "person_id"),
    "person_alias": ("project_id", "alias_hash"),
    "focus_area": ("project_id", "focus_area_id"),
    "activity": ("project_id", "activity_id"),
    "attendance": ("project_id", "activity_id", "person_id", "date"),
    "survey": ("project_id", "survey_id"),
    "survey_item": ("project_id", "item_id"),
    "survey_response": ("project_id", "survey_id", "respondent_id", "item_id"),
    # a ledger has no id of its own: a line is the same line when all it says is the same
    "ledger_entry": ("project_id", "date", "voucher", "account", "cost_heading", "amount_sek", "text"),
    "goal": ("project_id", "goal_id"),
    "goal_measurement": ("project_id", "goal_id", "date"),
    "ambassador": ("project_id", "person_id"),
    # the most specific rule wins (mart_competence): a rule for everyone has no role and no unit
    "competence_requirement": ("project_id", "competence_area", "role", "unit_id"),
}
NULLABLE_KEY_COLUMNS: dict[str, frozenset[str]] = {"ledger_entry": frozenset({"voucher", "account", "text"}),
                                                   "competence_requirement": frozenset({"role", "unit_id"})}

# Kinds whose rows a load may ADD to the warehouse's rows (deduplicated on the key) instead of replacing them:
# a month's attendance list, this quarter's ledger, the latest goal measurements.
ADDABLE_KINDS: dict[str, str] = {"attendance": "attendance", "ledger_entry": "ledger_entry",
                                 "goal_measurement": "goal_measurement"}


def key_columns(table: str, with_project: bool = True) -> list[str]:
    """The key columns of a base table (optionally without project_id, for rows of one project)."""
    return [c for c in TABLE_KEYS[table] if with_project or c != "project_id"]


# The columns that identify a row of a delivered file, checked by the loader (pipelines/load/build.py): a row
# that repeats an earlier row's key is rejected, naming the earlier line. Each is the kind's table key without
# project_id, except the person file (a person is known by either number; person_id and both person_alias rows
# are made from them) and a survey export (one row per identified respondent; survey_response adds the item).
# The label is the column (or the words) the rejection names.
FILE_KEYS: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "org_unit": ((("unit_id",), "Enhets-id"),),
    "person": ((("employee_id",), "Anställningsnummer"), (("personnummer",), "Personnummer")),
    "focus_area": ((("focus_area_id",), "Fokusområdes-id"),),
    "activity": ((("activity_id",), "Aktivitets-id"),),
    "attendance": ((tuple(key_columns("attendance", False)), "Samma person, aktivitet och datum"),),
    "survey_item": ((("item_id",), "Fråge-id"),),
    "survey": ((("survey_id",), "Enkät-id"),),
    "survey_export": ((("person_id",), "Samma person"),),
    "competence_requirement": ((tuple(key_columns("competence_requirement", False)),
                                "Samma kompetensområde, roll och enhet"),),
    "goal": ((("goal_id",), "Delmåls-id"),),
    "goal_measurement": ((tuple(key_columns("goal_measurement", False)), "Samma delmål och datum"),),
    "ambassador": ((("person_id",), "Samma ambassadör"),),
}

# the same labels in English, for the rejection reason in an English report
KEY_LABELS_EN = {
    "Enhets-id": "Unit id", "Anställningsnummer": "Employee number", "Personnummer": "Personnummer",
    "Fokusområdes-id": "Focus area id", "Aktivitets-id": "Activity id",
    "Samma person, aktivitet och datum": "The same person, activity and date", "Fråge-id": "Question id",
    "Enkät-id": "Survey id", "Samma person": "The same person",
    "Samma kompetensområde, roll och enhet": "The same competence area, role and unit", "Delmåls-id": "Sub-goal id",
    "Samma delmål och datum": "The same sub-goal and date", "Samma ambassadör": "The same ambassador",
}
