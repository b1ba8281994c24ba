"""Tests for the ESF project-bank page parser on the seed pages and hand-written layout variants."""

import json
from pathlib import Path

import pytest

from pipelines.project_page import (
    NotAProjectPage,
    decode_text,
    main,
    parse_dates,
    parse_project_page,
    parse_sek,
    read_project_page,
)

PAGES = Path(__file__).parent.parent / "fixtures" / "pages"

SKANE = [
    "Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm", "Höganäs", "Hörby", "Höör",
    "Karlshamn", "Karlskrona", "Klippan", "Kristianstad", "Kävlinge", "Landskrona", "Lomma", "Lund", "Malmö",
    "Olofström", "Osby", "Perstorp", "Ronneby", "Simrishamn", "Sjöbo", "Skurup", "Staffanstorp", "Svalöv",
    "Svedala", "Sölvesborg", "Tomelilla", "Trelleborg", "Vellinge", "Ystad", "Åstorp", "Ängelholm",
    "Örkelljunga", "Östra Göinge",
]


def page(name: str) -> dict:
    return read_project_page(PAGES / name)


def first_and_last_line(text: str) -> tuple[str, str]:
    lines = text.split("\n")
    return lines[0], lines[-1]


def test_perstorp_seed_facts():
    facts = page("perstorp_seed.txt")
    assert {k: v for k, v in facts.items() if k not in ("summary", "background", "goals", "accessibility",
                                                         "transnational")} == {
        "name": "Kulturutveckling, kompetensutveckling och kompetensstyrning i Perstors Kommun",
        "programme_area": "Programområde 1 Kompetensförsörjning",
        "phase": "Genomförande",
        "owner": "Kommunstyrelsen/ledningskontoret",
        "contact_person": "Carola Frohm",
        "email": "carola.frohm@perstorp.se",
        "phone": "0435-39115",
        "esf_grant_sek": 7044417,
        "total_budget_sek": 7044417,
        "start_date": "2012-02-01",
        "end_date": "2014-01-31",
        "region": "Sydsverige",
        "municipalities": SKANE,
        "participating_actors": ["Kommunstyrelsen/ledningskontoret"],
        "partners": [],
        "purpose": None,
        "gender_equality": None,
    }


def test_perstorp_seed_sections_without_pdf_page_breaks():
    facts = page("perstorp_seed.txt")
    assert facts["summary"].startswith("Projektets avsikt är att tillsammams skapa en ny anda, en ny kultur")
    assert facts["summary"].endswith("förbättrad effektivitet samt bättre förmåga att möta omvärldens krav.")
    assert first_and_last_line(facts["background"])[0].startswith("Perstorps Kommun som är Skånes minsta kommun,")
    assert facts["background"].endswith("kostnaden för denna process stod Perstorps Kommun ensam för.")
    assert facts["goals"].startswith("Vi förväntar oss följande effekter efter att ha genomfört projektet:")
    # the PDF page break "ESF Ansökan om stöd … / Sid 7 (24) / Ej diarieförd" sat inside this section
    assert first_and_last_line(facts["goals"])[1] == (
        "En annan målsättnimg är att den medarbetarenkät som genomfördes under hösten 2010 och som beskrivs "
        "under bakgrunden genomförs igen när projektet är genomfört."
    )
    assert facts["accessibility"].startswith("Utgångspunkten är att alla, oavsett om deltagarna har något")
    assert facts["accessibility"].endswith("material framtagna av HANDISAM samt genom samarbete med Processtöd Tillgänglighet.")
    assert facts["transnational"].startswith("Perstorps Kommun som organisationen, medborgare och företag verkar")
    assert facts["transnational"].endswith('"Town Hall of Sokolow Podlaski" kommun för deltagande i slutseminariet.')
    for key in ("summary", "background", "goals", "accessibility", "transnational"):
        assert "Sid 3 (24)" not in facts[key] and "Ej diarieförd" not in facts[key]
        assert "Kommunstyrelsen/ledningskontoret" not in facts[key]
    # 26 lines under "Bakgrund" in the file, 6 of them PDF page-break lines
    assert len(facts["background"].split("\n")) == 20


