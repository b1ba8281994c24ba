"""Recognise a table's file kind, map its headers to the contract and validate every row."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS, Column, FileKind
from pipelines.i18n import Joined, Message, Words
from pipelines.readers import RawTable

REJECTION_COLUMNS = ["file_name", "sheet", "line", "column_name", "reason"]


class FileProblem(ValueError):
    """A whole file (or sheet) cannot be used; the message is Swedish and says how to fix it."""


def _header_index(kind: FileKind) -> dict[str, str]:
    """Normalised header spelling → canonical column name for one kind."""
    index: dict[str, str] = {}
    for column in kind.columns:
        for spelling in column.headers():
            index.setdefault(nz.normalise_header(spelling), column.name)
    return index


HEADER_INDEX = {name: _header_index(kind) for name, kind in KINDS.items()}
KNOWN_HEADERS = {h for index in HEADER_INDEX.values() for h in index}


def _stem_key(text: str) -> str:
    """A file or sheet name reduced for matching: folded, digits and dates dropped."""
    return re.sub(r"[0-9]+", " ", nz.fold(text)).strip().replace(" ", "_")


def kind_from_name(name: str) -> str | None:
    """The kind a file stem or sheet name names, e.g. "Närvaro 2025-03" → attendance."""
    key = _stem_key(name)
    if not key:
        return None
    for kind in KINDS.values():
        if any(key == nz.fold(stem).replace(" ", "_") for stem in kind.stems):
            return kind.kind
    for kind in KINDS.values():
        for stem in kind.stems:
            stem_key = nz.fold(stem).replace(" ", "_")
            if key.startswith(stem_key + "_") or key.endswith("_" + stem_key):
                return kind.kind
    return None


def kind_from_header(header: list[str]) -> str | None:
    """The kind whose required columns all appear in the header and that matches most columns."""
    best, best_score = None, 0
    for name, kind in KINDS.items():
        if name == "survey_export":
            continue
        index = HEADER_INDEX[name]
        matched = {index[h] for h in map(nz.normalise_header, header) if h in index}
        if not all(r in matched for r in kind.required):
            continue
        if any(not set(group) & matched for group in kind.one_of):
            continue
        score = len(matched)
        if score > best_score:
            best, best_score = name, score
    return best


def _column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def map_header(header: list[str], kind: FileKind) -> dict[str, int]:
    """Canonical column name → column position; raises FileProblem when required columns are missing or a
    column is given twice (two headers naming the same column: which one is meant cannot be told)."""
    index = HEADER_INDEX[kind.kind]
    positions: dict[str, int] = {}
    for position, text in enumerate(header):
        name = index.get(nz.normalise_header(text))
        if not name:
            continue
        if name in positions:
            first = positions[name]
            same = nz.normalise_header(header[first]) == nz.normalise_header(text)
            column = kind.column(name)
            what = (Message("loader.columns.twice", header=nz.shown(text, 40)) if same else
                    Message("loader.columns.same_meaning", first=nz.shown(header[first], 40),
                            second=nz.shown(text, 40), column=Words(column.sv, column.en)))
            raise FileProblem(Message("loader.columns.which", what=what, first=_column_letter(first),
                                      second=_column_letter(position)))
        positions[name] = position
    missing = [Words(kind.column(r).sv, kind.column(r).en) for r in kind.required if r not in positions]
    for group in kind.one_of:
        if not any(g in positions for g in group):
            missing.append(Words(" eller ".join(kind.column(g).sv for g in group),
                                 " or ".join(kind.column(g).en for g in group)))
    if missing:
        expected = Joined(Words(c.sv, c.en) for c in kind.columns if c.required)
        raise FileProblem(Message("loader.file.missing_columns", missing=Joined(missing), expected=expected,
                                  title=Words(kind.title.lower(), kind.title_in("en").lower())))
    return positions


NUMBER_TYPES = ("int", "decimal", "money")


def _parser(column: Column, decimal_mark: str | None = None):
    """The function that parses one non-blank value of this column's type (numbers by the column's decimal mark)."""
    kinds = {
        "int": partial(nz.parse_int, decimal_mark=decimal_mark),
        "decimal": partial(nz.parse_decimal, decimal_mark=decimal_mark),
        "money": partial(nz.parse_amount, decimal_mark=decimal_mark), "date": nz.parse_date,
        "gender": nz.parse_gender, "personnummer": nz.parse_personnummer, "list": nz.parse_list,
        "period": nz.parse_period, "enum": partial(nz.parse_enum, allowed=column.allowed,
                                                   synonyms=column.synonyms),
    }
    return kinds.get(column.type)


@dataclass
class Validated:
    """Accepted rows of one kind (columns _file, _sheet, _line + canonical typed columns) and rejections."""

    kind: str
    frame: pd.DataFrame
    rejections: list[dict] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    warnings: list[dict] = field(default_factory=list)  # rows kept, but with something the user should look at

    def reject(self, mask: pd.Series, column_name: str | None, reasons: pd.Series | list[str] | str) -> None:
        """Record a rejection for each row where `mask` is true and drop those rows."""
        rows = self.frame[mask]
        if rows.empty:
            return
        if isinstance(reasons, str):
            reasons = [reasons] * len(rows)
        self.rejections.extend(
            {"file_name": f, "sheet": s, "line": int(line), "column_name": column_name,
             "reason": nz.mask_personnummer(nz.capitalise(reason if isinstance(reason, str) else str(reason)))}
            for f, s, line, reason in zip(rows["_file"], rows["_sheet"], rows["_line"], list(reasons)))
        self.frame = self.frame[~mask].reset_index(drop=True)

    def extend(self, other: "Validated") -> None:
        """Add another table of the same kind (e.g. two attendance files)."""
        self.frame = pd.concat([self.frame, other.frame], ignore_index=True) if len(self.frame) else other.frame
        self.rejections.extend(other.rejections)
        self.warnings.extend(other.warnings)
        self.present |= other.present


def validate_table(raw: RawTable, kind: FileKind, *, lenient: tuple[str, ...] = (),
                   mask_text=None) -> Validated:
    """Every row of `raw` checked and normalised against `kind`; bad rows go to rejections with a reason.

    A value in a `lenient` column that cannot be read becomes unknown (NULL) with a warning instead of rejecting
    the row (a survey respondent's gender); `mask_text(text, short=...)` masks text (personnummer, and names when
    given: in short text only whole names)."""
    mask_text = mask_text or (lambda text, short=False: nz.mask_personnummer(text))
    warnings: list[dict] = []
    positions = map_header(raw.header, kind)
    rows = raw.rows
    frame = pd.DataFrame({"_file": raw.file_name, "_sheet": raw.sheet,
                          "_line": rows["_line"].astype("int64")}, index=rows.index).astype(
        {"_file": object, "_sheet": object})
    rejections: list[dict] = []
    blanks: dict[str, pd.Series] = {}
    for column in kind.columns:
        if column.name not in positions:
            frame[column.name] = None
            continue
        header = raw.header[positions[column.name]]
        source = rows[positions[column.name]]
        text = source.fillna("").astype(str).str.strip().astype(object)
        blank = text == ""
        blanks[column.name] = blank
        # numbers: the column's decimal mark is decided once from all its values (18,500 next to 1,234.50)
        mark = nz.decimal_mark_of(pd.unique(text)) if column.type in NUMBER_TYPES else None
        parse = _parser(column, mark)
        if parse is None:
            values = text.where(~blank, None)
            if column.type in ("text", "freetext") and column.name != "file":
                mask = mask_text if column.type == "freetext" else partial(mask_text, short=True)
                masked, _ = nz.map_unique(text, mask)
                values = masked.where(~blank, None)
            error = pd.Series(None, index=text.index, dtype=object)
        else:
            values, error = nz.map_unique(text, parse)
            values = values.where(~blank, None)
            error = error.where(~blank, None)
        if column.name in lenient and not column.required:
            soft = error.notna()
            if soft.any():
                warnings.extend(
                    {"file_name": raw.file_name, "sheet": raw.sheet, "line": int(line), "column_name": header,
                     "reason": Message("loader.reject.read_as_unknown",
                                       reason=nz.mask_personnummer(nz.capitalise(reason)))}
                    for line, reason in zip(frame.loc[soft, "_line"], error[soft]))
                values = values.where(~soft, None)
                error = error.where(~soft, None)
        if column.required:
            missing = Message("loader.reject.required", column=Words(column.sv, column.en))
            # by hand: Series.where would turn the Message (pipelines.i18n) into a plain string
            error = pd.Series([missing if b else e for b, e in zip(blank, error)], index=error.index, dtype=object)
        frame[column.name] = values.astype(object)
        if column.type == "gender":
            # blank means "not given" (derive from personnummer); "Vill ej uppge" parses to None but is a choice
            frame["_blank_" + column.name] = blank
        bad = error.notna()
        if bad.any():
            rejections.extend(
                {"file_name": raw.file_name, "sheet": raw.sheet, "line": int(line), "column_name": header,
                 "reason": nz.mask_personnummer(nz.capitalise(reason))}
                for line, reason in zip(frame.loc[bad, "_line"], error[bad]))
    for group in kind.one_of:
        present = [g for g in group if g in positions]
        none_given = pd.concat([blanks[g] for g in present], axis=1).all(axis=1)
        if none_given.any():
            names = " eller ".join(kind.column(g).sv for g in group)
            names_en = " or ".join(kind.column(g).en for g in group)
            rejections.extend(
                {"file_name": raw.file_name, "sheet": raw.sheet, "line": int(line), "column_name": names,
                 "reason": Message("loader.reject.one_of", names=Words(names, names_en))}
                for line in frame.loc[none_given, "_line"])
    rejected_lines = {r["line"] for r in rejections}
    frame = frame[~frame["_line"].isin(rejected_lines)].reset_index(drop=True)
    return Validated(kind.kind, frame, rejections, present=set(positions), warnings=warnings)


def reject_duplicates(validated: Validated, columns: list[str], label: str, label_en: str | None = None) -> None:
    """Reject rows whose `columns` repeat an earlier row, naming the earlier file and line."""
    frame = validated.frame
    if frame.empty:
        return
    keyed = frame[columns].notna().all(axis=1)
    duplicated = frame.duplicated(subset=columns, keep="first") & keyed
    if not duplicated.any():
        return
    first = frame[keyed & ~duplicated].set_index(columns)[["_file", "_line"]]
    reasons = []
    for key in frame.loc[duplicated, columns].itertuples(index=False, name=None):
        where = first.loc[key if len(columns) > 1 else key[0]]
        reasons.append(Message("loader.reject.duplicate", label=Words(label, label_en), line=where["_line"],
                               file=where["_file"]))
    validated.reject(duplicated, label, reasons)
