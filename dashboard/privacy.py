"""Small-cell suppression: the one function every aggregate passes before it is shown or exported."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
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
    hidden: Sequence[bool] | None = None,
) -> pd.DataFrame:
    """Hide cells built from 1–4 distinct people, and one more sibling where a hidden cell could be subtracted out.

    `hidden` marks cells already hidden for a reason outside this frame (a wider family of views, a neighbouring
    date): they count as hidden cells with their own people."""
    out = cells.copy()
    people = pd.to_numeric(out[n], errors="coerce").to_numpy(dtype="float64")
    hidden_before = np.zeros(len(out), dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool)
    hidden = ((people >= 1) & (people <= MIN_PEOPLE - 1)) | hidden_before
    size = (pd.to_numeric(out[values[0]], errors="coerce") if values else out[n]).fillna(0).to_numpy(dtype="float64")
    # Secondary suppression: siblings add up to a shown total, so one hidden sibling could be worked out by
    # subtraction; hiding the smallest other non-zero sibling too stops that. Repeat until no grouping changes,
    # because a cell hidden for one grouping (e.g. gender within a department) can expose another (departments).
    groupings = []
    for grouping in siblings:
        keys = [out[c] for c in grouping] if grouping else [pd.Series(0, index=out.index)]
        codes = out.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
        members = pd.Series(range(len(out))).groupby(codes).apply(list).to_dict()
        groupings.append((codes, members))
    # Cells about people go first, smallest count first; cells with no people behind them (money from the ledger
    # beside participant pay) only when no such cell is left, smallest amount first. A cell must not be zero.
    rank_people = np.where(np.isnan(people), np.inf, people)
    eligible = np.where(np.isnan(people), size != 0, people > 0)
    changed = bool(groupings)
    while changed:
        changed = False
        for codes, members in groupings:
            # only groups with exactly one hidden cell need work: counted at once, not group by group
            hidden_per_group = np.bincount(codes, weights=hidden, minlength=len(members))
            for group in np.flatnonzero(hidden_per_group == 1):
                candidates = [i for i in members[group] if not hidden[i] and eligible[i]]
                if candidates:
                    hidden[min(candidates, key=lambda i: (rank_people[i], abs(size[i]), i))] = True
                    changed = True
    # The count of people is itself a figure that would give the hidden cell away.
    for column in [*values, n]:
        if column not in out.columns:
            continue
        out[hidden_column(column)] = hidden
        out[column] = out[column].astype("float64").where(~hidden)
    return out


def any_hidden(frame: pd.DataFrame) -> bool:
    """True when some cell of the frame was suppressed (so the page explains the dash)."""
    flags = [c for c in frame.columns if str(c).startswith("hidden_")]
    return bool(flags) and bool(frame[flags].to_numpy().any())
