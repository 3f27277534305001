"""Who may see what (issue: roles scoped to a provider). Enforced in the data layer: a
`Viewer` turns into the provider scope every figure, download, report and register read
receives, so no page can show what its user may not see.

Roles come from a TOML file mapping users (e-mail or login name) and groups to roles:

    [gebruikers]
    "a.jansen@rotterdam.nl" = "gemeente-beheer"
    "p.devries@jbrr.nl" = { rol = "aanbieder", aanbieder = "JBRR" }

    [groepen]
    "jeugd-beleid" = "gemeente-lezer"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.paths import DATA
from dashboard.registers import provider_codes

ROLES = ("gemeente-beheer", "gemeente-lezer", "aanbieder")
DEFAULT_CONFIG = DATA / "toegang.toml"


class AccessConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Viewer:
    """The person using the dashboard. `role` None = unknown user: sees nothing."""

    name: str
    role: str | None
    provider: str | None = None  # for role `aanbieder`
    local: bool = False  # unsecured local use (no login configured)

    @property
    def known(self) -> bool:
        return self.role is not None

    @property
    def may_edit(self) -> bool:
        """Register editing and uploads of any provider."""
        return self.role == "gemeente-beheer"

    @property
    def providers(self) -> tuple[str, ...]:
        if self.role in ("gemeente-beheer", "gemeente-lezer"):
            return provider_codes()
        if self.role == "aanbieder" and self.provider:
            return (self.provider,)
        return ()

    @property
    def addressees(self) -> list[str]:
        """Register measures this viewer may see: a provider only those addressed to it."""
        if self.role == "aanbieder":
            return list(self.providers)
        return ["GEMEENTE", *self.providers] if self.known else []

    def scope(self, requested: Sequence[str] | None = None) -> tuple[str, ...]:
        """The providers to query: the requested ones this viewer may see (never more)."""
        allowed = self.providers
        if requested is None:
            return allowed
        return tuple(p for p in requested if p in allowed)

    def may_upload(self, provider: str) -> bool:
        return self.may_edit or (self.role == "aanbieder" and provider == self.provider)


LOCAL = Viewer("lokale gebruiker", "gemeente-beheer", local=True)


LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def login_mode(root: Path | None = None, config: dict | None = None) -> str | None:
    """`oidc` when Streamlit's login is configured (an [auth] section in
    .streamlit/secrets.toml), `proxy` when the access file trusts a reverse proxy's
    headers ([login] methode = "proxy"), else None: unsecured local use only."""
    from dashboard.paths import ROOT

    secrets = (root or ROOT) / ".streamlit" / "secrets.toml"
    if secrets.exists():
        try:
            if "auth" in tomllib.loads(secrets.read_text(encoding="utf-8")):
                return "oidc"
        except tomllib.TOMLDecodeError:
            pass
    config = load_config() if config is None else config
    if (config.get("login") or {}).get("methode") == "proxy":
        return "proxy"
    return None


def config_path() -> Path:
    return Path(os.environ.get("JEUGDMONITOR_TOEGANG", DEFAULT_CONFIG))


def load_config(path: Path | None = None) -> dict:
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise AccessConfigError(f"{path.name}: geen geldige TOML ({e})") from None
    for where in ("gebruikers", "groepen"):
        for who, entry in (data.get(where) or {}).items():
            _parse_entry(path.name, who, entry)
    return data


def _parse_entry(source: str, who: str, entry: object) -> tuple[str, str | None]:
    role, provider = (entry, None) if isinstance(entry, str) else (
        (entry.get("rol"), entry.get("aanbieder")) if isinstance(entry, dict) else (None, None))
    if role not in ROLES:
        raise AccessConfigError(f"{source}: '{who}' heeft een onbekende rol {role!r}; kies uit {', '.join(ROLES)}")
    if role == "aanbieder" and provider not in provider_codes():
        raise AccessConfigError(f"{source}: '{who}' is aanbieder maar zonder geldige aanbiedercode "
                                f"(kies uit {', '.join(provider_codes())})")
    return role, provider if role == "aanbieder" else None


def resolve(name: str | None, groups: Sequence[str] = (), config: dict | None = None) -> Viewer:
    """The viewer for a logged-in user: their own entry wins over their groups; among
    groups the widest role wins. Unknown users get no role."""
    config = load_config() if config is None else config
    if not name:
        return Viewer("onbekend", None)
    users = {k.lower(): v for k, v in (config.get("gebruikers") or {}).items()}
    if name.lower() in users:
        role, provider = _parse_entry("toegang", name, users[name.lower()])
        return Viewer(name, role, provider)
    found = [_parse_entry("toegang", g, (config.get("groepen") or {})[g])
             for g in groups if g in (config.get("groepen") or {})]
    for wanted in ROLES:  # widest first
        for role, provider in found:
            if role == wanted:
                return Viewer(name, role, provider)
    return Viewer(name, None)
