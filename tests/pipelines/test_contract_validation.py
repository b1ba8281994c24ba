"""Contract validation: exact rejections for bad rows, clear messages for bad files, templates up to date."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.contract import KINDS, TEMPLATE_KINDS
from pipelines.load.run import run_ingest
from pipelines.templates import (contract_markdown, template_csv, template_file_stem, template_rows,
                                 write_template_xlsx)
from pipelines.validate import kind_from_header, kind_from_name, map_header

BAD = Path(__file__).parents[1] / "fixtures" / "raw" / "_bad"
REPO = Path(__file__).parents[2]


def test_bad_rows_are_rejected_with_exact_reasons(tmp_path):
    result = run_ingest(BAD / "rader", tmp_path / "warehouse", check=True)
    assert result.ok
    got = [tuple(r) for r in result.rejections[["file_name", "line", "column_name", "reason"]]
           .itertuples(index=False)]
    assert got == [
        ("enheter.csv", 3, "Överordnad enhet", "Överordnad enhet 'E9' finns inte i enhetsfilen"),
        ("huvudbok.csv", 2, "Konto",
         "Konto '9999' går inte att koppla till ett kostnadsslag; fyll i kolumnen Kostnadsslag"),
        ("huvudbok.csv", 3, "Belopp", "Cellen innehåller formeln '=SUM(C2:C3)', som inte räknas ut vid "
                                      "inläsningen; skriv in värdet i stället"),
        ("matningar.csv", 2, "Delmåls-id", "Delmåls-id 'D9' finns inte i delmålsfilen"),
        ("narvaro.csv", 2, "Datum", "Datumet '2025-02-30' finns inte; kontrollera dag och månad"),
        ("narvaro.csv", 3, "Timmar", "'två' är inte ett tal; skriv t.ex. 1234,50 eller 1 234 kr"),
        ("narvaro.csv", 4, "Aktivitets-id", "Aktivitets-id 'A9' finns inte i aktivitetsfilen"),
        ("narvaro.csv", 5, "Anställningsnummer/Personnummer",
         "Anställningsnummer '99' finns inte i personalfilen; rätta numret eller lägg till personen i personalfilen"),
        ("narvaro.csv", 6, "Timmar", "Timmar kan inte vara negativa; skriv 0 för den som uteblev"),
        ("narvaro.csv", 8, "Samma person, aktivitet och datum",
         "Samma person, aktivitet och datum förekommer redan på rad 7 i narvaro.csv; ta bort dubbletten"),
        ("personal.csv", 3, "Kön", "Kön 'Q' känns inte igen; använd K, M, X (annat) eller lämna tomt"),
        ("personal.csv", 4, "Personnummer",
         "Personnumret är ogiltigt (kontrollsiffran stämmer inte); kontrollera numret"),
        ("personal.csv", 5, "Anställningsnummer",
         "Anställningsnummer förekommer redan på rad 2 i personal.csv; ta bort dubbletten"),
        ("personal.csv", 6, "Enhets-id", "Enhets-id 'E7' finns inte i enhetsfilen"),
        ("personal.csv", 7, "Roll", "'boss' är inte ett tillåtet värde; använd något av: chef, medarbetare, "
                                    "förtroendevald"),
        ("personal.csv", 8, "Anställningsnummer eller Personnummer",
         "Anställningsnummer eller Personnummer saknas; fyll i minst ett av dem"),
    ]
    # a reason never repeats a personnummer, even a malformed one
    assert not result.rejections["reason"].str.contains("19800101").any()
    counts = {f.file_name: (f.kind, f.rows_read, f.rows_accepted, f.rows_rejected, f.outcome) for f in result.files}
    assert counts["personal.csv"] == ("person", 7, 1, 6, "inläst")
    assert counts["narvaro.csv"] == ("attendance", 7, 1, 6, "inläst")
    assert counts["anteckningar.csv"] == (None, 1, 0, 0, "ignorerad")
    assert any(m.startswith("anteckningar.csv: Filen känns inte igen") for m in result.messages)
    assert not (tmp_path / "warehouse").exists()


def test_missing_required_column_stops_the_load_and_names_the_columns(tmp_path):
    result = run_ingest(BAD / "saknad_kolumn", tmp_path / "warehouse")
    assert not result.ok
    assert result.messages == [
        "Inget lästes in: rätta felen nedan och försök igen.",
        "narvaro.csv: kolumner saknas: Timmar. Filen tolkades som närvaro; de obligatoriska kolumnerna är: "
        "Aktivitets-id, Datum, Timmar. Mallen finns i data/templates/."]
    assert not (tmp_path / "warehouse").exists()


def test_a_folder_without_project_file_needs_a_known_project(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "styrgruppsmoten.csv").write_text("Datum;Rubrik\n2025-01-01;Möte\n", encoding="utf-8")
    result = run_ingest(folder, tmp_path / "warehouse")
    assert not result.ok
    assert "projektfil saknas" in result.messages[1]
    result = run_ingest(folder, tmp_path / "warehouse", project_id="NOPE")
    assert result.messages[1] == "Projektet 'NOPE' finns inte i lagret. Läs in projektfilen först."


def test_missing_folder_is_a_message_not_an_exception(tmp_path):
    result = run_ingest(tmp_path / "finns-inte", tmp_path / "warehouse")
    assert not result.ok
    assert result.messages == [f"Mappen {tmp_path / 'finns-inte'} finns inte. Ange mappen med projektets filer."]


@pytest.mark.parametrize("name, kind", [
    ("narvaro", "attendance"), ("Närvaro 2025-03", "attendance"), ("attendance", "attendance"),
    ("personal_hr_export", "person"), ("HR", "person"), ("ledger", "ledger_entry"), ("Huvudbok_2025", "ledger_entry"),
    ("delmal", "goal"), ("matningar", "goal_measurement"), ("budget", "budget_plan"), ("kompetens_baslinje", None),
])
def test_kind_from_file_name(name, kind):
    assert kind_from_name(name) == kind


def test_headers_match_with_aliases_case_and_punctuation():
    header = ["Anst.nr", " kön ", "ENHETS-ID", "Roll", "Namn", "Timkostnad"]
    assert kind_from_header(header) == "person"
    assert map_header(header, KINDS["person"]) == {"employee_id": 0, "gender": 1, "unit_id": 2, "role": 3,
                                                  "hourly_wage_cost_sek": 5}
    english = ["Employee number", "Gender", "Unit id", "Role"]
    assert map_header(english, KINDS["person"]) == {"employee_id": 0, "gender": 1, "unit_id": 2, "role": 3}


def test_templates_and_contract_doc_are_up_to_date(tmp_path):
    """Run `python -m pipelines templates` when this fails."""
    assert (REPO / "docs" / "data-contract.md").read_text(encoding="utf-8") == contract_markdown()
    for name in TEMPLATE_KINDS:
        kind = KINDS[name]
        stem = template_file_stem(kind)
        assert (REPO / "data" / "templates" / f"{stem}.csv").read_bytes() == template_csv(kind), stem
        fresh = tmp_path / f"{stem}.xlsx"
        write_template_xlsx(kind, fresh)
        assert (REPO / "data" / "templates" / f"{stem}.xlsx").read_bytes() == fresh.read_bytes(), stem
        workbook = load_workbook(fresh, read_only=True)
        rows = [["" if v is None else str(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
        assert rows == [list(r) for r in template_rows(kind)], stem


def test_every_template_header_is_recognised_as_its_kind():
    for name in TEMPLATE_KINDS:
        if name == "survey_export":
            continue
        header, _ = template_rows(KINDS[name])
        assert set(map_header(header, KINDS[name])) >= set(KINDS[name].required), name


def test_survey_export_rows_and_answers_are_checked(tmp_path):
    import shutil

    import duckdb

    folder = tmp_path / "fix"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "raw" / "fix", folder)
    baseline = folder / "kompetens_baslinje.csv"
    text = baseline.read_bytes().decode("utf-8-sig")
    text = text.replace("Britta Ekholm;102;2;2;1;2", "Britta Ekholm;102;2;7;1;2")  # 7 is off the 1–4 scale
    text = text.replace("Leopold Olofsson;112;", "Leopold Olofsson;999;")  # nobody has number 999
    baseline.write_bytes(text.encode("utf-8-sig"))
    hme = folder / "hme_uppfoljning.csv"
    hme.write_bytes(hme.read_bytes().replace(b"M;F2;5;5;5;5;5;5;5;5;5", b"M;F9;5;5;5;5;5;5;5;5;5"))
    workbook = load_workbook(folder / "kompetens_uppfoljning.xlsx")
    workbook.active["G3"] = 0  # 102's K4 in the follow-up: 0 is below the scale
    workbook.save(folder / "kompetens_uppfoljning.xlsx")
    result = run_ingest(folder, tmp_path / "warehouse")
    assert result.ok
    # a CSV's sheet is None (not NaN) even beside a workbook's sheet name
    assert result.rejections.values.tolist() == [
        ["hme_uppfoljning.csv", None, 6, "Enhets-id", "Enhets-id 'F9' finns inte i enhetsfilen"],
        ["kompetens_baslinje.csv", None, 3, "K2", "Svaret '7' ligger utanför skalan 1–4; använd 1–4 eller 'Vet ej'"],
        ["kompetens_baslinje.csv", None, 7, "Anställningsnummer/Personnummer",
         "Anställningsnummer '999' finns inte i personalfilen; rätta numret eller lägg till personen i personalfilen"],
        ["kompetens_uppfoljning.xlsx", "Svar", 3, "K4", "Svaret '0' ligger utanför skalan 1–4; använd 1–4 eller 'Vet ej'"]]
    con = duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True)
    # 182 answers in the clean fixture, minus two bad answers, minus 4 of the unknown person, minus 9 of the F9 row
    assert con.execute("select count(*) from survey_response").fetchall() == [(182 - 2 - 4 - 9,)]
    con.close()


def test_a_portfolio_load_names_the_project_folder_of_each_problem(tmp_path):
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(BAD / "saknad_kolumn", raw / "b-projekt")
    shutil.copytree(BAD.parent / "fix2", raw / "a-projekt")
    shutil.copytree(BAD.parent / "fix2", raw / "c-projekt")
    result = run_ingest(raw, tmp_path / "warehouse")
    assert not result.ok
    assert result.messages == [
        "Inget lästes in: rätta felen nedan och försök igen.",
        "b-projekt: narvaro.csv: kolumner saknas: Timmar. Filen tolkades som närvaro; de obligatoriska kolumnerna "
        "är: Aktivitets-id, Datum, Timmar. Mallen finns i data/templates/.",
        "Projekt-id 'FIX2' finns i både a-projekt och c-projekt."]
    assert not (tmp_path / "warehouse").exists()
