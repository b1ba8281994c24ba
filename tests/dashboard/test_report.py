"""The meeting pack (PDF) and the progress-report draft (Word) on the FIX fixture: the hand-checked figures of
tests/fixtures/raw/fix/FACIT.md, the headings, no hidden cell, the same values as Sammanfattning, a stable build."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import metrics

AS_OF = dt.date(2025, 12, 31)


def pdf_text(pdf: bytes, tmp: Path, layout: bool = False) -> str:
    path = tmp / "pack.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def words(text: str) -> str:
    """The text with every run of white space as one space (sentences wrap across lines in the PDF)."""
    return re.sub(r"\s+", " ", text)


def key_figures(layout: str) -> dict[str, str]:
    """The boxed key figures of the pack as {label: value}: a row of labels, the row of their values below."""
    found = {}
    lines = [line for line in layout.splitlines() if line.strip()]
    for above, below in zip(lines, lines[1:]):
        labels, values = re.split(r"\s{2,}", above.strip()), re.split(r"\s{2,}", below.strip())
        if len(labels) == len(values) and all(re.match(r"[−+]?[\d–]", v) for v in values):
            found.update(zip(labels, values))
    return found


def docx_text(content: bytes) -> list[str]:
    """Every paragraph and every table row (cells joined by ' | ') of a .docx, in document order."""
    import io

    from docx import Document

    lines = []
    body = Document(io.BytesIO(content)).element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    lines.append(" | ".join("".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t"))
                                            for cell in row if cell.tag.endswith("}tc")))
    return lines


@pytest.fixture(scope="module")
def fix_view(dashboard_warehouse):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
        from dashboard import data, figures

        data.clear_caches()
        yield figures.project_view("FIX", as_of=AS_OF)
        data.clear_caches()


@pytest.fixture(scope="module")
def pack_pdf(fix_view, tmp_path_factory):
    """The pack for FIX as of 2025-12-31 (built once for the module: the first chart starts Chromium)."""
    from dashboard.report import pack

    tmp = tmp_path_factory.mktemp("pack")
    pdf = pack.build(fix_view)
    return pdf, pdf_text(pdf, tmp), pdf_text(pdf, tmp, layout=True), tmp


def test_pack_holds_the_hand_checked_figures(pack_pdf):
    _, text, layout, _ = pack_pdf
    flat = words(text)
    # participants 18 = 13 women + 5 men of 20 employees; 91,5 hours (written 92, as on the page)
    assert "90 % av de anställda har deltagit: 72 % kvinnor och 28 % män, jämfört med 65 % kvinnor i personalen." in flat
    assert "Deltagare: 18 (13 kvinnor och 5 män), oförändrat sedan mötet." in flat
    assert "Utbildningstimmar: 92, oförändrat sedan mötet." in flat
    # ledger 221 000 + participant pay 32 007,50; plan 590 000 (esf 550 000 + offentlig medfinansiering 40 000)
    assert "Projektet har använt 253 008 kr av den planerade budgeten på 590 000 kr (43 %)" in flat
    assert re.search(r"personal\s+400 000 kr\s+180 000 kr\s+400 000 kr", layout)
    assert re.search(r"köp av tjänst\s+150 000 kr\s+41 000 kr\s+150 000 kr", layout)
    assert re.search(r"deltagarlön\s+40 000 kr\s+32 008 kr\s+40 000 kr", layout)
    assert re.search(r"esf\s+550 000 kr\s+550 000 kr", layout)
    assert re.search(r"offentlig medfinansiering\s+40 000 kr", layout)
    # sub-goals: D1 6 of 9 (3 did not improve: hidden since issue 8, not assessed), D2 18 green, D3 71 green,
    # D4 27 days red; the masked comment
    assert re.search(r"80 %\s+2025-12-31\s+–\s+inte", layout)
    assert "Av 4 delmål är 2 gröna, 0 gula och 1 röda; 1 kan inte bedömas ännu." in flat
    assert re.search(r"\s15\s+2025-12-31\s+18\s+✓ Grön", layout)
    assert re.search(r"Nöjdare medborgare\s+70,0\s+2025-12-31\s+71,0\s+✓ Grön", layout)
    assert re.search(r"Kortare handläggningstid\s+16\s+2025-12-31\s+27\s+✕ Röd", layout)
    assert "ÅÅÅÅMMDD-XXXX" in flat
    # since the meeting of 2025-09-18: D1 had no value before the follow-up mapping, D3 was red at 62
    assert "Förändringar från styrgruppsmötet 2025-09-18 (Styrgrupp 2) till 2025-12-31." in flat
    changed = layout.split("1.1. Delmål som bytt status", 1)[1].split("2. Delmål", 1)[0]
    assert "Nöjdare medborgare" in changed and "höjt sin" not in changed
    assert re.search(r"Nöjdare medborgare\s+✕ Röd\s+✓ Grön\s+71,0", layout)
    # competence: 6 of 9 improved against the target 80 %; gap in the follow-up Bemötande 0,5 and Digital
    # kompetens −0,1 in total; F1 (5 people) hidden since the other departments hold only 4 (issue 8)
    assert "som svarat på båda kompetenskartläggningarna har höjt sin kompetens" not in flat
    assert re.search(r"Totalt\s+9\s+–\s+–", layout)
    assert re.search(r"Totalt\s+0,5\s+−0,1", layout)
    assert re.search(r"Vård och omsorg\s+–\s+–", layout)
    # HME: baseline 54,17 → 54, follow-up 62,5 → 62 (half to even), motivation 70,83 → 71; 6 respondents each
    assert re.search(r"Totalt\s+HME totalt\s+54\s+6\s+62\s+6", layout)
    assert re.search(r"Totalt\s+Motivation\s+54\s+6\s+71\s+6", layout)
    # risks from the data: two red sub-goals and the forecast 57 % under the budget
    assert "Delmålet ”Minst 80 % har höjt sin kompetens” är rött" not in flat
    assert "Delmålet ”Kortare handläggningstid” är rött: utfall 27 mot målvärdet 16 till 2025-12-31." in flat
    assert "Budgetprognosen 253 008 kr ligger 57 % under budgeten 590 000 kr." in flat


def test_pack_has_its_sections_in_order_with_page_numbers_and_the_date(pack_pdf):
    pdf, text, _, tmp = pack_pdf
    body = text.split("Innehåll", 1)[1]
    headings = ["1. Sedan förra mötet", "2. Delmål", "3. Budget", "4. Deltagande och jämställdhet", "5. Kompetens",
                "6. Medarbetarenkät (HME)", "7. Risker och avvikelser"]
    # the heading itself (on its own line, maybe first on a page), after its line in the contents
    at = [[m.start() for m in re.finditer(rf"[\n\f]{re.escape(h)}\n", body)][-1] for h in headings]
    assert at == sorted(at)
    pages = text.count("\f")
    assert pages >= 5
    for page in range(1, pages + 1):
        assert f"Kompetenslyft Fixby · läget per 2025-12-31" in text.split("\f")[page - 1]
        assert f"Sida {page} av {pages}" in text.split("\f")[page - 1]
    cover = text.split("\f")[0]
    assert "Mötesunderlag för styrgruppen" in cover and "Kommunstyrelsen i Fixby" in cover
    assert "2025-01-01 – 2025-12-31" in cover and "2025-09-18" in cover
    # every chart's title is real text above its image (the builders keep it out of the image, as on the pages)
    for title in ("Använt sammanlagt jämfört med planen", "Kvinnors andel bland deltagarna och i målgruppen, per förvaltning"):
        assert f"\n{title}\n" in body, title


def test_pack_shows_no_cell_that_suppression_hides(pack_pdf):
    _, text, layout, _ = pack_pdf
    lines = layout.splitlines()
    # FA2 Ledarskap: the three chefs (2 women, 1 man) – every figure of the area is a dash
    ledarskap = [line.split() for line in lines if line.strip().startswith("Ledarskap")]
    assert [row[1:] for row in ledarskap] == [["Kvinnor", "–", "–"], ["Män", "–", "–"], ["Totalt", "–", "–"]]
    # F2 Teknik (6 employees, 4 participants) and F3 Kultur (3): women's share and the gap are dashes
    for department in ("Teknik", "Kultur"):
        rows = [line.split()[1:] for line in lines if line.strip().startswith(department)]
        assert rows and all(set(row) == {"–"} for row in rows), rows
    # HME by gender: women 4 (56,25) and men 2 (75) are hidden, so neither value appears
    for gender in ("Kvinnor", "Män"):
        rows = [line.split()[1:] for line in lines if re.match(rf"\s*{gender}\s+(HME|Motivation|Ledarskap|Styrning)", line)]
        assert len(rows) == 4 and all(set(row[-4:]) == {"–"} for row in rows), rows
    assert "56" not in re.sub(r"\d{4}-\d{2}-\d{2}", "", text).replace("56 %", "")
    assert not re.search(r"\b75\b", text)
    # the dash is explained on the same page as every table that shows one
    for page in text.split("\f"):
        if re.search(r"(?m)\s–\s*$", page):
            assert "– = färre än 5 personer" in page


def test_pack_is_a_tagged_pdf_ua_document_in_swedish_with_alt_text(pack_pdf):
    pdf, _, _, tmp = pack_pdf
    info = subprocess.run(["pdfinfo", str(tmp / "pack.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Title:\s+Mötesunderlag: Kompetenslyft Fixby, läget per 2025-12-31", info)
    assert b"/Lang(sv)" in pdf
    assert b"pdfuaid" in pdf  # the PDF/UA-1 identification in the metadata
    # every chart: burn-up, focus areas, women's share, heatmap, HME (the share improved per department is all
    # hidden for FIX since issue 8, so it is not drawn)
    assert pdf.count(b"/Alt") >= 5
    assert b"/Outlines" in pdf  # bookmarks from the headings


def test_pack_has_the_same_figures_as_sammanfattning(app, pack_pdf):
    _, text, layout, _ = pack_pdf
    flat = words(text)
    at = app("sammanfattning", projekt="FIX", per="2025-12-31")
    shown, in_pack = metrics(at), key_figures(layout)
    labels = ("Deltagare totalt", "Kvinnor", "Män", "Andel av målgruppen som deltagit", "Använd budget hittills",
              "Använt jämfört med planen hittills", "Använt av hela budgeten", "Andel som höjt sin kompetens")
    assert {label: in_pack.get(label) for label in labels} == {label: shown[label] for label in labels}
    assert in_pack["Deltagare totalt"] == "18" and in_pack["Använd budget hittills"] == "253 008 kr"
    in_words = next(m.value for m in at.markdown if "deltagit" in m.value)
    for sentence in in_words.splitlines():
        assert words(sentence.removeprefix("- ")) in flat


def test_pack_build_is_deterministic(fix_view, pack_pdf):
    from dashboard.report import pack

    _, text, _, tmp = pack_pdf
    # the text does not depend on the chart images: two builds without them read exactly as the drawn one
    first, second = pack.build(fix_view, draw=False), pack.build(fix_view, draw=False)
    assert pdf_text(first, tmp) == pdf_text(second, tmp) == text


def test_pack_in_english(fix_view, tmp_path):
    from dashboard.report import pack

    text = words(pdf_text(pack.build(fix_view, lang="en", draw=False), tmp_path))
    assert "Steering-group meeting pack" in text and "1. Since the last meeting" in text
    assert "SEK 253,008" in text and "– = fewer than 5 people" in text
    assert b"/Lang(en)" in pack.build(fix_view, lang="en", draw=False)


@pytest.fixture(scope="module")
def half_year_report(fix_view):
    from dashboard.report import progress

    return progress.build(fix_view, dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def test_progress_report_holds_the_half_year_figures(half_year_report):
    lines = docx_text(half_year_report)
    assert lines[0] == "Lägesrapport: Kompetenslyft Fixby"
    assert "Rapportperiod 2025-01-01 – 2025-06-30" in lines
    for heading in ("Genomförda aktiviteter under perioden", "Deltagare", "Budget och utfall", "Delmål",
                    "Horisontella principer", "Jämställdhet", "Tillgänglighet", "Risker och avvikelser",
                    "Nästa period"):
        assert heading in lines, heading
    # all attendance falls in the first half year: 18 participants (13 K, 5 M) of 20 employees
    assert "Kvinnor | 13 | 13 | 13 | 100 %" in lines
    assert "Män | 5 | 5 | 7 | 71 %" in lines
    assert "Totalt | 18 | 18 | 20 | 90 %" in lines
    # A1, A2, A4 in Bemötande (67,5 h), A3 in Ledarskap (3 chefs: hidden); Bemötande's hours beside the
    # period's 91,5 would give the chefs' 24, so they are hidden too (issue 8)
    assert "Bemötande | 3 | 13 | 5 | 18 | –" in lines
    assert "Ledarskap | 1 | – | – | – | –" in lines
    # ledger Jan–Jun and participant pay 32 007,50 kr
    assert "personal | 400 000 kr | 180 000 kr | 180 000 kr" in lines
    assert "köp av tjänst | 150 000 kr | 41 000 kr | 41 000 kr" in lines
    assert "deltagarlön | 40 000 kr | 32 008 kr | 32 008 kr" in lines
    assert "esf | 550 000 kr | 550 000 kr | " in lines
    # sub-goals as of 2025-06-30: D3 62 and D4 29 measured; D1 without a follow-up mapping yet
    assert "Minst 80 % har höjt sin kompetens | 80 % | 2025-12-31 |  | – Kan inte bedömas" in lines
    assert "Kortare handläggningstid | 16 | 2025-12-31 | 29 | ✕ Röd" in lines
    assert sum(line.startswith("[") and line.endswith("]") for line in lines) >= 7  # the project leader's places
    assert "– = färre än 5 personer. Uppgiften visas inte, och inte heller en uppgift som skulle gå att räkna fram ur en summa." in lines


def test_progress_report_counts_only_the_period(fix_view):
    from dashboard.report import progress

    lines = docx_text(progress.build(fix_view, dt.date(2025, 4, 1), dt.date(2025, 6, 30)))
    # Q2: A4 (5 people, 13,5 h) in Bemötande; A3 (3 chefs) in Ledarskap; ledger 3 × 30 000 and 18 500 − 2 500
    assert "Bemötande | 1 | – | – | 5 | –" in lines  # 13,5 h beside the quarter's 37,5 h: hidden (issue 8)
    assert "Ledarskap | 1 | – | – | – | –" in lines
    assert "personal | 400 000 kr | 90 000 kr | 180 000 kr" in lines
    assert "köp av tjänst | 150 000 kr | 16 000 kr | 41 000 kr" in lines
    # 8 people took part in Q2 (5 women, 3 men): the men are too few, so the women are hidden too
    assert "Totalt | 8 | 18 | 20 | 90 %" in lines
    assert "Män | – | 5 | 7 | 71 %" in lines and "Kvinnor | – | 13 | 13 | 100 %" in lines


def test_progress_report_is_deterministic_and_in_swedish(fix_view, half_year_report):
    import io

    from docx import Document

    from dashboard.report import progress

    again = progress.build(fix_view, dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert docx_text(again) == docx_text(half_year_report)
    document = Document(io.BytesIO(half_year_report))
    assert document.core_properties.language == "sv-SE"
    assert b'w:val="sv-SE"' in document.styles.element.xml.encode()


def test_last_quarter():
    from dashboard import figures
    from dashboard.filters import Filters

    project = Filters("P", None, None, dt.date(2025, 1, 15), dt.date(2026, 6, 30), dt.date(2026, 6, 30),
                      dt.date(2025, 1, 15), dt.date(2026, 6, 30))
    assert figures.last_quarter(project, today=dt.date(2025, 11, 5)) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert figures.last_quarter(project, today=dt.date(2025, 12, 31)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert figures.last_quarter(project, today=dt.date(2025, 4, 1)) == (dt.date(2025, 1, 15), dt.date(2025, 3, 31))
    # before a whole quarter has passed: from the start to today
    assert figures.last_quarter(project, today=dt.date(2025, 2, 1)) == (dt.date(2025, 1, 15), dt.date(2025, 2, 1))
    # after the end: the project's last quarter
    assert figures.last_quarter(project, today=dt.date(2027, 3, 3)) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def test_command_line(dashboard_warehouse, monkeypatch, tmp_path, capsys):
    from dashboard import data
    from dashboard.report.__main__ import main

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    monkeypatch.setenv("STYRBORD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    data.clear_caches()
    assert main(["pack", "--project", "NOPE", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Projektet 'NOPE' finns inte i datalagret." in capsys.readouterr().err
    assert main(["pack", "--project", "FIX", "--as-of", "2026-02-01", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "ligger utanför projektets period 2025-01-01 – 2025-12-31" in capsys.readouterr().err
    assert main(["progress", "--project", "FIX", "--from", "2025-07-01", "--to", "2025-03-01",
                 "--out", str(tmp_path / "x.docx")]) == 1
    assert "--from 2025-07-01 ligger efter --to 2025-03-01" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.docx").exists()
    assert main(["progress", "--project", "FIX", "--from", "2025-01-01", "--to", "2025-06-30",
                 "--out", str(tmp_path / "r.docx")]) == 0
    assert "Totalt | 18 | 18 | 20 | 90 %" in docx_text((tmp_path / "r.docx").read_bytes())
    assert main(["pack", "--project", "FIX", "--as-of", "2025-06-30", "--since", "2025-03-20",
                 "--out", str(tmp_path / "p.pdf")]) == 0
    text = words(pdf_text((tmp_path / "p.pdf").read_bytes(), tmp_path))
    # counted from the month grid's view before the meeting (2025-02-28: A1, 12 people, 24 hours): A2 adds
    # 108 109 110 115, A4 111 and 120; A2 30 + A3 24 + A4 13,5 hours
    assert "Deltagare: 18 (13 kvinnor och 5 män), +6 sedan mötet." in text
    assert "Utbildningstimmar: 92, +68 sedan mötet." in text
    # every document written from the command line is in the audit log with the OS user, refusals too
    logged = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["action"], e["role"], e["project"], e["outcome"]) for e in logged] == [
        ("meeting_pack", "kommandorad", "NOPE", "nekad"), ("meeting_pack", "kommandorad", "FIX", "nekad"),
        ("meeting_pack", "kommandorad", "FIX", "nekad"), ("meeting_pack", "kommandorad", "FIX", "ok"),
        ("meeting_pack", "kommandorad", "FIX", "ok")]
    assert json.loads(logged[-1]["detail"])["dokument"] == "pack"
    data.clear_caches()


def test_sammanfattning_builds_the_pack_on_demand(app):
    at = app("sammanfattning", projekt="FIX", per="2025-12-31")
    assert not at.get("download_button") or all("Spara" not in b.proto.label for b in at.get("download_button"))
    at.button(key="offer_build_pack").click().run()
    assert not at.exception, [e.message for e in at.exception]
    saves = [b.proto for b in at.get("download_button") if b.proto.label == "Spara mötesunderlaget (PDF)"]
    assert len(saves) == 1
    at.button(key="offer_build_progress").click().run()
    saves = [b.proto for b in at.get("download_button") if b.proto.label == "Spara lägesrapporten (Word)"]
    assert len(saves) == 1
    assert "2025-10-01 – 2025-12-31" in " ".join(c.value for c in at.caption)  # the last quarter by default


def test_portfolio_with_one_project_offers_the_documents(app):
    at = app("portfolio", projekt="FIX", per="2025-12-31")
    assert [b.label for b in at.button if b.key and b.key.startswith("offer_build_")] == [
        "Ladda ner mötesunderlag (PDF)", "Ladda ner lägesrapport (Word)"]


def test_risks_are_found_in_the_data(fix_view, monkeypatch):
    import pandas as pd

    from dashboard import figures
    from dashboard.report import content

    # women are 72,2 % of the participants and 65,0 % of the staff: +7,2 pp is a gap beyond 5 but not beyond 10
    # D4 is red; D1 (6 of 9 improved) is hidden since issue 8 and so not named as red
    assert [r.kind for r in figures.risks(fix_view)] == ["red_goal", "forecast"]
    gaps = [r for r in figures.risks(fix_view, threshold_points=5) if r.kind == "gender_gap"]
    assert [content.risk_sentence(r) for r in gaps] == [
        "Kvinnors andel bland deltagarna, hela urvalet: 72 % mot 65 % i målgruppen (+7 p.e., gränsen är 5 p.e.)."]
    # attendance last loaded 2025-08-01: 152 days before the as-of date 2025-12-31 (the staff file is recent)
    monkeypatch.setattr(figures, "loads_latest", lambda view: pd.DataFrame({
        "kind": ["attendance", "person", "meeting"],
        "loaded_at": pd.to_datetime(["2025-08-01 10:00", "2025-12-01 09:00", "2025-01-02 08:00"])}))
    stale = [r for r in figures.risks(fix_view) if r.kind == "stale_data"]
    assert [content.risk_sentence(r) for r in stale] == ["Närvaro lästes senast in 2025-08-01, för 152 dagar sedan."]


def test_status_changes_name_from_and_to(fix_view):
    from dashboard import figures

    since = figures.since_meeting(fix_view)
    assert since.since == dt.date(2025, 9, 18) and since.title == "Styrgrupp 2"
    changes = [(row.goal_id, row.status_from if isinstance(row.status_from, str) else None, row.status_to)
               for row in since.status_changes.itertuples()]
    assert changes == [("D3", "red", "green")]  # D1 stays unassessed: hidden (6 of 9 improved, issue 8)
    # a chosen date that is no meeting has no title
    assert figures.since_meeting(fix_view, dt.date(2025, 6, 1)).title is None


def test_progress_report_has_the_same_figures_as_sammanfattning(app, half_year_report):
    lines = docx_text(half_year_report)
    at = app("sammanfattning", projekt="FIX", per="2025-06-30")
    shown = metrics(at)
    totals = next(line.split(" | ") for line in lines if line.startswith("Totalt | "))
    assert totals[2] == shown["Deltagare totalt"] and totals[4] == shown["Andel av målgruppen som deltagit"]
    assert next(line for line in lines if line.startswith("Kvinnor | ")).split(" | ")[2] == shown["Kvinnor"]
    in_words = next(m.value for m in at.markdown if "deltagit" in m.value)
    for sentence in in_words.splitlines()[:1] + [s for s in in_words.splitlines() if "budget" in s]:
        assert sentence.removeprefix("- ") in lines


def test_command_line_without_chromium_says_so(dashboard_warehouse, monkeypatch, tmp_path, capsys):
    """The pack's charts need Chromium: without it the command line stops with the page's words, no file written."""
    from choreographer.browsers.chromium import Chromium

    from dashboard import data
    from dashboard.report import images
    from dashboard.report.__main__ import main

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    monkeypatch.setenv("STYRBORD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setattr(images, "_started", False)
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))
    data.clear_caches()
    assert main(["pack", "--project", "FIX", "--as-of", "2025-06-30", "--out", str(tmp_path / "p.pdf")]) == 1
    assert ("Fel: Mötesunderlaget kunde inte byggas: diagrammen ritas med webbläsaren Chromium, och den finns inte "
            "på servern.") in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()
