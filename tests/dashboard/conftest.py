"""Dashboard tests: the fixture warehouse built by the real pipeline, and AppTest of the router on it."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = str(ROOT / "dashboard" / "app.py")
FIX_RAW = ROOT / "tests" / "fixtures" / "raw" / "fix"


@pytest.fixture(scope="session")
def dashboard_warehouse(request, tmp_path_factory) -> Path:
    """Folder of the FIX warehouse: the suite's `fixture_warehouse` when it exists, else built here the same way."""
    try:
        built = Path(request.getfixturevalue("fixture_warehouse"))
    except pytest.FixtureLookupError:
        import os

        from pipelines.load.run import run_ingest

        folder = tmp_path_factory.mktemp("dashboard_warehouse")
        os.environ.setdefault("STYRBORD_PSEUDONYM_KEY", "5a" * 32)
        result = run_ingest(FIX_RAW, folder)
        assert result.ok, result.messages
        built = folder
    return built.parent if built.suffix == ".duckdb" else built


@pytest.fixture
def app(dashboard_warehouse, monkeypatch):
    """A function that starts the dashboard on the FIX warehouse with the given URL parameters."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()  # cached results survive between AppTest instances in one process

    def start(page: str | None = None, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        assert_no_failure(at)
        if page:
            at.switch_page(f"views/{page}.py").run()
            assert_no_failure(at)
        return at

    yield start
    data.clear_caches()


def assert_no_failure(at) -> None:
    """No exception, and not the plain "the page could not be shown" that app.py shows instead of a trace."""
    from dashboard.i18n import t

    assert not at.exception, [e.message for e in at.exception]
    failed = {t("loadsafe.page_error", lang) for lang in ("sv", "en")}
    assert not [e.value for e in at.error if e.value in failed], "a page failed: see the log"


def metrics(at) -> dict[str, str]:
    """Every key figure on the page as {label: shown value}."""
    return {m.label: m.value for m in at.metric}


def table(at, heading: str):
    """The first table on the page (interactive or static) that has a column with this heading."""
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        columns = value.data.columns if hasattr(value, "data") else value.columns
        if heading in columns:
            return value.data if hasattr(value, "data") else value
    raise AssertionError(f"no table with the column {heading!r}")
