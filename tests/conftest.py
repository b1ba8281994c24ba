"""Shared fixtures: a test pseudonym key for every test and a warehouse built from tests/fixtures/raw/."""
from __future__ import annotations

import os
import subprocess
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
    # a Data-page load starts no background preparation (tests/dashboard/test_protected_store.py starts one itself)
    monkeypatch.setenv("STYRBORD_PREPARE_AFTER_LOAD", "0")
    # every view is computed, as the tests that count statements or compare two computations need, and kept in the
    # protected layer but never read from it: tests/dashboard/test_protected_store.py reads it back
    monkeypatch.setenv("STYRBORD_PROTECTED_STORE", "write")


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    """A warehouse built by the real run_ingest from tests/fixtures/raw/ (projects FIX and FIX2); read it only."""
    from pipelines.load.run import run_ingest

    warehouse = tmp_path_factory.mktemp("fixture") / "warehouse"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        result = run_ingest(FIXTURE_RAW, warehouse)
    assert result.ok, result.messages
    assert result.rejections.empty, result.rejections.to_string()
    return warehouse


# the commit on main before warehouse versions existed: its warehouses have no warehouse_meta (schema 1)
OLD_COMMIT = "b03ba6b"


@pytest.fixture(scope="session")
def old_warehouse(tmp_path_factory) -> Path:
    """The fixture projects loaded by the pipelines of commit b03ba6b (before schema versions); copy it to write."""
    root = tmp_path_factory.mktemp("old")
    archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", OLD_COMMIT, "pipelines"], capture_output=True)
    if archive.returncode:
        pytest.fail(f"Commit {OLD_COMMIT} is not in this clone's history, so the upgrade from an old warehouse "
                    f"cannot be tested ({archive.stderr.decode().strip()}). Run the tests in a full clone of main "
                    "(git fetch --unshallow).")
    code = root / "code"
    code.mkdir()
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive.stdout, check=True)
    target = root / "warehouse"
    env = {**os.environ, "PYTHONPATH": str(code), "STYRBORD_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(FIXTURE_RAW), "--warehouse", str(target)],
                          cwd=code, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


@pytest.fixture(scope="session")
def twin_warehouse(tmp_path_factory) -> Path:
    """The FIX fixture loaded twice, as FIX and as FIX3: two projects with one name ("Kompetenslyft Fixby") and the
    same files (tests/dashboard/test_same_name_labels.py, tests/browser/test_same_name_landing.py)."""
    import shutil

    from pipelines.load.run import run_ingest

    raw = tmp_path_factory.mktemp("twins") / "raw"
    shutil.copytree(FIXTURE_RAW / "fix", raw / "fix")
    shutil.copytree(FIXTURE_RAW / "fix", raw / "fix3")
    facts = raw / "fix3" / "projekt.csv"
    facts.write_bytes(facts.read_bytes().replace(b"\nFIX;", b"\nFIX3;"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)
        result = run_ingest(raw, raw.parent / "warehouse")
    assert result.ok, result.messages
    return raw.parent / "warehouse"
