"""memo.Kept: results kept by the content of their arguments, bounded, least recently used first out."""

import pandas as pd

from dashboard.memo import Kept

FRAME = pd.DataFrame({"label": ["Vård", "Skola"], "people": [12, 7]})


def test_equal_arguments_share_a_key_and_any_difference_parts_them():
    key = Kept.key("bars", "sv", FRAME)
    assert Kept.key("bars", "sv", FRAME.copy()) == key
    assert Kept.key("bars", "sv", pd.DataFrame({"label": ["Vård", "Skola"], "people": [12, 7]})) == key
    assert Kept.key("bars", "en", FRAME) != key
    assert Kept.key("lines", "sv", FRAME) != key
    assert Kept.key("bars", "sv", FRAME.assign(people=[12, 8])) != key
    assert Kept.key("bars", "sv", FRAME.assign(people=[12.0, 7.0])) != key  # another dtype
    assert Kept.key("bars", "sv", FRAME.rename(columns={"people": "n"})) != key
    assert Kept.key("bars", "sv", FRAME.set_axis([5, 6])) != key  # another index


def test_a_kept_result_is_made_once_and_the_least_recently_used_goes_first():
    kept, made = Kept(2), []

    def make(name):
        return lambda: made.append(name) or name.upper()

    assert kept.get(b"a", make("a")) == "A"
    assert kept.get(b"a", make("a")) == "A"
    kept.get(b"b", make("b"))
    kept.get(b"a", make("a"))  # a is used again: b is now the oldest
    kept.get(b"c", make("c"))
    assert len(kept) == 2
    kept.get(b"a", make("a"))
    kept.get(b"b", make("b"))
    assert made == ["a", "b", "c", "b"]
