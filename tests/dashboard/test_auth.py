"""Logins and roles on the FIX (Fixby, 18 participants) and FIX2 (Fixby and Grannby, 4 participants) projects.

Login is switched on with STYRBORD_REQUIRE_LOGIN (AppTest cannot see [auth] in the secrets) and the user is set
with AppTest's `at.user`, as st.user would be after a real login. Roles and projects come from the access file below.
"""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import APP, metrics, table

from dashboard import auth

ACCESS = """
[[access]]
email = "pol.fix@fixby.se"
role = "politiker"
projects = ["FIX"]

[[access]]
email = "sg.fix2@fixby.se"
role = "styrgrupp"
projects = ["FIX2"]

[[access]]
email = "PL.Fix2@Fixby.se"
role = "projektledare"
projects = ["FIX2"]

[[access]]
email = "sg.annat@fixby.se"
role = "styrgrupp"
projects = ["INTE-INLAST"]
"""
VIEW_PAGES = ["sammanfattning", "kompetens", "deltagande", "budget", "fokus_mal", "medarbetarenkat", "portfolio"]
REFUSED = "Du har inte behörighet här"
CSV = "text/csv"


def person(email: str, **claims) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0], "sub": email, **claims}


@pytest.fixture
def login(dashboard_warehouse, tmp_path, monkeypatch):
    """Start the dashboard with login on, as `user` (an at.user dict), on `warehouse` (default the FIX one)."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    access = tmp_path / "access.toml"
    access.write_text(ACCESS, encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    monkeypatch.setenv("STYRBORD_REQUIRE_LOGIN", "1")
    monkeypatch.setenv("STYRBORD_ACCESS_FILE", str(access))
    monkeypatch.setenv("STYRBORD_AUDIT_LOG", str(log))

    def start(user: dict, page: str | None = None, warehouse: Path | None = None, **params: str):
        monkeypatch.setenv("STYRBORD_WAREHOUSE", str(warehouse or dashboard_warehouse))
        data.clear_caches()
        at = AppTest.from_file(APP, default_timeout=60)
        at.user = user
        for name, value in params.items():
            at.query_params[name] = value
        if page:
            at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    start.log = log
    yield start
    data.clear_caches()


def events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def refused(at) -> bool:
    return bool(at.title) and at.title[0].value == REFUSED


def every_text(at) -> str:
    """Everything the page and the sidebar show as text (headings, markdown, labels, options, figures)."""
    parts = [e.value for e in [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info,
                                *at.error, *at.success, *at.warning]]
    parts += [m.label + str(m.value) for m in at.metric] + [b.label for b in at.button]
    parts += [str(o) for s in at.selectbox for o in s.options] + [s.label for s in at.selectbox]
    return "\n".join(str(p) for p in parts)


# ---------------------------------------------------------------------------------------------- the pure rules
def test_only_this_machine_counts_as_local():
    assert auth.is_local_request(None)  # Streamlit gives None for 127.0.0.1 and ::1
    assert auth.is_local_request("127.0.0.1") and auth.is_local_request("::1") and auth.is_local_request("127.0.0.2")
    assert not auth.is_local_request("192.168.1.20")
    assert not auth.is_local_request("10.0.0.5")
    assert not auth.is_local_request("2001:db8::1")
    assert not auth.is_local_request("inte-en-adress")
    # through a reverse proxy on the same machine: the browser is elsewhere
    assert not auth.is_local_request(None, {"X-Forwarded-For": "192.168.1.20"})
    assert not auth.is_local_request("127.0.0.1", {"Forwarded": "for=10.1.2.3"})
    assert auth.is_local_request(None, {"Host": "localhost:8501", "User-Agent": "x"})


def test_roles_come_from_the_token_and_the_access_file():
    grants = auth.parse_access(ACCESS)
    # a role from the token alone covers every project
    assert auth.resolve({"email": "x@fixby.se", "roles": ["politiker"]}, grants) == ("politiker", None)
    # the access file narrows to projects; e-mail matched in any case
    assert auth.resolve({"email": "pl.fix2@FIXBY.se"}, grants) == ("projektledare", frozenset({"FIX2"}))
    # the highest role wins; an admin sees every project whatever the file says
    assert auth.resolve({"email": "pol.fix@fixby.se", "roles": ["styrgrupp"]}, grants) == (
        "styrgrupp", frozenset({"FIX"}))
    assert auth.resolve({"email": "pol.fix@fixby.se", "roles": ["admin"]}, grants) == ("admin", None)
    # a group id from the token's groups claim; an entry without a role narrows the token's role
    by_group = auth.parse_access('[[access]]\ngroup = "g-1"\nprojects = ["FIX2"]\n')
    assert auth.resolve({"sub": "s", "groups": ["g-0", "g-1"], "roles": ["styrgrupp"]}, by_group) == (
        "styrgrupp", frozenset({"FIX2"}))
    # no role anywhere (an unknown role name does not count)
    assert auth.resolve({"email": "x@fixby.se", "roles": ["Chef"]}, grants) == (None, frozenset())
    assert auth.resolve({"email": "x@fixby.se"}, []) == (None, frozenset())


def test_a_wrong_access_file_says_which_entry_and_how_to_fix_it():
    with pytest.raises(auth.AccessFileError) as error:
        auth.parse_access('[[access]]\nemail = "a@b.se"\nrole = "chef"\n', "access.toml")
    assert str(error.value) == (
        "Behörighetsfilen access.toml: post 1 under [[access]] är fel (role = 'chef' "
        "(politiker, styrgrupp, projektledare, admin)). Rätta posten (se data/access.toml.example).")


def test_pages_and_loads_each_role_may_reach():
    def user(role, projects=None):
        return auth.User("u", "u", role, projects)

    reach = {role: [p for p in [*VIEW_PAGES, "data"] if auth.allows(user(role), p)] for role in auth.ROLES}
    assert reach == {
        "politiker": ["sammanfattning", "portfolio"],
        "styrgrupp": VIEW_PAGES,
        "projektledare": [*VIEW_PAGES, "data"],
        "admin": [*VIEW_PAGES, "data"],
    }
    assert not any(auth.allows(user(None), p) for p in VIEW_PAGES)
    leader = user("projektledare", frozenset({"FIX2"}))
    assert auth.refused_projects(leader, ["FIX2"]) == []
    assert auth.refused_projects(leader, ["FIX2", "FIX"]) == ["FIX"]
    assert auth.refused_projects(user("styrgrupp", frozenset({"FIX2"})), ["FIX2"]) == ["FIX2"]
    assert auth.refused_projects(user("admin"), ["NYTT"]) == []


# ------------------------------------------------------------------------------------------------ logged out
@pytest.mark.parametrize("page, params", [(None, {}), ("budget", {"projekt": "FIX"}), ("data", {}),
                                          ("portfolio", {"projekt": "alla"})])
def test_logged_out_every_address_shows_only_the_start_page(login, page, params):
    at = login({"is_logged_in": False}, page, **params)
    assert [t.value for t in at.title] == ["Styrbord"]
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.metric and not at.selectbox and not at.dataframe and not at.get("plotly_chart")
    shown = every_text(at)
    assert "Fixby" not in shown and "FIX" not in shown  # no project names
    assert [r.label for r in at.sidebar.radio] == ["Språk / Language"]  # the language choice, nothing else


def test_the_start_page_in_english(login):
    at = login({"is_logged_in": False}, sprak="en")
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Sign in with your municipal account" in at.markdown[0].value


# ------------------------------------------------------------------------------------------------- politician
def test_a_politician_sees_the_summary_of_their_project_and_nothing_else(login):
    at = login(person("pol.fix@fixby.se"), per="2025-12-31")
    assert at.selectbox(key="project").options == ["Alla projekt", "Kompetenslyft Fixby"]  # FIX2 is not theirs
    # FIX lies in Fixby alone: choosing Fixby would show the project again, so no municipality is offered
    assert at.selectbox(key="municipality").options == ["Alla kommuner"]
    assert metrics(at)["Deltagare totalt"] == "18"
    assert "Inloggad: **pol.fix**  \nRoll: politiker" in [m.value for m in at.sidebar.markdown]
    assert [b.label for b in at.sidebar.button] == ["Logga ut"]
    for page in VIEW_PAGES + ["data"]:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert refused(at) == (page not in ("sammanfattning", "portfolio")), page
    assert at.info[0].value == "Sidan ingår inte i det du kan se som politiker. Välj en annan sida i menyn."
    assert not at.metric and not at.dataframe  # the refusal shows no figures


def test_a_typed_data_address_is_refused_and_logged(login):
    at = login(person("pol.fix@fixby.se"), "data")
    assert refused(at)
    assert not at.get("file_uploader")
    logged = events(login.log)
    assert [(e["user"], e["role"], e["action"], e["outcome"]) for e in logged] == [
        ("pol.fix@fixby.se", "politiker", "login", "ok"),
        ("pol.fix@fixby.se", "politiker", "page", "refused"),
    ]
    assert json.loads(logged[1]["detail"]) == {"sida": "data"}
    assert logged[0]["project"] == "FIX" and logged[1]["project"] == "FIX"


def test_the_portfolio_holds_only_the_users_projects(login):
    at = login(person("pol.fix@fixby.se"), "portfolio", projekt="alla", per="2025-12-31")
    shown = metrics(at)
    assert shown["Projekt"] == "1"
    assert shown["Planerad budget, alla projekt"] == "590 000 kr"  # FIX alone (FIX2's 120 000 left out)
    rows = table(at, "Tid som gått")
    assert list(rows["Projekt"]) == ["Kompetenslyft Fixby"]
    # with FIX2 out of reach, FIX's 18 participants no longer reveal FIX2's 4 by subtraction: shown
    assert rows.iloc[0]["Deltagare"] == "18"


# ----------------------------------------------------------------------------------------------- steering group
def test_a_steering_group_sees_every_view_page_of_its_project(login):
    at = login(person("sg.fix2@fixby.se"), per="2025-12-31")
    assert at.selectbox(key="project").options == ["Alla projekt", "Digitalt lyft Fixby och Grannby"]
    # FIX2's 6 employees: 3 in Fixby (U1), 3 in Grannby (U3); no place holds 5 with 5 left outside: none offered
    assert at.selectbox(key="municipality").options == ["Alla kommuner"]
    assert at.selectbox(key="department").options == ["Alla förvaltningar"]
    for page in VIEW_PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert not refused(at), page
    at.switch_page("views/data.py").run()
    assert refused(at)


def test_all_projects_totals_are_narrowed_and_small_cells_still_hidden(login):
    # "all projects" for a FIX2 user is FIX2's 4 participants: too few to show (FIX's 18 are not added)
    at = login(person("sg.fix2@fixby.se"), "sammanfattning", projekt="alla", per="2025-12-31")
    assert metrics(at)["Deltagare totalt"] == "–"
    assert "Kompetenslyft Fixby" not in every_text(at)


def test_a_url_naming_another_project_falls_back_to_the_users_own(login):
    at = login(person("sg.fix2@fixby.se"), "budget", projekt="FIX", per="2025-12-31")
    assert at.selectbox(key="project").value == "FIX2"
    assert at.query_params["projekt"] == "FIX2"


def test_download_buttons_write_the_table_and_filters_to_the_audit_log(login):
    at = login(person("sg.fix2@fixby.se"), "budget", per="2025-12-31")
    at.get("download_button")[0].click().run()
    download = [e for e in events(login.log) if e["action"] == "download"]
    assert len(download) == 1
    assert (download[0]["user"], download[0]["role"], download[0]["project"]) == ("sg.fix2@fixby.se", "styrgrupp",
                                                                                  "FIX2")
    detail = json.loads(download[0]["detail"])
    assert detail["format"] == "csv"
    assert detail["filter"]["project_id"] == "FIX2" and detail["filter"]["as_of"] == "2025-12-31"
    assert detail["tabell"]  # the download's key, e.g. budget_months


def test_the_meeting_pack_is_for_the_steering_group_and_its_download_is_logged(login):
    at = login(person("pol.fix@fixby.se"), "sammanfattning", per="2025-12-31")
    assert not [b.key for b in at.button if str(b.key).startswith("offer_")]  # politicians read the summary itself
    at = login(person("sg.fix2@fixby.se"), "sammanfattning", per="2025-12-31")
    assert {"offer_build_pack", "offer_build_progress"} <= {b.key for b in at.button}
    next(b for b in at.button if b.key == "offer_build_progress").click().run()
    assert not at.exception, [e.message for e in at.exception]
    save = next(b for b in at.get("download_button") if b.proto.id and "offer_save_progress" in b.proto.id)
    save.click().run()
    packs = [e for e in events(login.log) if e["action"] == "meeting_pack"]
    assert [(e["user"], e["role"], e["project"], e["outcome"]) for e in packs] == [
        ("sg.fix2@fixby.se", "styrgrupp", "FIX2", "ok")]
    assert json.loads(packs[0]["detail"])["format"] == "docx"


def test_without_chromium_the_meeting_pack_says_so_instead_of_waiting_for_ever(login, monkeypatch):
    """kaleido waits for good when there is no browser to draw with: the page tells the steering group at once."""
    import plotly.graph_objects as go
    from choreographer.browsers.chromium import Chromium

    from dashboard.report import images

    monkeypatch.setattr(images, "_started", False)
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))
    with pytest.raises(images.NoBrowser):
        images.png(go.Figure())
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: "/nowhere/chromium"))
    with pytest.raises(images.NoBrowser):  # BROWSER_PATH naming a file that is not there
        images.png(go.Figure())
    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kwargs: None))
    at = login(person("sg.fix2@fixby.se"), "sammanfattning", per="2025-12-31")
    next(b for b in at.button if b.key == "offer_build_pack").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [
        "Mötesunderlaget kunde inte byggas: diagrammen ritas med webbläsaren Chromium, och den finns inte på "
        "servern. Be den som sköter Styrbord att installera Debians paket chromium (make run gör det när den kan). "
        "Lägesrapporten går att ladda ner ändå."]
    assert not [b for b in at.get("download_button") if b.proto.id and "offer_save_pack" in b.proto.id]


# ----------------------------------------------------------------------------------------------- project leader
def test_a_project_leader_loads_into_their_project_and_not_into_another(login, dashboard_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    at = login(person("pl.fix2@fixby.se"), "data", warehouse=warehouse)
    assert not refused(at)
    assert at.selectbox(key="data_project").options == [  # FIX is not offered
        "Digitalt lyft Fixby och Grannby (FIX2)", "Nytt projekt (från projektfil eller projektbankssida)"]

    # a project file for FIX, chosen as a "new project": checked, then refused, nothing loaded
    other = "Projekt-id;Projektnamn;Beviljat ESF-stöd;Total projektbudget;Startdatum;Slutdatum;Kommuner\n" \
            "FIX;Kapat;1 kr;1 kr;2025-01-01;2025-12-31;Fixby\n".encode("utf-8")
    at.selectbox(key="data_project").set_value("__nytt__").run()
    at.file_uploader(key="data_files").set_value([("projekt.csv", other, CSV)]).run()
    [b for b in at.button if b.key == "data_check_button"][0].click().run()
    assert at.error[0].value == ("Du kan bara läsa in data i dina egna projekt. Filerna gäller FIX, som du inte "
                                 "har behörighet till. Inget lästes in.")
    assert not [b for b in at.button if b.key == "data_load_button"]

    # a meeting for FIX2: checked and loaded
    meetings = "Datum;Rubrik;Anteckning\n2025-12-01;Styrgrupp 3;Nytt möte\n".encode("utf-8")
    at.selectbox(key="data_project").set_value("FIX2").run()
    at.file_uploader(key="data_files").set_value([("styrgruppsmoten.csv", meetings, CSV)]).run()
    [b for b in at.button if b.key == "data_check_button"][0].click().run()
    [b for b in at.button if b.key == "data_load_button"][0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[0].value == "Inläsningen är klar (FIX2)."
    logged = [(e["action"], e["project"], e["outcome"]) for e in events(login.log) if e["action"] != "login"]
    assert logged == [("dry_run", "FIX", "refused"), ("dry_run", "FIX2", "ok"), ("load", "FIX2", "ok")]
    assert not at.toggle  # no audit log for a project leader


def test_a_steering_group_cannot_reach_the_data_page_from_an_old_session(login):
    at = login(person("sg.fix2@fixby.se"), "data")
    assert refused(at) and not at.get("file_uploader")


# ---------------------------------------------------------------------------------------------------- refusals
def test_a_user_without_a_role_gets_a_polite_refusal(login):
    at = login(person("ny.person@fixby.se"), "budget", projekt="FIX")
    assert refused(at)
    assert at.info[0].value.startswith("Du är inloggad som ny.person@fixby.se, men ditt konto har ingen roll")
    assert not at.metric and not at.selectbox  # no project filter, no figures
    assert [b.label for b in at.sidebar.button] == ["Logga ut"]
    logged = events(login.log)
    assert [(e["action"], e["outcome"]) for e in logged] == [("login", "refused")]
    assert json.loads(logged[0]["detail"]) == {"roller": [], "orsak": "ingen roll eller inget projekt"}


def test_a_role_for_projects_not_in_the_warehouse_is_told_so(login):
    at = login(person("sg.annat@fixby.se"))
    assert not at.exception
    assert at.error[0].value == ("Inget av dina projekt finns i datalagret ännu. Kontakta projektledaren eller den "
                                 "som sköter Styrbord.")
    assert not at.metric and not at.get("file_uploader")


def test_a_broken_access_file_refuses_with_what_to_fix_not_a_stack_trace(login, tmp_path):
    (tmp_path / "access.toml").write_text('[[access]]\nemail = "pol.fix@fixby.se"\nrole = "borgmästare"\n',
                                          encoding="utf-8")
    at = login(person("pol.fix@fixby.se", roles=["styrgrupp"]))
    assert refused(at)
    assert at.info[0].value == ("Behörighetsfilen access.toml: post 1 under [[access]] är fel (role = 'borgmästare' "
                                "(politiker, styrgrupp, projektledare, admin)). Rätta posten (se "
                                "data/access.toml.example).")
    assert not at.metric and not at.selectbox


# -------------------------------------------------------------------------------------------------------- admin
def test_an_admin_sees_every_project_and_the_audit_log(login):
    at = login(person("it@fixby.se", roles=["admin"]), "sammanfattning", projekt="alla", per="2025-12-31")
    assert at.selectbox(key="project").options == ["Alla projekt", "Digitalt lyft Fixby och Grannby",
                                                "Kompetenslyft Fixby"]
    # 22 − FIX's 18 would give FIX2's 4 participants away: the all-projects figure is hidden
    assert metrics(at)["Deltagare totalt"] == "–"
    at.switch_page("views/data.py").run()
    at.toggle(key="audit_show").set_value(True).run()
    log = at.dataframe[-1].value
    assert list(log.columns) == ["Tid (UTC)", "Användare", "Roll", "Händelse", "Projekt", "Utfall", "Detaljer"]
    assert list(log["Händelse"]) == ["inloggning"] and list(log["Användare"]) == ["it@fixby.se"]
    assert at.selectbox(key="audit_user").options == ["Alla", "it@fixby.se"]
    at.selectbox(key="audit_user").set_value("it@fixby.se").run()
    assert len(at.dataframe[-1].value) == 1
    at.date_input(key="audit_from").set_value(dt.date.today() + dt.timedelta(days=1)).run()
    assert at.info[-1].value == "Loggen har inga händelser som passar urvalet."


# --------------------------------------------------------------------------------------------------- local mode
def test_local_mode_gives_full_rights_and_says_so(app):
    at = app("data")
    assert at.sidebar.info[0].value.startswith("Lokalt läge – ingen inloggning.")
    assert at.title[0].value == "Läs in data"


def test_local_mode_refuses_a_request_from_another_computer(app, monkeypatch):
    monkeypatch.setattr(auth, "client_address", lambda: ("192.168.1.20", {}))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("views/budget.py").run()
    assert not at.exception
    assert at.title[0].value == "Styrbord är bara öppet på den egna datorn"
    assert "lägg in inloggning med ett avsnitt [auth] i .streamlit/secrets.toml" in at.info[0].value
    assert not at.metric and not at.selectbox and not at.get("file_uploader")


# ------------------------------------------------------------------------------------- scope in the data layer
@pytest.mark.parametrize("name", sorted(p.stem for p in Path(auth.data.QUERY_DIR).glob("*.sql")
                                         if not auth.data.named_query(p.stem).internal))
def test_every_named_query_reads_only_the_projects_in_scope(name, dashboard_warehouse, monkeypatch):
    """All projects (project_id unset) with a scope of FIX2: no row, name or total of FIX comes out."""
    from test_app import QUERY_PARAMETERS

    from dashboard import data

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    data.clear_caches()
    params = {**{p: QUERY_PARAMETERS[p] for p in data.named_query(name).parameters}, "project_id": None}
    if data.named_query(name).one_project:
        # a running total shown within one project only: all projects are refused, and FIX asked for with a scope of
        # FIX2 gives nothing of FIX
        with pytest.raises(ValueError, match="bara för ett projekt i taget"):
            data.cells(name, scope=None, **params)
        assert data.cells(name, scope=None, **{**params, "project_id": "FIX"}).notna().any().any()
        assert data.cells(name, scope=("FIX2",), **{**params, "project_id": "FIX"}).empty
        return
    scoped = data.cells(name, scope=("FIX2",), **params)
    every = data.cells(name, scope=None, **params)
    if "project_id" in every.columns and "FIX" in set(every["project_id"].dropna()):
        assert set(scoped["project_id"].dropna()) <= {"FIX2"}  # FIX2 may have none (no meetings)
    assert "Kompetenslyft Fixby" not in scoped.astype(str).to_string()


def test_a_project_leader_cannot_undo_a_load_that_takes_back_another_projects_data(login, dashboard_warehouse,
                                                                                    tmp_path, monkeypatch):
    from pipelines.load.run import run_ingest

    warehouse = tmp_path / "wh" / "warehouse"
    shutil.copytree(dashboard_warehouse, warehouse)
    for project in ("FIX2", "FIX"):  # a meeting for FIX2, then one for FIX: undoing the first undoes both
        folder = tmp_path / "upload" / project
        folder.mkdir(parents=True)
        (folder / "styrgruppsmoten.csv").write_text("Datum;Rubrik\n2025-12-01;Extra möte\n", encoding="utf-8")
        assert run_ingest(folder, warehouse, project_id=project).ok
    before = (warehouse / "warehouse.duckdb").read_bytes()
    at = login(person("pl.fix2@fixby.se"), "data", warehouse=warehouse)
    assert at.selectbox(key="data_project").value == "FIX2"
    assert any(i.value == ("Att ångra den här inläsningen tar också tillbaka data i projekt du inte har behörighet "
                           "till (FIX). Be en administratör om hjälp.") for i in at.info)
    undo = [b for b in at.button if b.key == "data_undo_button"][0]
    assert undo.disabled and at.checkbox(key="data_undo_confirm").disabled
    assert (warehouse / "warehouse.duckdb").read_bytes() == before


def test_only_an_admin_is_offered_the_warehouse_upgrade(login, tmp_path):
    import duckdb

    old = tmp_path / "gammalt"
    old.mkdir()
    con = duckdb.connect(str(old / "warehouse.duckdb"))
    con.execute("create table project (project_id varchar, name varchar)")  # built by an older Styrbord
    con.close()
    at = login(person("sg.fix2@fixby.se"), warehouse=old)
    assert at.warning[0].value.startswith(f"Datalagret {old} är byggt av en äldre version av Styrbord.")
    assert not [b for b in at.button if b.key == "upgrade_button"]
    at = login(person("it@fixby.se", roles=["admin"]), warehouse=old)
    assert [b.label for b in at.button if b.key == "upgrade_button"] == ["Uppgradera datalagret"]


def test_a_table_macro_reads_the_scoped_views_of_the_tables_it_names(dashboard_warehouse):
    """attended_in_selection (dashboard/macros.sql) names mart_attendance; a query that calls it names only the
    macro. On a cursor scoped to FIX2 the macro still reads FIX2's rows only, and on an unscoped one both projects'."""
    from dashboard import data

    sql = ("select distinct project_id from attended_in_selection(null, null, null, date '2000-01-01', "
           "date '2100-12-31') order by project_id")
    assert "mart_attendance" not in sql and "mart_attendance" in data._names_read(sql)
    con = data.open_warehouse(dashboard_warehouse / "warehouse.duckdb")
    try:
        scoped = data.query_cursor(con, ("FIX2",), sql)
        unscoped = data.query_cursor(con, None, sql)
        assert scoped.execute(sql).fetchall() == [("FIX2",)]
        assert unscoped.execute(sql).fetchall() == [("FIX",), ("FIX2",)]
    finally:
        con.close()
