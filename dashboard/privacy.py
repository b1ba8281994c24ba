"""Small-cell suppression: the one function every aggregate passes before it is shown or exported."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# Survey vendors and official statistics hide groups of fewer than five people.
MIN_PEOPLE = 5

# The gender codes of a split (Kolada's K, M and T; X is another gender or not stated).
WOMEN, MEN, OTHER, TOTAL = "K", "M", "X", "T"


def hidden_column(value_column: str) -> str:
    """Name of the boolean column that marks a hidden cell of value_column."""
    return f"hidden_{value_column}"


def _codes(frame: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """One integer per row: rows with equal values in columns share it (all rows share 0 for no columns)."""
    if not columns:
        return np.zeros(len(frame), dtype=np.int64)
    return frame.groupby([frame[c] for c in columns], dropna=False, sort=False).ngroup().to_numpy(dtype=np.int64)


def suppress(
    cells: pd.DataFrame,
    values: Sequence[str],
    n: str = "n",
    siblings: Sequence[Sequence[str]] = (),
    gender: tuple[str, Sequence[str]] | None = None,
    of_total: Sequence[str] = (),
    overlapping: bool = False,
    hidden: Sequence[bool] | None = None,
) -> pd.DataFrame:
    """Hide cells built from 1–4 distinct people, and more siblings until no hidden cell or sum of hidden cells
    could be worked out by subtraction.

    siblings: groupings of rows that add up to a total shown somewhere (rows with equal values in the columns of
    a grouping are one sibling group). In a group with hidden cells, at least two cells are hidden and the hidden
    cells together hold at least MIN_PEOPLE people (their counts add up: siblings are disjoint); otherwise the
    smallest other cell is hidden too, and every grouping is applied again until none changes.

    gender: (column, split columns). Rows with equal split columns are one gender split, the column holds
    K/M/X/T. When X is hidden, the split's total T is hidden in its place (the equality rule: Kvinnor and Män
    stay visible and add up to "Kvinnor och män", see women_and_men); a sibling group of one split whose T is
    hidden needs nothing more. The split itself (K + M + X = T) is a sibling group too, so a total hidden for
    another grouping takes X (the smallest other cell) with it. of_total: columns that are shares of the split's total (K / T): hidden with T,
    since a shown share and its numerator give the total back. overlapping: the siblings may share people (focus
    areas): their counts do not add up, so the hidden cells are enough only when one of them holds 5 people.
    hidden: cells already hidden for a reason outside this frame (a wider family of views, a neighbouring month:
    data.cells); they count as hidden cells with their own people.
    """
    out = cells.copy()
    rows = len(out)
    people = pd.to_numeric(out[n], errors="coerce").to_numpy(dtype="float64")
    hidden_before = np.zeros(rows, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool)
    hidden = ((people >= 1) & (people <= MIN_PEOPLE - 1)) | hidden_before
    size = (pd.to_numeric(out[values[0]], errors="coerce") if values else out[n]).fillna(0).to_numpy(dtype="float64")
    # Cells about people go first, smallest count first; cells with no people behind them (money from the ledger
    # beside participant pay) only when no such cell is left, smallest amount first. A cell must not be zero.
    no_people = np.isnan(people)
    weight = np.where(no_people, 0.0, people)
    eligible = np.where(no_people, size != 0, people > 0)
    # a hidden ledger amount beside hidden participant pay masks it: the sum of the two says nothing of the people
    masking = no_people & (size != 0)
    priority = np.empty(rows, dtype=np.int64)
    priority[np.lexsort((np.arange(rows), np.abs(size), np.where(no_people, np.inf, people)))] = np.arange(rows)

    split = is_other = total_row = None
    if gender is not None and rows:
        column, within = gender
        split = _codes(out, within)
        codes = out[column].astype(str).to_numpy()
        is_other, total_row = codes == OTHER, codes == TOTAL
        split_total = np.full(split.max() + 1, -1, dtype=np.int64)
        split_total[split[total_row]] = np.flatnonzero(total_row)

    groupings = []
    if split is not None:
        # a split's own relation, K + M + X = T: a hidden total beside shown K, M and X would be their sum
        groupings.append((split, len(split_total), None))
    for grouping in siblings:
        codes = _codes(out, grouping)
        groups = int(codes.max()) + 1 if rows else 0
        one_split = None
        if split is not None:
            # the split a group lies in, when all its rows are of one split and its total is not among them
            low = np.full(groups, np.iinfo(np.int64).max)
            high = np.full(groups, -1)
            np.minimum.at(low, codes, split)
            np.maximum.at(high, codes, split)
            has_total = np.bincount(codes, weights=total_row, minlength=groups) > 0
            one_split = np.where((low == high) & ~has_total, low, -1)
        groupings.append((codes, groups, one_split))

    changed = True
    while changed:
        changed = False
        if split is not None:
            # equality rule: a hidden X takes its split's total with it, never Kvinnor or Män
            other_hidden = np.bincount(split, weights=hidden & is_other, minlength=len(split_total)) > 0
            take = total_row & ~hidden & other_hidden[split]
            if take.any():
                hidden |= take
                changed = True
        for codes, groups, one_split in groupings:
            count = np.bincount(codes, weights=hidden, minlength=groups)
            if overlapping:
                held = np.zeros(groups)
                np.maximum.at(held, codes, hidden * weight)
            else:
                held = np.bincount(codes, weights=hidden * weight, minlength=groups)
            masked = np.bincount(codes, weights=hidden & masking, minlength=groups) > 0
            need = (count == 1) | ((count > 0) & (held < MIN_PEOPLE) & ~masked)
            if one_split is not None:
                inside = one_split >= 0
                covered = np.zeros(groups, dtype=bool)
                totals = split_total[one_split[inside]]
                covered[inside] = (totals >= 0) & hidden[np.maximum(totals, 0)]
                need &= ~covered
            candidates = np.flatnonzero(~hidden & eligible & need[codes])
            if not len(candidates):
                continue
            # the first candidate of each needy group in priority order: one more hidden cell per group and pass
            ordered = candidates[np.lexsort((priority[candidates], codes[candidates]))]
            _, first = np.unique(codes[ordered], return_index=True)
            hidden[ordered[first]] = True
            changed = True

    shares_hidden = np.zeros(rows, dtype=bool)
    if split is not None and of_total:
        total_hidden = np.zeros(len(split_total), dtype=bool)
        present = split_total >= 0
        total_hidden[present] = hidden[split_total[present]]
        shares_hidden = total_hidden[split]
    # The count of people is itself a figure that would give the hidden cell away.
    for column in [*values, n]:
        if column not in out.columns:
            continue
        mask = hidden | (shares_hidden if column in of_total else False)
        if hidden_column(column) in out.columns:
            # a figure covered by two rules (a share of two counts) is hidden when either rule hides it
            mask = mask | out[hidden_column(column)].fillna(False).to_numpy(dtype=bool)
        out[hidden_column(column)] = mask
        out[column] = out[column].astype("float64").where(~mask)
    return out


def women_and_men(frame: pd.DataFrame, column: str, gender: str = "gender") -> float | None:
    """Kvinnor och män: the sum of the shown K and M cells of one split, or None when either is hidden or absent.

    Where the equality rule hid the total (1–4 people of another or unknown gender), a page shows this sum,
    labelled "Kvinnor och män", instead of Totalt."""
    picked = {}
    for code in (WOMEN, MEN):
        rows = frame.loc[frame[gender] == code, column]
        if rows.empty or pd.isna(rows.iloc[0]):
            return None
        picked[code] = float(rows.iloc[0])
    return picked[WOMEN] + picked[MEN]


def total_replaced(frame: pd.DataFrame, column: str, gender: str = "gender") -> bool:
    """True when the split's total of column is hidden but Kvinnor and Män are shown (show women_and_men)."""
    rows = frame.loc[frame[gender] == TOTAL, column]
    return bool(len(rows)) and pd.isna(rows.iloc[0]) and women_and_men(frame, column, gender) is not None


def any_hidden(frame: pd.DataFrame) -> bool:
    """True when some cell of the frame was suppressed (so the page explains the dash)."""
    flags = [c for c in frame.columns if str(c).startswith("hidden_")]
    return bool(flags) and bool(frame[flags].to_numpy().any())
