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


class Message(str):
    """A text from the catalogue carried as (key, params) and rendered in the reader's language with .text(lang).

    It *is* its Swedish text (a str), so a result's rows and messages read, compare, sort and store as Swedish as
    before; a reader in another language calls render() on it. A param may itself be a Message or anything with
    .text(lang) (a kind's title, a column's header), rendered in the same language."""

    key: str
    params: dict
    capital: bool

    def __new__(cls, key: str, capital: bool = False, **params: object) -> "Message":
        self = super().__new__(cls, _render(key, "sv", params, capital))
        self.key, self.params, self.capital = key, params, capital
        return self

    def text(self, lang: str = "sv") -> str:
        """The message in lang (Swedish when lang is unknown)."""
        return _render(self.key, lang, self.params, self.capital)

    def capitalised(self) -> "Message":
        """The same message starting with a capital letter (a reason that starts a sentence)."""
        return Message(self.key, capital=True, **self.params)

    def with_params(self, change) -> "Message":
        """The message with change() applied to every plain-text param (masking personnummer in a file's value)."""
        return Message(self.key, capital=self.capital, **{
            name: value.with_params(change) if isinstance(value, Message) else
            change(value) if isinstance(value, str) else value for name, value in self.params.items()})

    def __reduce__(self):  # pickles (and deep-copies) as a Message, not as its Swedish text
        return (_rebuild, (self.key, self.capital, self.params))


def _rebuild(key: str, capital: bool, params: dict) -> Message:
    return Message(key, capital=capital, **params)


class Words:
    """A param given in both languages by the caller (a kind's title, a column's header): Words(sv, en)."""

    def __init__(self, sv: str, en: str | None = None) -> None:
        self.sv, self.en = sv, en or sv

    def text(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv

    def __str__(self) -> str:
        return self.sv

    def __reduce__(self):
        return (Words, (self.sv, self.en))


def _render(key: str, lang: str, params: dict, capital: bool = False) -> str:
    shown = {name: value.text(lang) if hasattr(value, "text") and callable(value.text) else value
             for name, value in params.items()}
    out = text(key, lang, **shown) if shown else text(key, lang)
    return out[:1].upper() + out[1:] if capital else out


def render(value: object, lang: str = "sv") -> object:
    """A Message in lang; anything else (a plain Swedish text, None) as it is."""
    return value.text(lang) if isinstance(value, Message) else value


def message_of(exc: BaseException) -> str:
    """An exception's message: the Message it was raised with, else its text."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)


class Number:
    """An integer param written as the reader writes it (1 234 in Swedish, 1,234 in English)."""

    def __init__(self, n: int) -> None:
        self.n = int(n)

    def text(self, lang: str = "sv") -> str:
        return number(self.n, lang)

    def __reduce__(self):
        return (Number, (self.n,))


class Joined:
    """A list param (file names, later loads) joined with sep, each item in the reader's language: Joined(items)."""

    def __init__(self, items, sep: str = ", ") -> None:
        self.items, self.sep = list(items), sep

    def text(self, lang: str = "sv") -> str:
        return self.sep.join(str(item.text(lang) if hasattr(item, "text") and callable(item.text) else item)
                             for item in self.items)

    def __str__(self) -> str:
        return self.text("sv")

    def __bool__(self) -> bool:
        return bool(self.items)

    def __reduce__(self):
        return (Joined, (self.items, self.sep))


class Tail:
    """A param: a message without its leading "file: " (a note shown under its file's name), capitalised."""

    def __init__(self, message: object) -> None:
        self.message = message

    def text(self, lang: str = "sv") -> str:
        out = str(render(self.message, lang)).split(": ", 1)[-1]
        return out[:1].upper() + out[1:]

    def __str__(self) -> str:
        return self.text("sv")

    def __reduce__(self):
        return (Tail, (self.message,))
