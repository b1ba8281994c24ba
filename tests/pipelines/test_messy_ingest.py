"""Every messy-corpus case through the real run_ingest: exact accepted rows, values and Swedish rejections."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.load.run import run_ingest

MESSY = Path(__file__).parent.parent / "fixtures" / "messy"
TEST_KEY = "ab" * 32


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch):
    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_KEY)


def kind_stem(path: Path) -> str:
    return path.stem.lower()


def project_folder(tmp_path: Path, case: str, *, without: tuple[str, ...] = ()) -> Path:
    """tmp/raw/STOK with base/ plus the case's files (a case file replaces the base file with the same stem)."""
    folder = tmp_path / "raw" / "STOK"
    folder.mkdir(parents=True)
    case_files = sorted((MESSY / case).iterdir())
    replaced = {kind_stem(p) for p in case_files} | set(without)
    for path in sorted((MESSY / "base").iterdir()):
        if kind_stem(path) not in replaced:
            shutil.copy(path, folder / path.name)
    for path in case_files:
        shutil.copy(path, folder / path.name)
    return folder


def load(tmp_path: Path, case: str, **kwargs):
    folder = project_folder(tmp_path, case, without=kwargs.pop("without", ()))
    result = run_ingest(folder, tmp_path / "wh", **kwargs)
    return result


def query(tmp_path: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def rejections(result) -> list[tuple]:
    frame = result.rejections
    return [(r.file_name, r.sheet if isinstance(r.sheet, str) else None, int(r.line), r.column_name, r.reason)
            for r in frame.itertuples(index=False)]


def report(result, file_name: str, sheet: str | None = None):
    return next(f for f in result.files if f.file_name == file_name and f.sheet == sheet)


# ---------------------------------------------------------------------------------------------- people


def test_cp1252_semicolon_people_with_word_genders(tmp_path):
    result = load(tmp_path, "kon_semikolon_cp1252")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("personal.csv", None, 6, "kön", "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt"),
    ]
    assert (report(result, "personal.csv").rows_accepted, report(result, "personal.csv").rows_rejected) == (4, 1)
    assert query(tmp_path, "select gender, birth_year, unit_id, occupation, role, hourly_wage_cost_sek "
                           "from person order by hourly_wage_cost_sek") == [
        ("K", 1980, "HT", "Undersköterska – natt", "medarbetare", 250.5),
        ("M", 1990, "TEK", "Drifttekniker (50 €/h)", "medarbetare", 280.0),
        ("K", 1968, "OMS", "Chef för ’hemtjänst’", "chef", 400.0),
        ("M", 1975, "HT", "Vårdbiträde", "medarbetare", 1260.0),
    ]


def test_utf8_bom_comma_people_with_every_gender_spelling(tmp_path):
    result = load(tmp_path, "kon_komma_utf8bom")
    assert result.ok, result.messages
    assert rejections(result) == []
    assert query(tmp_path, "select gender, hourly_wage_cost_sek from person order by hourly_wage_cost_sek") == [
        (None, 200.0), ("K", 250.5), ("M", 260.0), ("X", 280.0), (None, 300.0), ("K", 400.0),
    ]


def test_gender_and_birth_year_from_personnummer_in_latin1_tab_file(tmp_path):
    # attendance and surveys of the base name people by employee number, which this file does not have
    result = load(tmp_path, "kon_fran_personnummer_tabb_latin1")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("personal.txt", None, 6, "Personnummer",
         "Personnumret är ogiltigt (kontrollsiffran stämmer inte); kontrollera numret"),
    ]
    assert query(tmp_path, "select occupation, gender, birth_year from person order by occupation") == [
        ("Förvaltningschef", "M", 1968),
        ("Ingenjör", "K", 1992),
        ("Undersköterska", "K", 1985),
        ("Vårdbiträde", "M", 1975),
    ]


