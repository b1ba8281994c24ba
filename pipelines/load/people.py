"""People: each row's person_id from employee number or personnummer (keyed hashes); unknown people rejected."""
from __future__ import annotations

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message
from pipelines.load.batch import Batch
from pipelines.validate import Validated, map_header


def alias_of(frame: pd.DataFrame) -> pd.Series:
    """emp:<employee_id>, else pnr:<12 digits>, per row."""
    emp = frame["employee_id"] if "employee_id" in frame else pd.Series(None, index=frame.index)
    pnr = frame["personnummer"] if "personnummer" in frame else pd.Series(None, index=frame.index)
    alias = ("emp:" + emp.astype(object).where(emp.notna(), "").astype(str)).where(emp.notna(), None)
    by_pnr = ("pnr:" + pnr.astype(object).where(pnr.notna(), "").astype(str)).where(pnr.notna(), None)
    return alias.where(alias.notna(), by_pnr).astype(object)


def resolve_people(batch: Batch, validated: Validated) -> None:
    """Add person_id to each row from employee number or personnummer; unknown people are rejected."""
    frame = validated.frame
    aliases = batch.existing("person_alias")
    lookup = {} if aliases is None else dict(zip(aliases["alias_hash"], aliases["person_id"]))
    alias = alias_of(frame)
    hashes = batch.pseudo.alias_hashes(batch.project_id, alias)
    frame["person_id"] = hashes.map(lookup).astype(object)
    frame["person_id"] = frame["person_id"].where(frame["person_id"].notna(), None)
    validated.frame = frame
    missing = frame["person_id"].isna()
    if missing.any():
        rejected = rejected_people(batch)
        reasons = [unknown_person_reason(a, rejected.get(h)) for a, h in zip(alias[missing], hashes[missing])]
        validated.reject(missing, "Anställningsnummer/Personnummer", reasons)


def rejected_people(batch: Batch) -> dict[str, str]:
    """Alias hash → "rad N i fil" for each row of this batch's person file that was rejected."""
    if batch.rejected_people_cache is not None:
        return batch.rejected_people_cache
    # kept as keyed hashes, in memory for this batch only: rejected people never reach the warehouse
    batch.rejected_people_cache = {}
    person = batch.kinds.get("person")
    lines: dict[tuple[str, str | None], set[int]] = {}
    for r in person.rejections if person is not None else ():
        lines.setdefault((r["file_name"], r["sheet"]), set()).add(r["line"])
    for (file_name, sheet), rejected_lines in lines.items():
        raw = next((t for t in batch.raw_by_name.get(file_name.lower(), ()) if t.sheet == sheet), None)
        if raw is None:  # rows reshaped from another layout: no line of the file to point at
            continue
        positions = map_header(raw.header, KINDS["person"])  # the file passed this when it was validated
        rows = raw.rows[raw.rows["_line"].isin(rejected_lines)].sort_values("_line")
        where = [Message("loader.person.place_sheet", line=line, file=file_name, sheet=sheet) if sheet else
                 Message("loader.person.place", line=line, file=file_name) for line in rows["_line"]]
        for prefix, column, parse in (("emp:", "employee_id", str.strip),
                                      ("pnr:", "personnummer", nz.parse_personnummer)):
            if column not in positions:
                continue
            for text, place in zip(rows[positions[column]].fillna("").astype(str), where):
                try:  # a personnummer that is itself invalid cannot be named validly elsewhere either
                    value = parse(text) if text.strip() else None
                except ValueError:
                    value = None
                if value:
                    batch.rejected_people_cache.setdefault(batch.pseudo.alias_hash(batch.project_id, prefix + value),
                                                     place)
    return batch.rejected_people_cache


def unknown_person_reason(alias: str | None, rejected_at: str | None) -> str:
    """Why a row's person was not found: missing from the person file, or rejected there (then fix that first)."""
    employee = bool(alias and alias.startswith("emp:"))
    who = Message("loader.person.employee", id=alias[4:]) if employee else Message("loader.person.pnr")
    if rejected_at:
        return Message("loader.person.rejected", who=who, place=rejected_at)
    return Message("loader.person.unknown_employee" if employee else "loader.person.unknown_pnr", who=who)