def test_eslov_seed_facts_and_sections():
    facts = page("eslov_seed.txt")
    assert {k: facts[k] for k in ("name", "programme_area", "phase", "owner", "contact_person", "email", "phone",
                                  "esf_grant_sek", "total_budget_sek", "start_date", "end_date", "region",
                                  "municipalities", "participating_actors", "partners")} == {
        "name": "Fördel Eslöv",
        "programme_area": "Programområde 1 Kompetensförsörjning",
        "phase": "Förprojektering",
        "owner": "Kommunledningskontoret",
        "contact_person": "Johanna Sundberg",
        "email": "johanna.sundberg@eslov.se",
        "phone": "0413-62972",
        "esf_grant_sek": 2140856,
        "total_budget_sek": 2140856,
        "start_date": "2008-08-01",
        "end_date": "2009-01-31",
        "region": "Sydsverige",
        "municipalities": ["Eslöv"],
        "participating_actors": [],
        "partners": [],
    }
    assert first_and_last_line(facts["summary"]) == (
        "För att åstadkomma en genomgripande och långsiktig förändring / utveckling i",
        "förprojekteringens utvecklingsarbete dvs alla medarbetare engageras.",
    )
    assert facts["background"].startswith("Eslövs kommun är idag en decentraliserad organisation")
    assert first_and_last_line(facts["background"])[1] == (
        "Problematik; Samverkan mellan förvaltningarna är inte optimal vilket gör att värdefulla resurser går "
        "förlorade."
    )
    assert first_and_last_line(facts["purpose"]) == (
        "Vi vill klargöra utvecklingsbehovet hos medarbetarna i Eslöv kommun när det gäller professionellt "
        "bemötande, mångfald, delaktighet och medborgarinflytande, för att möta de ökade krav och förväntningar "
        "som ställs på kommunen idag och i framtiden.",
        "Avsikten med projektet är att synliggöra varje medarbetare och att öka delaktigheten.",
    )
    # a body line that starts like a heading ("Målsättning för …") stays in the text
    assert facts["goals"].split("\n")[:2] == [
        "Målsättning för förprojekteringen är:",
        "- Vi ska upprätta en handlingsplan för hur övergången till en lärande organisation ska genomföras.",
    ]
    assert facts["goals"].endswith("Dessa effekter ska leda till en högre kvalitet och effektivitet i arbetet gentemot medborgarna.")
    assert facts["accessibility"].startswith("Projektet kommer att bedrivas i lokaler som gör det möjligt")
    assert facts["gender_equality"] is None and facts["transnational"] is None


def test_cp1252_crlf_page_with_cookie_noise_colons_and_glued_label():
    assert page("ludvika_cp1252_crlf.txt") == {
        "name": "Lärande i Ludvika – kompetens för välfärdens medarbetare",
        "programme_area": "Programområde 1 Kompetensförsörjning",
        "phase": "Genomförande",
        "owner": "Ludvika kommun, HR-avdelningen",
        "contact_person": "Anna Exempel",
        "email": "anna.exempel@ludvika.example",
        "phone": "0240-123 45",
        "esf_grant_sek": 1250000,
        # 2 500 000,50 kr: öre rounded half up to whole kronor
        "total_budget_sek": 2500001,
        "start_date": "2019-09-01",
        "end_date": "2021-08-31",
        "region": "Norra Mellansverige",
        "municipalities": ["Ludvika", "Smedjebacken"],
        "participating_actors": [
            "Ludvika kommun, Vård- och omsorgsförvaltningen",
            "Ludvika kommun, Barn- och utbildningsförvaltningen",
        ],
        "partners": ["Högskolan Dalarna", "Arbetsförmedlingen"],
        # the English block before it is skipped; "Sid 2 (9)" is a PDF page break
        "summary": "Projektet ger medarbetarna i vård och omsorg samt skola en gemensam grund – och kostar 20 € "
                   "per deltagare i material.\nAlla ska kunna delta.",
        "background": "Många medarbetare saknar formell utbildning.",
        "purpose": "Att höja kompetensen hos 400 medarbetare.",
        "goals": None,
        "accessibility": None,
        "gender_equality": "Kvinnor och män ska delta i samma omfattning som de finns i personalen, vilket följs "
                           "upp varje kvartal.",
        "transnational": None,
    }