def test_rows_naming_a_person_rejected_in_the_hr_file_point_at_that_row(tmp_path):
    # 8006 (kön Q), 8007 (bad check digit) and the personnummer of row 7 (kön Q) are in personal.csv but rejected
    result = load(tmp_path, "avvisad_person")
    assert result.ok, result.messages
    fix = "men den raden avvisades; rätta den raden i personalfilen först och läs sedan in igen"
    assert rejections(result) == [
        ("narvaro.csv", None, 3, "Anställningsnummer/Personnummer",
         f"Anställningsnummer '8006' står på rad 5 i personal.csv, {fix}"),
        ("narvaro.csv", None, 4, "Anställningsnummer/Personnummer",
         f"Anställningsnummer '8007' står på rad 6 i personal.csv, {fix}"),
        ("narvaro.csv", None, 5, "Anställningsnummer/Personnummer",
         f"Personnumret står på rad 7 i personal.csv, {fix}"),
        ("narvaro.csv", None, 6, "Anställningsnummer/Personnummer",
         "Anställningsnummer '1999' finns inte i personalfilen; rätta numret eller lägg till personen i "
         "personalfilen"),
        ("personal.csv", None, 5, "Kön", "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt"),
        ("personal.csv", None, 6, "Personnummer",
         "Personnumret är ogiltigt (kontrollsiffran stämmer inte); kontrollera numret"),
        ("personal.csv", None, 7, "Kön", "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt"),
        ("valideringsintyg.csv", None, 2, "Anställningsnummer/Personnummer",
         f"Anställningsnummer '8006' står på rad 5 i personal.csv, {fix}"),
    ]
    assert query(tmp_path, "select a.activity_id, p.hourly_wage_cost_sek, a.hours from attendance a "
                           "join person p using (project_id, person_id) order by 1") == [
        ("A1", 250.0, 3.5), ("A2", 400.0, 2.0)]
    assert query(tmp_path, "select p.hourly_wage_cost_sek from validation_certificate c "
                           "join person p using (project_id, person_id)") == [(260.0,)]


def test_a_person_rejected_in_an_earlier_load_is_simply_missing(tmp_path):
    # without a person file in the batch, people come from the warehouse, which never heard of 8006
    assert load(tmp_path, "avvisad_person").ok
    folder = tmp_path / "raw" / "STOK"
    (folder / "personal.csv").unlink()
    result = run_ingest(folder, tmp_path / "wh")
    assert result.ok, result.messages
    assert [(r[0], r[2], r[4]) for r in rejections(result)][:2] == [
        ("narvaro.csv", 3, "Anställningsnummer '8006' finns inte i personalfilen; rätta numret eller lägg till "
                           "personen i personalfilen"),
        ("narvaro.csv", 4, "Anställningsnummer '8007' finns inte i personalfilen; rätta numret eller lägg till "
                           "personen i personalfilen"),
    ]


# ---------------------------------------------------------------------------------------------- ledger


def test_amounts_and_dates_in_every_form(tmp_path):
    result = load(tmp_path, "belopp_och_datum_cp1252")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("huvudbok.csv", None, 6, "Datum", "Datumet '31/2/2025' finns inte; kontrollera dag och månad"),
        ("huvudbok.csv", None, 7, "Belopp",
         "'tusen kronor' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
    ]
    assert query(tmp_path, "select cast(date as varchar), voucher, account, cost_heading, amount_sek, text "
                           "from ledger_entry order by voucher") == [
        ("2025-02-01", "V1", "6550", "köp av tjänst", 12501, "Föreläsare – bemötande"),
        ("2025-02-01", "V2", "5800", "resa", 1234, "Resa till Lund’s kurs"),
        ("2025-03-01", "V3", "7010", "personal", 45000, "Lön projektledare"),
        ("2025-04-01", "V4", "5410", "materiel", -300, "Kredit material (20 €)"),
    ]


# ---------------------------------------------------------------------------------------------- xlsx


def test_workbook_with_instruction_sheet_title_and_formula(tmp_path):
    # attendance of the base is not in this case, so nothing else depends on activity A3
    result = load(tmp_path, "excel_rubrik_flera_blad")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("aktiviteter.xlsx", "Aktiviteter", 6, "Timmar per deltagare",
         "Cellen innehåller formeln '=1+1', som inte räknas ut vid inläsningen; skriv in värdet i stället"),
    ]
    assert query(tmp_path, "select activity_id, name, activity_type, cast(start_date as varchar), hours "
                           "from activity order by activity_id") == [
        ("A1", "Workshop bemötande", "workshop", "2025-03-14", 3.5),
        ("A2", "Föreläsning kommunikation", "föreläsning", "2025-03-21", 2.0),
    ]
    assert [(f.sheet, f.kind, f.rows_read) for f in result.files if f.file_name == "aktiviteter.xlsx"] == [
        ("Aktiviteter", "activity", 3),
    ]


# ---------------------------------------------------------------------------------------------- attendance


