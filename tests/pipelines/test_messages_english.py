"""The loader's messages in English, end to end: small committed fixtures through run_ingest and the command
line, with exact English texts (and the Swedish ones unchanged) for values, rows, files, the lock and undo."""
from __future__ import annotations

import os
import shutil
import string
from pathlib import Path

import pytest

from pipelines.__main__ import main
from pipelines.i18n import Message, catalogue, message_of, render
from pipelines.load.run import run_ingest
from pipelines.project_page import read_page_text
from pipelines.warehouse import WarehouseError, undo_load, warehouse_lock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MESSY, BAD_ROWS, FIX = FIXTURES / "messy", FIXTURES / "raw" / "_bad" / "rader", FIXTURES / "raw" / "fix"
TEST_KEY = "ab" * 32
LAYOUT_ONLY = {"loader.run.in_folder", "loader.file.where", "loader.file.problem", "loader.file.notes"}


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch):
    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", TEST_KEY)


def messy_folder(tmp_path: Path, case: str) -> Path:
    """tmp/raw/STOK: the messy corpus's base files with the case's files in place of the same kinds."""
    folder = tmp_path / "raw" / "STOK"
    folder.mkdir(parents=True)
    case_files = sorted((MESSY / case).iterdir())
    for path in sorted((MESSY / "base").iterdir()):
        if path.stem.lower() not in {p.stem.lower() for p in case_files}:
            shutil.copy(path, folder / path.name)
    for path in case_files:
        shutil.copy(path, folder / path.name)
    return folder


def reasons(frame, lang: str) -> dict[tuple[str, int], str]:
    return {(r.file_name, int(r.line)): render(r.reason, lang) for r in frame.itertuples(index=False)}


def test_every_loader_text_renders_in_english_with_its_values():
    """Each [loader.*] key in English: every value it is given appears, and it is not the Swedish text."""
    for key, entry in catalogue().items():
        if not key.startswith("loader."):
            continue
        names = {name for _, name, _, _ in string.Formatter().parse(entry["en"]) if name}
        params = {name: f"<{name}>" for name in names}
        english = Message(key, **params).text("en")
        assert all(f"<{name}>" in english for name in names), key
        assert "{" not in english, key
        if key not in LAYOUT_ONLY:
            assert english != Message(key, **params), f"{key} is not translated"


def test_row_rejections_read_in_english_and_stay_swedish(tmp_path):
    result = run_ingest(BAD_ROWS, tmp_path / "wh", check=True)
    english, swedish = reasons(result.rejections, "en"), reasons(result.rejections, "sv")
    assert english[("narvaro.csv", 6)] == "Hours cannot be negative; write 0 for someone who did not come"
    assert swedish[("narvaro.csv", 6)] == "Timmar kan inte vara negativa; skriv 0 för den som uteblev"
    assert english[("enheter.csv", 3)] == "The parent unit 'E9' does not exist in the units file"
    assert swedish[("enheter.csv", 3)] == "Överordnad enhet 'E9' finns inte i enhetsfilen"
    assert english[("huvudbok.csv", 2)] == ("The account '9999' cannot be linked to a cost heading; fill in the "
                                            "column Kostnadsslag (cost heading)")
    assert swedish[("huvudbok.csv", 2)] == ("Konto '9999' går inte att koppla till ett kostnadsslag; fyll i "
                                            "kolumnen Kostnadsslag")


def test_an_ambiguous_number_is_explained_in_english(tmp_path):
    result = run_ingest(messy_folder(tmp_path, "tal_tvetydigt"), tmp_path / "wh", check=True)
    assert reasons(result.rejections, "en") == {("delmal.csv", 2): (
        "The number '1.500' can be read as 1.5 (dot as the decimal mark) or 1,500 (dot as the thousands "
        "separator), and the column's other values do not tell which; write 1,5 or 1500 in the file")}
    assert reasons(result.rejections, "sv") == {("delmal.csv", 2): (
        "Talet '1.500' kan läsas som 1,5 (punkt som decimaltecken) eller 1 500 (punkt som tusentalsavgränsare), "
        "och kolumnens övriga värden avgör inte vilket; skriv 1,5 eller 1500")}


