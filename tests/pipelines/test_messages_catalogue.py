"""Every user-facing message of the loader comes from the one catalogue (dashboard/texts.toml, [loader.*]).

Three guards: (1) no message built as a plain Swedish string where the loader hands a message to the user (AST
scan of pipelines/), (2) every catalogue key the code names exists with Swedish and English and the same
placeholders, and every literal Message(...) call passes exactly the placeholders its text needs, and (3) the
English texts themselves, end to end from small committed fixtures."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from pipelines.i18n import catalogue

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"

# Where the loader hands a message to the user ("sinks"):
#   raise E(msg)                              the exception's message (ReadError, FileProblem, LoadFailed, ...)
#   x.reject(mask, column, msg)               a rejected row's reason (Validated.reject)
#   x.problems/notes/messages/warnings .append(msg) / .insert(i, msg)
#   {"reason": msg} / {"message": msg}        a rejection or warning row
#   x.message = msg                           a file's report line
#   progress(fraction, msg)                   a progress text (CLI and Data page)
#   batch.unexpected(where, step, exc)        the step an unexpected error interrupted
#   return msg in a function annotated -> Message (upgrade_warehouse's outcome)
# A message there must not be a plain text: no string with letters, no f-string (it would turn a Message's
# params into Swedish), no str(...) and no "".join(...) of messages. Message(...), a name, an attribute or another
# call (message_of(exc)) is fine. Developer errors that no user sees are listed with their reason.
DEVELOPER_ERRORS = {
    ("i18n.py", "text"): "a key missing from the catalogue is a programming error, caught by this file's tests",
    ("generate.py", "audience_of"): "the demo generator's own survey plan names an unknown audience",
}
COLLECTIONS = ("problems", "notes", "messages", "warnings")


def _name_of(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _plain_texts(node: ast.expr):
    """The parts of an expression that would hand the user a plain (Swedish) string."""
    if isinstance(node, ast.IfExp):
        yield from _plain_texts(node.body)
        yield from _plain_texts(node.orelse)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _plain_texts(node.left)
        yield from _plain_texts(node.right)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        yield from _plain_texts(node.elt)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _plain_texts(element)
    elif isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[^\W\d_]", node.value):
        yield node
    elif isinstance(node, ast.Call) and (_name_of(node.func) in ("str", "format") or (
            _name_of(node.func) == "join" and isinstance(node.func.value, ast.Constant))):
        yield node


def _sinks(tree: ast.AST):
    """(function name, message expression) for every place a message reaches the user."""
    functions = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in ast.walk(function):
                functions.setdefault(id(child), function.name)
    renames = {id(keyword.value) for node in ast.walk(tree) if isinstance(node, ast.Call)
               for keyword in node.keywords if keyword.arg == "columns"}  # rename(columns={"reason": "Orsak"})
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function.returns is not None and \
                "Message" in ast.unparse(function.returns):
            for node in ast.walk(function):
                if isinstance(node, ast.Return) and node.value is not None:
                    yield function.name, node.value
    for node in ast.walk(tree):
        where = functions.get(id(node), "<module>")
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            yield where, node.exc.args[0]
        elif isinstance(node, ast.Call):
            name, args = _name_of(node.func), node.args
            if name == "reject" and len(args) >= 3:
                yield where, args[2]
            elif name in ("append", "insert") and isinstance(node.func, ast.Attribute) and \
                    _name_of(node.func.value) in COLLECTIONS and args:
                yield where, args[-1]
            elif name.endswith("progress") and len(args) >= 2:
                yield where, args[1]
            elif name == "unexpected" and len(args) >= 2:
                yield where, args[1]
        elif isinstance(node, ast.Dict) and id(node) not in renames:
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value in ("reason", "message") and value is not None:
                    yield where, value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                targets = target.elts if isinstance(target, ast.Tuple) else [target]
                values = node.value.elts if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple) \
                    else [node.value] * len(targets)
                for t, value in zip(targets, values):
                    if isinstance(t, ast.Attribute) and t.attr == "message":
                        yield where, value


def plain_messages(path: Path) -> list[str]:
    """Each message handed to the user as a plain string in one file, as 'file:line: text'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function, message in _sinks(tree):
        if (path.name, function) in DEVELOPER_ERRORS:
            continue
        for node in _plain_texts(message):
            found.append(f"{path.relative_to(PIPELINES.parent)}:{node.lineno}: {ast.unparse(node)[:90]}")
    return found