def test_labels_on_their_own_lines_with_missing_fields_and_bom():
    assert page("gnosjo_label_lines_bom.txt") == {
        "name": "Kompetenslyftet i Gnosjö",
        "programme_area": "Programområde 1 Kompetensförsörjning",
        "phase": "Avslutad",
        "owner": "Gnosjö kommun",
        "contact_person": None,
        "email": None,
        "phone": None,
        "esf_grant_sek": 3000000,
        "total_budget_sek": 6100000,
        "start_date": "2016-03-01",
        "end_date": "2018-02-28",
        "region": None,
        "municipalities": ["Gnosjö"],
        "participating_actors": [],
        "partners": [],
        "summary": "Alla medarbetare i kommunen kartlägger sin kompetens och får en individuell utvecklingsplan.",
        "background": None,
        "purpose": None,
        "goals": "Minst 80 % av deltagarna ska ha höjt sin kompetens mellan första och andra kartläggningen.",
        "accessibility": "Utbildningarna hålls i tillgängliga lokaler.",
        "gender_equality": None,
        "transnational": None,
    }


def test_tab_separated_labels_other_bullets_and_english_block_last():
    facts = page("vast_tabs_english_last.txt")
    assert facts["name"] == "Vård i Väst – kompetensutveckling i äldreomsorgen"
    assert (facts["phone"], facts["esf_grant_sek"], facts["total_budget_sek"]) == ("031-700 00 00", 12345678, 24691356)
    assert (facts["start_date"], facts["end_date"], facts["region"]) == ("2023-01-01", "2025-12-31", "Västsverige")
    assert facts["participating_actors"] == ["Ale kommun", "Kungälvs kommun", "Lerums kommun", "Stenungsunds kommun"]
    assert facts["municipalities"] == ["Ale", "Kungälv", "Lerum", "Stenungsund"]
    assert facts["summary"] == "Fyra kommuner utbildar undersköterskor och vårdbiträden tillsammans."
    assert facts["transnational"] == "Studiebesök i Danmark."


def test_fact_block_after_the_sections_and_labels_in_other_case():
    text = (
        "Sammanfattning\nKort text.\n\nKommun\n• Ale\n\n"
        "Ett projekt utan brödsmulor\nPROJEKTFAS genomförande\nprojektägare: Ale kommun\n"
        "beviljat esf-stöd 100 kr\nTotal  projektbudget 200 kr\nProjektperiod 2020-01-01 - 2020-12-31\n"
    )
    facts = parse_project_page(text)
    assert (facts["name"], facts["phase"], facts["owner"]) == ("Ett projekt utan brödsmulor", "Genomförande", "Ale kommun")
    assert (facts["esf_grant_sek"], facts["total_budget_sek"]) == (100, 200)
    assert (facts["summary"], facts["municipalities"]) == ("Kort text.", ["Ale"])


def test_policy_document_is_not_a_project_page():
    with pytest.raises(NotAProjectPage) as error:
        page("policy_not_a_project.txt")
    assert str(error.value) == (
        "Filen 'policy_not_a_project.txt': Texten ser inte ut som en projektsida från ESF-rådets projektbank: "
        "uppgifterna Programområde, Projektfas, Projektägare, Beviljat ESF-stöd, Total projektbudget och "
        "Projektperiod saknas. Kopiera hela projektsidan, från projektets namn till listan över kommuner, "
        "och spara den som text."
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7\u00a0044\u00a0417 kr", 7044417),
        ("7 044 417kr", 7044417),
        ("7044417 SEK", 7044417),
        ("6.100.000:-", 6100000),
        ("2 140 856,49 kr", 2140856),
        ("ca 7 miljoner", None),
        ("", None),
    ],
)
def test_parse_sek(text, expected):
    assert parse_sek(text) == expected


