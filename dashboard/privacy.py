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
    protects: Sequence[float] | None = None,
    known: Sequence[bool] | None = None,
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
    protects: per cell hidden already (`hidden`), the people of the group its hiding protects when that is fewer
    than its own (NaN: its own): a cell hidden for being 2 people away from another month guards those 2, so with
    siblings it counts as 2, not as its count (data._time_masks).
    known: cells whose figure other views give away (all projects' cell where every project's cell is shown: their
    sum, data._portfolio_family). Hiding one protects nothing: a known cell is never hidden to protect another, and
    one hidden already does not count as a hidden cell of its groups (other cells are hidden instead). A group
    with no other cell left takes known ones after all.
    """
    out = cells.copy()
    rows = len(out)
    people = pd.to_numeric(out[n], errors="coerce").to_numpy(dtype="float64")
    hidden_before = np.zeros(rows, dtype=bool) if hidden is None else np.asarray(hidden, dtype=bool)
    hidden = ((people >= 1) & (people <= MIN_PEOPLE - 1)) | hidden_before
    given = np.zeros(rows, dtype=bool) if known is None else np.asarray(known, dtype=bool)
    size = (pd.to_numeric(out[values[0]], errors="coerce") if values else out[n]).fillna(0).to_numpy(dtype="float64")
    # Cells about people go first, smallest count first; cells with no people behind them (money from the ledger
    # beside participant pay) only when no such cell is left, smallest amount first. A cell must not be zero.
    no_people = np.isnan(people)
    weight = np.where(no_people, 0.0, people)
    if protects is not None:
        guarded = np.asarray(protects, dtype="float64")
        weight = np.where(np.isnan(guarded), weight, np.fmin(weight, guarded))
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
            other_hidden = np.bincount(split, weights=hidden & ~given & is_other, minlength=len(split_total)) > 0
            take = total_row & ~hidden & ~given & other_hidden[split]
            if take.any():
                hidden |= take
                changed = True
        for codes, groups, one_split in groupings:
            protecting = hidden & ~given  # a known cell hidden protects nothing (`known`)
            count = np.bincount(codes, weights=protecting, minlength=groups)
            if overlapping:
                held = np.zeros(groups)
                np.maximum.at(held, codes, protecting * weight)
            else:
                held = np.bincount(codes, weights=protecting * weight, minlength=groups)
            masked = np.bincount(codes, weights=protecting & masking, minlength=groups) > 0
            need = (count == 1) | ((count > 0) & (held < MIN_PEOPLE) & ~masked)
            if one_split is not None:
                inside = one_split >= 0
                covered = np.zeros(groups, dtype=bool)
                totals = split_total[one_split[inside]]
                covered[inside] = (totals >= 0) & protecting[np.maximum(totals, 0)]
                need &= ~covered
            open_cells = ~hidden & eligible & need[codes]
            candidates = np.flatnonzero(open_cells & ~given)
            # a group with known cells only left takes them after all: known is the projects' sum, which a selection
            # that counts its people otherwise (the equality rule's X over all projects) can miss
            left = np.flatnonzero(open_cells & given)
            if len(left):
                served = np.zeros(groups, dtype=bool)
                served[codes[candidates]] = True
                candidates = np.concatenate([candidates, left[~served[codes[left]]]])
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


def released_steps(frame: pd.DataFrame, people: np.ndarray, along: str,
                   within: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The cells of a running total (people counted up to each `along` value, within each partition) that are not
    released, and for each the people between it and the release after it. The last cell of a partition is
    released; going back, a cell is released when its people differ by 0 or 5+ from the last release after it (as
    data._walk does along the months of views)."""
    unreleased = np.zeros(len(frame), dtype=bool)
    apart = np.full(len(frame), np.nan)
    counts = np.nan_to_num(people, nan=0.0)
    partition = _codes(frame, within)
    steps = pd.factorize(frame[along], sort=True)[0]  # the along values in their order (months: by date)
    order = np.lexsort((steps, partition))[::-1]
    last: dict[int, float] = {}
    for i in order:
        moved = abs(counts[i] - last[partition[i]]) if partition[i] in last else 0.0
        if 1 <= moved <= MIN_PEOPLE - 1:
            unreleased[i] = True
            apart[i] = moved
        else:
            last[partition[i]] = counts[i]
    return unreleased, apart


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


# Linked tables: the hours of one selection are shown broken down several ways (by focus area, activity,
# department, age band and month) and in total. Each breakdown is protected on its own, but two breakdowns can nest by
# chance (every hour of a department in one focus area) or a total minus parts of two breakdowns can leave a few
# people. linked_hidden finds such combinations in the records themselves and names the cells to hide.
LINKED_ORDER = ("month", "activity", "age_band", "department", "focus_area")  # hidden first → last; never the total


