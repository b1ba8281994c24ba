"""Small-cell suppression: exact cases for the primary and the secondary rule."""

import math

import pandas as pd

from dashboard.privacy import any_hidden, suppress


def shown(frame, column="participants"):
    """The column as the reader sees it: None where hidden."""
    return [None if math.isnan(v) else v for v in frame[column]]


def test_cells_from_one_to_four_people_are_hidden_zero_and_five_are_shown():
    cells = pd.DataFrame({"unit": list("abcdef"), "participants": [0, 1, 4, 5, 12, 3], "n": [0, 1, 4, 5, 12, 3]})
    out = suppress(cells, ["participants"])
    assert shown(out) == [0, None, None, 5, 12, None]
    assert out["hidden_participants"].tolist() == [False, True, True, False, False, True]
    # the count of people is hidden with the figure, or it would give it away
    assert shown(out, "n") == [0, None, None, 5, 12, None]


def test_one_hidden_sibling_also_hides_the_smallest_other_non_zero_sibling():
    # women 40, men 3, other 0 add up to a shown total of 43: men = 43 − 40 unless women are hidden too
    cells = pd.DataFrame({
        "level": ["gender", "gender", "gender", "total"],
        "gender": ["K", "M", "X", "T"],
        "participants": [40, 3, 0, 43],
        "n": [40, 3, 0, 43],
    })
    out = suppress(cells, ["participants"], siblings=[["level"]])
    assert shown(out) == [None, None, 0, 43]


def test_the_smallest_non_zero_sibling_is_chosen_not_the_first():
    cells = pd.DataFrame({"dept": ["a", "b", "c", "d"], "hours": [7.5, 120.0, 30.0, 0.0], "n": [2, 30, 9, 0]})
    out = suppress(cells, ["hours"], siblings=[()])
    assert shown(out, "hours") == [None, 120.0, None, 0.0]


def test_two_hidden_siblings_protect_each_other_and_nothing_more_is_hidden():
    cells = pd.DataFrame({"gender": ["K", "M", "X"], "participants": [50, 4, 2], "n": [50, 4, 2]})
    out = suppress(cells, ["participants"], siblings=[()])
    assert shown(out) == [50, None, None]


def test_sibling_groups_are_separate_and_repeat_until_stable():
    # department × gender; genders add up within a department and departments add up within a gender
    cells = pd.DataFrame({
        "dept": ["vård", "vård", "teknik", "teknik", "skola", "skola"],
        "gender": ["K", "M", "K", "M", "K", "M"],
        "participants": [60, 6, 9, 30, 40, 8],
        "n": [60, 6, 9, 30, 40, 8],
    })
    out = suppress(cells.assign(participants=lambda f: f["participants"].where(f.index != 1, 3),
                                n=lambda f: f["n"].where(f.index != 1, 3)),
                   ["participants"], siblings=[["dept"], ["gender"]])
    # Groupings are applied in the order given, each to all its groups, until a whole round changes nothing:
    # by dept: vård M 3 hidden → vård K 60 (only other) hidden.
    # by gender: K has vård hidden → smallest other K, teknik 9, hidden; M has vård hidden → skola 8 hidden.
    # by dept again: teknik K hidden → teknik M 30 hidden; skola M hidden → skola K 40 hidden.
    assert shown(out) == [None, None, None, None, None, None]


def test_a_second_grouping_only_adds_what_subtraction_would_reveal():
    cells = pd.DataFrame({
        "dept": ["vård", "vård", "teknik", "teknik"],
        "gender": ["K", "M", "K", "M"],
        "participants": [60, 3, 9, 30],
        "n": [60, 3, 9, 30],
    })
    out = suppress(cells, ["participants"], siblings=[["dept"], ["gender"]])
    # vård M 3 → vård K 60; K: teknik 9 → then teknik M 30 (by dept); M already has two hidden
    assert shown(out) == [None, None, None, None]
    out = suppress(cells, ["participants"], siblings=[["dept"]])
    assert shown(out) == [None, None, 9, 30]


def test_frames_without_small_cells_are_unchanged_and_flagged_clean():
    cells = pd.DataFrame({"gender": ["K", "M"], "participants": [10, 5], "n": [10, 5]})
    out = suppress(cells, ["participants"], siblings=[()])
    assert shown(out) == [10, 5]
    assert not any_hidden(out)
    assert any_hidden(suppress(cells.assign(n=[10, 4]), ["participants"]))


def test_money_cells_without_people_are_hidden_only_when_no_people_cell_is_left():
    # one quarter of the budget: participant pay from 3 people is hidden; the quarter's total is shown, so the
    # smallest non-zero ledger amount goes too (ledger cells have no people count)
    cells = pd.DataFrame({
        "cost_heading": ["personal", "resa", "lokal", "deltagarlön"],
        "spent_sek": [120000.0, 8000.0, 0.0, 9600.0],
        "n": [None, None, None, 3],
    })
    out = suppress(cells, ["spent_sek"], siblings=[()])
    assert shown(out, "spent_sek") == [120000.0, None, 0.0, None]
