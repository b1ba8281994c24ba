"""Keyed hashes (HMAC-SHA256) that stand in for people, so no personnummer or employee number is stored."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from pipelines.i18n import Message

DEFAULT_KEY_FILE = Path("data/pseudonym.key")
HASH_CHARS = 32  # 128 bits of the HMAC: plenty for uniqueness, shorter to store and read


class KeyError_(ValueError):
    """The pseudonymisation key is missing or malformed (Swedish message)."""


def load_key() -> bytes:
    """The key from STYRBORD_PSEUDONYM_KEY (hex), else the key file (created with 32 random bytes when missing)."""
    hex_key = os.environ.get("STYRBORD_PSEUDONYM_KEY", "").strip()
    if hex_key:
        try:
            key = bytes.fromhex(hex_key)
        except ValueError:
            raise KeyError_(Message("loader.key.env_not_hex")) from None
        if len(key) < 16:
            raise KeyError_(Message("loader.key.env_short"))
        return key
    path = Path(os.environ.get("STYRBORD_KEY_FILE", "") or DEFAULT_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # create with mode 0600 from the start: the key must never be readable by others
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_bytes(32).hex() + "\n")
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError:
        raise KeyError_(Message("loader.key.file_broken", path=str(path))) from None
    if len(key) < 16:
        raise KeyError_(Message("loader.key.file_short", path=str(path)))
    return key


class Pseudonymiser:
    """Keyed hashes for one load: person ids, alias hashes and anonymous respondent ids."""

    def __init__(self, key: bytes):
        self._key = key

    def digest(self, text: str) -> str:
        """The keyed hash of a text, as hex."""
        return hmac.new(self._key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:HASH_CHARS]

    def alias_hash(self, project_id: str, alias: str) -> str:
        """Hash of `emp:<employee_id>` or `pnr:<12 digits>` within a project (the person_alias key)."""
        return self.digest(f"alias|{project_id}|{alias}")

    def person_id(self, project_id: str, alias: str) -> str:
        """The person's id: a hash of the project and the person's first alias (employee number if any)."""
        return self.digest(f"person|{project_id}|{alias}")

    def respondent_id(self, project_id: str, survey_id: str, row: int) -> str:
        """An anonymous respondent: a hash of project, survey and row (stable between identical loads)."""
        return self.digest(f"respondent|{project_id}|{survey_id}|{row}")

    def alias_hashes(self, project_id: str, aliases: pd.Series) -> pd.Series:
        """alias_hash per row, hashing each distinct alias once."""
        unique = {a: self.alias_hash(project_id, a) for a in pd.unique(aliases.dropna())}
        return aliases.map(unique).astype(object)
