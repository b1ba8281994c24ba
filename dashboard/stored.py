"""The protected layer on disk: each view's suppressed cells, as data.cells hands them to a page, kept as one
Parquet file in a store of the warehouse's build (`.<warehouse>.protected/<build>/<key>.parquet`, beside the builds).

Protecting a view of all projects walks its family over every project and month: about a minute for a page of the
national portfolio (docs/performance.md, target 3). The result depends only on the build's data, the query and its
filters, the projects in scope and the code of the protection, so it is computed once and kept where every process
finds it: a restarted or second dashboard process reads a page's protected cells in milliseconds, and a load's
preparation (`python -m dashboard.prepare`) computes the views users asked for before they ask again.

What keeps it from ever being stale or leaking:
- A build never changes after its swap (pipelines/warehouse.py): a new load is a new build with an empty store, an
  undo returns to an older build and its own store; the stores of deleted builds are dropped. Only a warehouse that
  is a link to a build gets a store (an old plain folder is read as before, without one). The key also holds the
  catalogue's modification time.
- The key holds a digest of every file whose content decides a protected frame (the queries, the macros, the data
  layer, the privacy rules, the month grid), the threshold and the pandas, NumPy, DuckDB and pyarrow versions: a
  changed rule is a new key, never an old frame.
- Only the suppressed cells are written, without the helper counts (`-- helpers:`) the protection reads: the same
  cells a page shows, no more.
- A file is written whole to a temporary name and renamed; a file that cannot be read, or that was written for
  another key, is ignored and computed again. A store that cannot be written (a read-only disk, a full disk) is
  skipped: the page is only slower."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import privacy

KEY_FIELD = b"styrbord.key"  # the Parquet file's own metadata: the key it was written for
OBJECT_FIELD = b"styrbord.object_columns"  # the columns that were Python objects (text with gaps: str on reading)
VIEW_FIELD = b"styrbord.view"  # which view it is (query, filters, scope), for dashboard/prepare.py; JSON, no code
# "0" turns the store off; "write" keeps what is computed but reads nothing (a benchmark timing the computation)
ENABLED_ENV = "STYRBORD_PROTECTED_STORE"
DASHBOARD = Path(__file__).resolve().parent
# the files whose content decides a protected frame: a change to any of them is a new key
CODE = ("data.py", "privacy.py", "grid.py", "stored.py", "macros.sql", "queries")
logger = logging.getLogger(__name__)


@cache
def code_digest() -> str:
    """A digest of the protection's code and queries and the library versions."""
    digest = hashlib.blake2b(digest_size=16)
    for name in CODE:
        path = DASHBOARD / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(str(file.relative_to(DASHBOARD)).encode() + b"\0" + file.read_bytes() + b"\0")
    digest.update(f"{pd.__version__}|{np.__version__}|{duckdb.__version__}|{pa.__version__}".encode())
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get(ENABLED_ENV, "1") != "0"


def folder(stamp: tuple[str, int]) -> Path | None:
    """The store of the build the warehouse file belongs to, beside the builds (`.<name>.protected/<build>/`: the
    build itself stays as the load wrote it); None for a warehouse that is not a build."""
    warehouse_file = Path(stamp[0])
    link = warehouse_file.parent
    if not enabled() or not link.is_symlink():
        return None
    return link.parent / f".{link.name}.protected" / warehouse_file.resolve().parent.name


def _prune(store: Path, build: Path) -> None:
    """Drop the stores of builds that no longer exist (replaced and deleted by later loads)."""
    for other in store.parent.iterdir():
        if other.name != store.name and not (build.parent / other.name).exists():
            shutil.rmtree(other, ignore_errors=True)


# how a view's cells were protected: with its family and months (data._protected), on their own (data._fetch:
# queries that bind no filter dimension, such as the project list and the filter options), or as an earlier view
# beside a later one, its changes of 1–4 people hidden too (data.cells_then: Sammanfattning's "since the meeting")
FAMILY, ALONE, THEN = "family", "alone", "then"


