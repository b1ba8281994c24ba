"""The dry-run plan: per kind replace, add (deduplicated on the table's key) or refuse, rows now → after."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.contract import KIND_ORDER, KIND_TABLES, KINDS
from pipelines.i18n import Message, Number, Words
from pipelines.keys import ADDABLE_KINDS
from pipelines.load.batch import Batch, LoadFailed
from pipelines.validate import kind_from_name
from pipelines.warehouse import add_rows, partition_rows

# the table whose rows the dry run counts for a kind (the first it replaces, unless named here)
PLAN_TABLES = {"survey": "survey_response"}
# a kind left with less than this share of its rows gets a plain warning before the load
SHRINK_WARNING = 0.5


@dataclass
class KindPlan:
    """What a load does to one kind of a project's data in the warehouse: rows now → rows after."""

    project_id: str
    kind: str
    files: str
    mode: str  # "replace", "add" (deduplicated on the table's key) or "refused" (no row accepted: old rows kept)
    rows_now: int
    rows_after: int

    @property
    def shrinks(self) -> bool:
        """True when the kind keeps less than half of its rows."""
        return self.mode != "refused" and self.rows_now > 0 and self.rows_after < self.rows_now * SHRINK_WARNING


@dataclass(frozen=True)
class AddChoice:
    """Which files' rows are added to the warehouse's instead of replacing their kind: by kind or file name."""

    kinds: frozenset[str] = frozenset()
    files: frozenset[str] = frozenset()


def add_choice(names: object) -> AddChoice:
    """Parse --add: kinds (attendance, narvaro, ledger, huvudbok, goal_measurement, matningar) or file names."""
    if isinstance(names, AddChoice):
        return names
    if isinstance(names, str):
        names = names.split(",")
    kinds, files = set(), set()
    for name in (str(n).strip() for n in names or ()):
        if not name:
            continue
        if "." in name:
            files.add(Path(name).name.lower())
            continue
        kind = name if name in KINDS else kind_from_name(name)
        if kind not in ADDABLE_KINDS:
            raise LoadFailed(Message("loader.files.not_addable", name=name))
        kinds.add(kind)
    return AddChoice(frozenset(kinds), frozenset(files))


def refuse_if_nothing_accepted(batch: Batch, kind: str) -> None:
    """A kind whose file(s) had rows but none accepted replaces nothing: a load must never empty a kind."""
    table = PLAN_TABLES.get(kind, KIND_TABLES[kind][0])
    if table in batch.tables and not len(batch.tables[table]):
        for name in KIND_TABLES[kind]:
            batch.tables.pop(name, None)  # later kinds look up the warehouse's rows instead
        batch.refused.add(kind)


def replaced_tables(batch: Batch) -> dict[str, pd.DataFrame]:
    """The base tables this batch replaces for its project (only kinds present in the batch)."""
    tables = {}
    for kind in ("project", *batch.kinds):
        for table in KIND_TABLES.get(kind, ()):
            if table in batch.tables:
                tables[table] = batch.tables[table]
    return tables


def added_kinds(batch: Batch, add: AddChoice) -> set[str]:
    """The kinds of this batch whose rows are added to the warehouse's (by kind or by one of their files)."""
    added = set()
    for kind in ADDABLE_KINDS:
        files = {r.file_name.lower() for r in batch.reports if r.kind == kind}
        if kind in batch.kinds and (kind in add.kinds or files & add.files):
            added.add(kind)
    return added


def load_tables(batch: Batch, added: set[str]) -> dict[str, pd.DataFrame]:
    """The tables the load writes: replaced kinds as built, added kinds merged with the warehouse's rows."""
    tables = replaced_tables(batch)
    for kind in added:
        for table in KIND_TABLES[kind]:
            if table in tables:
                tables[table] = add_rows(batch.warehouse_dir, table, batch.project_id, tables[table])
    return tables


def plan_kinds(batch: Batch, tables: dict[str, pd.DataFrame], added: set[str]) -> list[KindPlan]:
    """Per kind in the batch: replace, add or refused, and the warehouse's rows now and after the load."""
    rows = []
    for kind in KIND_ORDER:
        table = PLAN_TABLES.get(kind, KIND_TABLES[kind][0])
        if table not in tables and kind not in batch.refused:
            continue
        kinds = (kind, "survey_export") if kind == "survey" else (kind,)
        files = ", ".join(sorted({r.file_name for r in batch.reports if r.kind in kinds}))
        now = partition_rows(batch.warehouse_dir, table, batch.project_id)
        if kind in batch.refused:
            rows.append(KindPlan(batch.project_id, kind, files, "refused", now, now))
        else:
            rows.append(KindPlan(batch.project_id, kind, files, "add" if kind in added else "replace", now,
                                 len(tables[table])))
    return rows


def mark_refused(batch: Batch) -> None:
    """The files of a refused kind are logged as rejected, and their message says what is kept."""
    for report in batch.reports:
        if report.kind in batch.refused and report.outcome == "inläst":
            report.outcome = "avvisad"
            report.message = Message("loader.file.refused", message=report.message)


def plan_warnings(plan: list[KindPlan], several: bool, lang: str | None = None) -> list[str]:
    """Plain warnings for refused kinds and kinds that shrink sharply (texts [loader] plan_*): Messages, or
    their text in lang when lang is given."""
    warnings = []
    for row in plan:
        words = {"where": f"{row.project_id}: " if several else "",
                 "title": Words(KINDS[row.kind].title_in("sv"), KINDS[row.kind].title_in("en")),
                 "files": row.files, "rows_now": Number(row.rows_now), "rows_after": Number(row.rows_after)}
        if row.mode == "refused":
            warnings.append(Message("loader.plan_refused", **words))
        elif row.shrinks:
            hint = (Message("loader.plan_hint_add", kind=row.kind) if row.kind in ADDABLE_KINDS else
                    Message("loader.plan_hint_replace"))
            warnings.append(Message("loader.plan_shrinks", hint=hint, **words))
    return [w.text(lang) for w in warnings] if lang else warnings
