"""The data contract: every file kind a project delivers, its columns, types and allowed values."""
from __future__ import annotations

from dataclasses import dataclass, field

# Column types understood by validate.py:
#   id        text key, trimmed, kept as typed (no masking; ids are not free text)
#   text      short text, trimmed; personnummer patterns masked
#   freetext  longer text (ledger text, comments, notes); personnummer patterns masked
#   int       whole number
#   decimal   number with decimal comma or point
#   money     amount in kronor ("1 234 567 kr", "30 000,-"), stored as whole kronor; the decimal mark is decided
#             from the whole column
#   date      ISO, ISO with time, d/m/yyyy or Excel serial number
#   enum      one of `allowed` (or a synonym in `synonyms`)
#   gender    K / M / X / blank (Kvinna, Man, female, ...)
#   personnummer  10 or 12 digits with Luhn check; never stored, only hashed
#   list      values separated by `;` or `,`
#   period    2025-03 / mars 2025 / jan-25 (month), 2025-Q1 / Q3 2025 / Kv4 2025 (quarter), 2025 (year), a date


@dataclass(frozen=True)
class Column:
    """One column of a file kind: canonical name, headers, type and rules."""

    name: str
    sv: str
    en: str
    type: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    example: str = ""
    description: str = ""

    def headers(self) -> tuple[str, ...]:
        """All header spellings that map to this column."""
        return (self.sv, self.en, self.name, *self.aliases)