def key(kind: str, name: str, parameters: tuple, project_hint: object, scope: tuple[str, ...] | None,
        stamp: tuple[str, int]) -> str:
    """The file name of one view's protected cells (a digest: the filters are not readable from it)."""
    # repr, not pickle: pickle writes an object met twice as a reference, so equal filters could get two keys
    parts = (code_digest(), privacy.MIN_PEOPLE, kind, name, parameters, project_hint, scope, stamp[1])
    return hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def read(stamp: tuple[str, int], view_key: str) -> pd.DataFrame | None:
    """The kept cells of a view, or None (not kept, unreadable, or written for another key)."""
    store = folder(stamp)
    if store is None or os.environ.get(ENABLED_ENV) == "write":
        return None
    path = store / f"{view_key}.parquet"
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 - a damaged file is computed again, never trusted
        logger.warning("skyddat resultat %s kunde inte läsas (%s); det räknas om", path.name, error)
        return None
    if (table.schema.metadata or {}).get(KEY_FIELD) != view_key.encode():
        return None
    return _frame(table)


def _frame(table: pa.Table) -> pd.DataFrame:
    """The frame as it was written: columns that were Python objects are objects again (pyarrow reads text as str)."""
    frame = table.to_pandas()
    objects = json.loads((table.schema.metadata or {}).get(OBJECT_FIELD, b"[]"))
    for column in objects:
        if frame[column].dtype != object:
            frame[column] = frame[column].astype(object)
    return frame


def view_text(kind: str, name: str, parameters: tuple, project_hint: object,
              scope: tuple[str, ...] | None) -> str | None:
    """A view as JSON (dates tagged), or None for a value JSON cannot say exactly."""
    def plain(value: object) -> object:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return {"date": value.isoformat()}
        if value is None or type(value) in (str, int, float, bool):
            return value
        raise TypeError(type(value).__name__)

    try:
        return json.dumps({"kind": kind, "name": name, "parameters": [[p, plain(v)] for p, v in parameters],
                           "project_hint": plain(project_hint), "scope": None if scope is None else list(scope)})
    except TypeError:
        return None


def parse_view(text: str) -> tuple[str, str, tuple, object, tuple[str, ...] | None]:
    """The view view_text wrote: (kind, name, parameters, project hint, scope)."""
    def value(v: object) -> object:
        return dt.date.fromisoformat(v["date"]) if isinstance(v, dict) else v

    view = json.loads(text)
    scope = view["scope"]
    return (view["kind"], view["name"], tuple((p, value(v)) for p, v in view["parameters"]), value(view["project_hint"]),
            None if scope is None else tuple(scope))


def views_kept(store: Path) -> list[tuple[float, str]]:
    """(when written, the view's JSON) of every file in a store, newest first."""
    found = []
    for path in store.glob("*.parquet"):
        try:
            text = (pq.read_schema(path).metadata or {}).get(VIEW_FIELD)
            if text:
                found.append((path.stat().st_mtime, text.decode()))
        except Exception:  # noqa: BLE001 - a damaged file names no view
            continue
    return sorted(found, reverse=True)


def write(stamp: tuple[str, int], view_key: str, frame: pd.DataFrame, view: str | None = None) -> bool:
    """Keep a view's protected cells; False where it cannot be kept exactly (then it is only not kept)."""
    store = folder(stamp)
    if store is None:
        return False
    try:
        if Path(stamp[0]).stat().st_mtime_ns != stamp[1]:
            return False  # a load swapped the warehouse while this view was computed: the link names another build
        table = pa.Table.from_pandas(frame)
        objects = [str(c) for c in frame.columns if frame[c].dtype == object]
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), KEY_FIELD: view_key.encode(),
                                               OBJECT_FIELD: json.dumps(objects).encode(),
                                               **({VIEW_FIELD: view.encode()} if view else {})})
        read_back = _frame(table)
        if not read_back.equals(frame) or not _same_types(read_back, frame):
            return False  # a frame Parquet does not give back as it was is computed, never read changed
        if not store.is_dir():
            store.mkdir(parents=True, exist_ok=True)
            _prune(store, Path(stamp[0]).resolve().parent)
        with tempfile.NamedTemporaryFile(dir=store, prefix=".", suffix=".tmp", delete=False) as handle:
            temp = Path(handle.name)
        try:
            pq.write_table(table, temp)
            os.replace(temp, store / f"{view_key}.parquet")
        finally:
            temp.unlink(missing_ok=True)
    except Exception as error:  # noqa: BLE001 - a store that cannot be written only makes the next process slower
        logger.info("skyddat resultat kunde inte sparas (%s)", error)
        return False
    return True


def _same_types(read_back: pd.DataFrame, frame: pd.DataFrame) -> bool:
    return (list(read_back.columns) == list(frame.columns) and read_back.dtypes.equals(frame.dtypes)
            and read_back.index.equals(frame.index) and type(read_back.index) is type(frame.index))
