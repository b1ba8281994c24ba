"""The demo portfolio generator: deterministic, shaped like the seeds, in the contract's file kinds and headers."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipelines.demo import main

TODAY = dt.date(2026, 11, 15)
FOLDERS = ("eslov-2008", "eslov-landskrona-2019", "klippan-esfplus-2025", "osby-halsa-2016", "perstorp-2012")
# Every file kind of docs/architecture.md with the headers the demo writes (survey exports are checked apart).
HEADERS = {
    "projekt.csv": ["Projekt-id", "Projektnamn", "Programområde", "Projektfas", "Projektägare", "Kontaktperson",
                    "E-post", "Telefonnummer", "Beviljat ESF-stöd", "Total projektbudget", "Startdatum", "Slutdatum",
                    "Region", "Kommuner", "Deltagande aktörer", "Samarbetspartners"],
    "enheter.csv": ["Enhets-id", "Enhet", "Kommun", "Överordnad enhet", "Enhetstyp"],
    "personal": ["Anställningsnummer", "Personnummer", "Namn", "Kön", "Födelseår", "Enhets-id", "Befattning",
                 "Roll", "Anställningsform", "Utbildningsnivå", "Timkostnad inkl. sociala avgifter"],
    "fokusomraden.csv": ["Fokusområdes-id", "Fokusområde", "Beskrivning", "Målvärde deltagare"],
    "aktiviteter.csv": ["Aktivitets-id", "Aktivitet", "Fokusområdes-id", "Typ", "Startdatum", "Slutdatum",
                        "Timmar per deltagare", "Planerat antal deltagare", "Planerad kostnad"],
    "narvaro.csv": ["Aktivitets-id", "Anställningsnummer", "Datum", "Timmar"],
    "enkater.csv": ["Enkät-id", "Typ", "Omgång", "Datum", "Fil"],
    "fragor.csv": ["Fråge-id", "Frågetext", "Enkättyp", "Kompetensområde", "HME-delindex", "Skala min",
                   "Skala max"],
    "kravnivaer.csv": ["Kompetensområde", "Roll", "Enhets-id", "Kravnivå"],
    "budget.xlsx": ["Period", "Kostnadsslag", "Finansiär", "Belopp"],
    "huvudbok.csv": ["Datum", "Verifikation", "Konto", "Kostnadsslag", "Belopp", "Text"],
    "delmal.csv": ["Delmåls-id", "Delmål", "Indikator", "Enhet", "Utgångsvärde", "Målvärde", "Måldatum",
                   "Beräknas från", "Fokusområdes-id"],
    "matningar.csv": ["Delmåls-id", "Datum", "Värde", "Status", "Kommentar"],
    "valideringsintyg.csv": ["Anställningsnummer", "Datum", "Kompetensområde"],
    "ambassadorer.csv": ["Anställningsnummer", "Enhets-id", "Startdatum"],
    "styrgruppsmoten.csv": ["Datum", "Rubrik", "Anteckning"],
}


def read_rows(path: Path) -> list[dict[str, str]]:
    """A demo CSV (UTF-8 with BOM, semicolons) or the first sheet of an xlsx, as dicts of text."""
    if path.suffix == ".xlsx":
        rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
        return [{h: "" if v is None else str(v) for h, v in zip(rows[0], row)} for row in rows[1:]]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def header(path: Path) -> list[str]:
    """The header row of a CSV or xlsx file."""
    if path.suffix == ".xlsx":
        return [str(v) for v in next(load_workbook(path, read_only=True).active.iter_rows(values_only=True))]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle, delimiter=";"))


def people_file(folder: Path) -> Path:
    """The HR export of a project folder, whichever format it was written in."""
    return next(folder.glob("personal.*"))


def kronor(text: str) -> int:
    """`1 234 567` (or an xlsx number) as an int."""
    return int(float(text.replace(" ", "").replace(",", ".")))


def luhn_ok(ten_digits: str) -> bool:
    """The personnummer check: Luhn over YYMMDDNNNC."""
    total = 0
    for position, char in enumerate(ten_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return total % 10 == 0


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The small portfolio with the default seed."""
    out = tmp_path_factory.mktemp("demo")
    assert main(["--out", str(out)]) == 0
    return out


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files_and_another_seed_differs(demo, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    assert main(["--out", str(again), "--seed", "42", "--scale", "small"]) == 0
    assert main(["--out", str(other), "--seed", "7"]) == 0
    first, second, third = tree(demo), tree(again), tree(other)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) == 100
    changed = [name for name in first if first.get(name) != third.get(name)]
    assert "perstorp-2012/personal.xlsx" in changed and "perstorp-2012/narvaro.csv" in changed
    # the seed moves the people, not the project facts
    assert "perstorp-2012/projekt.csv" not in changed