def test_attendance_one_sheet_per_activity(tmp_path):
    result = load(tmp_path, "narvaro_blad_per_aktivitet")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("narvaro.xlsx", "Föreläsning kommunikation", 4, "Anställningsnummer/Personnummer",
         "Anställningsnummer '1999' finns inte i personalfilen; rätta numret eller lägg till personen i "
         "personalfilen"),
    ]
    assert query(tmp_path, "select a.activity_id, p.hourly_wage_cost_sek, cast(a.date as varchar), a.hours "
                           "from attendance a join person p using (project_id, person_id) "
                           "order by 1, 2") == [
        ("A1", 250.0, "2025-03-14", 3.5),
        ("A1", 260.0, "2025-03-14", 0.0),
        ("A1", 300.0, "2025-03-14", 3.5),
        ("A2", 250.0, "2025-03-21", 2.0),
        ("A2", 400.0, "2025-03-21", 2.0),
    ]


def test_attendance_matrix_of_people_and_dates(tmp_path):
    result = load(tmp_path, "narvaro_matris")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("narvaro.xlsx", "A1", 5, "2025-05-09",
         "Närvaron 'ja?' känns inte igen; skriv x för närvarande, antal timmar, 0 för anmäld men uteblev, "
         "eller lämna tomt"),
    ]
    assert query(tmp_path, "select p.hourly_wage_cost_sek, cast(a.date as varchar), a.hours "
                           "from attendance a join person p using (project_id, person_id) order by 1, 2") == [
        (250.0, "2025-03-14", 3.5),
        (250.0, "2025-04-11", 3.5),
        (250.0, "2025-05-09", 2.0),
        (260.0, "2025-03-14", 3.5),
        (260.0, "2025-05-09", 0.0),
        (280.0, "2025-04-11", 1.5),
    ]


# ---------------------------------------------------------------------------------------------- surveys


def test_survey_tool_exports_with_label_answers(tmp_path):
    result = load(tmp_path, "enkatverktyg")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("hme_netigate.csv", None, 5, "Min närmaste chef visar uppskattning för mina arbetsinsatser",
         "Svaret '6' ligger utanför skalan 1–5; använd 1–5 eller 'Vet ej'"),
        ("kompetens_forms.xlsx", "Sheet1", 5, "Jag vet hur jag bemöter en upprörd medborgare",
         "Svaret 'Kanske' känns inte igen; använd en siffra 1–5, en svarstext som 'Stämmer mycket bra' eller "
         "'Vet ej'"),
        ("kompetens_google.csv", None, 5, "Anställningsnummer/Personnummer",
         "Anställningsnummer '9999' finns inte i personalfilen; rätta numret eller lägg till personen i "
         "personalfilen"),
    ]
    competence = query(tmp_path, "select r.survey_id, p.hourly_wage_cost_sek, r.item_id, r.answer "
                                 "from survey_response r join person p using (project_id, person_id) "
                                 "order by 1, 2, 3")
    assert competence == [
        ("KB", 250.0, "K1", 4), ("KB", 250.0, "K2", 3),
        ("KB", 260.0, "K1", 1),
        ("KB", 280.0, "K2", 3),
        ("KB", 400.0, "K1", 5), ("KB", 400.0, "K2", 2),
        ("KU", 250.0, "K1", 5), ("KU", 250.0, "K2", 4),
        ("KU", 260.0, "K1", 2),
        ("KU", 400.0, "K1", 5), ("KU", 400.0, "K2", 3),
    ]
    hme = query(tmp_path, "select gender, unit_id, item_id, answer from survey_response "
                          "where survey_id = 'HB' order by respondent_id is null, unit_id, gender, item_id")
    assert sorted(hme, key=lambda r: (r[1], str(r[0]), r[2], r[3])) == sorted([
        ("K", "HT", "H1", 5), ("K", "HT", "H4", 4), ("K", "HT", "H7", 4),
        ("M", "HT", "H1", 3), ("M", "HT", "H7", 1),
        ("K", "TEK", "H1", 5), ("K", "TEK", "H4", 2), ("K", "TEK", "H7", 2),
        (None, "TEK", "H1", 5),
    ], key=lambda r: (r[1], str(r[0]), r[2], r[3]))


# ---------------------------------------------------------------------------------------------- unreadable files


