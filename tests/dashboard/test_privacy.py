"""Small-cell suppression: exact cases for the primary and the secondary rule."""

import math

import pandas as pd

from dashboard.privacy import any_hidden, suppress, total_replaced, women_and_men


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


# The sum rule (issue 8, class 2): hidden siblings together hold at least 5 people


def test_two_hidden_siblings_of_four_people_in_all_take_a_third():
    # department total 18 = women 14 + men 3 + other 1: men + other = 4 people would follow from total − women
    cells = pd.DataFrame({"gender": ["K", "M", "X"], "participants": [14, 3, 1], "n": [14, 3, 1]})
    out = suppress(cells, ["participants"], siblings=[()])
    assert shown(out) == [None, None, None]


def test_hidden_siblings_are_topped_up_smallest_first_until_they_hold_five():
    # 2 + 1 hidden = 3 people; the smallest other non-zero cell (6) brings the hidden sum to 9; 40 stays
    cells = pd.DataFrame({"dept": list("abcde"), "participants": [2, 1, 40, 6, 0], "n": [2, 1, 40, 6, 0]})
    out = suppress(cells, ["participants"], siblings=[()])
    assert shown(out) == [None, None, 40, None, 0]


def test_the_sum_counts_people_not_the_figure():
    # hours of 3 + 1 people: 300 h hidden, but only 4 people behind them, so one more department goes
    cells = pd.DataFrame({"dept": list("abc"), "hours": [200.0, 100.0, 50.0], "n": [3, 1, 12]})
    out = suppress(cells, ["hours"], siblings=[()])
    assert shown(out, "hours") == [None, None, None]
    cells = cells.assign(n=[3, 2, 12])
    assert shown(suppress(cells, ["hours"], siblings=[()]), "hours") == [None, None, 50.0]


def test_the_sum_rule_holds_in_every_group_of_a_grouping_at_once():
    # two departments × genders: in vård M 2 + X 1 = 3 (take K 9); in teknik X 4 alone (take M 6)
    cells = pd.DataFrame({
        "dept": ["vård"] * 3 + ["teknik"] * 3,
        "gender": ["K", "M", "X"] * 2,
        "participants": [9, 2, 1, 20, 6, 4],
        "n": [9, 2, 1, 20, 6, 4],
    })
    out = suppress(cells, ["participants"], siblings=[["dept"]])
    assert shown(out) == [None, None, None, 20, None, None]


# The equality rule: X is protected by hiding the split's total, never Kvinnor or Män


def summary_split(women, men, other):
    total = women + men + other
    return pd.DataFrame({
        "gender": ["K", "M", "X", "T"],
        "level": ["gender", "gender", "gender", "total"],
        "participants": [women, men, other, total],
        "n": [women, men, other, total],
    })


def test_a_small_other_gender_hides_the_total_and_keeps_women_and_men():
    out = suppress(summary_split(40, 12, 2), ["participants"], siblings=[["level"]], gender=("gender", ()))
    assert shown(out) == [40, 12, None, None]
    assert women_and_men(out, "participants") == 52
    assert total_replaced(out, "participants")


def test_without_the_gender_rule_the_men_would_be_hidden():
    out = suppress(summary_split(40, 12, 2), ["participants"], siblings=[["level"]])
    assert shown(out) == [40, None, None, 54]


def test_other_gender_of_five_or_none_leaves_the_total():
    for other in (0, 5):
        out = suppress(summary_split(40, 12, other), ["participants"], siblings=[["level"]], gender=("gender", ()))
        assert shown(out) == [40, 12, other, 52 + other]
        assert not total_replaced(out, "participants")


def test_small_men_are_still_protected_by_the_women_not_the_total():
    # men 3 and other 0: the total is K + M, so hiding it would not do; women go (smallest other cell)
    out = suppress(summary_split(40, 3, 0), ["participants"], siblings=[["level"]], gender=("gender", ()))
    assert shown(out) == [None, None, 0, 43]


def test_shares_of_the_total_are_hidden_with_it():
    # the women's share 40 / 54 and the shown 40 would give the total 54 back, and with it X = 54 − 40 − 12
    cells = summary_split(40, 12, 2).assign(participant_share=lambda f: f["participants"] / 54)
    out = suppress(cells, ["participants", "participant_share"], siblings=[["level"]], gender=("gender", ()),
                   of_total=["participant_share"])
    assert shown(out) == [40, 12, None, None]
    assert shown(out, "participant_share") == [None, None, None, None]
    # with no small group the shares stay
    cells = summary_split(40, 12, 0).assign(participant_share=lambda f: f["participants"] / 52)
    out = suppress(cells, ["participants", "participant_share"], siblings=[["level"]], gender=("gender", ()),
                   of_total=["participant_share"])
    assert shown(out, "participant_share") == [40 / 52, 12 / 52, 0.0, 1.0]


