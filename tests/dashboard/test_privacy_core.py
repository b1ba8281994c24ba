"""Issue 8, part A: the declared rules of the named queries on tiny hand-made frames (exact values by hand)."""

import math

import pandas as pd

from dashboard import data, narrative


def suppressed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the dashboard shows it: every `-- people:` rule of the named query applied."""
    for rule in data.named_query(name).suppressions:
        frame = rule.apply(frame)
    return frame


def shown(frame, column):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in frame[column]]


def participation(women, men, other, staff_women, staff_men, staff_other, hours=(400.0, 120.0, 20.0)):
    """participation_by_gender's frame for given counts (K, M, X, T), as the SQL computes it."""
    participants = [women, men, other, women + men + other]
    staff = [staff_women, staff_men, staff_other, staff_women + staff_men + staff_other]
    frame = pd.DataFrame({
        "gender": ["K", "M", "X", "T"], "level": ["gender"] * 3 + ["total"],
        "staff": staff, "participants": participants, "hours": [*hours, sum(hours)],
    })
    return frame.assign(
        participant_share=frame["participants"] / participants[3], staff_share=frame["staff"] / staff[3],
        reached_share=frame["participants"] / frame["staff"], n=frame["participants"], n_staff=frame["staff"])


def test_two_people_of_gender_x_hide_the_total_and_keep_the_men_on_sammanfattning():
    out = suppressed("participation_by_gender", participation(40, 12, 2, 50, 20, 0))
    assert shown(out, "participants") == [40, 12, None, None]
    assert shown(out, "hours") == [400.0, 120.0, None, None]
    # the shares of the total 54 would give it back: hidden; the staff has no X, so its total stays
    assert shown(out, "participant_share") == [None, None, None, None]
    assert shown(out, "staff") == [50, 20, 0, 70]
    figures = narrative.totals(out)
    assert figures == {"women_and_men": True, "participants": 52.0, "hours": 520.0, "reached": 52 / 70,
                       "women": 40 / 52, "men": 12 / 52, "staff_women": 50 / 70}
    assert narrative.participation_sentence(out) == (
        "74 % av de anställda kvinnorna och männen har deltagit: 77 % kvinnor och 23 % män, jämfört med 71 % "
        "kvinnor i personalen (personer med annat eller okänt kön räknas inte med).")


def test_without_a_small_gender_x_the_totals_are_everyone():
    out = suppressed("participation_by_gender", participation(40, 12, 6, 50, 20, 6))
    figures = narrative.totals(out)
    assert (figures["women_and_men"], figures["participants"], figures["reached"]) == (False, 58.0, 58 / 76)
    assert narrative.participation_sentence(out).startswith("76 % av de anställda har deltagit: 69 % kvinnor")


def test_a_small_x_in_the_staff_only_gives_the_womens_share_of_women_and_men():
    # 3 employees of gender X: the staff total 73 is hidden, the women's share of the staff is 50 of 70
    out = suppressed("participation_by_gender", participation(40, 12, 0, 50, 20, 3))
    assert shown(out, "staff") == [50, 20, None, None]
    assert narrative.totals(out)["staff_women"] == 50 / 70
    # the participants' total has no X: it stays, but the share reached of everyone (52 / 73) would give 73
    assert shown(out, "participants")[3] == 52
    assert shown(out, "reached_share")[3] is None


def test_a_month_of_pay_from_few_people_is_not_spending_yet():
    # budget_months carries released pay only: its n_pay is 0 or >= 5, so nothing is hidden, even a month of 0 kr
    frame = pd.DataFrame({"month": ["2025-04-01", "2025-05-01"], "planned_sek": [100.0, 100.0],
                          "spent_sek": [0.0, 14526.5], "cumulative_planned_sek": [100.0, 200.0],
                          "cumulative_spent_sek": [0.0, 14526.5], "n_pay": [0.0, 8.0]})
    assert shown(suppressed("budget_months", frame), "spent_sek") == [0.0, 14526.5]
    # a hand-made month from 3 people would be hidden, running total too
    out = suppressed("budget_months", frame.assign(n_pay=[3.0, 8.0]))
    assert shown(out, "spent_sek") == [None, 14526.5]
    assert shown(out, "cumulative_spent_sek") == [None, 14526.5]


def test_the_load_history_hides_few_people_not_few_activities():
    frame = pd.DataFrame({"kind": ["ambassador", "activity", "person"], "rows_accepted": [2, 3, 20],
                          "rows_rejected": [0, 0, 1], "n_accepted": [2, None, 20]})
    out = suppressed("ingest_log_latest", frame)
    assert shown(out, "rows_accepted") == [None, 3, 20]
    assert shown(out, "rows_rejected") == [0, 0, 1]


def test_distribution_steps_are_protected_one_by_one():
    # a cell of 20 people: steps of 6, 1, 8 and 5; the step of 1 is hidden and, alone, takes the smallest other (5)
    frame = pd.DataFrame({"step": [1.5, 2.0, 2.5, 3.0], "people": [6, 1, 8, 5], "cell_n": [20] * 4})
    assert shown(suppressed("competence_distribution", frame), "people") == [6, None, 8, None]


def test_share_improved_hides_a_small_group_of_those_who_did_not():
    # 12 of 15 improved (3 did not): hidden; 10 of 15 (5 did not): shown; the paired count stays in both
    frame = pd.DataFrame({"level": ["total"], "row_key": ["T"], "row_name": [None], "paired": [15],
                          "improved_share": [0.8], "target_share": [0.8], "points_to_target": [0.0], "n": [15],
                          "n_improved": [3]})
    out = suppressed("competence_improved", frame)
    assert (shown(out, "improved_share"), shown(out, "paired")) == ([None], [15])
    out = suppressed("competence_improved", frame.assign(improved_share=[10 / 15], n_improved=[5]))
    assert shown(out, "improved_share") == [10 / 15]


def test_the_sql_small_group_is_the_python_one():
    """macros.sql's small_group (the equality rule's '1–4 of gender X') says what privacy.MIN_PEOPLE says."""
    import duckdb

    from dashboard import privacy

    con = duckdb.connect()
    con.execute(data._macros()["small_group"])
    found = [con.execute("select small_group(?)", [n]).fetchone()[0] for n in range(0, 7)]
    assert found == [1 <= n < privacy.MIN_PEOPLE for n in range(0, 7)] == [False, True, True, True, True, False, False]


def test_a_known_cell_is_never_hidden_to_protect_another_and_protects_nothing_when_hidden():
    from dashboard import privacy

    frame = pd.DataFrame({"key": ["a", "b", "c"], "n": [3, 6, 10]})
    # a (3 people) needs a second hidden cell: the smallest other, b
    assert shown(privacy.suppress(frame, [], siblings=[()]), "n") == [None, None, 10]
    # b is given away elsewhere (known): c is hidden instead
    assert shown(privacy.suppress(frame, [], siblings=[()], known=[False, True, False]), "n") == [None, 6, None]
    # b hidden already for another reason, but known: it is no second hidden cell, so c goes too
    out = privacy.suppress(frame, [], siblings=[()], hidden=[False, True, False], known=[False, True, False])
    assert shown(out, "n") == [None, None, None]
    # a group whose other cells are all known takes them after all: known is a sum of other views, which may miss
    # people a selection counts its own way
    out = privacy.suppress(frame, [], siblings=[()], known=[False, True, True])
    assert shown(out, "n") == [None, None, None]