@pytest.mark.parametrize("case, message", [
    ("fel_filtyp", "narvaro.pdf: filen är en PDF och kan inte läsas som en tabell. Spara listan som CSV eller "
                   "xlsx."),
    ("tom_fil", "huvudbok.csv: filen är tom. Exportera den igen eller ta bort den ur mappen."),
    ("binar_fil", "huvudbok.csv: filen är inte en textfil (binärt innehåll). Spara den som CSV eller xlsx."),
])
def test_unreadable_file_gets_one_message_and_nothing_is_loaded(tmp_path, case, message):
    result = load(tmp_path, case)
    assert not result.ok
    assert message in result.messages
    assert not (tmp_path / "wh" / "warehouse.duckdb").exists()


def test_header_only_file_is_skipped_and_the_earlier_rows_of_its_kind_are_kept(tmp_path):
    folder = project_folder(tmp_path, "bara_rubrikrad")
    ledger = folder / "huvudbok.csv"
    header_only = ledger.read_bytes()
    ledger.write_text("Datum;Konto;Belopp;Text\n2025-03-31;7010;1 000;Projektledning mars\n", encoding="utf-8")
    assert run_ingest(folder, tmp_path / "wh").ok
    ledger.write_bytes(header_only)
    result = run_ingest(folder, tmp_path / "wh")
    assert result.ok
    assert ("huvudbok.csv: filen har bara en rubrikrad och inga rader med data. Den lästes inte in; det som "
            "redan finns i lagret av det slaget behålls.") in result.messages
    assert [(r.file_name, r.outcome) for r in result.files if r.file_name == "huvudbok.csv"] == [
        ("huvudbok.csv", "ignorerad")]
    assert query(tmp_path, "select date, amount_sek from ledger_entry") == [(dt.date(2025, 3, 31), 1000)]


def test_wrong_columns_lists_the_expected_ones(tmp_path):
    result = load(tmp_path, "fel_kolumner")
    assert not result.ok
    assert ("personal.csv: kolumner saknas: Enhets-id, Roll, Anställningsnummer eller Personnummer. Filen tolkades "
            "som personal (hr-export); de obligatoriska kolumnerna är: Enhets-id, Roll. Mallen finns i "
            "data/templates/.") in result.messages


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setenv("STYRBORD_MAX_FILE_MB", "1")
    folder = project_folder(tmp_path, "tom_fil")
    with (folder / "huvudbok.csv").open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: three megabytes of nothing, never read
    result = run_ingest(folder, tmp_path / "wh")
    assert not result.ok
    assert ("huvudbok.csv: filen är för stor (3 MB; högst 1 MB). Dela upp den i flera filer eller ta bort "
            "kolumner som inte behövs.") in result.messages


def test_check_reports_without_writing_the_warehouse(tmp_path):
    result = load(tmp_path, "kon_semikolon_cp1252", check=True)
    assert result.ok and result.checked_only
    assert len(result.rejections) == 1
    assert not (tmp_path / "wh").exists()


# ---------------------------------------------------------------------------------------------- split rows


def test_row_with_one_value_too_many_is_rejected_not_dropped(tmp_path):
    result = load(tmp_path, "komma_utan_citattecken")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("personal.csv", None, 3, None,
         "Raden har 6 värden men rubrikraden har 5 kolumner; kontrollera avgränsaren (; eller ,) och sätt "
         "citattecken runt värden som innehåller den, t.ex. tal med decimalkomma"),
    ]
    people = report(result, "personal.csv")
    assert (people.rows_read, people.rows_accepted, people.rows_rejected) == (5, 4, 1)
    assert query(tmp_path, "select hourly_wage_cost_sek from person order by 1") == [
        (250.0,), (280.0,), (300.0,), (400.0,),
    ]
    assert query(tmp_path, "select file_name, line, reason like 'Raden har 6 värden%' from ingest_rejection") == [
        ("personal.csv", 3, True),
    ]


