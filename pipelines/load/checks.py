"""What every builder checks the same way: references to another table, repeated keys, a base table's columns."""
from __future__ import annotations

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message, Words
from pipelines.keys import FILE_KEYS, KEY_LABELS_EN
from pipelines.load.batch import Batch
from pipelines.validate import Validated, reject_duplicates
from pipelines.warehouse import table_columns

TABLE_COLUMNS = table_columns()

# the English words of a reference's label and where the id should be (check_reference's label and fix)
REFERENCE_EN = {
    "Enhets-id": "Unit id", "Fokusområdes-id": "Focus area id", "Aktivitets-id": "Activity id",
    "Delmåls-id": "Sub-goal id", "i enhetsfilen": "in the units file", "i fokusområdesfilen": "in the focus areas file",
    "i aktivitetsfilen": "in the activities file", "i delmålsfilen": "in the sub-goals file",
}


def check_reference(batch: Batch, validated: Validated, column: str, table: str, key: str, label: str,
                     fix: str) -> None:
    """Reject rows whose `column` names an id missing from `table`."""
    known = batch.ids(table, key)
    values = validated.frame[column]
    missing = values.notna() & ~values.astype(str).isin(known)
    if missing.any():
        label_words, fix_words = Words(label, REFERENCE_EN.get(label)), Words(fix, REFERENCE_EN.get(fix))
        reasons = [Message("loader.reject.unknown_reference", label=label_words, value=nz.shown(v, 40),
                           fix=fix_words) for v in values[missing]]
        validated.reject(missing, validated_header(validated, column), reasons)


def reject_repeated_keys(validated: Validated, kind: str) -> None:
    """Reject rows that repeat an earlier row's key (pipelines.keys.FILE_KEYS), naming the earlier line."""
    for columns, label in FILE_KEYS[kind]:
        reject_duplicates(validated, list(columns), label, KEY_LABELS_EN.get(label))


def validated_header(validated: Validated, column: str) -> str:
    """The Swedish header of a canonical column of a validated kind."""
    return KINDS[validated.kind].column(column).sv


def table_rows(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The frame cut to a base table's columns (without project_id, added when written)."""
    wanted = [c for c in TABLE_COLUMNS[table] if c != "project_id"]
    out = pd.DataFrame(index=frame.index)
    for column in wanted:
        out[column] = frame[column] if column in frame else None
    return out.reset_index(drop=True)