def test_one_folder_per_project_with_every_file_kind_and_one_facts_file(demo):
    assert sorted(p.name for p in demo.iterdir()) == list(FOLDERS)
    for folder in demo.iterdir():
        names = {p.name for p in folder.iterdir()}
        for kind in HEADERS:
            assert kind in names or kind == "personal", (folder.name, kind)
        assert len([n for n in names if n.startswith("personal.")]) == 1
        assert [n for n in names if n.startswith("projekt") or n.endswith(".txt")] == ["projekt.csv"]


def test_files_carry_the_contract_headers(demo):
    for folder in demo.iterdir():
        for kind, expected in HEADERS.items():
            path = people_file(folder) if kind == "personal" else folder / kind
            got = header(path)
            if folder.name == "eslov-2008" and kind == "personal":
                # an older HR system: no gender or birth year, both come from the personnummer
                expected = [h for h in expected if h not in ("Kön", "Födelseår")]
            if folder.name == "eslov-2008" and kind == "narvaro.csv":
                expected = ["Aktivitets-id", "Personnummer", "Datum", "Timmar"]
            if folder.name == "eslov-2008" and kind == "huvudbok.csv":
                expected = ["Datum", "Verifikation", "Konto", "Belopp", "Text"]  # BAS accounts only
            assert got == expected, (folder.name, kind)