@dataclass(frozen=True)
class FileKind:
    """A kind of file a project delivers and the columns it may hold."""

    kind: str
    title: str
    stems: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str = ""
    one_of: tuple[tuple[str, ...], ...] = ()

    def title_in(self, lang: str = "sv") -> str:
        """The kind's name in Swedish (title) or English (KIND_TITLES_EN)."""
        return KIND_TITLES_EN.get(self.kind, self.title) if lang == "en" else self.title

    def column(self, name: str) -> Column:
        """The column with this canonical name."""
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        """Canonical names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)


GENDER_HELP = "K, M, X (annat) eller tomt"
PERSON_HELP = "Anställningsnummer eller personnummer (minst ett av dem)"

ROLES = ("chef", "medarbetare", "förtroendevald")
ROLE_SYNONYMS = {"manager": "chef", "ledare": "chef", "employee": "medarbetare", "anstalld": "medarbetare",
                 "politiker": "förtroendevald", "politician": "förtroendevald", "elected": "förtroendevald",
                 "fortroendevalda": "förtroendevald"}
COST_HEADINGS = ("personal", "köp av tjänst", "lokal", "resa", "materiel", "indirekta kostnader", "deltagarlön")
COST_HEADING_SYNONYMS = {
    "lon personal": "personal", "lonekostnader": "personal", "staff": "personal",
    "kop av tjanster": "köp av tjänst", "externa tjanster": "köp av tjänst", "purchased services": "köp av tjänst",
    "lokaler": "lokal", "premises": "lokal", "resor": "resa", "travel": "resa", "material": "materiel",
    "materials": "materiel", "indirekta utgifter": "indirekta kostnader", "indirect costs": "indirekta kostnader",
    "deltagarloner": "deltagarlön", "participant pay": "deltagarlön",
}
FINANCING_SOURCES = ("esf", "deltagarlön", "offentlig medfinansiering", "kontant", "bidrag i annat än pengar")
FINANCING_SYNONYMS = {
    "esf stod": "esf", "esfstod": "esf", "esf support": "esf", "deltagarloner": "deltagarlön",
    "participant pay": "deltagarlön", "offentlig kontant medfinansiering": "offentlig medfinansiering",
    "public cofinancing": "offentlig medfinansiering", "kontanta medel": "kontant", "cash": "kontant",
    "in kind": "bidrag i annat än pengar", "bidrag i annat an pengar": "bidrag i annat än pengar",
}
ACTIVITY_TYPES = ("föreläsning", "workshop", "konferens", "e-lärande", "jobbskuggning", "transnationell resa",
                  "annat")
ACTIVITY_SYNONYMS = {"lecture": "föreläsning", "forelasningar": "föreläsning", "conference": "konferens",
                     "e learning": "e-lärande", "elarande": "e-lärande", "webbutbildning": "e-lärande",
                     "job shadowing": "jobbskuggning", "transnational trip": "transnationell resa",
                     "studieresa": "transnationell resa", "mobilitet": "transnationell resa", "other": "annat",
                     "utbildning": "annat", "seminarium": "workshop"}
COMPUTED_GOALS = ("share_improved", "share_certified", "ambassadors_per_unit", "participants",
                  "share_target_group_reached", "training_hours", "hme_total")
COMPUTED_GOAL_HELP = {
    "share_improved": "Andel (%) av de personer som svarat i både baslinje och uppföljning vars medelnivå över "
                      "alla kompetensområden har ökat. Underlag (n): personer med svar i båda omgångarna.",
    "share_certified": "Andel (%) av deltagarna (minst en aktivitet med timmar > 0, inom målets fokusområde om ett "
                       "sådant anges) som har ett valideringsintyg. Underlag: deltagarna.",
    "ambassadors_per_unit": "Antal ambassadörer delat med antal förvaltningar (toppnivån i enhetsträdet). "
                            "Underlag: ambassadörerna.",
    "participants": "Antal olika personer med minst en aktivitet med timmar > 0 (inom målets fokusområde "
                    "om ett sådant anges). Underlag: deltagarna.",
    "share_target_group_reached": "Deltagare (inom målets fokusområde om ett sådant anges) i procent av alla "
                                  "personer i personalfilen (målgruppen). Underlag: personerna i målgruppen.",
    "training_hours": "Summa närvarotimmar (inom målets fokusområde om ett sådant anges). Underlag: deltagarna.",
    "hme_total": "HME-totalindex 0–100 i den senaste uppföljningen: medel av (svar − 1) × 25 över alla nio "
                 "frågor, per svarande, sedan medel över svarande. Underlag: svarande.",
}

_emp = Column("employee_id", "Anställningsnummer", "Employee number", "id",
              aliases=("Anst.nr", "Anstnr", "Anställningsnr", "Anst nr", "Employee id", "Personalnummer",
                       "Emp no"),
              example="1043", description="Personens anställningsnummer, unikt i projektet.")
_pnr = Column("personnummer", "Personnummer", "Personal identity number", "personnummer",
              aliases=("Pnr", "Personnr", "Person nr", "Personal number", "Samordningsnummer"),
              example="19800101-0019",
              description="Lagras aldrig; används bara för att känna igen personen (nyckelad hash).")
_unit = Column("unit_id", "Enhets-id", "Unit id", "id", aliases=("Enhetsid", "Enhetskod", "Unit code"),
               example="E11")
_date = Column("date", "Datum", "Date", "date", required=True, example="2025-03-14")

KINDS: dict[str, FileKind] = {}


def _kind(kind: FileKind) -> FileKind:
    KINDS[kind.kind] = kind
    return kind


_kind(FileKind(
    "project", "Projektfakta", ("projekt", "project", "projektfakta", "project_facts"),
    description="En rad med projektets fakta. Kan ersättas av projektets sida i ESF-rådets projektbank "
                "sparad som text (.txt); projekt-id blir då mappens namn.",
    columns=(
        Column("project_id", "Projekt-id", "Project id", "id", True, ("Projektid", "Projektnummer",
               "Diarienummer"), example="FIX", description="Kort id utan mellanslag: bokstäver, siffror, - och _."),
        Column("name", "Projektnamn", "Project name", "text", True, ("Namn", "Projekt"),
               example="Kompetenslyft Exempelby"),
        Column("programme_area", "Programområde", "Programme area", "text",
               example="Programområde 1 Kompetensförsörjning"),
        Column("phase", "Projektfas", "Phase", "enum", allowed=("Förprojektering", "Mobilisering",
               "Genomförande", "Avslutad"), synonyms={"pre project": "Förprojektering", "mobilisation":
               "Mobilisering", "implementation": "Genomförande", "closed": "Avslutad", "avslutat": "Avslutad"},
               example="Genomförande"),
        Column("owner", "Projektägare", "Project owner", "text", example="Kommunstyrelsen"),
        Column("contact_person", "Kontaktperson", "Contact person", "text",
               description="Läses men lagras inte (inga namn i lagret)."),
        Column("email", "E-post", "E-mail", "text", description="Läses men lagras inte."),
        Column("phone", "Telefonnummer", "Phone", "text", aliases=("Telefon",),
               description="Läses men lagras inte."),
        Column("esf_grant_sek", "Beviljat ESF-stöd", "Granted ESF support", "money", True,
               ("ESF-stöd", "ESF stöd kr"), example="1 200 000 kr"),
        Column("total_budget_sek", "Total projektbudget", "Total budget", "money", True,
               ("Projektbudget", "Budget"), example="1 500 000 kr"),
        Column("start_date", "Startdatum", "Start date", "date", True, ("Projektstart", "Start"),
               example="2025-01-01"),
        Column("end_date", "Slutdatum", "End date", "date", True, ("Projektslut", "Slut"), example="2025-12-31"),
        Column("region", "Region", "Region", "text", example="Sydsverige"),
        Column("municipalities", "Kommuner", "Municipalities", "list", True, ("Kommun",),
               example="Exempelby", description="Flera kommuner skiljs med ; eller ,"),
        Column("participating_actors", "Deltagande aktörer", "Participating actors", "text"),
        Column("partners", "Samarbetspartners", "Partners", "text"),
    )))

_kind(FileKind(
    "org_unit", "Enheter", ("enheter", "units", "org_unit", "organisation", "forvaltningar", "avdelningar"),
    description="Organisationens förvaltningar, avdelningar och enheter. Toppnivån (utan överordnad enhet) "
                "räknas som förvaltning i rapporterna.",
    columns=(
        Column("unit_id", "Enhets-id", "Unit id", "id", True, ("Enhetsid", "Enhetskod", "Unit code"),
               example="E11"),
        Column("name", "Enhet", "Unit", "text", True, ("Enhetsnamn", "Unit name", "Namn"),
               example="Hemtjänst Norr"),
        Column("municipality", "Kommun", "Municipality", "text", True, example="Exempelby"),
        Column("parent_unit_id", "Överordnad enhet", "Parent unit", "id", aliases=("Överordnad",
               "Parent unit id", "Tillhör"), example="E1"),
        Column("unit_type", "Enhetstyp", "Unit type", "enum", allowed=("förvaltning", "avdelning", "enhet"),
               synonyms={"department": "förvaltning", "division": "avdelning", "unit": "enhet"},
               example="enhet"),
    )))

_kind(FileKind(
    "person", "Personal (HR-export)", ("personal", "people", "person", "personer", "anstallda", "hr",
                                       "employees", "malgrupp"),
    description="Målgruppen: en rad per anställd. Namn och andra personuppgifter läses aldrig in; "
                "personnumret används bara för att känna igen personen.",
    one_of=(("employee_id", "personnummer"),),
    columns=(
        _emp, _pnr,
        Column("gender", "Kön", "Gender", "gender", aliases=("Sex", "Juridiskt kön"),
               allowed=("K", "M", "X"), example="K",
               description="K, M, X eller tomt. Saknas kolumnen eller värdet tas könet från personnumret."),
        Column("birth_year", "Födelseår", "Birth year", "int", aliases=("Född", "Year of birth"),
               example="1980", description="Tas från personnumret när det saknas."),
        Column("unit_id", "Enhets-id", "Unit id", "id", True, ("Enhetsid", "Enhetskod", "Unit code"),
               example="E11"),
        Column("occupation", "Befattning", "Occupation", "text", aliases=("Yrke", "Titel", "Job title"),
               example="Undersköterska"),
        Column("role", "Roll", "Role", "enum", True, allowed=ROLES, synonyms=ROLE_SYNONYMS,
               example="medarbetare"),
        Column("employment_form", "Anställningsform", "Employment form", "enum",
               allowed=("tillsvidare", "visstid", "timavlönad"),
               synonyms={"permanent": "tillsvidare", "tillsvidareanstalld": "tillsvidare",
                         "fixed term": "visstid", "visstidsanstalld": "visstid", "hourly": "timavlönad",
                         "timanstalld": "timavlönad"}, example="tillsvidare"),
        Column("education_level", "Utbildningsnivå", "Education level", "enum",
               allowed=("grundskola", "gymnasium", "eftergymnasial"),
               synonyms={"compulsory": "grundskola", "upper secondary": "gymnasium", "gymnasial": "gymnasium",
                         "post secondary": "eftergymnasial", "hogskola": "eftergymnasial",
                         "universitet": "eftergymnasial"}, example="gymnasium"),
        Column("hourly_wage_cost_sek", "Timkostnad inkl. sociala avgifter", "Hourly wage cost", "decimal",
               aliases=("Timkostnad", "Timlön inkl soc avg", "Hourly cost"), example="312,50",
               description="Kronor per timme inklusive sociala avgifter; ger deltagarlönen."),
    )))

_kind(FileKind(
    "focus_area", "Fokusområden", ("fokusomraden", "focus_areas", "fokusomrade", "focus_area"),
    columns=(
        Column("focus_area_id", "Fokusområdes-id", "Focus area id", "id", True, ("Fokusområde-id", "FO-id"),
               example="F1"),
        Column("name", "Fokusområde", "Focus area", "text", True, ("Namn",), example="Bemötande"),
        Column("description", "Beskrivning", "Description", "freetext"),
        Column("target_participants", "Målvärde deltagare", "Target participants", "int",
               aliases=("Mål deltagare",), example="40"),
    )))

_kind(FileKind(
    "activity", "Aktiviteter", ("aktiviteter", "activities", "aktivitet", "activity", "insatser"),
    columns=(
        Column("activity_id", "Aktivitets-id", "Activity id", "id", True, ("Aktivitetsid", "Akt-id"),
               example="A1"),
        Column("name", "Aktivitet", "Activity", "text", True, ("Aktivitetsnamn", "Namn"),
               example="Workshop bemötande"),
        Column("focus_area_id", "Fokusområdes-id", "Focus area id", "id", True, ("Fokusområde-id", "FO-id"),
               example="F1"),
        Column("activity_type", "Typ", "Type", "enum", True, ("Aktivitetstyp", "Activity type"),
               allowed=ACTIVITY_TYPES, synonyms=ACTIVITY_SYNONYMS, example="workshop"),
        Column("start_date", "Startdatum", "Start date", "date", True, ("Datum", "Start"), example="2025-03-14"),
        Column("end_date", "Slutdatum", "End date", "date", aliases=("Slut",), example="2025-03-14"),
        Column("hours", "Timmar per deltagare", "Hours per participant", "decimal", True, ("Timmar", "Hours"),
               example="3,5"),
        Column("planned_participants", "Planerat antal deltagare", "Planned participants", "int",
               aliases=("Planerade deltagare",), example="20"),
        Column("planned_cost_sek", "Planerad kostnad", "Planned cost", "money", aliases=("Kostnad",),
               example="25 000 kr"),
    )))

_kind(FileKind(
    "attendance", "Närvaro", ("narvaro", "attendance", "narvarolista", "deltagande"),
    description="En rad per person, aktivitet och datum. 0 timmar = anmäld men kom inte.",
    one_of=(("employee_id", "personnummer"),),
    columns=(
        Column("activity_id", "Aktivitets-id", "Activity id", "id", True, ("Aktivitetsid", "Akt-id"),
               example="A1"),
        _emp, _pnr, _date,
        Column("hours", "Timmar", "Hours", "decimal", True, ("Närvarotimmar", "Tid"), example="3,5",
               description="0 = anmäld men uteblev."),
    )))

_kind(FileKind(
    "survey", "Enkäter", ("enkater", "surveys", "enkat", "survey"),
    description="En rad per enkätomgång; kolumnen Fil namnger exportfilen (en rad per svarande) i samma mapp.",
    columns=(
        Column("survey_id", "Enkät-id", "Survey id", "id", True, ("Enkätid",), example="K-BAS"),
        Column("kind", "Typ", "Kind", "enum", True, ("Enkättyp", "Survey kind"), allowed=("kompetens", "hme"),
               synonyms={"kompetenskartlaggning": "kompetens", "competence": "kompetens",
                         "medarbetarenkat": "hme"}, example="kompetens"),
        Column("wave", "Omgång", "Wave", "enum", True, ("Mätning",), allowed=("baslinje", "uppföljning"),
               synonyms={"baseline": "baslinje", "fore": "baslinje", "start": "baslinje",
                         "follow up": "uppföljning", "followup": "uppföljning", "efter": "uppföljning",
                         "slut": "uppföljning"}, example="baslinje"),
        _date,
        Column("file", "Fil", "File", "text", True, ("Filnamn", "File name", "Export"),
               example="kompetens_baslinje.csv"),
    )))

_kind(FileKind(
    "survey_item", "Enkätfrågor", ("fragor", "survey_items", "fragekatalog", "items", "enkatfragor"),
    columns=(
        Column("item_id", "Fråge-id", "Item id", "id", True, ("Frågeid", "Fråga-id"), example="K1"),
        Column("item_text", "Frågetext", "Item text", "text", True, ("Fråga", "Question"),
               example="Jag vet hur jag bemöter en upprörd medborgare"),
        Column("survey_kind", "Enkättyp", "Survey kind", "enum", True, ("Typ",), allowed=("kompetens", "hme"),
               synonyms={"competence": "kompetens", "medarbetarenkat": "hme"}, example="kompetens"),
        Column("competence_area", "Kompetensområde", "Competence area", "text", example="Bemötande"),
        Column("hme_index", "HME-delindex", "HME index", "enum", aliases=("Delindex",),
               allowed=("motivation", "ledarskap", "styrning"),
               synonyms={"leadership": "ledarskap", "governance": "styrning"}, example=""),
        Column("scale_min", "Skala min", "Scale min", "int", True, example="1"),
        Column("scale_max", "Skala max", "Scale max", "int", True, example="4"),
    )))

_kind(FileKind(
    "survey_export", "Enkätexport (svar)", (),
    description="Exporten från enkätverktyget: en rad per svarande och en kolumn per fråga (fråge-id eller "
                "frågetext som rubrik), svar 1..skala max; tomt eller \"Vet ej\" = inget svar. Filen namnges i "
                "enkätfilens kolumn Fil. Anonyma enkäter (HME) saknar anställningsnummer men kan ha Kön och "
                "Enhets-id.",
    columns=(
        _emp, _pnr,
        Column("gender", "Kön", "Gender", "gender", aliases=("Sex",), example="K"),
        Column("unit_id", "Enhets-id", "Unit id", "id", aliases=("Enhetsid", "Enhetskod", "Unit code",
               "Enhet"), example="E11"),
    )))

_kind(FileKind(
    "competence_requirement", "Kravnivåer", ("kravnivaer", "requirements", "kravniva", "kompetenskrav"),
    description="Kravnivå per kompetensområde, för en roll och/eller enhet (båda tomma = alla). Mest specifika "
                "regeln gäller: roll och enhet > roll > enhet > alla.",
    columns=(
        Column("competence_area", "Kompetensområde", "Competence area", "text", True, example="Bemötande"),
        Column("role", "Roll", "Role", "enum", allowed=ROLES, synonyms=ROLE_SYNONYMS, example=""),
        _unit,
        Column("required_level", "Kravnivå", "Required level", "decimal", True, ("Krav",), example="3"),
    )))

_kind(FileKind(
    "budget_plan", "Budget", ("budget", "budget_plan", "budgetplan"),
    columns=(
        Column("period", "Period", "Period", "period", True, example="2025-Q1",
               description="Månad (2025-03, mars 2025, jan-25), kvartal (2025-Q1, Q3 2025, Kv4 2025), år (2025) "
                           "eller ett datum (dess månad)."),
        Column("cost_heading", "Kostnadsslag", "Cost heading", "enum", True, ("Kostnadspost",),
               allowed=COST_HEADINGS, synonyms=COST_HEADING_SYNONYMS, example="personal"),
        Column("financing_source", "Finansiär", "Financing source", "enum", True, ("Finansiering",
               "Finansieringskälla"), allowed=FINANCING_SOURCES, synonyms=FINANCING_SYNONYMS, example="esf"),
        Column("amount_sek", "Belopp", "Amount", "money", True, ("Belopp kr", "Summa"), example="100 000 kr"),
    )))

_kind(FileKind(
    "ledger_entry", "Huvudbok", ("huvudbok", "ledger", "bokforing", "transaktioner", "utfall"),
    description="Utfallet från ekonomisystemet. Konto översätts till kostnadsslag efter BAS-kontoplanen när "
                "kostnadsslag saknas (50–51 lokal, 54 och 4 materiel, 58 resa, 65–69 köp av tjänst, 70–76 "
                "personal).",
    one_of=(("account", "cost_heading"),),
    columns=(
        Column("date", "Datum", "Date", "date", True, ("Bokföringsdatum", "Transaktionsdatum"),
               example="2025-03-31"),
        Column("voucher", "Verifikation", "Voucher", "id", aliases=("Verifikationsnummer", "Ver.nr", "Vernr"),
               example="V1001"),
        Column("account", "Konto", "Account", "id", aliases=("Kontonummer",), example="6550"),
        Column("cost_heading", "Kostnadsslag", "Cost heading", "enum", aliases=("Kostnadspost",),
               allowed=COST_HEADINGS, synonyms=COST_HEADING_SYNONYMS, example="köp av tjänst"),
        Column("amount_sek", "Belopp", "Amount", "money", True, ("Belopp kr", "Summa"), example="12 500 kr"),
        Column("text", "Text", "Text", "freetext", aliases=("Beskrivning", "Verifikationstext"),
               example="Föreläsare bemötande"),
    )))

_kind(FileKind(
    "goal", "Delmål", ("delmal", "goals", "mal", "goal"),
    columns=(
        Column("goal_id", "Delmåls-id", "Goal id", "id", True, ("Delmålsid", "Mål-id"), example="D1"),
        Column("name", "Delmål", "Goal", "text", True, ("Mål",), example="80 % har höjt sin kompetens"),
        Column("indicator", "Indikator", "Indicator", "text", example="Andel som förbättrat sig"),
        Column("unit", "Enhet", "Unit", "enum", True, ("Måttenhet",), allowed=("%", "antal", "dagar", "index"),
               synonyms={"procent": "%", "count": "antal", "number": "antal", "days": "dagar"}, example="%"),
        Column("baseline", "Utgångsvärde", "Baseline", "decimal", example="0"),
        Column("target", "Målvärde", "Target", "decimal", True, example="80"),
        Column("target_date", "Måldatum", "Target date", "date", True, example="2025-12-31"),
        Column("computed_from", "Beräknas från", "Computed from", "enum", aliases=("Beräkning",),
               allowed=COMPUTED_GOALS, example="share_improved",
               description="Tomt = följs upp för hand i mätningsfilen."),
        Column("focus_area_id", "Fokusområdes-id", "Focus area id", "id", aliases=("Fokusområde-id",),
               example="F1"),
    )))

_kind(FileKind(
    "goal_measurement", "Mätningar av delmål", ("matningar", "goal_measurements", "matning", "uppfoljning"),
    columns=(
        Column("goal_id", "Delmåls-id", "Goal id", "id", True, ("Delmålsid", "Mål-id"), example="D3"),
        _date,
        Column("value", "Värde", "Value", "decimal", aliases=("Utfall",), example="12"),
        Column("status", "Status", "Status", "enum", allowed=("grön", "gul", "röd"),
               synonyms={"green": "grön", "yellow": "gul", "red": "röd"}, example="gul"),
        Column("comment", "Kommentar", "Comment", "freetext", example="Fler deltagare behövs"),
    )))

_kind(FileKind(
    "validation_certificate", "Valideringsintyg", ("valideringsintyg", "certificates", "intyg", "validering"),
    one_of=(("employee_id", "personnummer"),),
    columns=(_emp, _pnr, _date,
             Column("competence_area", "Kompetensområde", "Competence area", "text", example="Bemötande"))))

_kind(FileKind(
    "ambassador", "Ambassadörer", ("ambassadorer", "ambassadors", "ambassador"),
    one_of=(("employee_id", "personnummer"),),
    columns=(_emp, _pnr,
             Column("unit_id", "Enhets-id", "Unit id", "id", True, ("Enhetsid", "Enhetskod"), example="E1"),
             Column("start_date", "Startdatum", "Start date", "date", aliases=("Från",), example="2025-02-01"))))

_kind(FileKind(
    "meeting", "Styrgruppsmöten", ("styrgruppsmoten", "meetings", "moten", "styrgrupp"),
    columns=(_date,
             Column("title", "Rubrik", "Title", "text", aliases=("Möte",), example="Styrgrupp 1"),
             Column("note", "Anteckning", "Note", "freetext", aliases=("Anteckningar", "Notes"),
                    example="Budgeten följs"))))

# Warehouse table(s) each kind replaces when a batch contains it.
KIND_TABLES: dict[str, tuple[str, ...]] = {
    "project": ("project",), "org_unit": ("org_unit",), "person": ("person", "person_alias"),
    "focus_area": ("focus_area",), "activity": ("activity",), "attendance": ("attendance",),
    "survey": ("survey", "survey_response"), "survey_item": ("survey_item",),
    "competence_requirement": ("competence_requirement",), "budget_plan": ("budget_plan",),
    "ledger_entry": ("ledger_entry",), "goal": ("goal",), "goal_measurement": ("goal_measurement",),
    "validation_certificate": ("validation_certificate",), "ambassador": ("ambassador",),
    "meeting": ("meeting",),
}

# each kind's English name beside its Swedish title (FileKind.title), for messages read in English
KIND_TITLES_EN = {
    "project": "Project facts", "org_unit": "Units", "person": "Staff (HR export)", "focus_area": "Focus areas",
    "activity": "Activities", "attendance": "Attendance", "survey": "Surveys", "survey_item": "Survey questions",
    "survey_export": "Survey export (answers)", "competence_requirement": "Required levels", "budget_plan": "Budget",
    "ledger_entry": "Ledger", "goal": "Sub-goals", "goal_measurement": "Sub-goal measurements",
    "validation_certificate": "Validation certificates", "ambassador": "Ambassadors",
    "meeting": "Steering-group meetings",
}

# the order kinds are built in (pipelines/load/build.py): each may look up the ones before it
KIND_ORDER = ("project", "org_unit", "person", "focus_area", "activity", "attendance", "survey_item", "survey",
              "competence_requirement", "budget_plan", "ledger_entry", "goal", "goal_measurement",
              "validation_certificate", "ambassador", "meeting")

BASE_TABLES = ("project", "org_unit", "person", "person_alias", "focus_area", "activity", "attendance", "survey",
               "survey_item", "survey_response", "competence_requirement", "budget_plan", "ledger_entry", "goal",
               "goal_measurement", "validation_certificate", "ambassador", "meeting", "ingest_log",
               "ingest_rejection")

# Kinds with a template and a place in docs/data-contract.md, in the order a project leader meets them.
TEMPLATE_KINDS = ("project", "org_unit", "person", "focus_area", "activity", "attendance", "survey",
                  "survey_item", "survey_export", "competence_requirement", "budget_plan", "ledger_entry", "goal",
                  "goal_measurement", "validation_certificate", "ambassador", "meeting")