def test_no_loader_message_is_a_plain_swedish_string():
    found = [hit for path in sorted(PIPELINES.rglob("*.py")) for hit in plain_messages(path)]
    assert not found, "Meddelanden som inte kommer ur katalogen (använd pipelines.i18n.Message):\n" + "\n".join(found)


def test_the_guard_finds_plain_messages():
    """The scan above is not blind: each kind of sink with a plain text is found (a made-up module)."""
    source = '''
def build(batch, v, progress, report):
    v.reject(mask, "Timmar", "Timmar kan inte vara negativa")
    batch.problems.append(f"{batch.folder.name}: projektfil saknas.")
    batch.warnings.append({"line": 1, "reason": "Datumet ligger långt bort"})
    progress(0.5, f"Kontrollerar {folder}")
    report.outcome, report.message = "avvisad", str(exc)
    batch.unexpected(where, "lästes", exc)
    raise LoadFailed("Mappen finns inte.")
    raise WarehouseError(Message("loader.warehouse.nothing_to_undo"))
    v.reject(mask, "Timmar", Message("loader.rows.negative_hours"))
    batch.notes.append(message_of(exc))
    frame.rename(columns={"reason": "Orsak"})


def upgrade() -> Message:
    return f"Lagret är redan uppdaterat (version {SCHEMA_VERSION})."
'''
    texts = [ast.unparse(node) for _, message in _sinks(ast.parse(source)) for node in _plain_texts(message)]
    assert sorted(texts) == sorted([
        "'Timmar kan inte vara negativa'", "f'{batch.folder.name}: projektfil saknas.'", "'Datumet ligger långt bort'",
        "f'Kontrollerar {folder}'", "str(exc)", "'lästes'", "'Mappen finns inte.'",
        "f'Lagret är redan uppdaterat (version {SCHEMA_VERSION}).'"])


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _message_calls():
    """Every Message(...) / text(...) call in pipelines/ and dashboard/views/data.py with literal key(s):
    (where, keys, the keyword names given or None when **params are passed)."""
    for path in sorted(PIPELINES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name_of(node.func) in ("Message", "text") and node.args):
                continue
            first = node.args[0]
            keys = [first.value] if isinstance(first, ast.Constant) else \
                [b.value for b in (first.body, first.orelse) if isinstance(b, ast.Constant)] \
                if isinstance(first, ast.IfExp) else []
            keys = [k for k in keys if isinstance(k, str) and k.startswith("loader.")]
            if not keys:
                continue
            given = None if any(k.arg is None for k in node.keywords) else \
                {k.arg for k in node.keywords} - {"capital"}
            yield f"{path.relative_to(PIPELINES.parent)}:{node.lineno}", keys, given


def test_every_loader_key_has_swedish_and_english_with_the_same_placeholders():
    loader = {key: entry for key, entry in catalogue().items() if key.startswith("loader.")}
    assert len(loader) > 150
    for key, entry in loader.items():
        assert entry.get("sv") and entry.get("en"), key
        assert list(entry)[:2] == ["sv", "en"], f"{key}: Swedish first, English second"
        assert _placeholders(entry["sv"]) == _placeholders(entry["en"]), key


def test_every_key_the_loader_names_exists_and_gets_exactly_its_placeholders():
    calls = list(_message_calls())
    assert len(calls) > 150  # the scan sees the loader's messages
    problems = []
    for where, keys, given in calls:
        for key in keys:
            entry = catalogue().get(key)
            if entry is None:
                problems.append(f"{where}: {key} saknas i texts.toml")
            elif given is not None and given != _placeholders(entry["sv"]):
                problems.append(f"{where}: {key} får {sorted(given)}, texten vill ha "
                                f"{sorted(_placeholders(entry['sv']))}")
    assert not problems, "\n".join(problems)
