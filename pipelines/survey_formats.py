"""Survey-tool exports (Microsoft Forms, Google Forms, Netigate): label answers onto the scale, headers onto items."""

from __future__ import annotations

import re

import pandas as pd

from pipelines.i18n import Message, message_of
from pipelines.normalise import fold

# Answer ladders as the tools print them, lowest first; a ladder is used when its length is the item's scale length.
LABEL_LADDERS: tuple[tuple[str, ...], ...] = (
    ("Stämmer mycket dåligt", "Stämmer ganska dåligt", "Stämmer delvis", "Stämmer ganska bra",
     "Stämmer mycket bra"),
    ("Stämmer mycket dåligt", "Stämmer ganska dåligt", "Stämmer varken bra eller dåligt", "Stämmer ganska bra",
     "Stämmer mycket bra"),
    ("Stämmer inte alls", "Stämmer dåligt", "Stämmer delvis", "Stämmer bra", "Stämmer helt"),
    ("Instämmer inte alls", "Instämmer i liten grad", "Instämmer delvis", "Instämmer i stor grad",
     "Instämmer helt"),
    ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
    ("Stämmer inte alls", "Stämmer ganska dåligt", "Stämmer ganska bra", "Stämmer mycket bra"),
    ("Instämmer inte alls", "Instämmer delvis", "Instämmer i stor grad", "Instämmer helt"),
    # the competence-mapping levels of the domain (1–4)
    ("Grundläggande", "Medel", "Hög", "Mycket hög"),
)
# The one list of answers that mean "no answer" (the loader drops them before reading answers onto the scale).
NO_ANSWER_LABELS = (
    "Vet ej", "Vet inte", "Vetej", "Ingen åsikt", "Ingen uppfattning", "Vill ej svara", "Vill inte svara",
    "Ej aktuellt", "Inte aktuellt", "Ej tillämpligt", "Inte tillämpligt", "Ej relevant", "Inte relevant",
    "Kan ej bedöma", "Kan inte bedöma", "Ej svar", "Inget svar", "Ej besvarad", "Obesvarad", "Uppgift saknas",
    "Don't know", "Do not know", "No opinion", "Not applicable", "Prefer not to say", "No answer",
    "N/A", "NA", "-", "–", "—",
)
NO_ANSWER = {fold(text) for text in NO_ANSWER_LABELS}  # "" is in it: "-" and "–" fold to nothing

_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})(?:[.,]0+)?\s*(?:$|[-–=:.)(]\s*\S)")
_NUMBERING = re.compile(r"^\s*(?:[A-Za-z]{0,2}\d{1,3}[a-z]?)\s*[.):]\s*|^\s*\d{1,3}\s+")
_BRACKET = re.compile(r"\[([^\]]+)\]\s*$")


def answer_from_label(value: object, scale_min: int, scale_max: int) -> int | None:
    """The answer on the scale from 4, '4,0', '5 - Instämmer helt', 'Stämmer ganska bra'; None for blank/'Vet ej'."""
    text = "" if value is None else str(value).strip()
    key = fold(text)
    if not key or key in NO_ANSWER or text in NO_ANSWER:
        return None
    match = _LEADING_NUMBER.match(text)
    if match:
        number = int(match.group(1))
        if not scale_min <= number <= scale_max:
            raise ValueError(Message("loader.values.answer_out_of_scale", value=text[:30], low=scale_min,
                                     high=scale_max))
        return number
    steps = scale_max - scale_min + 1
    for ladder in LABEL_LADDERS:
        if len(ladder) == steps:
            folded = [fold(label) for label in ladder]
            if key in folded:
                return scale_min + folded.index(key)
    raise ValueError(Message("loader.values.answer_unknown", value=text[:30], low=scale_min, high=scale_max))


def _text_keys(header: str) -> list[str]:
    """The ways a question header may name an item: as written, without numbering, the [bracketed] grid row."""
    keys = [fold(header)]
    stripped = _NUMBERING.sub("", header, count=1)
    keys.append(fold(stripped))
    bracket = _BRACKET.search(header)
    if bracket:
        keys.append(fold(bracket.group(1)))
    return [key for key in keys if key]


def match_item_columns(header: list[str], items: dict[str, str],
                       repeated: dict[int, str] | None = None) -> dict[int, str]:
    """Column position → item id for question columns named by item id or item text (case, punctuation,
    numbering like '3. ' or 'Q3:' and Google Forms grid brackets do not matter). A second column naming an
    item already matched goes into `repeated` (position → item id), when given."""
    by_id = {fold(item_id): item_id for item_id in items}
    by_text = {fold(text): item_id for item_id, text in items.items() if text}
    matched: dict[int, str] = {}
    for position, cell in enumerate(header):
        cell = str(cell or "")
        item_id = by_id.get(fold(cell))
        if item_id is None:
            item_id = next((by_text[key] for key in _text_keys(cell) if key in by_text), None)
        if item_id is None:
            # "K1. Jag vet hur …": an item id as numbering in front of the text
            first = re.split(r"[\s.):]+", cell.strip(), maxsplit=1)[0]
            item_id = by_id.get(fold(first)) if first and len(first) < len(cell.strip()) else None
        if item_id is not None and item_id not in matched.values():
            matched[position] = item_id
        elif item_id is not None and repeated is not None:
            repeated[position] = item_id
    return matched


def answers_on_scale(texts: pd.Series, scale_min: pd.Series, scale_max: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Answers (int or None) and Swedish errors (or None) per row; each distinct text × scale is parsed once."""
    keys = pd.Series(list(zip(texts.astype(object), scale_min.astype(int), scale_max.astype(int))),
                     index=texts.index, dtype=object)
    parsed: dict[tuple, int | None] = {}
    errors: dict[tuple, str] = {}
    for key in pd.unique(keys):
        try:
            parsed[key] = answer_from_label(key[0], key[1], key[2])
        except ValueError as exc:
            errors[key] = message_of(exc)
    answers = pd.Series([parsed.get(k) for k in keys], index=texts.index, dtype=object)
    problems = pd.Series([errors.get(k) for k in keys], index=texts.index, dtype=object)
    return answers, problems
