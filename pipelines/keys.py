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
}
NULLABLE_KEY_COLUMNS: dict[str, frozenset[str]] = {"ledger_entry": frozenset({"voucher", "account", "text"})}

# Kinds whose rows a load may ADD to the warehouse's rows (deduplicated on the key) instead of replacing them:
# a month's attendance list, this quarter's ledger, the latest goal measurements.
ADDABLE_KINDS: dict[str, str] = {"attendance": "attendance", "ledger_entry": "ledger_entry",
                                 "goal_measurement": "goal_measurement"}


def key_columns(table: str, with_project: bool = True) -> list[str]:
    """The key columns of a base table (optionally without project_id, for rows of one project)."""
    return [c for c in TABLE_KEYS[table] if with_project or c != "project_id"]