def test_far_dates_are_warned_about_in_english_on_the_command_line(tmp_path, capsys):
    folder = messy_folder(tmp_path, "datum_utanfor_perioden")
    code = main(["ingest", str(folder), "--warehouse", str(tmp_path / "wh"), "--check", "--lang", "en",
                 "--report", str(tmp_path / "report.xlsx")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert ("  huvudbok.csv row 2, Datum: The date 2052-03-14 lies far after the project's end (the project period "
            "is 2025-01-01–2026-12-31); the row was loaded, but check the year") in out.splitlines()
    assert ("  huvudbok.csv row 3, Datum: The date 2024-01-15 lies far before the project's start (the project "
            "period is 2025-01-01–2026-12-31); the row was loaded, but check the year") in out.splitlines()
    # the progress lines too (7 files read, then the folder checked)
    assert "[ 16 %] Read STOK/fokusomraden.csv: 1 row" in out.splitlines()
    assert "[ 68 %] Checked STOK: 21 rows accepted, 0 with errors" in out.splitlines()
    assert "Datumet" not in out and "Läste" not in out and "Kontroll" not in out


def test_file_problems_and_notes_read_in_english(tmp_path):
    hidden = run_ingest(messy_folder(tmp_path / "a", "dolt_blad"), tmp_path / "a" / "wh", check=True)
    report = next(f for f in hidden.files if f.file_name == "aktiviteter.xlsx")
    assert render(report.message, "en") == (
        "Loaded as Activities: 2 rows. The hidden sheet 'Aktiviteter (gammal)' was not loaded, only the visible "
        "ones. Unhide the sheet in Excel if it should be included.")
    assert report.message == ("Inläst som Aktiviteter: 2 rader. Det dolda bladet 'Aktiviteter (gammal)' lästes inte "
                              "in, bara de synliga. Visa bladet i Excel om det ska med.")
    twice = run_ingest(messy_folder(tmp_path / "b", "dubbel_kolumn"), tmp_path / "b" / "wh", check=True)
    assert [render(m, "en") for m in twice.messages] == [
        "The check found errors that stop the load:",
        "huvudbok.csv: the column 'Belopp' appears twice (columns B and D), so which one counts cannot be told. "
        "Remove or rename one of them and load again."]
    survey = run_ingest(messy_folder(tmp_path / "c", "enkat_dubbel_fraga"), tmp_path / "c" / "wh", check=True)
    assert render(survey.messages[1], "en") == (
        "hme.csv: the question H1 is in two columns ('H1' and 'Jag lär nytt och utvecklas i mitt dagliga "
        "arbete'), so which answers count cannot be told. Remove one of the columns and load again.")


def test_a_folder_without_a_project_file_is_explained_in_english(tmp_path):
    folder = tmp_path / "raw" / "NYTT"
    folder.mkdir(parents=True)
    shutil.copy(MESSY / "base" / "enheter.csv", folder / "enheter.csv")
    result = run_ingest(folder, tmp_path / "wh", check=True)
    assert render(result.messages[1], "en") == (
        "NYTT: the project file is missing. Add projekt.csv (template in data/templates/) or the project's page "
        "from the project bank as .txt, or say which project the files belong to (--project).")
    assert result.messages[1].startswith("NYTT: projektfil saknas. Lägg till projekt.csv")


def test_a_locked_warehouse_is_explained_in_english(tmp_path):
    with warehouse_lock(tmp_path / "wh"):
        result = run_ingest(FIX, tmp_path / "wh")
    assert not result.ok
    assert [render(m, "en") for m in result.messages] == [
        f"Another load is running (process {os.getpid()}). Wait until it is done and try again."]
    assert result.messages == [f"En annan inläsning pågår (process {os.getpid()}). Vänta tills den är klar och "
                               "försök igen."]


def test_undo_and_upgrade_speak_english_on_the_command_line(tmp_path, capsys):
    warehouse = tmp_path / "wh"
    with pytest.raises(WarehouseError) as no_warehouse:
        undo_load(warehouse)
    assert render(message_of(no_warehouse.value), "en") == f"There is no warehouse in {warehouse.absolute()}."
    loaded = run_ingest(FIX, warehouse)
    assert loaded.ok, loaded.messages
    capsys.readouterr()
    assert main(["undo", "--warehouse", str(warehouse), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"The load {loaded.load_id} is undone."
    assert main(["undo", "--warehouse", str(warehouse), "--load", loaded.load_id, "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == f"The load {loaded.load_id} has already been undone."
    assert main(["undo", "--warehouse", str(warehouse), "--load", loaded.load_id]) == 1
    assert capsys.readouterr().err.strip() == f"Inläsningen {loaded.load_id} är redan ångrad."
    assert main(["undo", "--warehouse", str(warehouse), "--list", "--lang", "en"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("FIX  undone")
    from pipelines.warehouse import SCHEMA_VERSION
    assert main(["upgrade", "--warehouse", str(warehouse), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"The warehouse is already up to date (version {SCHEMA_VERSION})."


def test_a_bad_pseudonym_key_and_a_missing_project_page_read_in_english(tmp_path, monkeypatch):
    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", "not-hex")
    result = run_ingest(FIX, tmp_path / "wh", check=True)
    assert [render(m, "en") for m in result.messages] == [
        "STYRBORD_PSEUDONYM_KEY must be hexadecimal (e.g. 64 characters 0-9 a-f)."]
    assert result.messages == ["STYRBORD_PSEUDONYM_KEY ska vara hexadecimal (t.ex. 64 tecken 0-9 a-f)."]
    with pytest.raises(OSError) as missing:
        read_page_text(tmp_path / "sida.txt")
    assert render(message_of(missing.value), "en") == (
        f"The file '{tmp_path / 'sida.txt'}' does not exist. Check the name and the path.")
    assert str(missing.value) == f"Filen '{tmp_path / 'sida.txt'}' finns inte. Kontrollera namnet och sökvägen."


def test_the_command_lines_help_follows_lang(capsys):
    for argv, expected in ((["ingest", "--lang", "en", "--help"], "check only; the warehouse is not changed"),
                           (["ingest", "--help"], "kontrollera bara; lagret ändras inte"),
                           (["undo", "--lang=en", "--help"], "show the loads and which of them can be undone"),
                           (["upgrade", "--lang", "en", "--help"], "Upgrade the warehouse to this version of Styrbord")):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        out = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
        assert expected in out, argv
