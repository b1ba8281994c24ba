"""The protected layer on disk (dashboard/stored.py): a view's suppressed cells computed once are read back by a
fresh process exactly as computed, and never from another build, another rule or a damaged file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import data, privacy, stored
from pipelines.load.run import run_ingest

ROOT = Path(__file__).resolve().parents[2]
FIX_RAW = ROOT / "tests" / "fixtures" / "raw" / "fix"
PAGES = ("sammanfattning", "kompetens", "deltagande", "budget", "fokus_mal", "medarbetarenkat", "portfolio")


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """FIX loaded by the real pipeline into a warehouse of this test's own (its store starts empty)."""
    folder = tmp_path / "warehouse"
    result = run_ingest(FIX_RAW, folder)
    assert result.ok, result.messages
    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(folder))
    monkeypatch.setenv(stored.ENABLED_ENV, "1")  # read and written, as the dashboard does (tests/conftest.py: write)
    data.clear_caches()
    yield folder
    data.clear_caches()


def record_pages(monkeypatch, scope: str) -> list[tuple[str, dict, pd.DataFrame]]:
    """Every data.cells call the pages make on their first view (AppTest), with the frame each got."""
    from streamlit.testing.v1 import AppTest

    calls: list[tuple[str, dict, pd.DataFrame]] = []
    real, real_then = data.cells, data.cells_then

    def recording(name, filters=None, *, scope="session", **extra):
        frame = real(name, filters, scope=scope, **extra)
        given = {**(filters.params() if filters is not None else {}), **extra}
        calls.append((name, given, frame.copy()))
        return frame

    def recording_then(name, now, then, *, scope="session"):
        frame = real_then(name, now, then, scope=scope)
        calls.append((name, {THEN: (now, then)}, frame.copy()))
        return frame

    monkeypatch.setattr(data, "cells", recording)
    monkeypatch.setattr(data, "cells_then", recording_then)
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
        at.query_params["projekt"] = scope
        at.run()
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, at.exception[0].message)
    monkeypatch.setattr(data, "cells", real)
    monkeypatch.setattr(data, "cells_then", real_then)
    return calls


THEN = "\0then"  # a recorded cells_then call: its two filter sets


def cells_again(name: str, given: dict) -> pd.DataFrame:
    """The recorded call made again, for all projects in scope (local mode, as the pages ran)."""
    if THEN in given:
        now, then = given[THEN]
        return data.cells_then(name, now, then, scope=None)
    return data.cells(name, None, scope=None, **given)


def protected_calls(calls):
    """The calls whose cells go through the family protection (the ones the store keeps)."""
    return [(name, given, frame) for name, given, frame in calls
            if THEN not in given and data.named_query(name).suppressions
            and set(data.named_query(name).parameters) & {*data.FAMILY_DIMENSIONS, *data.GRID_DATES}]


def kept_views(store: Path, kind: str | None = None) -> list[tuple]:
    """The views a store holds (kind, name, parameters, project hint, scope), of one kind or all."""
    views = [stored.parse_view(text) for store_of_build in store.glob("*") for _, text in
             stored.views_kept(store_of_build)]
    return [view for view in views if kind is None or view[0] == kind]


@pytest.mark.parametrize("scope", ["alla", "FIX"])
def test_every_page_reads_back_exactly_the_cells_the_protection_computed(warehouse, monkeypatch, scope):
    calls = record_pages(monkeypatch, scope)
    computed = protected_calls(calls)
    assert len(computed) >= 10  # every page but Medarbetarenkät asks for protected views
    store = warehouse.parent / ".warehouse.protected"
    # one file per distinct view: every protected frame of the pages could be kept exactly
    distinct = {(name, repr(sorted(given.items()))) for name, given, _ in computed}
    assert len(kept_views(store, stored.FAMILY)) == len(distinct)
    alone = {name for name, given, _ in calls if THEN not in given} - {name for name, _, _ in computed}
    assert alone and alone <= {view[1] for view in kept_views(store, stored.ALONE)}  # projects, filter options ...
    # Sammanfattning's changes since the last meeting (the fixture has meetings)
    then = {name for name, given, _ in calls if THEN in given}
    assert then and then == {view[1] for view in kept_views(store, stored.THEN)}

    # a fresh process: nothing in memory, and neither the protection nor any query may run again
    data.clear_caches()

    def no_query(*args, **kwargs):
        raise AssertionError("a view was computed although the store holds it")

    monkeypatch.setattr(data, "_protect", no_query)
    monkeypatch.setattr(data, "_fetch_raw", no_query)
    for name, given, frame in calls:
        pd.testing.assert_frame_equal(cells_again(name, given), frame, check_exact=True)


