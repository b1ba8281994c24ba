"""Two projects (or departments) with the same name stay two choices: a selectbox keeps its value by its label, so
equal labels would move a user from one project to the other on the next page (found on the national demo, where
nat-293-linkoping became nat-273-linkoping, both "Kompetenslyft Linköping 2025"). AppTest passes widget values
without their labels, so it does not show the move itself: tests/browser/test_same_name_landing.py does, in Chromium."""

from __future__ import annotations

from conftest import APP, assert_no_failure

from dashboard import data, filters


def test_a_repeated_label_gets_its_key():
    labels = {"FIX": "Kompetenslyft Fixby", "FIX3": "Kompetenslyft Fixby", "FIX2": "Kompetenslyft Tvåby"}
    assert filters.distinct_labels(labels) == {"FIX": "Kompetenslyft Fixby (FIX)", "FIX3": "Kompetenslyft Fixby (FIX3)",
                                               "FIX2": "Kompetenslyft Tvåby"}
    cells = {"D1\tDigital": "Vård · Digital", "D2\tDigital": "Vård · Digital"}
    assert filters.distinct_labels(cells, shown_key=lambda key: key.split("\t")[0]) == {
        "D1\tDigital": "Vård · Digital (D1)", "D2\tDigital": "Vård · Digital (D2)"}


def test_the_second_of_two_projects_with_one_name_stays_chosen_on_every_page(twin_warehouse, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(twin_warehouse))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["projekt"] = "FIX3"
    at.run()
    assert_no_failure(at)
    project = at.sidebar.selectbox(key="project")
    assert project.value == "FIX3"
    assert project.format_func("FIX3") == "Kompetenslyft Fixby (FIX3)"
    assert project.format_func("FIX") == "Kompetenslyft Fixby (FIX)"
    for page in ("deltagande", "budget", "kompetens", "sammanfattning"):
        at.switch_page(f"views/{page}.py").run()
        assert_no_failure(at)
        assert at.sidebar.selectbox(key="project").value == "FIX3", page
        assert at.query_params["projekt"] in ("FIX3", ["FIX3"]), page
    data.clear_caches()
