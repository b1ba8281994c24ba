"""Issue 7 part A through the real run_ingest: values read as a Swede means them, files read right or refused,
warnings for far-off dates, one file's surprise rejects only that file, and nothing personal in free text."""

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.load import build, read, recognise
from pipelines.load.report import write_rejection_report
from pipelines.load.run import run_ingest

MESSY = Path(__file__).parent.parent / "fixtures" / "messy"
REPO = Path(__file__).parents[2]
OK_TAIL = ("Filen lästes inte in och lagret är oförändrat. Kontrollera filen eller spara den på nytt som xlsx eller "
           "CSV och försök igen; kontakta den som sköter Styrbord om felet återkommer.")


def project_folder(tmp_path: Path, case: str | None, name: str = "raw") -> Path:
    """tmp/<name>/STOK with base/ plus the case's files (a case file replaces the base file with the same stem)."""
    folder = tmp_path / name / "STOK"
    folder.mkdir(parents=True)
    case_files = sorted((MESSY / case).iterdir()) if case else []
    replaced = {p.stem.lower() for p in case_files}
    for path in sorted((MESSY / "base").iterdir()):
        if path.stem.lower() not in replaced:
            shutil.copy(path, folder / path.name)
    for path in case_files:
        shutil.copy(path, folder / path.name)
    return folder


def load(tmp_path: Path, case: str, **kwargs):
    return run_ingest(project_folder(tmp_path, case), tmp_path / "wh", **kwargs)