def test_the_store_holds_only_what_a_page_gets(warehouse):
    """No helper counts (`-- helpers:`: the people behind the pay, before suppression) on disk, and every hidden
    cell empty."""
    import datetime as dt

    store = warehouse.parent / ".warehouse.protected"
    pay = data.cells("financing", None, scope=None, project_id="FIX", as_of=dt.date(2025, 12, 31))
    (financing,) = [path for path in store.glob("*/*.parquet")
                    if stored.parse_view(pq.read_schema(path).metadata[stored.VIEW_FIELD])[1] == "financing"]
    written = pd.read_parquet(financing)
    assert data.named_query("financing").helpers == ("n",)
    assert "n" not in written.columns and list(written.columns) == list(pay.columns)

    data.cells("participation_by_dimension", None, scope=None, **_fix_view("gender"))
    files = {path: pd.read_parquet(path) for path in store.glob("*/*.parquet")}
    assert [view[1] for view in kept_views(store, stored.FAMILY)].count("participation_by_dimension") == 1
    for path, written in files.items():
        for column in [c for c in written.columns if c.startswith("hidden_")]:
            value = column.removeprefix("hidden_")
            if value in written.columns:
                assert written.loc[written[column].astype(bool), value].isna().all(), (path.name, value)
    (written,) = [frame for frame in files.values() if "participants" in frame.columns]
    counted = written["participants"].dropna()
    assert len(counted) and ((counted == 0) | (counted >= privacy.MIN_PEOPLE)).all()


def _fix_view(dimension: str) -> dict:
    import datetime as dt

    return {"project_id": "FIX", "municipality": None, "department_id": None, "gender": None,
            "dimension": dimension, "date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31),
            "as_of": dt.date(2025, 12, 31)}


def test_a_new_load_a_changed_rule_or_a_damaged_file_is_never_read(warehouse, monkeypatch):
    view = _fix_view("gender")
    first = data.cells("participation_by_dimension", None, scope=None, **view)
    stamp = data._stamp()
    name, parameters = "participation_by_dimension", tuple((p, view[p]) for p in
                                                            data.named_query("participation_by_dimension").parameters)
    view_key = stored.key(stored.FAMILY, name, parameters, "FIX", None, stamp)
    path = stored.folder(stamp) / f"{view_key}.parquet"
    assert path.is_file()

    # another threshold is another key: the kept file is not it
    monkeypatch.setattr(privacy, "MIN_PEOPLE", 6)
    assert stored.key(stored.FAMILY, name, parameters, "FIX", None, stamp) != view_key
    monkeypatch.setattr(privacy, "MIN_PEOPLE", 5)

    # a damaged file, or a file written for another view, is computed again, and the same cells come out
    path.write_bytes(b"not parquet")
    assert stored.read(stamp, view_key) is None
    other = next(p for p in stored.folder(stamp).glob("*.parquet") if p != path)  # the project list, say
    data.clear_caches()
    pd.testing.assert_frame_equal(data.cells(name, None, scope=None, **view), first)
    assert stored.read(stamp, view_key) is not None  # written again, whole
    shutil.copy(other, path)
    assert stored.read(stamp, view_key) is None

    # a new load is a new build with a store of its own; the old build's store goes when the build does
    old_store = stored.folder(stamp)
    result = run_ingest(FIX_RAW, warehouse)
    assert result.ok, result.messages
    # a view computed on the old build while the load swapped the link is not written into the new build's store
    assert not stored.write(stamp, "computed-before-the-swap", first)
    data.clear_caches()
    new_stamp = data._stamp()
    assert stored.folder(new_stamp) != old_store
    assert stored.read(new_stamp, stored.key(stored.FAMILY, name, parameters, "FIX", None, new_stamp)) is None
    # the old build is kept for an undo; once a later load has dropped it, the next new store drops its store
    shutil.rmtree(old_store.parent.parent / f".{warehouse.name}.builds" / old_store.name)
    pd.testing.assert_frame_equal(data.cells(name, None, scope=None, **view), first)  # the same files, same cells
    assert not old_store.exists() and stored.folder(new_stamp).is_dir()


def test_no_store_for_a_plain_folder_or_when_turned_off(warehouse, tmp_path, monkeypatch):
    # "write": every view computed and kept, none read (the benchmark's computed pass)
    monkeypatch.setenv(stored.ENABLED_ENV, "write")
    frame = data.cells("participation_by_dimension", None, scope=None, **_fix_view("gender"))
    (path,) = [p for p in stored.folder(data._stamp()).glob("*.parquet")
               if stored.parse_view(pq.read_schema(p).metadata[stored.VIEW_FIELD])[1] == "participation_by_dimension"]
    assert stored.read(data._stamp(), path.stem) is None
    monkeypatch.setenv(stored.ENABLED_ENV, "1")
    pd.testing.assert_frame_equal(stored.read(data._stamp(), path.stem), frame)
    monkeypatch.setenv(stored.ENABLED_ENV, "0")
    assert stored.folder(data._stamp()) is None
    monkeypatch.delenv(stored.ENABLED_ENV)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert stored.folder((str(plain / "warehouse.duckdb"), 1)) is None
    assert stored.folder(data._stamp()) is not None


