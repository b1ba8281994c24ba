"""Shared fixtures: a test pseudonym key for every test and a warehouse built from tests/fixtures/raw/."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

# the repository root first on the path: tests/pipelines/ must not shadow the pipelines package
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(REPO_ROOT))

FIXTURE_RAW = Path(__file__).parent / "fixtures" / "raw"
# a fixed, obviously fake key: tests must never create or read a real key file
TEST_PSEUDONYM_KEY = "7e57" * 16


@pytest.fixture(autouse=True)
def _test_pseudonym_key(monkeypatch):
    """Every test hashes people with the test key, never with data/pseudonym.key."""
    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    """A warehouse built by the real run_ingest from tests/fixtures/raw/ (projects FIX and FIX2); read it only."""
    from pipelines.ingest import run_ingest

    warehouse = tmp_path_factory.mktemp("fixture") / "warehouse"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        result = run_ingest(FIXTURE_RAW, warehouse)
    assert result.ok, result.messages
    assert result.rejections.empty, result.rejections.to_string()
    return warehouse
