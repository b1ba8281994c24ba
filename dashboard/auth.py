"""Who is using Styrbord and what they may see: login (st.login), roles, project scope, the router's gate, audit."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import streamlit as st

from dashboard import data
from dashboard.i18n import t
from pipelines import audit

# Roles in rising order of rights; a user with several gets the highest.
ROLES = ("politiker", "styrgrupp", "projektledare", "admin")
# Politicians see the one-page summary and the portfolio; steering groups every view page; project leaders also
# the pages that change data; admins everything.
POLITICIAN_PAGES = frozenset({"sammanfattning", "portfolio"})
MANAGE_PAGES = frozenset({"data"})
# Pages every logged-in user may read whatever the role (the accessibility statement).
OPEN_PAGES = frozenset({"tillganglighet", "tillganglighetsredogorelse"})

ACCESS_ENV = "STYRBORD_ACCESS_FILE"
DEFAULT_ACCESS_FILE = "data/access.toml"
# Login is on when the secrets have an [auth] section; this variable can only switch it on (tests do, to reach
# the logged-in paths through AppTest, which cannot see [auth]); nothing switches it off.
REQUIRE_LOGIN_ENV = "STYRBORD_REQUIRE_LOGIN"
# Set by a reverse proxy: a request that went through one did not come from this machine's own browser.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host")
REPO_ROOT = Path(__file__).resolve().parents[1]
USER_KEY = "_user"


class AccessFileError(ValueError):
    """The access file cannot be read; the message is Swedish and says what to fix."""


@dataclass(frozen=True)
class User:
    """The person behind this session and their rights."""

    id: str  # e-mail, else the token's subject; what the audit log records
    name: str
    role: str | None
    projects: frozenset[str] | None  # None = every project
    local: bool = False  # local mode: no login, full rights, this machine only

    @property
    def label(self) -> str:
        return t(f"auth.role_{self.role}") if self.role else t("auth.no_role")


@dataclass(frozen=True)
class Grant:
    """One entry of the access file: who (an e-mail or a group id), which role, which projects (None = all)."""

    email: str | None
    group: str | None
    role: str | None
    projects: frozenset[str] | None


# ------------------------------------------------------------------------------------------ pure rules (tested)
def is_local_request(ip: str | None, headers: Mapping[str, str] | None = None) -> bool:
    """True only for a request from this machine: a loopback address (Streamlit gives None for 127.0.0.1 and ::1)
    and no proxy header saying it was forwarded from elsewhere."""
    lowered = {str(k).lower() for k in (headers or {})}
    if any(h in lowered for h in FORWARDING_HEADERS):
        return False
    if ip is None:
        return True
    try:
        return ipaddress.ip_address(ip.split("%")[0]).is_loopback
    except ValueError:
        return False  # not an address at all: refuse rather than guess


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return []


def parse_access(text: str, source: str = "access.toml") -> list[Grant]:
    """The [[access]] entries of an access file; a mistake raises AccessFileError with the entry and the fix."""
    try:
        tree = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessFileError(t("auth.access_toml", file=source, error=str(exc))) from exc
    grants = []
    for number, entry in enumerate(tree.get("access", []), start=1):
        if not isinstance(entry, dict):
            raise AccessFileError(t("auth.access_entry", file=source, n=number, error="[[access]]"))
        email = entry.get("email") or entry.get("e-post")
        group = entry.get("group") or entry.get("grupp")
        role = entry.get("role") or entry.get("roll")
        if not (email or group):
            raise AccessFileError(t("auth.access_entry", file=source, n=number, error="email / group"))
        if role is not None and role not in ROLES:
            raise AccessFileError(t("auth.access_entry", file=source, n=number,
                                    error=f"role = '{role}' ({', '.join(ROLES)})"))
        projects = entry.get("projects", entry.get("projekt"))
        if projects is not None and not isinstance(projects, list):
            raise AccessFileError(t("auth.access_entry", file=source, n=number, error='projects = ["..."]'))
        scope = None if projects is None or "*" in projects else frozenset(str(p) for p in projects)
        grants.append(Grant(str(email).strip().casefold() if email else None, str(group) if group else None,
                            role, scope))
    return grants


def resolve(claims: Mapping[str, object], grants: Iterable[Grant] = ()) -> tuple[str | None, frozenset[str] | None]:
    """The role (highest of the token's `roles` claim and the matching access entries) and the projects.

    Projects: the union of the matching entries' lists (an entry without a list, or with "*", means all);
    a role from the token alone covers every project; an admin always sees every project."""
    email = str(claims.get("email") or claims.get("preferred_username") or "").strip().casefold()
    groups = set(_as_list(claims.get("groups")))
    matching = [g for g in grants if (g.email and g.email == email) or (g.group and g.group in groups)]
    candidates = [r for r in _as_list(claims.get("roles")) if r in ROLES]
    candidates += [g.role for g in matching if g.role]
    if not candidates:
        return None, frozenset()
    role = max(candidates, key=ROLES.index)
    if role == "admin" or not matching:
        return role, None
    projects: set[str] = set()
    for grant in matching:
        if grant.projects is None:
            return role, None
        projects |= grant.projects
    return role, frozenset(projects)


def allows(user: User, page_key: str) -> bool:
    """May this user open this page? (Which projects they see on it is the data layer's scope.)"""
    if user.local or user.role == "admin":
        return True
    if user.role is None or page_key in OPEN_PAGES or page_key in ("", "start"):
        return user.role is not None
    if user.role == "politiker":
        return page_key in POLITICIAN_PAGES
    if user.role == "styrgrupp":
        return page_key not in MANAGE_PAGES
    return user.role == "projektledare"


def refused_projects(user: User, project_ids: Iterable[str]) -> list[str]:
    """The projects of a batch this user may not load into (empty when the load may go ahead)."""
    ids = sorted(set(project_ids))
    if user.local or user.role == "admin":
        return []
    if user.role != "projektledare":
        return ids
    if user.projects is None:
        return []
    return [p for p in ids if p not in user.projects]


def may(user: User, action: str) -> bool:
    """Actions beyond reading a page: 'meeting_pack' (styrgrupp and up), 'audit_log' and 'upgrade' (admin)."""
    if user.local or user.role == "admin":
        return True
    if action == "meeting_pack":
        return user.role in ("styrgrupp", "projektledare")
    return False


# ----------------------------------------------------------------------------------------------- configuration
def login_enabled() -> bool:
    """Login is on when the secrets have an [auth] section (or the test switch turns it on)."""
    if os.environ.get(REQUIRE_LOGIN_ENV, "").strip().lower() in ("1", "true", "ja", "yes"):
        return True
    from streamlit.auth_util import get_secrets_auth_section

    try:
        return bool(get_secrets_auth_section())
    except Exception:  # noqa: BLE001 - an unreadable secrets file: fail closed, login stays required
        return True


def access_file() -> Path:
    """STYRBORD_ACCESS_FILE, default data/access.toml (git-ignored; data/access.toml.example shows the format)."""
    path = Path(os.environ.get(ACCESS_ENV) or DEFAULT_ACCESS_FILE)
    if not path.is_absolute() and not path.exists():
        path = REPO_ROOT / path
    return path


@st.cache_data(max_entries=4, show_spinner=False)
def _grants(path: str, mtime_ns: int) -> list[Grant]:
    return parse_access(Path(path).read_text(encoding="utf-8"), Path(path).name)


def grants() -> list[Grant]:
    """The access file's entries; none when there is no file."""
    path = access_file()
    if not path.exists():
        return []
    return _grants(str(path), path.stat().st_mtime_ns)


def audit_path() -> Path:
    return audit.audit_file(data.warehouse_file().parent)


# ---------------------------------------------------------------------------------------------------- the gate
def client_address() -> tuple[str | None, dict[str, str]]:
    """The client's IP address (None from this machine) and the request headers of this session."""
    ip = st.context.ip_address
    # a real server gives a str or None; AppTest's stand-in runtime gives a mock object, read as no address
    return (ip if isinstance(ip, str) else None), dict(st.context.headers or {})


def current_user() -> User:
    """The user the router let in for this run (pages call this)."""
    return st.session_state[USER_KEY]


def record(action: str, project: object = None, outcome: str = "ok", detail: object = None,
           user: User | None = None) -> None:
    """Append one event for this session's user to the audit log."""
    user = user or st.session_state.get(USER_KEY)
    role = "" if user is None else "admin (lokalt läge)" if user.local else user.role or ""
    try:
        audit.write(audit_path(), user=user.id if user else "okänd", role=role, action=action, project=project,
                    outcome=outcome, detail=detail)
    except OSError as exc:  # a full disk or a read-only folder: said plainly, never a stack trace
        st.warning(t("auth.log_unwritable", path=str(audit_path()), error=exc.strerror or str(exc)))


def record_download(table: str, file_format: str, chosen: object = None) -> None:
    """on_click of every download button: which table, in which format, with the filters it was drawn with (the
    button passes them: a callback runs before the next run has chosen its own)."""
    shown = {k: str(v) for k, v in (chosen.params().items() if chosen is not None else []) if v is not None}
    record("download", getattr(chosen, "project_id", None) or "alla",
           detail={"tabell": table, "format": file_format, "filter": shown})


@st.cache_resource(show_spinner=False)
def _logins_seen() -> set[tuple[str, str]]:
    """The logins (user, token issue time) this server has logged: a reload opens a new session, not a login."""
    return set()


def _first_sight(claims: Mapping[str, object], who: str) -> bool:
    """True the first time this login (this ID token) is seen, in any session of this server."""
    if "_audited_login" in st.session_state:
        return False
    st.session_state["_audited_login"] = who
    issued = claims.get("iat") or claims.get("auth_time")
    if not issued:
        return True  # no issue time in the token: one line per session
    login_id = (who, str(issued))
    seen = _logins_seen()
    if login_id in seen:
        return False
    seen.add(login_id)
    return True


def record_meeting_pack(file_format: str = "pdf", chosen: object = None) -> None:
    """on_click of the meeting-pack download (styrgrupp and up, see may()): logged with the filters it was made for."""
    shown = {k: str(v) for k, v in (chosen.params().items() if chosen is not None else []) if v is not None}
    record("meeting_pack", getattr(chosen, "project_id", None) or "alla",
           detail={"format": file_format, "filter": shown})


def _refuse(title: str, message: str) -> None:
    st.title(title)
    st.info(message, icon=":material/lock:")
    st.stop()


def _start_page() -> None:
    """Not logged in: the name of the service and the login button, nothing else."""
    st.title("Styrbord")
    st.markdown(t("auth.start_intro"))
    if st.button(t("auth.login"), type="primary", icon=":material/login:", key="auth_login"):
        try:
            st.login(_provider())
        except Exception as exc:  # noqa: BLE001 - a broken [auth] section: say so instead of a stack trace
            st.error(t("auth.login_broken", error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    st.stop()


def _provider() -> str | None:
    """None for [auth] with client_id itself, else the one named provider ([auth.NAME])."""
    from streamlit.auth_util import get_secrets_auth_section

    section = get_secrets_auth_section()
    if "client_id" in section:
        return None
    named = [name for name, value in section.items() if isinstance(value, Mapping)]
    return named[0] if named else None


def _sidebar(user: User) -> None:
    if user.local:
        st.sidebar.info(t("auth.local_mode"), icon=":material/computer:")
        return
    st.sidebar.markdown(t("auth.signed_in_as", name=user.name, role=user.label))
    if st.sidebar.button(t("auth.logout"), icon=":material/logout:", key="auth_logout"):
        record("logout", user=user)
        st.session_state.pop(USER_KEY, None)
        st.logout()
        st.stop()


def gate() -> User:
    """Let this session in, or show why not and stop: local mode, the start page, or a refusal."""
    if not login_enabled():
        if not is_local_request(*client_address()):
            _refuse(t("auth.remote_title"), t("auth.remote_refused"))
        user = User(f"{audit.os_user()}@lokal", audit.os_user(), "admin", None, local=True)
        _sidebar(user)
    else:
        if not st.user.is_logged_in:
            st.session_state.pop(USER_KEY, None)
            _start_page()
        claims = st.user.to_dict()
        who = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub") or "okänd")
        try:
            role, projects = resolve(claims, grants())
        except AccessFileError as exc:
            record("login", outcome="refused", detail={"orsak": "behörighetsfilen är fel"},
                   user=User(who, who, None, frozenset()))
            _sidebar(User(who, who, None, frozenset()))
            _refuse(t("auth.refused_title"), str(exc))
        user = User(who, str(claims.get("name") or who), role, projects)
        if _first_sight(claims, who):
            allowed = role is not None and projects != frozenset()
            reason = {} if allowed else {"orsak": "ingen roll eller inget projekt"}
            record("login", outcome="ok" if allowed else "refused",
                   project=sorted(projects) if projects else ("alla" if role and projects is None else None),
                   detail={"roller": _as_list(claims.get("roles")), **reason}, user=user)
        _sidebar(user)
        if role is None or projects == frozenset():
            st.session_state[USER_KEY] = user
            _refuse(t("auth.refused_title"), t("auth.no_role_message", who=who))
    st.session_state[USER_KEY] = user
    data.set_scope(user.projects)
    return user


def check_page(user: User, page_key: str, project_id: str | None = None) -> None:
    """In the router, before the page runs: a page outside the role gets the refusal (and the audit log a line)."""
    if allows(user, page_key):
        return
    record("page", project_id or "alla", outcome="refused", detail={"sida": page_key})
    _refuse(t("auth.refused_title"), t("auth.page_refused", role=user.label))


def audit_log_section() -> None:
    """For admins on the Data page: the audit log, filtered by user, project and date, and as CSV."""
    import datetime as dt

    import pandas as pd

    from dashboard import tables

    path = audit_path()
    st.subheader(t("auth.log_title"))
    st.caption(t("auth.log_intro", path=str(path)))
    if not st.toggle(t("auth.log_show"), key="audit_show"):  # the log grows: read it only when asked
        return
    events = audit.read(path)
    every = t("auth.log_all")
    left, middle, right_from, right_to = st.columns(4)
    who = left.selectbox(t("auth.log_user"), [every, *sorted(set(events["user"]) - {""})], key="audit_user")
    projects = sorted({p.strip() for value in events["project"] for p in value.split(",") if p.strip()})
    project = middle.selectbox(t("auth.log_project"), [every, *projects], key="audit_project")
    days = pd.to_datetime(events["time"], errors="coerce", utc=True).dt.date
    today = dt.datetime.now(dt.timezone.utc).date()
    first = right_from.date_input(t("auth.log_from"), value=min(days.dropna(), default=today), key="audit_from",
                                  format="YYYY-MM-DD")
    last = right_to.date_input(t("auth.log_to"), value=today, key="audit_to", format="YYYY-MM-DD")
    keep = (days >= first) & (days <= last)
    if who != every:
        keep &= events["user"] == who
    if project != every:
        keep &= events["project"].map(lambda value: project in [p.strip() for p in value.split(",")])
    shown = events[keep].iloc[::-1].copy()  # newest first
    # the log keeps stable codes; the table names them in the reader's language
    shown["action"] = shown["action"].map(lambda a: t(f"auth.action_{a}") if a in audit.ACTIONS else a)
    shown["outcome"] = shown["outcome"].map(lambda o: t("auth.outcome_refused") if o == "refused" else o)
    headings = {c: t(f"auth.col_{c}") for c in audit.COLUMNS}
    if shown.empty:
        st.info(t("auth.log_empty"))
        return
    st.dataframe(shown.rename(columns=headings), hide_index=True, width="stretch", key="audit_table")
    st.download_button(t("auth.log_download"), tables.to_csv(shown.rename(columns=headings)),
                       file_name="granskningslogg.csv", mime="text/csv", key="audit_csv",
                       icon=":material/download:", on_click=record_download, args=("granskningslogg", "csv"))