def _views_of(store: Path) -> set[str]:
    """The family-protected views a build's store holds, as JSON."""
    return {text for _, text in stored.views_kept(store) if stored.parse_view(text)[0] == stored.FAMILY}


def test_a_new_build_is_prepared_with_the_views_asked_for_before(warehouse, monkeypatch, capsys):
    from dashboard import prepare

    views = [_fix_view("gender"), _fix_view("department"), {**_fix_view("gender"), "project_id": None}]
    first = [data.cells("participation_by_dimension", None, scope=None, **view) for view in views]
    old_store = stored.folder(data._stamp())
    assert len(_views_of(old_store)) == 3

    result = run_ingest(FIX_RAW, warehouse)  # a new build, its store empty
    assert result.ok, result.messages
    data.clear_caches()
    new_store = stored.folder(data._stamp())
    assert new_store != old_store and not new_store.exists()
    asked = prepare.views_to_prepare(data._stamp())
    assert {text for text in asked if stored.parse_view(text)[0] == stored.FAMILY} == _views_of(old_store)
    alone = [text for text in asked if stored.parse_view(text)[0] == stored.ALONE]
    assert alone  # the project list and the filter options the protection read are prepared too

    assert prepare.main(["--warehouse", str(warehouse)]) == 0
    assert f"Förberedde {3 + len(alone)} vyer" in capsys.readouterr().out
    assert _views_of(new_store) == _views_of(old_store)
    assert prepare.views_to_prepare(data._stamp()) == []  # nothing left to prepare: a second run does nothing

    # the pages' first views on the new build read the prepared cells: the protection does not run
    data.clear_caches()

    def no_walk(*args, **kwargs):
        raise AssertionError("the protection ran although the view was prepared")

    monkeypatch.setattr(data, "_protect", no_walk)
    monkeypatch.setattr(data, "_fetch_raw", no_walk)
    for view, frame in zip(views, first):
        pd.testing.assert_frame_equal(data.cells("participation_by_dimension", None, scope=None, **view), frame)


def test_the_data_page_starts_the_preparation_in_a_process_of_its_own(warehouse, monkeypatch):
    """start_after_load runs `python -m dashboard.prepare` as a real child process, which fills the new store."""
    from dashboard import prepare

    data.cells("participation_by_dimension", None, scope=None, **_fix_view("gender"))
    assert run_ingest(FIX_RAW, warehouse).ok
    data.clear_caches()
    new_store = stored.folder(data._stamp())
    assert prepare.start_after_load(warehouse) is None  # switched off for the test suite (tests/conftest.py)
    monkeypatch.setenv(prepare.AFTER_LOAD_ENV, "1")
    child = prepare.start_after_load(warehouse)
    assert child is not None and child.wait(timeout=120) == 0
    assert len(_views_of(new_store)) == 1


def test_equal_filters_are_one_key_however_the_values_were_made():
    import datetime as dt

    day = dt.date(2025, 12, 31)
    shared = (("date_to", day), ("as_of", day))
    apart = (("date_to", dt.date(2025, 12, 31)), ("as_of", dt.date.fromisoformat("2025-12-31")))
    stamp = ("/x/warehouse.duckdb", 7)
    assert stored.key(stored.FAMILY, "goals", shared, "FIX", None, stamp) == stored.key(stored.FAMILY, "goals", apart, "FIX", None, stamp)
    assert stored.key(stored.FAMILY, "goals", shared, "FIX", None, stamp) != stored.key(stored.FAMILY, "goals", shared, "FIX", ("FIX",), stamp)
    assert stored.key(stored.FAMILY, "goals", shared, "FIX", None, stamp) != stored.key(stored.FAMILY, "goals", shared, "FIX", None, ("/x", 8))
    assert stored.key(stored.FAMILY, "goals", shared, None, None, stamp) != stored.key(
        stored.ALONE, "goals", shared, None, None, stamp)
    view = stored.view_text(stored.FAMILY, "goals", apart, "FIX", ("FIX", "FIX2"))
    assert stored.parse_view(view) == (stored.FAMILY, "goals", shared, "FIX", ("FIX", "FIX2"))


def test_a_view_naming_a_path_or_an_unknown_kind_is_not_prepared(warehouse, monkeypatch):
    """The store's files name the views to prepare; a name that is not a query's is refused, never read as a path."""
    from dashboard import prepare

    data.cells("participation_by_dimension", None, scope=None, **_fix_view("gender"))
    texts = [stored.view_text(stored.FAMILY, "../../pipelines/sql/marts/mart_unit", (), None, None),
             stored.view_text("other", "goals", (), None, None)]
    monkeypatch.setattr(prepare, "views_to_prepare", lambda stamp, limit: texts)
    touched = []
    monkeypatch.setattr(data, "keep_protected", lambda *args: touched.append(args))
    assert prepare.prepare() == {"views": 0, "failed": 2, "seconds": pytest.approx(0, abs=5)}
    assert touched == []
