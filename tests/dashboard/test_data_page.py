"""The Data page: drop files, read the dry-run report, confirm the load, see past loads; a failed load changes nothing."""

import shutil
from pathlib import Path

import pytest
from conftest import APP, assert_no_failure

ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "tests" / "fixtures" / "messy"
CSV = "text/csv"


def upload(case: str, *names: str) -> list[tuple[str, bytes, str]]:
    return [(name, (MESSY / case / name).read_bytes(), CSV) for name in names]


BASE = upload("base", "projekt.csv", "enheter.csv", "fokusomraden.csv", "aktiviteter.csv")


@pytest.fixture
def start(monkeypatch):
    """Start the app on a given warehouse folder and open the Data page."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    def run(warehouse: Path):
        monkeypatch.setenv("STYRBORD_WAREHOUSE", str(warehouse))
        data.clear_caches()
        # straight to the Data page (its url_path is its file name): the other pages are not rendered first
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("views/data.py").run()
        assert_no_failure(at)
        return at

    yield run
    data.clear_caches()


def button(at, key: str):
    found = [b for b in at.button if b.key == key]
    return found[0] if found else None


def tables(at) -> list:
    return [frame.value for frame in at.dataframe]


def history_table(at):
    """The "last loaded" table (kind of data, file, time, rows)."""
    return next(frame for frame in tables(at) if "Sorts data" in frame.columns and "Fil" in frame.columns)


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_project_checked_then_loaded_into_an_empty_warehouse(start, tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    warehouse = tmp_path / "warehouse"
    at = start(warehouse)
    assert at.title[0].value == "Läs in data"
    assert at.selectbox(key="data_project").options == ["Nytt projekt (från projektfil eller projektbankssida)"]
    at.file_uploader(key="data_files").set_value(BASE + upload("kon_semikolon_cp1252", "personal.csv")).run()
    button(at, "data_check_button").click().run()
    assert_no_failure(at)
    assert at.success[0].value == "Kontroll klar: filerna kan läsas in, men 1 fel på rader kommer att hoppas över."
    report = tables(at)[0].set_index("Fil")
    assert list(report.index) == ["aktiviteter.csv", "enheter.csv", "fokusomraden.csv", "personal.csv", "projekt.csv"]
    assert report.reset_index().to_dict("records")[3] == {
        "Fil": "personal.csv", "Blad": "", "Tolkad som": "Personal (HR-export)", "Rader": "5",
        "Godkända rader": "4", "Avvisade rader": "1",
        "Meddelande": "Inläst som Personal (HR-export): 4 rader, 1 med fel",
    }
    rejected = tables(at)[1]
    assert rejected.to_dict("records") == [{
        "Fil": "personal.csv", "Blad": None, "Rad": 6, "Kolumn": "kön",
        "Orsak och hur du rättar": "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt",
    }]
    assert [b.proto.label for b in at.get("download_button")] == ["Ladda ner Excel", "Ladda ner CSV"]
    assert not (warehouse / "warehouse.duckdb").exists()  # the check writes nothing
    assert list(scratch.iterdir()) == []  # uploads are on disk only while the check runs

    from dashboard import prepare

    started = []
    monkeypatch.setattr(prepare, "start_after_load", started.append)
    button(at, "data_load_button").click().run()
    assert_no_failure(at)
    assert at.success[0].value == "Inläsningen är klar (STOK); 1 fel på rader hoppades över (se rapporten)."
    assert started == [warehouse]  # the new build's views are prepared in the background
    assert (warehouse / "warehouse.duckdb").exists()
    assert list(scratch.iterdir()) == []  # the uploaded exports (personnummer, names) are gone from disk
    history = history_table(at).set_index("Sorts data")
    assert history.loc["Personal (HR-export)", "Fil"] == "personal.csv"
    # 4 people loaded: a count of people, hidden below 5 (issue 8: "2 ambassadors loaded" beside a hidden goal)
    assert history.loc["Personal (HR-export)", "Godkända rader"] == "–"
    assert history.loc["Enheter", "Godkända rader"] != "–"  # not about people
    assert history.loc["Personal (HR-export)", "Avvisade rader"] == "1"
    assert sorted(history.index) == ["Aktiviteter", "Enheter", "Fokusområden", "Personal (HR-export)", "Projektfakta"]


def test_failing_load_leaves_the_warehouse_unchanged(start, tmp_path, dashboard_warehouse, monkeypatch):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    before = snapshot(warehouse)
    at = start(warehouse)
    at.selectbox(key="data_project").set_value("FIX").run()
    meetings = "Datum;Rubrik;Anteckning\n2025-12-01;Styrgrupp 9;Nytt möte\n".encode("utf-8")
    at.file_uploader(key="data_files").set_value([("styrgruppsmoten.csv", meetings, CSV)]).run()
    button(at, "data_check_button").click().run()
    assert at.success[0].value == "Kontroll klar: filerna kan läsas in utan fel."

    import pipelines.warehouse

    def broken_build(*args, **kwargs):
        raise RuntimeError("disk full while building the marts")

    # the load fails halfway, after the Parquet files of the new load are written
    monkeypatch.setattr(pipelines.warehouse, "build_duckdb", broken_build)
    button(at, "data_load_button").click().run()
    assert_no_failure(at)
    assert at.error[0].value == "Inläsningen misslyckades. Inget lästes in och datalagret är oförändrat."
    assert any("Inläsningen avbröts av ett oväntat fel; lagret är oförändrat." in m.value for m in at.markdown)
    assert snapshot(warehouse) == before


def test_files_with_errors_cannot_be_loaded(start, tmp_path, dashboard_warehouse):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    at = start(warehouse)
    at.selectbox(key="data_project").set_value("FIX").run()
    at.file_uploader(key="data_files").set_value(
        upload("fel_kolumner", "personal.csv") + upload("fel_filtyp", "narvaro.pdf")).run()
    button(at, "data_check_button").click().run()
    assert at.error[0].value == "Kontrollen hittade fel som stoppar inläsningen:"
    shown = [m.value for m in at.markdown]
    assert "- narvaro.pdf: filen är en PDF och kan inte läsas som en tabell. Spara listan som CSV eller xlsx." in shown
    assert any(m.startswith("- personal.csv: kolumner saknas: Enhets-id, Roll") for m in shown)
    assert button(at, "data_load_button") is None
    assert at.info[0].value == "Rätta felen ovan och kontrollera filerna igen innan du läser in dem."


def test_history_shows_when_each_kind_was_last_loaded(start, dashboard_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    at = start(warehouse)
    at.selectbox(key="data_project").set_value("FIX").run()
    history = history_table(at).set_index("Sorts data")
    assert history.loc["Närvaro", "Fil"] == "narvaro.csv"
    assert history.loc["Närvaro", "Godkända rader"] == "30"
    assert history.loc["Budget", "Fil"] == "budget.xlsx (Budget 2025)"
    # 16 kinds of file plus the survey exports named in enkater.csv
    assert len(history) == 17
    assert history.loc["Enkätexport (svar)", "Fil"] == (
        "hme_baslinje.csv, hme_uppfoljning.csv, kompetens_baslinje.csv, kompetens_uppfoljning.xlsx (Svar)")


def test_load_times_are_shown_in_swedish_time(start, tmp_path):
    warehouse = tmp_path / "warehouse"
    at = start(warehouse)
    at.file_uploader(key="data_files").set_value(BASE + upload("base", "personal.csv")).run()
    button(at, "data_check_button").click().run()
    button(at, "data_load_button").click().run()
    import duckdb

    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    (utc,) = con.execute("select max(loaded_at) from ingest_log").fetchall()[0]
    con.close()
    import zoneinfo

    swedish = utc.replace(tzinfo=zoneinfo.ZoneInfo("UTC")).astimezone(zoneinfo.ZoneInfo("Europe/Stockholm"))
    history = history_table(at)
    assert list(history["Sorts data"]) == ["Aktiviteter", "Enheter", "Fokusområden", "Personal (HR-export)",
                                           "Projektfakta"]
    assert set(history["Inläst (svensk tid)"]) == {swedish.strftime("%Y-%m-%d %H:%M")}


def test_new_project_from_a_project_bank_page(start, tmp_path):
    warehouse = tmp_path / "warehouse"
    at = start(warehouse)
    at.text_input(key="data_new_id").set_value("LUDV").run()
    page = ROOT / "tests" / "fixtures" / "pages" / "ludvika_cp1252_crlf.txt"
    at.file_uploader(key="data_files").set_value(
        [("projektsida.txt", page.read_bytes(), "text/plain")] + BASE[1:]).run()
    button(at, "data_check_button").click().run()
    report = tables(at)[0].set_index("Fil")
    assert report.loc["projektsida.txt", "Tolkad som"] == "Projektfakta"
    button(at, "data_load_button").click().run()
    assert at.success[0].value == "Inläsningen är klar (LUDV)."
    assert at.selectbox(key="data_project").value == "LUDV"
    assert at.selectbox(key="data_project").format_func("LUDV") == (
        "Lärande i Ludvika – kompetens för välfärdens medarbetare (LUDV)")
