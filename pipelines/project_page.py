"""Parse a project page copied as text from the ESF council's project bank into project facts."""

from __future__ import annotations

import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from pipelines.i18n import Message, message_of

# A copied project page is a few tens of kB; anything this big is not one, and is not read into memory.
MAX_PAGE_BYTES = 5 * 1024 * 1024

TEXT_SECTIONS = ("summary", "background", "purpose", "goals", "accessibility", "gender_equality", "transnational")
LIST_SECTIONS = ("municipalities", "participating_actors", "partners")

# Labels of the fact block at the top of the page, longest spelling first so "Telefonnummer" wins over "Telefon".
FACT_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("Projektnamn", "Projektets namn"),
    "programme_area": ("Programområde", "Insatsområde"),
    "phase": ("Projektfas",),
    "owner": ("Projektägare", "Stödmottagare"),
    "contact_person": ("Kontaktperson",),
    "email": ("E-postadress", "E-post", "Epost", "E-mail"),
    "phone": ("Telefonnummer", "Telefon"),
    "esf_grant_sek": ("Beviljat ESF-stöd", "Beviljat stöd"),
    "total_budget_sek": ("Total projektbudget", "Total budget", "Projektbudget"),
    "period": ("Projektperiod", "Projekttid"),
    "region": ("Region",),
}
# Labels distinctive enough to mark the start of the fact block (Region or Telefon could start any sentence).
BLOCK_START_KEYS = ("programme_area", "phase", "owner", "esf_grant_sek", "total_budget_sek", "period", "name")
MIN_FACTS = 3

SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": ("Sammanfattning", "Projektsammanfattning", "Kort om projektet"),
    "background": ("Bakgrund", "Projektets bakgrund"),
    "purpose": ("Syfte", "Projektets syfte", "Syfte och mål"),
    "goals": ("Målsättning", "Målsättningar", "Mål", "Projektmål", "Projektets mål",
              "Mål och förväntade resultat"),
    "accessibility": (
        "Tillgänglighet för personer med funktionsnedsättning",
        "Tillgänglighet för personer med funktionshinder",
        "Tillgänglighet",
    ),
    "gender_equality": (
        "Jämställdhet",
        "Jämställdhetsintegrering",
        "Jämställdhet mellan kvinnor och män",
        "Jämställdhetsperspektiv",
    ),
    "transnational": ("Transnationellt samarbete", "Transnationell samverkan", "Transnationalitet"),
    "participating_actors": ("Deltagande aktörer", "Deltagande organisationer"),
    "municipalities": ("Kommun", "Kommuner", "Berörda kommuner"),
    "partners": ("Samarbetspartners", "Samarbetspartner", "Samverkanspartners", "Samverkanspartner"),
    # the site's English summary is not stored: the warehouse keeps the Swedish sections
    "_english": ("In English", "På engelska"),
}

PHASES = ("Förprojektering", "Mobilisering", "Genomförande", "Avslutad")
PHASE_ALIASES = {"avslutat": "Avslutad", "genomförandefas": "Genomförande", "mobiliseringsfas": "Mobilisering"}

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

BULLET = re.compile(r"^\s*(?:[•·●▪◦‣∙*–—-]|\d{1,2}[.)])\s*")
INLINE_BULLET = re.compile(r"\s+[•·●▪◦‣∙]\s+")
# Page-break lines left over when the page text was pasted from the application PDF.
PAGE_BREAK_NOISE = re.compile(r"^(?:ESF Ansökan om stöd\b.*|Sid \d+ \(\d+\)|Sida \d+ av \d+|Ej diarieförd)$")
# The site footer: everything from here on is not part of the project page.
FOOTER = re.compile(
    r"^(?:Sidan uppdaterades|Senast uppdaterad|Sidan publicerades|Till toppen|Till sidans topp|"
    r"Dela sidan|Skriv ut sidan|Kontakta oss|Om webbplatsen|Cookies?\b)",
    re.IGNORECASE,
)
# Site chrome that may sit between the title and the fact block.
TITLE_NOISE = re.compile(
    r"^(?:Logotyp\b.*|Stäng|Skriv ut|Dela|Meny|Sök|Tillbaka\b.*|Till innehållet|Hoppa till innehållet|"
    r"Startsida|Start|Projektbanken|In English|.*[›»>].*)$",
    re.IGNORECASE,
)


class NotAProjectPage(ValueError):
    """The text is not a project page from the ESF project bank (message is Swedish, for the user)."""


