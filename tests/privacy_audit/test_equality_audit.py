"""The differencing audit on the equality portfolio (tests/fixtures/equality, see its README): people of another or
unknown gender (X) who are 5 or more in a selection but 1–4 in a part of it.

Each selection used to decide from its own X count whether to count them, so EQ1 (8 X) counted its X while its
department B1 (2 X) left its own out, and EQ1 − A1 − B1 gave B1's 2 X; so did all projects (10 X) − EQ1 − EQ2
(2 X). The attack found 35 such small groups before the rule of docs/privacy.md ("Gender X: the equality rule").
The attack is the one of test_differencing_audit.py; no leak of any class is accepted here.
"""

from __future__ import annotations

import pytest
from attack import CROSS_QUERY, DISTRIBUTION, FILTERS, PRIMARY, SHARES, SIBLINGS, TIME
from test_differencing_audit import _explain

pytestmark = pytest.mark.slow

CLASSES = [PRIMARY, SIBLINGS, FILTERS, TIME, CROSS_QUERY, SHARES, DISTRIBUTION]


@pytest.mark.parametrize("leak_class", CLASSES)
def test_no_small_group_of_another_gender_follows_from_nested_selections(equality_audit, leak_class):
    leaks = [leak for leak in equality_audit["leaks"] if leak.leak_class == leak_class]
    assert not leaks, _explain(leaks, leak_class)


def test_the_audits_truth_matches_every_shown_figure_here_too(equality_audit):
    collector = equality_audit["collector"]
    assert len(collector.all_facts) > 500, len(collector.all_facts)
    assert not collector.mismatches, "\n".join(collector.mismatches[:40])


def test_the_attack_opens_the_nested_selections(equality_audit):
    """All projects, both projects, EQ1's two municipalities, and the genders."""
    views = equality_audit["views"]
    assert {v.filters.project_id for v in views} == {None, "EQ1", "EQ2"}
    assert {v.filters.municipality for v in views if v.filters.project_id == "EQ1"} >= {None, "Aby", "Bby"}
    assert {v.filters.gender for v in views} >= {None, "K", "M", "X"}


def test_the_rule_gives_the_figures_of_the_fixtures_readme(equality_warehouse):
    """Women and men only for participants everywhere; paired people and respondents with their X only where no
    department of the selection holds 1–4 of them (A1's 6 X in Aby, nowhere else)."""
    import datetime as dt

    from dashboard import data

    year = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31), "as_of": dt.date(2025, 12, 31)}
    everywhere = {"project_id": None, "municipality": None, "department_id": None, "gender": None}
    figures = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_WAREHOUSE", str(equality_warehouse))
        data.clear_caches()
        for label, chosen in [("all", {}), ("EQ1", {"project_id": "EQ1"}),
                              ("Aby", {"project_id": "EQ1", "municipality": "Aby"}),
                              ("Bby", {"project_id": "EQ1", "municipality": "Bby"}), ("EQ2", {"project_id": "EQ2"})]:
            given = {**everywhere, **chosen, **year}
            share = data.cells("women_share_by_department", scope=None, **given)
            improved = data.cells("competence_improved", scope=None, dimension="gender", **given)
            hme = data.cells("hme_index", scope=None, dimension="gender", **given)
            hme = hme[hme["hme_index"] == "hme_total"]
            figures[label] = (int(share.loc[share["level"] == "total", "participants"].iloc[0]),
                              dict(zip(improved["row_key"], improved["paired"].astype(int))),
                              dict(zip(hme["group_key"], hme["respondents"].astype(int))))
        projects = data.cells("portfolio_projects", scope=None, municipality=None, department_id=None,
                              **year).set_index("project_id")
        goals = data.cells("goals", scope=None, project_id=None, as_of=year["as_of"])
        data.clear_caches()
    assert figures == {
        "all": (60, {"T": 60, "K": 30, "M": 30}, {"T": 60, "K": 30, "M": 30}),
        "EQ1": (40, {"T": 40, "K": 20, "M": 20}, {"T": 40, "K": 20, "M": 20}),
        "Aby": (20, {"T": 26, "K": 10, "M": 10, "X": 6}, {"T": 26, "K": 10, "M": 10, "X": 6}),
        "Bby": (20, {"T": 20, "K": 10, "M": 10}, {"T": 20, "K": 10, "M": 10}),
        "EQ2": (20, {"T": 20, "K": 10, "M": 10}, {"T": 20, "K": 10, "M": 10}),
    }
    assert projects.loc["EQ1", ["participants", "paired"]].tolist() == [40, 40]
    assert projects.loc["EQ1", "reached_share"] == 1.0  # 40 of the 40 women and men employed
    assert bool(projects.loc["EQ1", "women_and_men_participants"]) and bool(projects.loc["EQ1", "women_and_men_paired"])
    # G1 participants, G2 share improved (20 of 40: odd numbers), G3 reached in FA1 (40 / 40)
    assert [(g, v) for g, v in zip(goals["goal_id"], goals["computed_value"])] == [
        ("G1", 40), ("G2", 50), ("G3", 100), ("G1", 20), ("G2", 50)]
    assert goals["women_and_men"].all()