def test_parse_dates():
    assert parse_dates("2012-02-01 till 2014-01-31") == ["2012-02-01", "2014-01-31"]
    assert parse_dates("1 mars 2016 – 28 Februari 2018") == ["2016-03-01", "2018-02-28"]


def test_decode_text_encodings():
    assert decode_text("Kön – 20 €".encode("cp1252")) == "Kön – 20 €"
    assert decode_text("\ufeffKön".encode("utf-8")) == "Kön"
    assert decode_text("Kön".encode("utf-8")) == "Kön"
    assert decode_text("Kön".encode("utf-16")) == "Kön"


def test_main_prints_json(capsys):
    assert main([str(PAGES / "eslov_seed.txt")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    facts = json.loads(out)
    assert (facts["name"], facts["esf_grant_sek"]) == ("Fördel Eslöv", 2140856)
    assert '"name": "Fördel Eslöv"' in out  # ensure_ascii=False keeps å ä ö readable


def test_main_missing_file(capsys, tmp_path):
    missing = tmp_path / "saknas.txt"
    assert main([str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Filen '{missing}' finns inte. Kontrollera namnet och sökvägen.\n"


def test_main_binary_file(capsys, tmp_path):
    binary = tmp_path / "projekt.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert main([str(binary)]) == 1
    assert capsys.readouterr().err == (
        "Filen 'projekt.txt' är ingen textfil. Kopiera projektsidan från webbläsaren och spara den som ren text (.txt).\n"
    )


def test_main_not_a_project_page_and_usage(capsys):
    assert main([str(PAGES / "policy_not_a_project.txt")]) == 1
    assert capsys.readouterr().err.startswith("Filen 'policy_not_a_project.txt': Texten ser inte ut som en projektsida")
    assert main([]) == 1
    assert capsys.readouterr().err == "Ange en fil: python -m pipelines parse-project-page PROJEKTSIDA.txt\n"


def test_too_large_page_is_refused_without_reading(tmp_path):
    big = tmp_path / "stor.txt"
    with big.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024)  # sparse: never read
    with pytest.raises(NotAProjectPage) as error:
        read_project_page(big, max_bytes=1024 * 1024)
    assert str(error.value) == (
        "Filen 'stor.txt' är 2 MB, för stor för att vara en projektsida (högst 1 MB). "
        "Spara bara projektsidans text i filen."
    )


def test_looks_like_project_page_by_content():
    from pipelines.project_page import looks_like_project_page

    assert all(looks_like_project_page((PAGES / name).read_bytes()[:65536]) for name in (
        "perstorp_seed.txt", "eslov_seed.txt", "ludvika_cp1252_crlf.txt", "gnosjo_label_lines_bom.txt",
        "vast_tabs_english_last.txt"))
    assert not looks_like_project_page((PAGES / "policy_not_a_project.txt").read_bytes())
    # a project-facts table is not a page, whatever its separator
    assert not looks_like_project_page("Projektnamn\tProjektfas\tRegion\nX\tGenomförande\tSyd\n".encode())
    assert not looks_like_project_page(b"Projekt-id;Projektnamn;Projektfas\nSTOK;Stokiga filer;Genomforande\n")
    # a head cut in the middle of "ö" still decodes as UTF-8
    text = "Titel\nProjektfas Genomförande\nProjektägare Kommunen\nProjektperiod 2020-01-01 till 2020-12-31\nö"
    assert looks_like_project_page(text.encode("utf-8")[:-1])


def test_list_copied_as_one_line_of_bullets():
    text = ("Titel\nProjektfas Genomförande\nProjektägare Kommunen\nProjektperiod 2020-01-01 till 2020-12-31\n\n"
            "Kommun\n\n• Ale • Lerum  •  Kungälv\n\nDeltagande aktörer\n\n- Ale kommun - skolförvaltningen\n")
    facts = parse_project_page(text)
    assert facts["municipalities"] == ["Ale", "Lerum", "Kungälv"]
    # a dash inside an item is not a bullet
    assert facts["participating_actors"] == ["Ale kommun - skolförvaltningen"]
