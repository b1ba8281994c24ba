"""Deltagande och jämställdhet on the FIX project (hand-computed from tests/fixtures/raw/fix/).

Departments (F1A Hemtjänst rolls up into F1 Vård och omsorg): participants / employees
F1 11 of 11 (10 women, 1 man), F2 Teknik 4 of 6 (1 woman, 3 men; 114 and 116 were no-shows),
F3 Kultur 3 of 3 (2 women, 1 man). In all 18 of 20: 13 women of 18 participants, 13 women of 20 employees.
"""

from conftest import metrics, table


def test_womens_share_against_the_target_group(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31")
    shown = metrics(at)
    assert shown["Kvinnor bland deltagarna"] == "72 %"  # 13 / 18
    assert shown["Kvinnor i målgruppen"] == "65 %"  # 13 / 20
    assert shown["Skillnad"] == "+7 p.e."  # 72,2 − 65,0 = 7,2
    assert not at.warning  # within the default 10 points


def test_a_lower_threshold_flags_the_gap(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31")
    at.slider(key="gap_threshold").set_value(5).run()
    assert "+7 p.e." in at.warning[0].value


def test_departments_by_gender_hide_small_cells_and_their_sibling(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31")
    at.radio(key="participation_dimension").set_value("department").run()
    cells = table(at, "Förvaltning")
    care = cells[cells["Förvaltning"] == "Vård och omsorg"]
    # 1 man is too few; the 10 women are hidden too, or the total 11 would give the man away
    assert dict(zip(care["Kön"], care["Deltagare"])) == {"Kvinnor": "–", "Män": "–", "Totalt": "11"}
    culture = cells[cells["Förvaltning"] == "Kultur"]
    assert set(culture["Deltagare"]) == {"–"}  # 3 people in all


def test_focus_areas_by_gender_and_hours_per_participant(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31")
    cells = table(at, "Fokusområde")
    care = cells[cells["Fokusområde"] == "Bemötande"]
    # Bemötande (A1, A2, A4): 18 people, 13 women 5 men; hours 24 + 30 + 13,5 = 67,5
    assert dict(zip(care["Kön"], care["Deltagare"])) == {"Kvinnor": "13", "Män": "5", "Totalt": "18"}
    # 67,5 / 18 = 3,75 h, but Bemötande's hours beside the 91,5 h on Sammanfattning would give Ledarskap's 24 h of
    # 3 chefs (the areas' hours add up), so since issue 8 they are hidden, for each gender too
    assert dict(zip(care["Kön"], care["Timmar per deltagare"])) == {"Kvinnor": "–", "Män": "–", "Totalt": "–"}


def test_the_gender_filter_keeps_only_women(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31", kon="K")
    cells = table(at, "Fokusområde")
    assert set(cells["Kön"]) == {"Kvinnor", "Totalt"}
    assert at.query_params["kon"] == "K"  # kept in the address, so the view can be bookmarked


def test_the_people_reached_so_far_month_by_month_within_the_project(app):
    at = app("deltagande", projekt="FIX", per="2025-12-31")
    cells = table(at, "Månad")
    totals = cells[cells["Kön"] == "Totalt"]
    # February's course reached 12 (114 was a no-show); March adds 108, 109, 110 and 115 (16) and April no one new
    # (16): both are 1–4 people from a month shown, so hidden; May adds 111 and the person given by personnummer:
    # 18, 6 more than February's 12: the 13 women and 5 men who took part in the year
    assert list(totals["Nådda hittills"]) == ["12", "–", "–", "18"]
    may = cells[cells["Månad"] == "2025-05-01"]
    assert dict(zip(may["Kön"], may["Nådda hittills"])) == {"Kvinnor": "13", "Män": "5", "Totalt": "18"}
    assert any(c.value.startswith('Deltagare = personer som deltagit minst en timme under månaden. Kolumnen "Nådda')
               for c in at.caption)


def test_all_projects_show_no_running_total_and_say_where_the_people_reached_are(app):
    at = app("deltagande", per="2025-12-31")
    cells = table(at, "Månad")
    assert "Nådda hittills" not in cells.columns
    assert list(cells[cells["Kön"] == "Totalt"]["Deltagare under månaden"])[:2] == ["12", "8"]
    assert any('"Nådda hittills" månad för månad visas när ett projekt är valt' in c.value for c in at.caption)


def test_a_month_no_one_took_part_is_drawn_as_zero_not_as_a_line_across_it():
    """participation_over_time has a row only for a month and gender someone took part in: the chart draws the
    months between the first and the last as 0 for each gender the frame has, keeps hidden months (a gap), and adds
    no month before the first or after the last. By hand: January 6 women; nobody in February and March; April
    7 women, men hidden, 9 in total."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    from dashboard import figures

    D = dt.date
    monthly = pd.DataFrame({"month": [D(2025, 1, 1), D(2025, 1, 1), D(2025, 4, 1), D(2025, 4, 1), D(2025, 4, 1)],
                            "gender": ["K", "T", "K", "M", "T"], "participants": [6, 6, 7, np.nan, 9]})
    drawn = figures.months_with_zeros(monthly)
    assert list(drawn["month"]) == [D(2025, m, 1) for m in (1, 2, 3, 4) for _ in range(3)]
    assert list(drawn["gender"]) == ["K", "M", "T"] * 4
    values = [None if pd.isna(v) else v for v in drawn["participants"]]
    assert values == [6, 0, 6, 0, 0, 0, 0, 0, 0, 7, None, 9]
    # a frame without gaps, and an empty one, come back as they are
    january = monthly.iloc[:2]
    assert figures.months_with_zeros(january).equals(january)
    assert figures.months_with_zeros(monthly.iloc[:0]).empty
