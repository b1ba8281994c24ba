"""The Data page in English: the loader's messages (headline, per file, rejection reasons) come in English too."""

from conftest import APP, assert_no_failure
from test_data_page import BASE, button, tables, upload


def test_the_check_reads_in_english_when_the_interface_is_english(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(tmp_path / "warehouse"))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sprak"] = "en"
    at.run()
    at.switch_page("views/data.py").run()
    assert_no_failure(at)
    at.file_uploader(key="data_files").set_value(BASE + upload("kon_semikolon_cp1252", "personal.csv")).run()
    button(at, "data_check_button").click().run()
    assert_no_failure(at)
    assert at.success[0].value == "Check done: the files can be loaded, but rows with errors (1) will be skipped."
    report = tables(at)[0]
    staff = report[report.iloc[:, 0] == "personal.csv"].iloc[0]
    assert staff.iloc[-1] == "Loaded as Staff (HR export): 4 rows, 1 with errors"
    assert "Staff (HR export)" in list(staff)  # the kind's own column names it in English too
    rejected = tables(at)[1]
    assert rejected.iloc[0, -1] == "The gender 'Q' is not recognised; use K, M, X (other) or leave it blank"
    data.clear_caches()


def test_far_dates_and_an_ambiguous_number_read_in_english(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(tmp_path / "warehouse"))
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sprak"] = "en"
    at.run()
    at.switch_page("views/data.py").run()
    files = BASE + upload("base", "personal.csv") + upload("datum_utanfor_perioden", "huvudbok.csv") + \
        upload("tal_tvetydigt", "delmal.csv")
    at.file_uploader(key="data_files").set_value(files).run()
    button(at, "data_check_button").click().run()
    assert_no_failure(at)
    frames = tables(at)
    rejected = next(f for f in frames if "Reason and how to fix it" in f.columns)
    assert list(rejected["Reason and how to fix it"]) == [
        "The number '1.500' can be read as 1.5 (dot as the decimal mark) or 1,500 (dot as the thousands "
        "separator), and the column's other values do not tell which; write 1,5 or 1500 in the file"]
    warnings = next(f for f in frames if "Warning" in f.columns)
    assert list(warnings["Warning"]) == [
        "The date 2052-03-14 lies far after the project's end (the project period is 2025-01-01–2026-12-31); "
        "the row was loaded, but check the year",
        "The date 2024-01-15 lies far before the project's start (the project period is 2025-01-01–2026-12-31); "
        "the row was loaded, but check the year"]
    data.clear_caches()