def test_extra_value_in_a_semicolon_file_with_decimal_commas_rejects_only_that_row(tmp_path):
    # the decimal commas outnumber the one extra semicolon, yet the header splits only on ";"
    result = load(tmp_path, "semikolon_extra_varde")
    assert result.ok, result.messages
    assert rejections(result) == [
        ("narvaro.csv", None, 4, None,
         "Raden har 5 värden men rubrikraden har 4 kolumner; kontrollera avgränsaren (; eller ,) och sätt "
         "citattecken runt värden som innehåller den, t.ex. tal med decimalkomma"),
    ]
    attendance = report(result, "narvaro.csv")
    assert (attendance.kind, attendance.rows_read, attendance.rows_accepted, attendance.rows_rejected) == (
        "attendance", 6, 5, 1)
    assert query(tmp_path, "select a.activity_id, p.hourly_wage_cost_sek, cast(a.date as varchar), a.hours "
                           "from attendance a join person p using (project_id, person_id) order by 1, 2") == [
        ("A1", 250.0, "2025-03-14", 3.5),
        ("A1", 260.0, "2025-03-14", 1.5),
        ("A1", 280.0, "2025-03-14", 0.0),
        ("A2", 250.0, "2025-03-21", 2.0),
        ("A2", 300.0, "2025-03-21", 1.5),
    ]


def test_quoted_line_break_keeps_true_line_numbers(tmp_path):
    result = load(tmp_path, "citerad_radbrytning")
    assert result.ok, result.messages
    # the first entry spans lines 2–3, so the bad amount is on line 4 of the file
    assert rejections(result) == [
        ("huvudbok.csv", None, 4, "Belopp", "'femhundra' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
    ]
    assert query(tmp_path, "select voucher, amount_sek, text from ledger_entry order by voucher") == [
        ("V1", 1000, "Föreläsare\nbemötande, två rader"),
        ("V3", 200, "Resa"),
    ]


def test_failed_load_leaves_the_previous_warehouse_untouched(tmp_path):
    assert load(tmp_path, "kon_komma_utf8bom").ok
    before = {p: p.read_bytes() for p in (tmp_path / "wh").rglob("*") if p.is_file()}
    folder = tmp_path / "raw" / "STOK"
    shutil.copy(MESSY / "fel_filtyp" / "narvaro.pdf", folder / "narvaro.pdf")
    result = run_ingest(folder, tmp_path / "wh")
    assert not result.ok
    assert result.messages[0] == "Inget lästes in: rätta felen nedan och försök igen."
    after = {p: p.read_bytes() for p in (tmp_path / "wh").rglob("*") if p.is_file()}
    assert after == before


# ---------------------------------------------------------------------------------------------- project page, memory


def test_cp1252_project_bank_page_in_place_of_the_project_file(tmp_path):
    folder = project_folder(tmp_path, "kon_komma_utf8bom", without=("projekt",))
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "pages" / "ludvika_cp1252_crlf.txt",
                folder / "projektsida.txt")
    folder = folder.rename(folder.parent / "LUDV")
    result = run_ingest(folder, tmp_path / "wh")
    assert result.ok, result.messages
    assert query(tmp_path, "select project_id, name, phase, esf_grant_sek, total_budget_sek, cast(start_date as "
                           "varchar), cast(end_date as varchar), municipalities, partners, summary from project") == [
        ("LUDV", "Lärande i Ludvika – kompetens för välfärdens medarbetare", "Genomförande", 1250000, 2500001,
         "2019-09-01", "2021-08-31", "Ludvika; Smedjebacken", "Högskolan Dalarna; Arbetsförmedlingen",
         "Projektet ger medarbetarna i vård och omsorg samt skola en gemensam grund – och kostar 20 € per "
         "deltagare i material.\nAlla ska kunna delta."),
    ]


def test_file_over_the_limit_is_never_read_into_memory(tmp_path, monkeypatch):
    import tracemalloc

    monkeypatch.setenv("STYRBORD_MAX_FILE_MB", "20")
    folder = project_folder(tmp_path, "tom_fil")
    with (folder / "huvudbok.csv").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    tracemalloc.start()
    try:
        result = run_ingest(folder, tmp_path / "wh", check=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "huvudbok.csv: filen är för stor (100 MB; högst 20 MB). Dela upp den i flera filer eller ta bort " \
           "kolumner som inte behövs." in result.messages
    assert peak < 20 * 1024 * 1024


def test_page_named_projekt_txt_with_tab_separated_facts_is_a_project_page(tmp_path):
    folder = project_folder(tmp_path, "kon_komma_utf8bom", without=("projekt",))
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "pages" / "vast_tabs_english_last.txt",
                folder / "projekt.txt")
    folder = folder.rename(folder.parent / "VAST")
    result = run_ingest(folder, tmp_path / "wh", check=True)
    assert result.ok, result.messages
    page = report(result, "projekt.txt")
    assert (page.kind, page.rows_accepted) == ("project", 1)
    assert result.project_ids == ["VAST"]
