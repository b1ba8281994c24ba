"""What every builder checks the same way: references to another table, repeated keys, a base table's columns."""
from __future__ import annotations

import pandas as pd

from pipelines import normalise as nz
from pipelines.contract import KINDS
from pipelines.i18n import Message
from pipelines.keys import FILE_KEYS
from pipelines.load.batch import Batch
from pipelines.validate import Validated, reject_duplicates
from pipelines.warehouse import table_columns

TABLE_COLUMNS = table_columns()


def check_reference(batch: Batch, validated: Validated, column: str, table: str, key: str, label: str,
                     fix: str) -> None:
    """Reject rows whose `column` names an id missing from `table`."""
    known = batch.ids(table, key)
    values = validated.frame[column]
    missing = values.notna() & ~values.astype(str).isin(known)
    if missing.any():
        reasons = [Message("loader.reject.unknown_reference", label=label, value=nz.shown(v, 40), fix=fix)
                   for v in values[missing]]
        validated.reject(missing, validated_header(validated, column), reasons)


def reject_repeated_keys(validated: Validated, kind: str) -> None:
    """Reject rows that repeat an earlier row's key (pipelines.keys.FILE_KEYS), naming the earlier line."""
    for columns, label in FILE_KEYS[kind]:
        reject_duplicates(validated, list(columns), label)


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
