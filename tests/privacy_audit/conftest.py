"""The differencing audit's fixtures: the small-groups portfolio loaded by the real pipeline, and the attack on it."""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

SMALLGROUPS = ROOT / "tests" / "fixtures" / "smallgroups"
EQUALITY = ROOT / "tests" / "fixtures" / "equality"


def _load(tmp_path_factory, source: Path) -> Path:
    from pipelines.load.run import run_ingest

    folder = tmp_path_factory.mktemp(source.name) / "warehouse"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", "7e57" * 16)
        result = run_ingest(source, folder)
    assert result.ok, result.messages
    assert result.rejections.empty, result.rejections.to_string()
    return folder


@pytest.fixture(scope="session")
def smallgroups_warehouse(tmp_path_factory) -> Path:
    """A warehouse built by the real run_ingest from tests/fixtures/smallgroups/ (projects SG1, SG2, SG3)."""
    return _load(tmp_path_factory, SMALLGROUPS)


@pytest.fixture(scope="session")
def equality_warehouse(tmp_path_factory) -> Path:
    """The equality portfolio (tests/fixtures/equality/: EQ1, EQ2), loaded the same way."""
    return _load(tmp_path_factory, EQUALITY)


@pytest.fixture(scope="session")
def audit(smallgroups_warehouse):
    """The attack, run once: every shown figure (Collector), the views tried, and every derivable small group."""
    return _attack(smallgroups_warehouse)


@pytest.fixture(scope="session")
def equality_audit(equality_warehouse):
    """The same attack on the equality portfolio."""
    return _attack(equality_warehouse)


def _attack(warehouse: Path) -> "AuditResult":
    import time

    from attack import attack, derive
    from truth import Truth

    from dashboard import data

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_WAREHOUSE", str(warehouse))
        data.clear_caches()
        started = time.perf_counter()
        truth = Truth.load(warehouse / "warehouse.duckdb")
        collector, views = attack(truth)
        attacked = time.perf_counter() - started
        leaks = derive(collector)
        derived = time.perf_counter() - started - attacked
        data.clear_caches()
    from collections import Counter

    by_class = ", ".join(f"{k}: {n}" for k, n in sorted(Counter(leak.leak_class for leak in leaks).items()))
    print(f"\nprivacy audit of {warehouse.parent.name}: {len(views)} views, {collector.calls} query results, "
          f"{len(collector.all_facts)} shown "
          f"figures ({len(collector.facts)} distinct), {len(leaks)} leaks ({by_class or 'none'}); attack "
          f"{attacked:.1f} s, derivation {derived:.1f} s")
    return AuditResult({"truth": truth, "collector": collector, "views": views, "leaks": leaks})


class AuditResult(dict):
    """The attack's results (a short repr: pytest prints fixtures in failures)."""

    def __repr__(self) -> str:
        return f"<privacy audit: {len(self['views'])} views, {len(self['leaks'])} leaks>"