def decode_text(raw: bytes) -> str:
    """Decode a text file saved as UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252 or ISO-8859-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # the five bytes cp1252 leaves undefined only occur in ISO-8859-1 control ranges
        return raw.decode("latin-1")


def _clean_lines(text: str) -> list[str]:
    """Split into lines with non-breaking and zero-width spaces normalised, right-stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = re.sub(r"[\u00a0\u202f\u2007\u2009]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return [line.rstrip() for line in text.split("\n")]


def _label_pattern(label: str) -> str:
    """Regex for a label where spaces and hyphens between its words may be missing or doubled."""
    words = re.split(r"[\s-]+", label)
    return r"[\s-]*".join(re.escape(word) for word in words)


_LABEL_RES = [
    (key, re.compile(r"^\s*" + _label_pattern(label) + r"\s*:?\s*(?P<value>.*)$", re.IGNORECASE))
    for key, labels in FACT_LABELS.items()
    for label in sorted(labels, key=len, reverse=True)
]


def _match_label(line: str) -> tuple[str, str] | None:
    """Return (fact key, value glued to or following the label) when the line starts with a fact label."""
    for key, pattern in _LABEL_RES:
        match = pattern.match(line)
        if match:
            return key, match.group("value").strip()
    return None


def _normalise_heading(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().rstrip(":").strip()).casefold()


_HEADING_KEYS = {_normalise_heading(h): key for key, headings in SECTION_HEADINGS.items() for h in headings}


def _heading_key(line: str) -> str | None:
    if len(line) > 80:
        return None
    return _HEADING_KEYS.get(_normalise_heading(line))


def parse_sek(value: str | None) -> int | None:
    """Whole kronor from '7 044 417 kr', '7044417 SEK', '7.044.417:-' or '2 140 856,50 kr' (öre rounded)."""
    if not value:
        return None
    text = re.sub(r"(?i)(?:kronor|kr|sek)\.?\s*$|:-\s*$", "", value.strip())
    text = re.sub(r"\s+", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    match = re.fullmatch(r"(\d+)(?:[.,](\d{1,2}))?", text)
    if not match:
        return None
    try:
        amount = Decimal(match.group(1) + "." + (match.group(2) or "0"))
    except InvalidOperation:
        return None
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_dates(value: str | None) -> list[str]:
    """ISO dates found in a period such as '2012-02-01 till 2014-01-31' or '1 mars 2016 – 28 februari 2018'."""
    if not value:
        return []
    month_names = "|".join(MONTHS)
    pattern = re.compile(
        r"(?P<iso>(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2}))"
        rf"|(?P<sv>(?P<sd>\d{{1,2}})\s+(?P<sm>{month_names})\s+(?P<sy>\d{{4}}))",
        re.IGNORECASE,
    )
    dates = []
    for match in pattern.finditer(value):
        if match.group("iso"):
            year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
        else:
            year, month, day = int(match.group("sy")), MONTHS[match.group("sm").lower()], int(match.group("sd"))
        dates.append(f"{year:04d}-{month:02d}-{day:02d}")
    return dates


def _normalise_phase(value: str | None) -> str | None:
    if not value:
        return None
    folded = value.strip().casefold()
    for phase in PHASES:
        if folded == phase.casefold():
            return phase
    return PHASE_ALIASES.get(folded, value.strip())


def _fact_block(lines: list[str]) -> tuple[int, int, dict[str, str]]:
    """Find the block of 'Label value' lines; return its first and past-last line index and the raw values."""
    start = next(
        (i for i, line in enumerate(lines) if (m := _match_label(line)) and m[0] in BLOCK_START_KEYS),
        None,
    )
    if start is None:
        return -1, -1, {}
    facts: dict[str, str] = {}
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        matched = _match_label(line)
        if matched is None or _heading_key(line):
            break
        key, value = matched
        if not value:
            # label alone on its line (a narrow layout): the value is the next non-empty line, taken whole
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and not _heading_key(lines[j]):
                value = lines[j].strip()
                i = j
        facts.setdefault(key, value)
        i += 1
    return start, i, facts


def _title_before(lines: list[str], block_start: int) -> str | None:
    """The project name: the last line before the fact block that is not site chrome."""
    for line in reversed(lines[:block_start]):
        stripped = line.strip()
        if stripped and not TITLE_NOISE.match(stripped):
            return stripped
    return None


def _split_sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines under each known heading, up to the next heading or the site footer."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        if FOOTER.match(line.strip()):
            break
        key = _heading_key(line)
        if key:
            current = key
            sections.setdefault(current, [])
            continue
        if current:
            sections[current].append(line)
    return sections


def _section_text(lines: list[str]) -> str | None:
    kept = [line.strip() for line in lines if not PAGE_BREAK_NOISE.match(line.strip())]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text or None


def _section_list(lines: list[str]) -> list[str]:
    """Items of a bulleted (or one-per-line, or comma-separated) list; trailing noise after the list is dropped."""
    non_empty = [line for line in lines if line.strip()]
    items: list[str] = []
    if any(BULLET.match(line) and BULLET.sub("", line).strip() for line in non_empty):
        for line in non_empty:
            if BULLET.match(line):
                # several bullets on one line when a list was copied as a single paragraph
                items.extend(part.strip() for part in INLINE_BULLET.split(BULLET.sub("", line)))
            elif items:
                break
    else:
        started = False
        for line in lines:
            if not line.strip():
                if started:
                    break
                continue
            started = True
            items.extend(part.strip() for part in re.split(r"[;,]", line))
    unique: list[str] = []
    for item in items:
        if item and item not in unique:
            unique.append(item)
    return unique


def parse_project_page(text: str) -> dict:
    """Project facts and text sections from a project-bank page; raises NotAProjectPage for other texts."""
    lines = _clean_lines(text)
    block_start, block_end, raw = _fact_block(lines)
    if len(raw) < MIN_FACTS:
        raise NotAProjectPage(Message("loader.page.not_a_page"))
    name = raw.get("name") or _title_before(lines, block_start)
    if not name:
        raise NotAProjectPage(Message("loader.page.no_name"))
    dates = parse_dates(raw.get("period"))
    # some layouts print the fact block after the text sections, so look for sections on both sides of it
    sections = _split_sections(lines[:block_start] + lines[block_end:])
    region = raw.get("region")
    if region:
        region = re.sub(r"\s*In English$", "", region, flags=re.IGNORECASE).strip() or None
    facts: dict = {
        "name": name,
        "programme_area": raw.get("programme_area") or None,
        "phase": _normalise_phase(raw.get("phase")),
        "owner": raw.get("owner") or None,
        "contact_person": raw.get("contact_person") or None,
        "email": raw.get("email") or None,
        "phone": raw.get("phone") or None,
        "esf_grant_sek": parse_sek(raw.get("esf_grant_sek")),
        "total_budget_sek": parse_sek(raw.get("total_budget_sek")),
        "start_date": dates[0] if dates else None,
        "end_date": dates[1] if len(dates) > 1 else None,
        "region": region,
    }
    for key in LIST_SECTIONS:
        facts[key] = _section_list(sections.get(key, []))
    for key in TEXT_SECTIONS:
        facts[key] = _section_text(sections.get(key, []))
    return facts


def looks_like_project_page(head: bytes) -> bool:
    """True when the start of a file holds a project-bank fact block (at least three labels such as
    Programområde, Projektfas, Beviljat ESF-stöd), whatever the file is called and however it is separated."""
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\n" in head:
        head = head[: head.rfind(b"\n") + 1]  # a cut-off last line could split a UTF-8 character
    _, _, raw = _fact_block(_clean_lines(decode_text(head)))
    return len(raw) >= MIN_FACTS


def read_page_text(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """The decoded text of a saved project page; OSError/NotAProjectPage with a Swedish message otherwise."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise OSError(Message("loader.page.no_such_file", path=str(path))) from None
    except OSError as error:
        raise OSError(Message("loader.page.unreadable", path=str(path), error=error.strerror)) from None
    if path.is_dir():
        raise OSError(Message("loader.page.is_folder", path=str(path)))
    if size > max_bytes:
        raise NotAProjectPage(Message("loader.page.too_big", file=path.name, size=size // (1024 * 1024),
                                      limit=max_bytes // (1024 * 1024)))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise OSError(Message("loader.page.unreadable", path=str(path), error=error.strerror)) from None
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotAProjectPage(Message("loader.page.not_text", file=path.name))
    return decode_text(raw)


def read_project_page(path: Path, max_bytes: int = MAX_PAGE_BYTES) -> dict:
    """Read, decode and parse a project page file; errors are NotAProjectPage/OSError with Swedish messages."""
    text = read_page_text(path, max_bytes)
    try:
        return parse_project_page(text)
    except NotAProjectPage as error:
        raise NotAProjectPage(Message("loader.page.in_file", file=path.name, problem=message_of(error))) from None


def main(argv: list[str] | None = None) -> int:
    """`python -m pipelines parse-project-page FILE.txt`: print the project facts as JSON."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["parse-project-page"]:
        args = args[1:]
    if len(args) != 1:
        print(Message("loader.page.usage"), file=sys.stderr)
        return 1
    try:
        facts = read_project_page(Path(args[0]))
    except (OSError, NotAProjectPage) as error:
        print(str(error), file=sys.stderr)
        return 1
    print(json.dumps(facts, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
