"""Small-cell suppression: the one function every aggregate passes before it is shown or exported."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# Survey vendors and official statistics hide groups of fewer than five people.
MIN_PEOPLE = 5


def hidden_column(value_column: str) -> str:
    """Name of the boolean column that marks a hidden cell of value_column."""
    return f"hidden_{value_column}"


def suppress(
    cells: pd.DataFrame,
    values: Sequence[str],
    n: str = "n",
    siblings: Sequence[Sequence[str]] = (),
) -> pd.DataFrame:
    """Hide cells built from 1–4 distinct people, and one more sibling where a hidden cell could be subtracted out."""
    out = cells.copy()
    people = pd.to_numeric(out[n], errors="coerce")
    hidden = people.between(1, MIN_PEOPLE - 1).fillna(False).to_numpy(copy=True)
    size = pd.to_numeric(out[values[0]], errors="coerce").fillna(0) if values else people.fillna(0)
    # Secondary suppression: siblings add up to a shown total, so one hidden sibling could be worked out by
    # subtraction; hiding the smallest other non-zero sibling too stops that. Repeat until no grouping changes,
    # because a cell hidden for one grouping (e.g. gender within a department) can expose another (departments).
    changed = bool(siblings)
    while changed:
        changed = False
        for grouping in siblings:
            keys = [out[c] for c in grouping] if grouping else [pd.Series(0, index=out.index)]
            for _, index in out.groupby(keys, dropna=False, sort=False).indices.items():
                group_hidden = hidden[index]
                if group_hidden.sum() != 1:
                    continue
                candidates = [i for i in index if not hidden[i] and _non_zero(people.iloc[i], size.iloc[i])]
                if not candidates:
                    continue
                # Cells about people go first, smallest count first; cells with no people behind them (money from
                # the ledger beside participant pay) only when no such cell is left, smallest amount first.
                smallest = min(candidates, key=lambda i: (_or_inf(people.iloc[i]), abs(size.iloc[i]), i))
                hidden[smallest] = True
                changed = True
    # The count of people is itself a figure that would give the hidden cell away.
    for column in [*values, n]:
        if column not in out.columns:
            continue
        out[hidden_column(column)] = hidden
        out[column] = out[column].astype("float64").where(~hidden)
    return out


def _non_zero(people: float, size: float) -> bool:
    return people > 0 if not pd.isna(people) else size != 0


def _or_inf(value: float) -> float:
    return float("inf") if pd.isna(value) else value


def any_hidden(frame: pd.DataFrame) -> bool:
    """True when some cell of the frame was suppressed (so the page explains the dash)."""
    flags = [c for c in frame.columns if str(c).startswith("hidden_")]
    return bool(flags) and bool(frame[flags].to_numpy().any())
