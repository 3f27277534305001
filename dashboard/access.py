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

import ipaddress
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.paths import DATA
from dashboard.registers import provider_codes

ROLES = ("gemeente-beheer", "gemeente-lezer", "aanbieder")
MUNICIPALITY = "GEMEENTE"
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
        """Register editing, uploads of any provider, the audit trail."""
        return self.role == "gemeente-beheer"

    @property
    def may_upload_any(self) -> bool:
        """Whether the upload form is offered at all (beheer: any provider; aanbieder: its own)."""
        return self.may_edit or (self.role == "aanbieder" and self.provider is not None)

    @property
    def sees_unattributed(self) -> bool:
        """Rejected files whose provider could not be read belong to nobody known: only the
        municipality sees them (a provider sees its own uploads among them)."""
        return self.role in ("gemeente-beheer", "gemeente-lezer")

    @property
    def role_text(self) -> str:
        if self.role == "aanbieder":
            return f"aanbieder {self.provider}"
        return self.role or "geen rol"

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
        return [MUNICIPALITY, *self.providers] if self.known else []

    def scope(self, requested: Sequence[str] | None = None) -> tuple[str, ...]:
        """The providers to query: the requested ones this viewer may see (never more)."""
        allowed = self.providers
        if requested is None:
            return allowed
        return tuple(p for p in requested if p in allowed)

    def register_scope(self, providers: Sequence[str]) -> list[str]:
        """The register addressees to show for the chosen `providers`: the municipality's own
        measures (for municipal roles) and those of the chosen providers this viewer may see."""
        return [a for a in self.addressees if a == MUNICIPALITY or a in providers]

    def may_judge(self, provider: str) -> bool:
        """Mark a provider's figures of a period akkoord or bezwaar: that provider's own user
        only (the municipality establishes; it does not speak for a provider)."""
        return self.role == "aanbieder" and provider == self.provider

    @property
    def may_establish(self) -> bool:
        """Establish (vaststellen) a period's figures."""
        return self.role == "gemeente-beheer"

    def may_upload(self, provider: str) -> bool:
        return self.may_edit or (self.role == "aanbieder" and provider == self.provider)

    @property
    def explains_for(self) -> tuple[str, ...]:
        """The providers this viewer may write a toelichting for: gemeente-beheer every one,
        a provider's user only its own (gemeente-lezer reads only)."""
        if self.may_edit:
            return provider_codes()
        if self.role == "aanbieder" and self.provider:
            return (self.provider,)
        return ()

    def may_explain(self, provider: str) -> bool:
        return provider in self.explains_for

    @property
    def speaks_for(self) -> str:
        """On whose behalf this viewer writes a toelichting: its provider, or the municipality."""
        return self.provider if self.role == "aanbieder" and self.provider else MUNICIPALITY

    @property
    def sees_briefing_text(self) -> bool:
        """The advisor's own words for the wethouder are the municipality's: a provider's
        user never sees them (they may speak of other providers)."""
        return self.sees_unattributed

    @property
    def may_write_briefing_text(self) -> bool:
        return self.may_edit


LOCAL = Viewer("lokale gebruiker", "gemeente-beheer", local=True)


LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def oidc_configured(root: Path | None = None) -> bool:
    """Whether Streamlit's login is configured: an [auth] section in a secrets.toml where
    Streamlit looks (the project's .streamlit/ folder, where `serve` starts it, or ~/.streamlit/)."""
    from dashboard.paths import ROOT

    for secrets in ((root or ROOT) / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        if secrets.exists():
            try:
                if "auth" in tomllib.loads(secrets.read_text(encoding="utf-8")):
                    return True
            except tomllib.TOMLDecodeError:
                pass
    return False


def login_mode(config: dict | None = None, oidc: bool | None = None) -> str | None:
    """`oidc` when Streamlit's login is configured, `proxy` when the access file trusts a
    reverse proxy's headers ([login] methode = "proxy"), else None: unsecured local use only.
    `oidc` may be given by the caller (the app asks st.secrets itself)."""
    if oidc_configured() if oidc is None else oidc:
        return "oidc"
    config = load_config() if config is None else config
    if _login_settings(config).get("methode") == "proxy":
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
    method = _login_settings(data).get("methode")
    if method not in (None, "proxy"):
        raise AccessConfigError(
            f'{path.name}: [login] methode {method!r} bestaat niet; gebruik "proxy" '
            "(OpenID Connect stelt u in met [auth] in .streamlit/secrets.toml)"
        )
    _trusted_networks(path.name, data)
    return data


def _trusted_networks(source: str, config: dict) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    entries = _login_settings(config).get("vertrouwde_proxies", [])
    if not isinstance(entries, list):
        raise AccessConfigError(f'{source}: [login] vertrouwde_proxies moet een lijst van adressen zijn, bijvoorbeeld ["10.0.0.5"]')
    try:
        return [ipaddress.ip_network(str(e), strict=False) for e in entries]
    except ValueError as e:
        raise AccessConfigError(f"{source}: [login] vertrouwde_proxies: geen geldig IP-adres of netwerk ({e})") from None


def peer_trusted(peer: str | None, config: dict | None = None) -> bool:
    """Whether a request's headers may name its user: the connection (the TCP peer, which a
    visitor cannot forge, unlike a header) comes from this machine or from a proxy named
    in `[login] vertrouwde_proxies`. Streamlit reports a peer on this machine as None."""
    config = load_config() if config is None else config
    if peer is None or peer in LOCAL_ADDRESSES:
        return True
    try:
        address = ipaddress.ip_address(peer.split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or any(address in n for n in _trusted_networks("toegang", config))


def serve_refusal(address: str, mode: str | None, config: dict | None = None) -> str | None:
    """Why `serve` may not listen on `address` with this login (Dutch), or None."""
    if address in LOCAL_ADDRESSES:
        return None
    config = load_config() if config is None else config
    if mode == "proxy" and not _trusted_networks("toegang", config):
        return (
            "inloggen via een reverse proxy vertrouwt de gebruiker in de headers van het verzoek; op adres "
            f"{address} kan iedereen die de poort bereikt die headers vervalsen en beheerder worden. Draai "
            "het dashboard op 127.0.0.1 achter de proxy, of noem de proxy in het toegangsbestand: "
            '[login] vertrouwde_proxies = ["10.0.0.5"] (alleen verbindingen van die adressen worden dan '
            "aangenomen)"
        )
    return None


def _parse_entry(source: str, who: str, entry: object) -> tuple[str, str | None]:
    role, provider = (
        (entry, None)
        if isinstance(entry, str)
        else ((entry.get("rol"), entry.get("aanbieder")) if isinstance(entry, dict) else (None, None))
    )
    if role not in ROLES:
        raise AccessConfigError(f"{source}: '{who}' heeft een onbekende rol {role!r}; kies uit {', '.join(ROLES)}")
    if role == "aanbieder" and provider not in provider_codes():
        raise AccessConfigError(
            f"{source}: '{who}' is aanbieder maar zonder geldige aanbiedercode (kies uit {', '.join(provider_codes())})"
        )
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
    found = [_parse_entry("toegang", g, (config.get("groepen") or {})[g]) for g in groups if g in (config.get("groepen") or {})]
    for wanted in ROLES:  # widest first
        for role, provider in found:
            if role == wanted:
                return Viewer(name, role, provider)
    return Viewer(name, None)


# --- who is this? -------------------------------------------------------------------------
# The dashboard hands in what Streamlit knows (the OIDC claims of st.user, or the request
# headers set by an authenticating reverse proxy); the decision is made here.

DEFAULT_USER_HEADER = "X-Forwarded-Email"
DEFAULT_GROUPS_HEADER = "X-Forwarded-Groups"
DEFAULT_GROUPS_CLAIM = "groups"
USER_CLAIMS = ("email", "preferred_username", "upn", "sub")


def _login_settings(config: dict) -> dict:
    return config.get("login") or {}


def _groups(value: object) -> list[str]:
    """Groups as a claim (a list) or a header (comma- or semicolon-separated)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [g.strip() for g in str(value).replace(";", ",").split(",") if g.strip()]


def from_oidc(claims: dict, config: dict | None = None) -> Viewer | None:
    """The viewer for Streamlit's OpenID Connect user (`st.user`); None when not logged in."""
    config = load_config() if config is None else config
    if not claims.get("is_logged_in"):
        return None
    name = next((str(claims[c]) for c in USER_CLAIMS if claims.get(c)), None)
    claim = _login_settings(config).get("groepen_claim", DEFAULT_GROUPS_CLAIM)
    return resolve(name, _groups(claims.get(claim)), config)


def from_headers(headers: dict[str, str], config: dict | None = None) -> Viewer:
    """The viewer named by a trusted reverse proxy in the request headers (case-insensitive
    names). Safe only when the dashboard can be reached through that proxy alone."""
    config = load_config() if config is None else config
    settings = _login_settings(config)
    lower = {k.lower(): v for k, v in headers.items()}
    name = lower.get(str(settings.get("gebruiker_header", DEFAULT_USER_HEADER)).lower())
    groups = _groups(lower.get(str(settings.get("groepen_header", DEFAULT_GROUPS_HEADER)).lower()))
    return resolve(name.strip() if name else None, groups, config)