def test_csv_is_semicolon_utf8_with_bom_and_swedish_numbers(demo):
    raw = (demo / "perstorp-2012" / "projekt.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    facts = read_rows(demo / "perstorp-2012" / "projekt.csv")[0]
    assert facts["Beviljat ESF-stöd"] == "7 044 417"
    assert any("," in row["Timmar per deltagare"] for row in read_rows(demo / "perstorp-2012" / "aktiviteter.csv"))


def test_perstorp_matches_the_seed(demo):
    folder = demo / "perstorp-2012"
    facts = read_rows(folder / "projekt.csv")[0]
    assert (kronor(facts["Beviljat ESF-stöd"]), facts["Startdatum"], facts["Slutdatum"]) == (
        7_044_417, "2012-02-01", "2014-01-31")
    assert len(read_rows(people_file(folder))) == 547
    focus = [row["Fokusområde"] for row in read_rows(folder / "fokusomraden.csv")]
    assert len(focus) == 10
    for name in ("Vision och värdegrund", "Professionalism", "Effektivitet", "Kommunikation och bemötande",
                 "Mångfald och likabehandling", "Medborgarservice och attraktion", "Ledarskap"):
        assert name in focus
    types = {row["Typ"] for row in read_rows(folder / "aktiviteter.csv")}
    assert {"transnationell resa", "jobbskuggning"} <= types
    assert any("Sokolow Podlaski" in row["Aktivitet"] for row in read_rows(folder / "aktiviteter.csv"))


def test_eslov_pre_project_matches_the_seed(demo):
    folder = demo / "eslov-2008"
    facts = read_rows(folder / "projekt.csv")[0]
    assert (facts["Projektnamn"], kronor(facts["Beviljat ESF-stöd"]), facts["Startdatum"], facts["Slutdatum"]) == (
        "Fördel Eslöv", 2_140_856, "2008-08-01", "2009-01-31")
    assert len(read_rows(folder / "fokusomraden.csv")) == 4


def test_two_municipality_project_has_prefixed_ids_two_ambassadors_per_department_and_goals(demo):
    folder = demo / "eslov-landskrona-2019"
    people = read_rows(people_file(folder))
    assert 2000 <= len(people) <= 2200
    assert {p["Anställningsnummer"][:4] for p in people} == {"ESL-", "LKR-"}
    departments = [u["Enhets-id"] for u in read_rows(folder / "enheter.csv") if not u["Överordnad enhet"]]
    ambassadors = read_rows(folder / "ambassadorer.csv")
    assert len(departments) == 20 and len(ambassadors) == 39  # one department is one short
    goals = {g["Delmåls-id"]: g for g in read_rows(folder / "delmal.csv")}
    assert (goals["G1"]["Målvärde"], goals["G1"]["Beräknas från"]) == ("80", "share_improved")
    assert (goals["G2"]["Målvärde"], goals["G2"]["Beräknas från"]) == ("95", "share_certified")
    assert goals["G3"]["Beräknas från"] == "ambassadors_per_unit"
    hand_goals = {g for g, row in goals.items() if not row["Beräknas från"]}
    measured = {m["Delmåls-id"] for m in read_rows(folder / "matningar.csv") if m["Kommentar"]}
    assert hand_goals and hand_goals <= measured
    assert len(read_rows(folder / "valideringsintyg.csv")) > 1000


def test_about_eighty_percent_women_with_skewed_departments(demo):
    genders = []
    for folder in demo.iterdir():
        for person in read_rows(people_file(folder)):
            # no gender column: the second-to-last digit of the personnummer is even for women
            genders.append(person.get("Kön") or ("K" if int(person["Personnummer"][-2]) % 2 == 0 else "M"))
    assert 0.75 <= genders.count("K") / len(genders) <= 0.85
    perstorp = read_rows(people_file(demo / "perstorp-2012"))
    care = [p["Kön"] for p in perstorp if p["Enhets-id"].startswith("VOF")]
    technical = [p["Kön"] for p in perstorp if p["Enhets-id"].startswith("TEK")]
    assert care.count("K") / len(care) > 0.8 and technical.count("K") / len(technical) < 0.4


def test_personnummer_are_valid_and_agree_with_gender_and_birth_year(demo):
    for folder in demo.iterdir():
        for person in read_rows(people_file(folder)):
            pnr = person["Personnummer"]
            assert len(pnr) == 13 and pnr[8] == "-" and luhn_ok(pnr[2:8] + pnr[9:]), pnr
            born = dt.date(int(pnr[:4]), int(pnr[4:6]), int(pnr[6:8]))  # raises for a date that does not exist
            # ages 19-66 at the project start (the generator's clip), so born 1940-2010 for projects from 2009 to 2029
            assert dt.date(1940, 1, 1) <= born <= dt.date(2010, 12, 31), pnr
            if person.get("Kön") in ("K", "M"):
                assert (int(pnr[-2]) % 2 == 0) == (person["Kön"] == "K")
                assert person["Födelseår"] == pnr[:4]


def test_roles_wages_and_attendance_look_like_real_exports(demo):
    for folder in demo.iterdir():
        people = read_rows(people_file(folder))
        assert {p["Roll"] for p in people} <= {"chef", "medarbetare", "förtroendevald"}
        wages = [float(p["Timkostnad inkl. sociala avgifter"].replace(",", ".")) for p in people]
        assert 250 <= min(wages) and max(wages) <= 600
        hours = [float(r["Timmar"].replace(",", ".")) for r in read_rows(folder / "narvaro.csv")]
        assert 0 in hours  # no-shows
        planned = {a["Aktivitets-id"]: a for a in read_rows(folder / "aktiviteter.csv")}
        assert len(planned) == len(read_rows(folder / "aktiviteter.csv"))
    perstorp = read_rows(demo / "perstorp-2012" / "narvaro.csv")
    lecture = [r["Timmar"] for r in perstorp if r["Aktivitets-id"] == "A08"]  # a 3-hour lecture
    assert {"0", "3"} <= set(lecture) and set(lecture) - {"0", "3"}  # partial attendance too
    assert {p["Roll"] for p in read_rows(people_file(demo / "perstorp-2012"))} == {
        "chef", "medarbetare", "förtroendevald"}


def test_budget_plan_sums_to_grant_and_total(demo):
    for folder in demo.iterdir():
        facts = read_rows(folder / "projekt.csv")[0]
        plan = read_rows(folder / "budget.xlsx")
        assert sum(kronor(r["Belopp"]) for r in plan) == kronor(facts["Total projektbudget"])
        assert sum(kronor(r["Belopp"]) for r in plan if r["Finansiär"] == "esf") == kronor(facts["Beviljat ESF-stöd"])
    periods = {r["Period"] for r in read_rows(demo / "klippan-esfplus-2025" / "budget.xlsx")}
    assert min(periods) == "2025-Q1" and max(periods) == "2027-Q4"


def test_ongoing_project_has_data_up_to_the_demo_today(demo):
    folder = demo / "klippan-esfplus-2025"
    facts = read_rows(folder / "projekt.csv")[0]
    assert (facts["Startdatum"], facts["Slutdatum"], facts["Projektfas"]) == ("2025-01-01", "2027-12-31",
                                                                               "Genomförande")
    assert [p["Kön"] for p in read_rows(people_file(folder))].count("X") == 6
    attended = [dt.date.fromisoformat(r["Datum"]) for r in read_rows(folder / "narvaro.csv")]
    assert max(attended) <= TODAY and max(attended) >= TODAY - dt.timedelta(days=30)
    assert any(dt.date.fromisoformat(a["Startdatum"]) > TODAY for a in read_rows(folder / "aktiviteter.csv"))
    meetings = [dt.date.fromisoformat(m["Datum"]) for m in read_rows(folder / "styrgruppsmoten.csv")]
    assert max(meetings) <= TODAY and max(meetings) >= TODAY - dt.timedelta(days=92)
    gaps = [(b - a).days for a, b in zip(meetings, meetings[1:])]
    assert min(gaps) >= 56 and max(gaps) <= 94
    ledger = read_rows(folder / "huvudbok.csv")
    assert max(dt.date.fromisoformat(r["Datum"]) for r in ledger) <= TODAY
    spent = sum(kronor(r["Belopp"]) for r in ledger)
    assert 0 < spent < 0.7 * kronor(facts["Total projektbudget"])  # partly spent, under plan
    waves = {(s["Typ"], s["Omgång"]) for s in read_rows(folder / "enkater.csv")}
    assert waves == {("kompetens", "baslinje"), ("kompetens", "uppföljning"), ("hme", "baslinje"),
                     ("hme", "uppföljning")}


def test_survey_exports_are_wide_and_match_the_item_catalogue(demo):
    for folder in demo.iterdir():
        items = read_rows(folder / "fragor.csv")
        hme = [i for i in items if i["Enkättyp"] == "hme"]
        assert len(hme) == 9 and all(sum(i["HME-delindex"] == index for i in hme) == 3
                                     for index in ("motivation", "ledarskap", "styrning"))
        by_header = {i["Fråge-id"]: i for i in items} | {i["Frågetext"]: i for i in items}
        for survey in read_rows(folder / "enkater.csv"):
            export = folder / survey["Fil"]
            submitted, *columns = header(export)
            assert submitted == "Inskickad"  # the survey tool's time stamp, ignored by the pipeline
            identity = columns[:2] if survey["Typ"] == "hme" else columns[:1]
            assert identity in (["Kön", "Enhets-id"], ["Anställningsnummer"], ["Personnummer"])
            question_columns = columns[len(identity):]
            assert question_columns and all(by_header[c]["Enkättyp"] == survey["Typ"] for c in question_columns)
            for row in read_rows(export):
                for column in question_columns:
                    answer = row[column]
                    maximum = int(by_header[column]["Skala max"])
                    assert answer in ("", "Vet ej") or 1 <= int(answer) <= maximum


def test_national_portfolio_sums_to_a_million_people_and_writes_the_same_file_kinds(tmp_path):
    from pipelines.demo.generate import generate_project
    from pipelines.demo.national import national_portfolio

    specs = national_portfolio(42)
    first = next(specs)  # specs come one at a time: the portfolio is never held whole
    everything = [first, *specs]
    assert len(everything) == 300 and len({s.project_id for s in everything}) == 300
    assert sum(s.headcount for s in everything) == 1_000_000
    stats = generate_project(first, tmp_path, 42)
    assert stats.people == first.headcount
    names = {p.name for p in (tmp_path / first.folder).iterdir()}
    assert all(kind in names for kind in HEADERS if kind != "personal")
    # per person about 5 attendance rows and 30 survey answers: 5 million and 30 million nationally
    assert 4 <= stats.attendance_rows / stats.people <= 7
    assert 25 <= stats.survey_answers / stats.people <= 35


def test_an_unwritable_out_folder_gives_a_swedish_message(tmp_path, capsys):
    blocker = tmp_path / "fil.txt"
    blocker.write_text("inte en mapp")
    assert main(["--out", str(blocker)]) == 1
    assert "Kunde inte skriva demodata" in capsys.readouterr().err


@pytest.mark.slow  # the real pipeline on the whole small portfolio: 10–30 s on two shared cores
def test_demo_loads_without_rejections_into_a_full_warehouse(demo, tmp_path, monkeypatch):
    import duckdb

    from pipelines.load.run import run_ingest

    from pipelines.contract import BASE_TABLES

    monkeypatch.setenv("STYRBORD_PSEUDONYM_KEY", "00" * 32)
    result = run_ingest(demo, tmp_path / "warehouse")
    assert result.ok, result.messages
    assert len(result.rejections) == 0, result.rejections.head(10).to_dict("records")
    con = duckdb.connect(str(tmp_path / "warehouse" / "warehouse.duckdb"), read_only=True)
    empty = [t for t in BASE_TABLES if t != "ingest_rejection"
             and con.execute(f"select count(*) from {t}").fetchall()[0][0] == 0]
    assert empty == []
    assert con.execute("select count(*) from person where project_id = 'perstorp-2012'").fetchall() == [(547,)]
    # every row and answer written arrives: counted independently from the files
    people = sum(len(read_rows(people_file(folder))) for folder in demo.iterdir())
    attendance = sum(len(read_rows(folder / "narvaro.csv")) for folder in demo.iterdir())
    answers = 0
    for folder in demo.iterdir():
        for survey in read_rows(folder / "enkater.csv"):
            rows = read_rows(folder / survey["Fil"])
            skip = 3 if survey["Typ"] == "hme" else 2  # time stamp and gender + unit, or time stamp and person
            answers += sum(v not in ("", "Vet ej") for row in rows for v in list(row.values())[skip:])
    assert con.execute("select (select count(*) from person), (select count(*) from attendance), "
                       "(select count(*) from survey_response)").fetchall() == [(people, attendance, answers)]
    # competence gaps differ by department at baseline and shrink unevenly
    gaps = con.execute("""
        select department_id, avg(gap) filter (where wave = 'baseline') as before,
               avg(gap) filter (where wave = 'follow_up') as after
        from mart_competence where project_id = 'perstorp-2012' group by 1""").fetchall()
    assert max(b for _, b, _ in gaps) - min(b for _, b, _ in gaps) > 0.3
    shrink = [b - a for _, b, a in gaps]
    assert min(shrink) > 0 and max(shrink) - min(shrink) > 0.15
    share_declined = con.execute("""
        select avg(case when change < 0 then 1 else 0 end) from mart_competence_change""").fetchall()[0][0]
    assert 0.05 < share_declined < 0.4


def test_projects_limits_the_national_portfolio_to_its_first_projects(tmp_path):
    # a region for benchmarks: the first N national projects, each from its own random stream
    from pipelines.demo.cli import main as demo_main

    assert demo_main(["--out", str(tmp_path / "region"), "--scale", "national", "--projects", "1"]) == 0
    folders = sorted(p.name for p in (tmp_path / "region").iterdir())
    assert len(folders) == 1 and folders[0].startswith("nat-001-")
