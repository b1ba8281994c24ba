"""The Data page lists rows that load but look wrong (dates far outside the project period) as warnings."""

from pathlib import Path

import pytest
from conftest import APP

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"


def upload(case: str, *names: str) -> list[tuple[str, bytes, str]]:
    return [(name, (MESSY / case / name).read_bytes(), "text/csv") for name in names]


@pytest.fixture
def start(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    def run(warehouse: Path):
        monkeypatch.setenv("STYRBORD_WAREHOUSE", str(warehouse))
        data.clear_caches()
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("views/data.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    yield run
    data.clear_caches()


def test_the_check_lists_far_off_dates_as_warnings(start, tmp_path):
    at = start(tmp_path / "warehouse")
    files = upload("base", "projekt.csv", "enheter.csv", "personal.csv") + upload("datum_utanfor_perioden",
                                                                                    "huvudbok.csv")
    at.file_uploader(key="data_files").set_value(files).run()
    next(b for b in at.button if b.key == "data_check_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Kontroll klar: filerna kan läsas in utan fel."
    assert "Varningar (2)" in [s.value for s in at.subheader]
    warnings = next(d.value for d in at.dataframe if "Varning" in d.value.columns)
    assert warnings.to_dict("records")[0] == {
        "Fil": "huvudbok.csv", "Blad": None, "Rad": 2, "Kolumn": "Datum",
        "Varning": "Datumet 2052-03-14 ligger långt efter projektets slut (projektperioden är 2025-01-01–2026-12-31); "
                   "raden lästes in, men kontrollera årtalet"}
    assert len(warnings) == 2
    files_table = at.dataframe[0].value.set_index("Fil")
    assert files_table.loc["huvudbok.csv", "Meddelande"] == "Inläst som Huvudbok: 4 rader, 2 varningar"