def _distinct_sorted(ordered: np.ndarray) -> int:
    """The distinct values of a non-decreasing array of person codes: one and one more at each change."""
    return int(len(ordered) and 1 + np.count_nonzero(ordered[1:] != ordered[:-1]))


def linked_hidden(records: pd.DataFrame, dimensions: Sequence[str] = LINKED_ORDER, fixed: Sequence[str] = ("month",),
                  already: Sequence[tuple] = ()) -> dict[tuple, float]:
    """The cells (dimension, value) whose hours must be hidden so that no shown cell, total or difference of them
    is the hours of 1–4 people, with the people each one protects.

    records: one row per person and combination of the dimensions with its hours (rows without hours do not count).
    A combination is (a) a cell whose records lie inside another's, of another dimension or the total, with 1–4
    people between them, or (b) a cell (or the total) minus two or more disjoint cells of other dimensions inside
    it, taken largest first, leaving 1–4 people. The total minus parts of one breakdown is no combination: those
    parts are siblings in their own frame, which protects them (so is a cell that holds the whole total). Of each one the cell of the dimension earliest in `dimensions` is
    hidden, never the total nor a cell of a `fixed` dimension (a month is the same cell in every period that holds
    it, so it is never hidden for one period's breakdowns: its own frame protects it), and the search is repeated on
    what is still shown until nothing is found. `already`: cells hidden before (another selection's search)."""
    records = records[pd.to_numeric(records["hours"], errors="coerce").fillna(0) != 0].reset_index(drop=True)
    if records.empty:
        return {}
    # the records in order of person (stable), so that the people of any subset of them are counted by the changes
    # of person along it (_distinct_sorted), not by hashing: 16,000 counts per national portfolio's projects
    person = pd.factorize(records["person_id"])[0]
    order = np.argsort(person, kind="stable")
    records, person = records.iloc[order].reset_index(drop=True), person[order]
    cells: list[tuple] = [("total", None)]
    members: list[np.ndarray] = [np.ones(len(records), dtype=bool)]
    for dimension in dimensions:
        if dimension not in records.columns:
            continue
        # the dimension's values in sorted order, as groupby(sort=True) gives them; a missing value is no cell
        codes, values = pd.factorize(records[dimension], sort=True)
        for code, value in enumerate(values):
            cells.append((dimension, value))
            members.append(codes == code)
    rank = {d: i for i, d in enumerate(dimensions)}
    matrix = np.array(members, dtype=np.float32)
    size = matrix.sum(axis=1)
    # inside[c, p]: every record of c is one of p's; overlap[c, u]: c and u share a record
    inside = (matrix @ (1.0 - matrix).T) == 0
    overlap = (matrix @ matrix.T) > 0
    dimension_of = np.array([c[0] for c in cells], dtype=object)
    people_of = np.array([_distinct_sorted(person[m]) for m in members])

    def few(mask: np.ndarray) -> int:
        n = _distinct_sorted(person[mask])
        return n if 1 <= n <= MIN_PEOPLE - 1 else 0

    hidden: dict[tuple, float] = {}
    # a cell of 1–4 people is hidden in its own frame anyway: it is no part of a combination
    shown = people_of >= MIN_PEOPLE
    shown[0] = True
    before = set(already)
    for i, cell in enumerate(cells):
        if cell in before:
            shown[i] = False
    by_size = sorted(range(len(cells)), key=lambda i: -size[i])
    accepted: set[tuple] = set()

    def combinations():
        for p in by_size:
            if not shown[p]:
                continue
            parent = members[p]
            children = [c for c in by_size if c != 0 and c != p and shown[c] and dimension_of[c] != dimension_of[p]
                        and size[c] < size[p] and inside[c, p]]
            # the total (or a cell holding all of it) minus parts of one breakdown is that breakdown's own frame:
            # its parts are siblings there, protected together (the sums rule), so only mixed breakdowns count
            whole = size[p] == size[0]
            for c in children:
                group = few(parent & ~members[c]) if not whole else 0
                if group:
                    yield (p, c), group
            used: list[int] = []
            covered = np.zeros(len(records), dtype=bool)
            for c in children:
                if any(overlap[c, u] for u in used):
                    continue
                used.append(c)
                covered |= members[c]
                mixed = len({dimension_of[u] for u in used}) > 1
                group = few(parent & ~covered) if len(used) >= 2 and (mixed or not whole) else 0
                if group:
                    yield (p, *used), group

    while True:
        found = next((f for f in combinations() if f[0] not in accepted), None)
        if found is None:
            return hidden
        combination, group = found
        candidates = [i for i in combination if cells[i][0] != "total" and cells[i][0] not in fixed]
        if not candidates:
            accepted.add(combination)  # only the total and months: their frames protect them (siblings)
            continue
        pick = min(candidates, key=lambda i: (rank.get(cells[i][0], len(rank)), size[i]))
        shown[pick] = False
        hidden[cells[pick]] = float(group)
