"""Every page on every project state (only facts, people without attendance, no surveys, no budget, no goals):
a plain "nothing loaded yet" where data is missing, never a traceback (tests/fixtures/states/README.md)."""

import shutil
from pathlib import Path

import pytest
from conftest import APP, FIX_RAW, assert_no_failure

SURVEYS = {"enkater.csv", "fragor.csv", "kravnivaer.csv", "kompetens_baslinje.csv", "kompetens_uppfoljning.xlsx",
           "hme_baslinje.csv", "hme_uppfoljning.csv"}
ALL = {p.name for p in FIX_RAW.iterdir() if p.name != "FACIT.md"}
STATES = {
    "S-FAKTA": {"projekt.csv"},
    "S-UTAN-NARVARO": {"projekt.csv", "enheter.csv", "personal.csv", "fokusomraden.csv", "aktiviteter.csv"},
    "S-UTAN-ENKATER": ALL - SURVEYS,
    "S-UTAN-BUDGET": ALL - {"budget.xlsx", "huvudbok.csv"},
    "S-UTAN-MAL": ALL - {"delmal.csv", "matningar.csv"},
}
PAGES = ("sammanfattning", "kompetens", "deltagande", "budget", "fokus_mal", "medarbetarenkat", "portfolio", "data")
INFO = {
    "people": "Ingen personal är inläst för projektet ännu. Läs in personalfilen (HR-exporten) på sidan Data.",
    "attendance": "Ingen närvaro är inläst för projektet ännu, så deltagandet kan inte visas. Läs in "
                  "närvarolistorna på sidan Data.",
    "competence": "Ingen kompetenskartläggning är inläst för projektet ännu. Läs in enkäterna på sidan Data.",
    "hme": "Ingen medarbetarenkät (HME) är inläst för projektet ännu. Läs in enkäten på sidan Data.",
    "budget": "Ingen budget är inläst för projektet ännu. Läs in budgetfilen på sidan Data.",
    "ledger": "Ingen huvudbok är inläst för projektet ännu, så utfallet är noll. Läs in huvudboken på sidan Data.",
    "goals": "Inga delmål är inlästa för projektet ännu. Läs in delmålsfilen på sidan Data.",
    "activities": "Inga aktiviteter är inlästa för projektet ännu. Läs in fokusområden och aktiviteter på sidan "
                  "Data.",
}
# what each page says on each state (exactly these infos, in this order, at the top of the page)
EXPECTED = {
    ("sammanfattning", "S-FAKTA"): ["attendance", "budget", "ledger", "goals", "competence"],
    ("sammanfattning", "S-UTAN-NARVARO"): ["attendance", "budget", "ledger", "goals", "competence"],
    ("sammanfattning", "S-UTAN-ENKATER"): ["competence"],
    ("sammanfattning", "S-UTAN-BUDGET"): ["budget", "ledger"],
    ("sammanfattning", "S-UTAN-MAL"): ["goals"],
    ("kompetens", "S-FAKTA"): ["competence"],
    ("kompetens", "S-UTAN-NARVARO"): ["competence"],
    ("kompetens", "S-UTAN-ENKATER"): ["competence"],
    ("deltagande", "S-FAKTA"): ["people", "attendance"],
    ("deltagande", "S-UTAN-NARVARO"): ["attendance"],
    ("budget", "S-FAKTA"): ["budget", "ledger"],
    ("budget", "S-UTAN-NARVARO"): ["budget", "ledger"],
    ("budget", "S-UTAN-BUDGET"): ["budget", "ledger"],
    ("fokus_mal", "S-FAKTA"): ["activities", "goals"],
    ("fokus_mal", "S-UTAN-NARVARO"): ["goals"],
    ("fokus_mal", "S-UTAN-MAL"): ["goals"],
    ("medarbetarenkat", "S-FAKTA"): ["hme"],
    ("medarbetarenkat", "S-UTAN-NARVARO"): ["hme"],
    ("medarbetarenkat", "S-UTAN-ENKATER"): ["hme"],
}


@pytest.fixture(scope="module")
def states_warehouse(tmp_path_factory) -> Path:
    """One warehouse with the five state projects, loaded by the real pipeline."""
    from pipelines.load.run import run_ingest

    root = tmp_path_factory.mktemp("states")
    facts = (FIX_RAW / "projekt.csv").read_text(encoding="utf-8-sig")
    for project_id, files in STATES.items():
        folder = root / "raw" / project_id
        folder.mkdir(parents=True)
        for name in files - {"projekt.csv"}:
            shutil.copy(FIX_RAW / name, folder / name)
        (folder / "projekt.csv").write_text(
            facts.replace("\nFIX;Kompetenslyft Fixby;", f"\n{project_id};Tillstånd {project_id};"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_PSEUDONYM_KEY", "7e57" * 16)
        result = run_ingest(root / "raw", root / "warehouse")
    assert result.ok, result.messages
    return root / "warehouse"


@pytest.fixture(scope="module")
def open_page(states_warehouse):
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STYRBORD_WAREHOUSE", str(states_warehouse))
        data.clear_caches()

        def run(page: str, project: str):
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params["projekt"] = project
            at.switch_page(f"views/{page}.py").run()
            return at

        yield run
    data.clear_caches()


@pytest.mark.parametrize("project", sorted(STATES))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_every_project_state(open_page, page, project):
    at = open_page(page, project)
    assert_no_failure(at)
    shown = [i.value for i in at.info]
    expected = [INFO[kind] for kind in EXPECTED.get((page, project), [])]
    assert [text for text in shown if text in INFO.values()] == expected