def query(tmp_path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def rows(frame) -> list[tuple]:
    return [(r.file_name, r.sheet if isinstance(r.sheet, str) else None, int(r.line), r.column_name, r.reason)
            for r in frame.itertuples(index=False)]


def report(result, file_name: str, sheet: str | None = None):
    return next(f for f in result.files if f.file_name == file_name and f.sheet == sheet)


def tree_hash(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root, by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------- amounts
def test_a_dot_thousands_column_reads_30_000_dash_and_30_000_dot_as_thirty_thousand(tmp_path):
    result = load(tmp_path, "belopp_punkt_tusental")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert query(tmp_path, "select voucher, amount_sek from ledger_entry order by voucher") == [
        ("V1", 30000), ("V2", 30000), ("V3", 1251), ("V4", -2500), ("V5", 500), ("V6", -1200), ("V7", 12500)]


def test_an_english_export_reads_18_500_as_eighteen_thousand_five_hundred(tmp_path):
    result = load(tmp_path, "belopp_engelsk_export")
    assert result.ok, result.messages
    assert query(tmp_path, "select voucher, amount_sek, text from ledger_entry order by voucher") == [
        ("V1", 18500, "Speaker"), ("V2", 1235, "Travel"), ("V3", 2000, "Hotel"), ("V4", -351, "Refund")]


def test_an_amount_nothing_decides_is_thousands_since_ore_have_two_digits(tmp_path):
    result = load(tmp_path, "belopp_utan_ledtrad")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert query(tmp_path, "select voucher, amount_sek from ledger_entry order by voucher") == [
        ("V1", 12500), ("V2", 30000), ("V3", 4000), ("V4", 18500)]


def test_a_number_the_column_does_not_decide_is_rejected_showing_both_readings(tmp_path):
    result = load(tmp_path, "tal_tvetydigt")
    assert result.ok, result.messages
    assert rows(result.rejections) == [
        ("delmal.csv", None, 2, "Målvärde", "Talet '1.500' kan läsas som 1,5 (punkt som decimaltecken) eller 1 500 "
         "(punkt som tusentalsavgränsare), och kolumnens övriga värden avgör inte vilket; skriv 1,5 eller 1500")]
    assert query(tmp_path, "select goal_id, target from goal") == [("D2", 40.0)]


# ---------------------------------------------------------------------------------------------- reading
def test_a_csv_saved_on_a_mac_reads_undersköterska(tmp_path):
    raw = (MESSY / "mac_roman" / "personal.csv").read_bytes()
    assert raw.decode("cp1252").count("Underskšterska") == 1  # what the old reader stored
    result = load(tmp_path, "mac_roman")
    assert result.ok, result.messages
    assert query(tmp_path, "select occupation from person order by occupation") == [
        ("Drifttekniker",), ("Ingenjör",), ("Undersköterska",), ("Vårdbiträde",), ("Äldreomsorgschef",)]


def test_a_column_given_twice_refuses_the_file_naming_it(tmp_path):
    result = load(tmp_path, "dubbel_kolumn")
    message = ("huvudbok.csv: kolumnen 'Belopp' finns två gånger (kolumn B och D), så det går inte att veta vilken "
               "som gäller. Ta bort eller byt namn på den ena och läs in igen.")
    assert not result.ok
    assert result.messages == ["Inget lästes in: rätta felen nedan och försök igen.", message]
    assert (report(result, "huvudbok.csv").outcome, report(result, "huvudbok.csv").message) == ("avvisad", message)
    assert not (tmp_path / "wh" / "warehouse.duckdb").exists()


def test_a_survey_question_given_twice_refuses_the_export(tmp_path):
    result = load(tmp_path, "enkat_dubbel_fraga")
    message = ("hme.csv: frågan H1 finns i två kolumner ('H1' och 'Jag lär nytt och utvecklas i mitt dagliga "
               "arbete'), så det går inte att veta vilka svar som gäller. Ta bort den ena kolumnen och läs in igen.")
    assert not result.ok
    assert message in result.messages
    assert (report(result, "hme.csv").outcome, report(result, "hme.csv").message) == ("avvisad", message)


def test_the_visible_sheet_is_read_and_the_hidden_stale_one_is_named_in_a_note(tmp_path):
    result = load(tmp_path, "dolt_blad")
    assert result.ok, result.messages
    assert query(tmp_path, "select activity_id, name, hours from activity order by activity_id") == [
        ("A1", "Workshop bemötande", 3.5), ("A2", "Föreläsning kommunikation", 2.0)]
    note = ("aktiviteter.xlsx: det dolda bladet 'Aktiviteter (gammal)' lästes inte in, bara de synliga. Visa bladet "
            "i Excel om det ska med.")
    assert note in result.messages
    assert [f.sheet for f in result.files if f.file_name == "aktiviteter.xlsx"] == ["Aktiviteter"]


def test_merged_cells_belong_to_every_row_and_a_note_beside_the_table_is_left_out(tmp_path):
    result = load(tmp_path, "sammanfogade_celler")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert query(tmp_path, "select activity_id, date, hours from attendance order by activity_id, hours") == [
        ("A1", dt.date(2025, 3, 14), 1.5), ("A1", dt.date(2025, 3, 14), 3.5), ("A1", dt.date(2025, 3, 14), 3.5),
        ("A2", dt.date(2025, 3, 21), 2.0), ("A2", dt.date(2025, 3, 21), 2.0)]
    assert report(result, "narvaro.xlsx", "Närvaro").message == (
        "Inläst som Närvaro: 5 rader. Text i kolumner utan rubrik till höger om tabellen (rad 4) lästes inte in; "
        "ge kolumnen en rubrik om den ska med.")


def test_a_note_beside_a_csv_table_is_left_out_but_a_split_number_is_still_rejected(tmp_path):
    result = load(tmp_path, "anteckning_bredvid")
    assert result.ok, result.messages
    assert rows(result.rejections) == [
        ("narvaro.csv", None, 4, None, "Raden har 5 värden men rubrikraden har 4 kolumner; kontrollera avgränsaren "
         "(; eller ,) och sätt citattecken runt värden som innehåller den, t.ex. tal med decimalkomma")]
    assert query(tmp_path, "select activity_id, hours from attendance") == [("A1", 3.5), ("A1", 3.5)]
    assert ("narvaro.csv: text i kolumner utan rubrik till höger om tabellen (rad 3) lästes inte in; ge kolumnen en "
            "rubrik om den ska med.") in result.messages


def test_invisible_characters_are_stripped_and_shown_when_a_message_quotes_a_value(tmp_path):
    result = load(tmp_path, "osynliga_tecken")
    assert result.ok, result.messages
    # the second export's header (after its BOM) is not a row; the zero-width spaces are gone from the ids
    assert report(result, "narvaro.csv").rows_read == 4
    assert rows(result.rejections) == [
        ("narvaro.csv", None, 6, "Aktivitets-id", "Aktivitets-id 'A<U+00A0>9' finns inte i aktivitetsfilen")]
    assert query(tmp_path, "select activity_id, date, hours from attendance order by activity_id") == [
        ("A1", dt.date(2025, 3, 14), 3.5), ("A1", dt.date(2025, 3, 14), 3.5), ("A2", dt.date(2025, 3, 21), 2.0)]


def test_a_password_protected_workbook_is_reported_as_encrypted(tmp_path):
    assert (MESSY / "losenordsskyddad" / "personal.xlsx").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    result = load(tmp_path, "losenordsskyddad")
    assert not result.ok
    assert result.messages[1] == (
        "personal.xlsx: Excel-filen är lösenordsskyddad (krypterad) och kan inte läsas. Öppna den i Excel, ta bort "
        "lösenordet (Arkiv > Info > Skydda arbetsbok > Kryptera med lösenord, töm fältet) och spara den utan "
        "lösenord, eller spara den som CSV.")


# ---------------------------------------------------------------------------------------------- dates
FAR_WARNINGS = [
    ("huvudbok.csv", None, 2, "Datum", "Datumet 2052-03-14 ligger långt efter projektets slut (projektperioden är "
     "2025-01-01–2026-12-31); raden lästes in, men kontrollera årtalet"),
    ("huvudbok.csv", None, 3, "Datum", "Datumet 2024-01-15 ligger långt före projektets start (projektperioden är "
     "2025-01-01–2026-12-31); raden lästes in, men kontrollera årtalet"),
]


def test_dates_far_outside_the_project_are_kept_and_listed_as_warnings(tmp_path):
    result = load(tmp_path, "datum_utanfor_perioden")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert rows(result.warnings) == FAR_WARNINGS  # 2024-11-01, two months before the start, is no warning
    assert report(result, "huvudbok.csv").warnings == 2
    assert report(result, "huvudbok.csv").message == "Inläst som Huvudbok: 4 rader, 2 varningar"
    assert query(tmp_path, "select voucher, date from ledger_entry order by voucher") == [
        ("V1", dt.date(2052, 3, 14)), ("V2", dt.date(2024, 1, 15)), ("V3", dt.date(2025, 6, 30)),
        ("V4", dt.date(2024, 11, 1))]
    path = write_rejection_report(result, tmp_path / "rapport.xlsx")
    sheet = openpyxl.load_workbook(path)["Varningar"]
    assert [c.value for c in sheet[1]] == ["Fil", "Blad", "Rad", "Kolumn", "Varning"]
    assert [c.value for c in sheet[2]] == ["huvudbok.csv", None, 2, "Datum", FAR_WARNINGS[0][4]]


def test_the_command_line_prints_the_warnings(tmp_path):
    folder = project_folder(tmp_path, "datum_utanfor_perioden")
    run = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(folder), "--check",
                          "--report", str(tmp_path / "r.xlsx")], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "2 varningar (raderna lästes in, men kontrollera dem):" in run.stdout
    assert f"  huvudbok.csv rad 2, Datum: {FAR_WARNINGS[0][4]}" in run.stdout
    assert f"0 avvisade rader och 2 varningar finns i {tmp_path / 'r.xlsx'}" in run.stdout


def test_iso_stamps_with_a_zone_and_excel_serials_with_a_time(tmp_path):
    result = load(tmp_path, "datum_med_tid")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    # 23:30 UTC on 20 March is 00:30 on 21 March in Sweden
    assert query(tmp_path, "select activity_id, date, count(*) from attendance group by all order by 1") == [
        ("A1", dt.date(2025, 3, 14), 3), ("A2", dt.date(2025, 3, 21), 1)]


def test_budget_periods_in_the_forms_people_write_them(tmp_path):
    result = load(tmp_path, "budgetperioder")
    assert result.ok, result.messages
    assert rows(result.rejections) == [
        ("budget.xlsx", "Budget", 7, "Period", "Perioden 'våren 2025' känns inte igen; skriv 2025-03 (månad), "
         "2025-Q1 (kvartal) eller 2025 (år)")]
    assert query(tmp_path, "select amount_sek, period_start, period_end from budget_plan order by amount_sek") == [
        (10000, dt.date(2025, 2, 1), dt.date(2025, 2, 28)),    # an Excel date cell: its month
        (20000, dt.date(2025, 1, 1), dt.date(2025, 3, 31)),    # 2025 Q1
        (30000, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),    # Q3 2025
        (40000, dt.date(2025, 10, 1), dt.date(2025, 12, 31)),  # Kv4 2025
        (50000, dt.date(2025, 1, 1), dt.date(2025, 1, 31)),    # jan-25
    ]


def test_a_percent_sign_in_a_percentage_column(tmp_path):
    result = load(tmp_path, "procent")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert query(tmp_path, "select goal_id, baseline, target from goal") == [("D1", 0.0, 80.0)]
    assert query(tmp_path, "select goal_id, value, status from goal_measurement") == [("D1", 62.5, "yellow")]


# ---------------------------------------------------------------------------------------------- survey answers
def test_no_answer_labels_and_unknown_genders_never_drop_a_respondent(tmp_path):
    result = load(tmp_path, "enkat_ej_svar")
    assert result.ok, result.messages
    assert rows(result.rejections) == []
    assert rows(result.warnings) == [
        ("hme.csv", None, 6, "Kön", "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt; värdet "
         "lästes som okänt")]
    answers = query(tmp_path, "select gender, unit_id, item_id, answer from survey_response "
                              "order by unit_id, gender nulls last, item_id")
    assert answers == [
        ("K", "HT", "H1", 5), ("K", "HT", "H7", 4),  # Kvinna: "Ej aktuellt" is no answer
        (None, "HT", "H4", 3),                        # Vill ej svara, with two no-answer labels
        (None, "OMS", "H1", 3), (None, "OMS", "H4", 3), (None, "OMS", "H7", 3),  # Q: gender unknown, kept
        (None, "TEK", "H1", 4), (None, "TEK", "H4", 2), (None, "TEK", "H7", 4),  # Okänt and Ej angivet
    ]
    assert query(tmp_path, "select count(distinct respondent_id) from survey_response") == [(5,)]


# ---------------------------------------------------------------------------------------------- free text
NAMES = ("Anna", "Andersson", "Bo", "Berg", "Cecilia", "Ceder-Lind", "David", "Dahl", "Eva", "Ek")


def test_names_and_every_personnummer_form_are_masked_in_free_text(tmp_path):
    result = load(tmp_path, "namn_i_fritext")
    assert result.ok, result.messages
    assert query(tmp_path, "select voucher, text from ledger_entry order by voucher") == [
        ("V1", "Arvode [namn] ÅÅÅÅMMDD-XXXX"),
        ("V2", "Resa för [namn] (ÅÅÅÅMMDD-XXXX)"),
        ("V3", "Kurs för [namn] och [namn] kollega"),
        ("V4", "Material pnr ÅÅÅÅMMDD-XXXX till [namn]"),
        ("V5", "Lunch per person, 12 st"),
    ]
    # in short text (an activity name) whole names are masked
    assert query(tmp_path, "select activity_id, name from activity order by 1") == [
        ("A1", "Workshop bemötande"), ("A2", "Handledning med [namn]")]
    assert query(tmp_path, "select title, note from meeting") == [
        ("Styrgrupp 1", "[namn] och [namn] rapporterade; ÅÅÅÅMMDD-XXXX ska inte stå här")]
    # the privacy scan: no name (in any case) and no digits of the personnummer anywhere in the warehouse
    from tests.pipelines.test_privacy_scan import warehouse_text  # noqa: PLC0415

    stored = warehouse_text(tmp_path / "wh", numbers=True)
    leaks = [(where, value) for where, value in stored
             if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", value, re.IGNORECASE) for n in NAMES)
             or "8509214923" in re.sub(r"\D", "", value)]
    assert leaks == []
    assert b"Andersson" not in (tmp_path / "wh" / "warehouse.duckdb").read_bytes()


# ---------------------------------------------------------------------------------------------- fault injection
def _fail_for(name: str, real):
    def reader(path, *args, **kwargs):
        if path.name == name:
            raise RuntimeError("injected")
        return real(path, *args, **kwargs)
    return reader


def test_an_unexpected_error_in_one_files_reader_rejects_that_file_and_keeps_the_report(tmp_path, monkeypatch):
    assert run_ingest(project_folder(tmp_path, None), tmp_path / "wh").ok
    before = tree_hash(tmp_path / "wh")
    monkeypatch.setattr(read, "read_table_file", _fail_for("huvudbok.csv", read.read_table_file))
    result = run_ingest(project_folder(tmp_path, "belopp_punkt_tusental", "again"), tmp_path / "wh")
    message = f"huvudbok.csv: ett oväntat fel uppstod när filen lästes (ett internt fel i Styrbord, RuntimeError). {OK_TAIL}"
    assert not result.ok
    assert result.messages == ["Inget lästes in: rätta felen nedan och försök igen.", message]
    assert (report(result, "huvudbok.csv").outcome, report(result, "huvudbok.csv").message) == ("avvisad", message)
    # the rest of the report is intact
    assert report(result, "personal.csv").message == "Inläst som Personal (HR-export): 5 rader"
    assert report(result, "aktiviteter.csv").message == "Inläst som Aktiviteter: 2 rader"
    assert tree_hash(tmp_path / "wh") == before
    log = (tmp_path / "reports" / "ingest.log").read_text(encoding="utf-8")
    assert "RuntimeError: injected" in log


def test_an_unexpected_error_in_the_only_file_leaves_the_warehouse_byte_identical(tmp_path, monkeypatch):
    assert run_ingest(project_folder(tmp_path, None), tmp_path / "wh").ok
    before = tree_hash(tmp_path / "wh")
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(MESSY / "belopp_punkt_tusental" / "huvudbok.csv", only / "huvudbok.csv")
    monkeypatch.setattr(read, "read_table_file", _fail_for("huvudbok.csv", read.read_table_file))
    result = run_ingest(only, tmp_path / "wh", project_id="STOK")
    assert not result.ok
    assert [(f.file_name, f.outcome) for f in result.files] == [("huvudbok.csv", "avvisad")]
    assert tree_hash(tmp_path / "wh") == before


def test_an_unexpected_error_in_one_kinds_builder_rejects_its_files_only(tmp_path, monkeypatch):
    assert run_ingest(project_folder(tmp_path, None), tmp_path / "wh").ok
    before = tree_hash(tmp_path / "wh")

    def broken(batch, validated):
        raise KeyError("amount")

    monkeypatch.setitem(build.BUILDERS, "ledger_entry", broken)
    result = run_ingest(project_folder(tmp_path, "belopp_punkt_tusental", "again"), tmp_path / "wh")
    message = ("huvudbok.csv: ett oväntat fel uppstod när filen lades ihop till huvudbok (en kolumn eller ett värde "
               f"som väntades saknades, KeyError). {OK_TAIL}")
    assert not result.ok
    assert result.messages == ["Inget lästes in: rätta felen nedan och försök igen.", message]
    assert report(result, "huvudbok.csv").outcome == "avvisad"
    assert report(result, "personal.csv").message == "Inläst som Personal (HR-export): 5 rader"
    assert tree_hash(tmp_path / "wh") == before


def test_an_unexpected_error_while_checking_one_file_rejects_that_file(tmp_path, monkeypatch):
    real = recognise.validate_table

    def validate(raw, kind, **kwargs):
        if raw.file_name == "aktiviteter.csv":
            raise TypeError("injected")
        return real(raw, kind, **kwargs)

    monkeypatch.setattr(recognise, "validate_table", validate)
    result = load(tmp_path, "belopp_punkt_tusental", check=True)
    message = ("aktiviteter.csv: ett oväntat fel uppstod när filen kontrollerades (ett värde av oväntad typ, "
               f"TypeError). {OK_TAIL}")
    assert not result.ok
    assert message in result.messages
    assert report(result, "huvudbok.csv").message == "Inläst som Huvudbok: 7 rader"
