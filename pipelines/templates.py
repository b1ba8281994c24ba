"""Write the empty file templates (CSV and xlsx) and docs/data-contract.md from contract.py."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from pipelines.contract import COMPUTED_GOAL_HELP, KIND_TABLES, KINDS, TEMPLATE_KINDS, FileKind
from pipelines.keys import FILE_KEYS, NULLABLE_KEY_COLUMNS, TABLE_KEYS

DEFAULT_TEMPLATE_DIR = Path("data/templates")
DEFAULT_DOC = Path("docs/data-contract.md")
TYPE_NAMES = {
    "id": "id (text)", "text": "text", "freetext": "fritext (personnummer maskeras)", "int": "heltal",
    "decimal": "tal (decimalkomma går bra)", "money": "belopp i kronor", "date": "datum (ÅÅÅÅ-MM-DD)",
    "enum": "ett av de tillåtna värdena", "gender": "kön (K, M, X, tomt)",
    "personnummer": "personnummer (lagras aldrig)", "list": "lista (skilj med ; eller ,)",
    "period": "period (2025-03, 2025-Q1, 2025)",
}
# the survey export has one column per question: the template shows two competence items
SURVEY_EXPORT_EXAMPLE_ITEMS = (("K1", "3"), ("K2", "2"))


def template_rows(kind: FileKind) -> tuple[list[str], list[str]]:
    """The Swedish header row and the example row of a kind's template."""
    columns = [c for c in kind.columns if kind.kind != "project" or c.name not in ("contact_person", "email",
                                                                                    "phone")]
    header = [c.sv for c in columns]
    example = [c.example for c in columns]
    if kind.kind == "survey_export":
        header = [c.sv for c in columns if c.name != "personnummer"]
        example = [c.example for c in columns if c.name != "personnummer"]
        header += [item for item, _ in SURVEY_EXPORT_EXAMPLE_ITEMS]
        example += [answer for _, answer in SURVEY_EXPORT_EXAMPLE_ITEMS]
    return header, example


def template_csv(kind: FileKind) -> bytes:
    """A template as CSV with `;`, UTF-8 with BOM (opens cleanly in Swedish Excel)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(template_rows(kind))
    return buffer.getvalue().encode("utf-8-sig")


def template_file_stem(kind: FileKind) -> str:
    """The file name a project leader should use for this kind (the Swedish stem)."""
    return kind.stems[0] if kind.stems else "enkatexport"


def write_template_xlsx(kind: FileKind, path: Path) -> None:
    """A template workbook: the data sheet with header and example row, and a sheet describing the columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = template_file_stem(kind)
    header, example = template_rows(kind)
    sheet.append(header)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, text in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, len(text) + 2)
    help_sheet = workbook.create_sheet("Kolumner")
    help_sheet.append(["Kolumn", "English", "Obligatorisk", "Typ", "Tillåtna värden", "Beskrivning"])
    for column in kind.columns:
        help_sheet.append([column.sv, column.en, "ja" if column.required else "", TYPE_NAMES[column.type],
                           ", ".join(column.allowed), column.description])
    workbook.properties.creator = "Styrbord"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_timestamps(buffer.getvalue()))


