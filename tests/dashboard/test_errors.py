"""A failing page shows a plain message and logs the error; users never get Streamlit's stack trace."""

import logging
import tomllib
from pathlib import Path

from conftest import APP

ROOT = Path(__file__).resolve().parents[2]


def test_error_details_are_off_with_a_value_streamlit_knows():
    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE == "none"


def test_no_page_script_needs_streamlit_magic():
    """runner.magicEnabled is off: a bare value on a line of its own would silently not be shown."""
    import ast

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
    bare = []
    for script in [ROOT / "dashboard" / "app.py", *sorted((ROOT / "dashboard" / "views").glob("*.py"))]:
        for parent in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(parent, field, None)
                for i, node in enumerate(block if isinstance(block, list) else []):
                    if not isinstance(node, ast.Expr) or isinstance(node.value, (ast.Call, ast.Await)):
                        continue
                    docstring = (i == 0 and field == "body" and isinstance(node.value, ast.Constant)
                                 and isinstance(parent, (ast.Module, ast.FunctionDef, ast.ClassDef)))
                    if not docstring:
                        bare.append(f"{script.name}:{node.lineno}")
    assert bare == []


def test_a_page_that_fails_shows_a_plain_message_and_logs_the_error(dashboard_warehouse, monkeypatch, caplog):
    from streamlit.testing.v1 import AppTest

    from dashboard import data, empty_states

    def broken(view):
        raise RuntimeError("simulated failure in the data layer")

    monkeypatch.setenv("STYRBORD_WAREHOUSE", str(dashboard_warehouse))
    monkeypatch.setattr(empty_states, "loaded", broken)
    data.clear_caches()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["projekt"] = "FIX"
    with caplog.at_level(logging.ERROR, logger="styrbord.dashboard"):
        at.switch_page("views/deltagande.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Sidan kunde inte visas på grund av ett fel. Felet är loggat; försök igen, eller kontakta den som sköter "
        "Styrbord om det återkommer."]
    assert "page deltagande failed" in caplog.text and "simulated failure in the data layer" in caplog.text
    data.clear_caches()
