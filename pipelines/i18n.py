"""The one text catalogue (dashboard/texts.toml, Swedish first, English second) read by the pipelines.

The catalogue stays where the dashboard keeps it: other work adds sections to it all the time, and reading it by
path lets the pipelines use it without importing the dashboard (dashboard/i18n.py builds on this reader). Keys of the
loader's own texts are in its section [loader]."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("sv", "en")
CATALOGUE = Path(__file__).resolve().parents[1] / "dashboard" / "texts.toml"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All texts as {dotted key: {"sv": ..., "en": ...}}."""
    with CATALOGUE.open("rb") as f:
        tree = tomllib.load(f)
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        if "sv" in node and isinstance(node["sv"], str):
            flat[prefix] = node
            return
        for name, child in node.items():
            walk(f"{prefix}.{name}" if prefix else name, child)

    walk("", tree)
    return flat


def text(key: str, lang: str = "sv", **params: object) -> str:
    """The text for key in lang (Swedish when lang is unknown), with {placeholders} filled from params."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"Texten {key!r} saknas i {CATALOGUE.name}")
    message = entry.get(lang if lang in LANGUAGES else "sv") or entry["sv"]
    return message.format(**params) if params else message


def number(n: int, lang: str = "sv") -> str:
    """An integer with thousands grouped as the reader writes them: 1 234 (sv), 1,234 (en)."""
    return f"{n:,}".replace(",", " ") if lang != "en" else f"{n:,}"