def _fixed_timestamps(xlsx: bytes) -> bytes:
    """The workbook with fixed zip and document times, so regenerating the templates changes no bytes."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", b"2026-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def contract_markdown() -> str:
    """docs/data-contract.md: every kind, column, type, allowed value and computed goal."""
    out = [
        "# Datakontrakt: filerna ett projekt levererar",
        "",
        "<!-- Genererad av `python -m pipelines templates` från pipelines/contract.py. Redigera inte för hand. -->",
        "",
        "Varje projekt har en mapp med sina filer. Filens sort känns igen på filnamnet (svenska eller engelska,",
        "se *Filnamn* nedan; datum och siffror i namnet gör inget) eller, om namnet är okänt, på rubrikerna.",
        "I en xlsx-fil med flera blad kan bladets namn ange sorten. Rubrikerna matchas utan hänsyn till",
        "versaler, mellanslag, punkter och bindestreck, och alias räknas (\"Anst.nr\" = \"Anställningsnummer\").",
        "Okända kolumner läses aldrig in. Namnkolumner (Namn, Förnamn, Efternamn) i filer med personer läses",
        "bara för att maska namnen i fritext och lagras aldrig. Samma kolumn två gånger (eller två rubriker",
        "för samma kolumn) stoppar filen. Tomma mallar finns i `data/templates/`.",
        "",
        "## Format som går bra",
        "",
        "- CSV med semikolon, komma eller tabb; UTF-8 (med eller utan BOM), Windows-1252, ISO-8859-1 eller",
        "  Mac Roman (CSV sparad i Excel på Mac). Osynliga tecken (nollbreddsmellanslag, BOM mitt i filen)",
        "  tas bort; ett meddelande som visar ett värde visar andra osynliga tecken som `<U+00A0>`.",
        "- xlsx: rubrikraden får ligga längre ned än rad 1; formler läses som text och räknas aldrig ut.",
        "  Dolda blad läses inte (det sägs i rapporten). Sammanfogade celler gäller varje rad de täcker.",
        "  Text i en kolumn utan rubrik bredvid tabellen hoppas över. Lösenordsskyddade filer kan inte läsas:",
        "  spara dem utan lösenord.",
        "- Datum: `2025-03-14`, `2025-03-14 08:30`, `2025-03-04T08:00:00+02:00` eller `…Z` (svenskt datum),",
        "  `14/3/2025` (dag först) eller Excels datumnummer, även med klockslag (`45698,375`). Datum långt",
        "  utanför projektperioden (mer än ett halvår före start eller ett år efter slut) läses in men listas",
        "  som varningar.",
        "- Tal och belopp: `1 234 567 kr`, `1 234,50`, `3,5`, `30 000,-`, `500:-`, `(2 500)` och `1 200-`",
        "  (negativa), `80 %`. Decimaltecknet avgörs av kolumnens alla värden: står `1.250,50` i kolumnen är",
        "  `30.000` trettiotusen, står `1,234.50` där är `18,500` artontusen femhundra. Ett belopp i kronor",
        "  har högst två decimaler (ören), så där är tre siffror efter tecknet tusental. Ett annat tal som kan",
        "  läsas på två sätt utan att kolumnen avgör det (`1.500` timmar) avvisas med båda tolkningarna.",
        "- Period: `2025-03`, `mars 2025`, `jan-25` (månad), `2025-Q1`, `2025 Q1`, `Q3 2025`, `Kv4 2025`",
        "  (kvartal), `2025` (år), ett datum (dess månad) eller två datum (`2025-01-01 – 2025-06-30`).",
        "- Kön: `K`, `M`, `X` (annat) eller tomt; även Kvinna, Man, Kvinnor, Män, F, female, male, Annat,",
        "  och Vill ej uppge, Vill ej svara, Okänt, Ej angivet (= okänt). Saknas kön tas det från",
        "  personnumret (näst sista siffran jämn = kvinna). Ett okänt kön i en enkätexport blir okänt med en",
        "  varning; den svarandes svar behålls.",
        "- Personnummer: 10 eller 12 siffror, med eller utan `-`/`+`, kontrollsiffran prövas. Personnumret",
        "  lagras aldrig: det ersätts av en nyckelad hash (HMAC-SHA256). Personnummer i fritext maskeras",
        "  med alla sorters bindestreck (`–`, `—`, hårt bindestreck) och mellanslag, och de anställdas namn",
        "  ur filerna i samma inläsning ersätts med `[namn]`: i fritext (verifikationstext, kommentarer,",
        "  anteckningar) hela namn och för- eller efternamn skrivna med stor bokstav, i korta texter (namn på",
        "  enheter och aktiviteter) bara hela namn.",
        "",
        "## Så fungerar en inläsning",
        "",
        "- `python -m pipelines ingest MAPP` läser en projektmapp eller en mapp med projektmappar.",
        "  `--check` kontrollerar utan att ändra lagret. `--project ID` läser in filer utan projektfil till",
        "  ett projekt som redan finns. `--report FIL` anger var de avvisade raderna skrivs (xlsx eller csv).",
        "- En inläsning ersätter, per projekt, bara de sorters data som finns i mappen; allt annat behålls.",
        "- Rader med fel hoppas över och listas med fil, blad, rad, kolumn och orsak. En fil som inte går att",
        "  läsa alls (fel filtyp, obligatoriska kolumner saknas) stoppar hela inläsningen och lagret är orört.",
        "- Filer som inte känns igen hoppas över med ett meddelande, liksom undermappar vars namn börjar med",
        "  `_` eller `.` (t.ex. `_arkiv`).",
        "- Enkätsvar får vara tal eller svarsetiketter från enkätverktygen (\"Stämmer mycket bra\",",
        "  \"Instämmer helt\"); tomt, \"Vet ej\", \"Ej aktuellt\", \"Ingen åsikt\", \"Vill ej svara\", \"N/A\" och",
        "  liknande räknas som inget svar (listan finns i `pipelines/survey_formats.py`).",
        "- Ett oväntat tekniskt fel i en fil avvisar den filen med ett meddelande på svenska som namnger den;",
        "  resten av rapporten visas, detaljerna skrivs till `data/reports/ingest.log` (bredvid lagret) och",
        "  lagret lämnas orört.",
        "- Slutkod: 0 = klart utan fel, 2 = klart men rader avvisades, 1 = inget lästes in.",
        "",
    ]
    for name in TEMPLATE_KINDS:
        kind = KINDS[name]
        out.append(f"## {kind.title} (`{name}`)")
        out.append("")
        if kind.stems:
            out.append("Filnamn: " + ", ".join(f"`{s}`" for s in kind.stems) + ". Mall: "
                       f"`data/templates/{template_file_stem(kind)}.csv` / `.xlsx`.")
        else:
            out.append(f"Filnamn: det som står i enkätfilens kolumn Fil. Mall: "
                       f"`data/templates/{template_file_stem(kind)}.csv` / `.xlsx`.")
        out.append("")
        if kind.description:
            out.append(kind.description)
            out.append("")
        for group in kind.one_of:
            out.append("Minst en av " + " och ".join(kind.column(g).sv for g in group) + " ska vara ifylld.")
            out.append("")
        out.append("| Kolumn | English | Andra rubriker | Typ | Krävs | Tillåtna värden | Exempel | Beskrivning |")
        out.append("|---|---|---|---|---|---|---|---|")
        for column in kind.columns:
            cells = [column.sv, column.en, ", ".join(column.aliases), TYPE_NAMES[column.type],
                     "ja" if column.required else "", ", ".join(column.allowed), column.example,
                     column.description]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    out += ["## Delmål som beräknas ur data (`Beräknas från`)", "",
            "Värdet räknas ut i instrumentpanelen för det valda lägesdatumet (frågan `dashboard/queries/goals.sql`): "
            "bara närvaro, intyg, ambassadörer (startdatum) och enkäter daterade senast den dagen räknas, så ett "
            "delmål om höjd kompetens kan inte bedömas förrän uppföljningen är gjord.", "", "| Beräknas från | Regel |", "|---|---|"]
    out += [f"| `{key}` | {text} |" for key, text in COMPUTED_GOAL_HELP.items()]
    out += ["", "## Nycklar", "",
            "Varje tabell i lagret har en nyckel: de kolumner som skiljer en rad från alla andra (deklarerade en",
            "gång i `pipelines/keys.py`; inläsningen, testerna och den här sidan läser samma deklaration). En rad i",
            "en fil som upprepar en tidigare rads nyckel avvisas med hänvisning till den första raden. Rader som",
            "läggs till (`--add`) tas bort som dubbletter på tabellens nyckel.", "",
            "| Tabell | Nyckel | Kontrolleras i filen |", "|---|---|---|"]
    for table, key in TABLE_KEYS.items():
        nullable = NULLABLE_KEY_COLUMNS.get(table, frozenset())
        kinds = [kind for kind, tables in KIND_TABLES.items() if tables and tables[0] == table]
        kinds += ["survey_export"] if table == "survey_response" else []  # one row per respondent in the export
        checked = "; ".join(label for kind in kinds for _, label in FILE_KEYS.get(kind, ()))
        out.append(f"| `{table}` | " + ", ".join(f"`{c}`" + (" (får vara tom)" if c in nullable else "")
                                                 for c in key) + f" | {checked} |")
    out += ["", "## Lagring", "",
            "Tabellerna i lagret beskrivs i `docs/architecture.md`. Tillägg utöver den: `project.background`",
            "(avsnittet Bakgrund från en projektbankssida), `ingest_log.sheet` (bladet i en arbetsbok) och",
            "marten `mart_unit` (varje enhet med sin förvaltning, överst i enhetsträdet, och kommun).",
            "Enkätsvar med ett felaktigt värde tas bort ett och ett; övriga svar på samma rad behålls.", ""]
    return "\n".join(out)


def write_all(template_dir: Path = DEFAULT_TEMPLATE_DIR, doc: Path = DEFAULT_DOC) -> list[Path]:
    """Write every template (CSV and xlsx) and the contract document; returns the paths written."""
    template_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TEMPLATE_KINDS:
        kind = KINDS[name]
        stem = template_file_stem(kind)
        csv_path = template_dir / f"{stem}.csv"
        csv_path.write_bytes(template_csv(kind))
        xlsx_path = template_dir / f"{stem}.xlsx"
        write_template_xlsx(kind, xlsx_path)
        written += [csv_path, xlsx_path]
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(contract_markdown(), encoding="utf-8")
    written.append(doc)
    return written
