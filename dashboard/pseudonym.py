"""The keyed pseudonym of a BSN: the only trace of a person that an iJw message leaves in
the store (data-contract v2). HMAC-SHA256 with the municipality's key, which is read from
`$JEUGDMONITOR_PSEUDONIEM_SLEUTEL` or from `pseudoniem_sleutel` in `.streamlit/secrets.toml`
and never written anywhere by this program. Without the key nobody, including someone
holding the database file, can tell whose journey a row describes."""

from __future__ import annotations

import hashlib
import hmac
import os
import tomllib
from pathlib import Path

from dashboard.paths import ROOT

ENV = "JEUGDMONITOR_PSEUDONIEM_SLEUTEL"
SECRETS_KEY = "pseudoniem_sleutel"
MIN_LENGTH = 32

# Only for the bundled demo, whose people are fictitious (BSNs 999990000-999999999). It is
# public on purpose: a real deployment must never use it, and ingest refuses it for any
# message that is not demo data.
DEMO_KEY = "DEMODATA-openbare-sleutel-alleen-voor-fictieve-demoberichten"

MISSING = (
    f"iJw-berichten worden niet ingelezen zonder pseudonimiseringssleutel. Zet de gemeentelijke "
    f"sleutel (minstens {MIN_LENGTH} tekens) in de omgevingsvariabele {ENV} of als "
    f"{SECRETS_KEY} in .streamlit/secrets.toml; de sleutel wordt nooit in de database bewaard."
)
TOO_SHORT = (
    f"de pseudonimiseringssleutel in {ENV} of .streamlit/secrets.toml is te kort: gebruik minstens {MIN_LENGTH} willekeurige tekens."
)
DEMO_REFUSED = "de openbare demosleutel mag alleen voor demodata worden gebruikt; zet de gemeentelijke sleutel."


class KeyProblem(Exception):
    """No usable key: iJw messages are refused with this Dutch message."""


def _secrets_files() -> list[Path]:
    return [Path.cwd() / ".streamlit" / "secrets.toml", ROOT / ".streamlit" / "secrets.toml"]


def municipal_key() -> bytes:
    """The key from the environment, else the secrets file; KeyProblem when there is none."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        for path in _secrets_files():
            try:
                secrets = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            found = secrets.get(SECRETS_KEY)
            if isinstance(found, str) and found.strip():
                value = found.strip()
                break
    if not value:
        raise KeyProblem(MISSING)
    if len(value) < MIN_LENGTH:
        raise KeyProblem(TOO_SHORT)
    if value == DEMO_KEY:
        raise KeyProblem(DEMO_REFUSED)
    return value.encode("utf-8")


def demo_key() -> bytes:
    return DEMO_KEY.encode("utf-8")


def pseudonym(bsn: str, key: bytes) -> str:
    """64 hex characters; the same BSN gives the same pseudonym under the same key."""
    return hmac.new(key, bsn.encode("ascii"), hashlib.sha256).hexdigest()
