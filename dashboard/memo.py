"""Results kept by the content of their arguments, shared by every session: the finished figures (charts.remembered)
and the written tables (tables.display_table), so a cached page view neither builds its Plotly figures nor writes
its tables again (docs/performance.md, target 5).

Streamlit's own caches hash a DataFrame argument column by column (7 ms for a 16 × 15 frame); here the key is a
digest of the pickled arguments (0.8 ms for the same frame). Pickle writes every value and dtype, so two calls share
a key only when their arguments are equal; equal frames that pickle differently (another internal layout) only
cost a second build. Only pure functions of their arguments and the language belong here."""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


_every: list[Kept] = []


def clear_all() -> None:
    """Empty every store (data.clear_caches: a benchmark's cold run, a test's new warehouse)."""
    for kept in _every:
        kept.clear()


class Kept:
    """A bounded, thread-safe store of results keyed by a digest of the arguments (least recently used goes)."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._store: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()
        _every.append(self)

    @staticmethod
    def key(*parts: object) -> bytes:
        return hashlib.blake2b(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()

    def get(self, key: bytes, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._store:
                self._store.move_to_end(key)
                return self._store[key]
        value = make()  # outside the lock: two sessions may build the same value once each, never wait on each other
        with self._lock:
            self._store[key] = value
            self._store.move_to_end(key)
            while len(self._store) > self.entries:
                self._store.popitem(last=False)
        return value

    def kept(self, parts: tuple, make: Callable[[], Any]) -> Any:
        """The result kept for these arguments, made now if there is none. Arguments pickle cannot write (a lock, an
        open file) have no key: the result is made and not kept."""
        try:
            key = self.key(*parts)
        except (pickle.PicklingError, TypeError, AttributeError):
            return make()
        return self.get(key, make)

    def clear(self) -> None:
        with self._lock:
            self._store.clear()

    def __len__(self) -> int:
        return len(self._store)


def remembered(entries: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A function's results kept by its arguments themselves (hashable: ids, dates, tuples), for the data layer's
    own helpers. Streamlit's cache hashes each argument and pickles the result on every call, about 0.4 ms; the
    privacy walks call these helpers thousands of times a page for all projects (docs/performance.md). The result
    is shared, not copied: only values no caller changes belong here (data.py hands out read-only arrays)."""
    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        kept = Kept(entries)

        def inner(*args: object) -> Any:
            return kept.get(args, lambda: function(*args))

        inner.__name__, inner.__doc__, inner.__wrapped__ = function.__name__, function.__doc__, function
        inner.clear = kept.clear  # type: ignore[attr-defined]
        return inner
    return wrap