def test_the_rule_works_split_by_split_and_a_hidden_total_takes_another_projects_other_gender():
    # portfolio: projects are splits; the totals of the projects add up to the all-projects total shown on
    # Sammanfattning, so project A's hidden total (X 2) takes project B's total, and B's total takes B's X (6)
    cells = pd.DataFrame({
        "project_id": ["A"] * 4 + ["B"] * 4 + ["C"] * 4,
        "gender": ["K", "M", "X", "T"] * 3,
        "level": ["gender", "gender", "gender", "total"] * 3,
        "participants": [30, 10, 2, 42, 50, 20, 6, 76, 80, 30, 7, 117],
    }).assign(n=lambda f: f["participants"])
    out = suppress(cells, ["participants"], siblings=[["project_id", "level"], ["gender"]],
                   gender=("gender", ["project_id"]))
    assert shown(out) == [30, 10, None, None, 50, 20, None, None, 80, 30, 7, 117]
    # A: X 2 hidden → A's total; totals across projects: A alone hidden → B's 76 (smallest other);
    # B's split K + M + X = T with only T hidden → B's X 6; X across projects: 2 + 6 = 8 hidden, enough


def test_a_hundred_thousand_cells_leave_no_small_cell_shown():
    import time

    import numpy as np

    rng = np.random.default_rng(8)
    frame = pd.DataFrame({
        "dept": np.repeat(np.arange(25_000), 4),
        "gender": np.tile(["K", "M", "X", "T"], 25_000),
        "level": np.tile(["gender", "gender", "gender", "total"], 25_000),
        "participants": rng.integers(0, 30, 100_000),
    }).assign(n=lambda f: f["participants"])
    started = time.perf_counter()
    out = suppress(frame, ["participants"], siblings=[["dept", "level"], ["gender"]], gender=("gender", ["dept"]))
    elapsed = time.perf_counter() - started
    print(f"suppress: 100 000 cells in {elapsed:.2f} s, {int(out['hidden_participants'].sum())} hidden")
    shown_cells = out[~out["hidden_participants"]]
    assert not ((shown_cells["participants"] >= 1) & (shown_cells["participants"] <= 4)).any()


def test_a_figure_under_two_rules_is_hidden_when_either_hides_it():
    # reached = participants / staff: 12 of 40 staff shown by the participants' rule, but the staff count is 3
    cells = pd.DataFrame({"gender": ["K"], "reached_share": [0.3], "n": [12], "n_staff": [3]})
    out = suppress(suppress(cells, ["reached_share"]), ["reached_share"], n="n_staff")
    assert out["hidden_reached_share"].tolist() == [True]
    out = suppress(suppress(cells.assign(n_staff=[40]), ["reached_share"]), ["reached_share"], n="n_staff")
    assert shown(out, "reached_share") == [0.3]


def test_overlapping_siblings_need_one_hidden_cell_of_five():
    # focus areas share people: hidden areas of 3 and 2 may be the same 3 people, so a third area (6) goes too
    cells = pd.DataFrame({"area": list("abcd"), "hours": [30.0, 20.0, 60.0, 400.0], "n": [3, 2, 6, 40]})
    assert shown(suppress(cells, ["hours"], siblings=[()]), "hours") == [None, None, 60.0, 400.0]
    assert shown(suppress(cells, ["hours"], siblings=[()], overlapping=True), "hours") == [None, None, None, 400.0]


def test_the_people_line_reads_every_clause():
    from dashboard.data import _suppression

    rule = _suppression("q", "n = participants, hours; siblings: key, level | partition, gender; "
                             "gender: gender within key; of_total: participant_share; overlapping")
    assert (rule.n, rule.values, rule.siblings) == ("n", ("participants", "hours"),
                                                    (("key", "level"), ("partition", "gender")))
    assert (rule.gender, rule.of_total, rule.overlapping) == (("gender", ("key",)), ("participant_share",), True)
    assert _suppression("q", "n = v; siblings: *").siblings == ((),)
