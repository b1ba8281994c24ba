"""The Data page never empties a kind without a word: plan (rows now → after), refused kinds, add rows, undo."""

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import APP, assert_no_failure

CSV = "text/csv"
HEADER = "Aktivitets-id;Anst.nr;Personnummer;Datum;Timmar\n"


@pytest.fixture
def fix_page(monkeypatch, tmp_path, dashboard_warehouse):
    """The Data page on a writable copy of the FIX warehouse, project FIX chosen."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    warehouse = tmp_path / "wh" / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(warehouse))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/data.py").run()
    at.selectbox(key="data_project").set_value("FIX").run()
    assert_no_failure(at)
    yield at, warehouse
    data.clear_caches()


def attendance(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("select count(*) from attendance where project_id = 'FIX'").fetchall()[0][0]
    finally:
        con.close()


def button(at, key: str):
    return next((b for b in at.button if b.key == key), None)


def plan(at):
    return next(f.value for f in at.dataframe if "Rader nu" in f.value.columns)


def test_a_file_with_no_accepted_rows_is_refused_not_shown_as_all_clear(fix_page):
    at, warehouse = fix_page
    rows = HEADER + "NOPE;101;;2025-02-10;2\nNOPE;102;;2025-02-10;2\nNOPE;103;;2025-02-10;2\n"
    at.file_uploader(key="data_files").set_value([("narvaro.csv", rows.encode(), CSV)]).run()
    button(at, "data_check_button").click().run()
    assert_no_failure(at)
    assert not at.success
    assert at.warning[0].value == ("Kontrollen är klar, men läs varningarna nedan innan du läser in; 3 fel på rader "
                                   "kommer att hoppas över.")
    assert "- Närvaro (narvaro.csv) läses inte in: ingen rad kunde godkännas, så lagret behåller sina 30 rader. " \
           "Rätta felen i filen och läs in den igen." in [m.value for m in at.markdown]
    assert plan(at).to_dict("records") == [{
        "Projekt": "FIX", "Sorts data": "Närvaro", "Filer": "narvaro.csv", "Rader nu": "30", "Rader efter": "30",
        "Vad som händer": "Läses inte in: ingen rad godkänd, datalagret behåller sina rader"}]
    button(at, "data_load_button").click().run()
    assert_no_failure(at)
    assert not at.success
    assert at.warning[0].value == "Inläsningen är klar (FIX); 3 fel på rader hoppades över (se rapporten). Läs " \
                                  "varningarna nedan."
    assert attendance(warehouse) == 30


def test_this_months_list_is_added_when_chosen_and_the_load_can_be_undone(fix_page):
    at, warehouse = fix_page
    rows = HEADER + "A1;101;;2025-02-10;3\nA1;101;;2025-09-10;2\n"
    at.file_uploader(key="data_files").set_value([("narvaro_sept.csv", rows.encode(), CSV)]).run()
    button(at, "data_check_button").click().run()
    assert_no_failure(at)
    # replacing would leave 2 of 30 rows: a plain warning, never the green all-clear
    assert at.warning[0].value == "Kontrollen är klar, men läs varningarna nedan innan du läser in."
    assert plan(at).to_dict("records")[0]["Vad som händer"] == "Ersätts – Varning: minskar kraftigt"
    choice = at.radio(key="data_mode_narvaro_sept.csv")
    assert choice.label == "narvaro_sept.csv (Närvaro)"
    assert choice.options == ["Ersätt allt av slaget", "Lägg till raderna"]
    choice.set_value("add").run()
    assert_no_failure(at)
    assert at.success[0].value == "Kontroll klar: filerna kan läsas in utan fel."
    assert plan(at).to_dict("records") == [{
        "Projekt": "FIX", "Sorts data": "Närvaro", "Filer": "narvaro_sept.csv", "Rader nu": "30",
        "Rader efter": "31", "Vad som händer": "Läggs till (dubbletter tas bort)"}]
    button(at, "data_load_button").click().run()
    assert_no_failure(at)
    assert at.success[0].value == "Inläsningen är klar (FIX)."
    assert attendance(warehouse) == 31

    # the load history: the new load first, and it can be undone (the copy has no version before the first)
    loads = next(f.value for f in at.dataframe if "Läge" in f.value.columns)
    assert list(loads["Läge"]) == ["Kan ångras", "Kan inte ångras längre"]
    assert loads["Fil"].iloc[0] == "narvaro_sept.csv"
    assert button(at, "data_undo_button").disabled
    at.checkbox(key="data_undo_confirm").check().run()
    button(at, "data_undo_button").click().run()
    assert_no_failure(at)
    assert at.success[0].value == "Inläsningen är ångrad. Datalagret är som det var före den."
    assert attendance(warehouse) == 30
    loads = next(f.value for f in at.dataframe if "Läge" in f.value.columns)
    assert list(loads["Läge"]) == ["Ångrad", "Kan inte ångras längre"]
    history = next(f.value for f in at.dataframe if "Sorts data" in f.value.columns and "Fil" in f.value.columns)
    assert history.set_index("Sorts data").loc["Närvaro", "Fil"] == "narvaro.csv"  # the undone load no longer counts
