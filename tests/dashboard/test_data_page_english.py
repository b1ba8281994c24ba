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
