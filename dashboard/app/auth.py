"""Who is looking: the login (Streamlit's OpenID Connect, or a trusted reverse proxy's
headers) turned into a `dashboard.access.Viewer`, decided in the data layer. A visitor who
is not logged in, or who has no role, sees a Dutch explanation and nothing else: the
script stops before the sidebar or any page runs.

Without any login configured the dashboard is for unsecured local use (`serve` binds to
127.0.0.1 then) and says so on every page."""

from __future__ import annotations

import streamlit as st

from dashboard import access, audit
from dashboard.app.components import literal
from dashboard.paths import resolve_db

_LOGGED = "_inloggen_vastgelegd"
LOCAL_TEXT = (
    "**Onbeveiligd lokaal gebruik** — geen inloggen ingesteld: wie deze computer gebruikt, ziet en mag "
    "alles. Inloggen instellen: zie de README."
)


def _oidc_configured() -> bool:
    """An [auth] section in Streamlit's secrets (where st.login takes its settings)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def _stop_with(title: str, text: str, login: bool = False, logout: bool = False) -> None:
    st.title("Jeugdmonitor Rotterdam")
    st.header(title)
    st.markdown(text)
    if login:
        st.button("Inloggen", type="primary", icon=":material/login:", on_click=st.login, key="inloggen")
    if logout:
        st.button("Uitloggen", icon=":material/logout:", on_click=st.logout, key="uitloggen")
    st.stop()


def _record_login(v: access.Viewer, method: str) -> None:
    """One audit event per session and person (also for a refused, unknown person)."""
    if st.session_state.get(_LOGGED) == v.name:
        return
    st.session_state[_LOGGED] = v.name
    if v.known:
        audit.record(resolve_db(), v.name, "inloggen", f"{method}; rol {v.role_text}")
    else:
        audit.record(resolve_db(), v.name, "geweigerd", f"{method}; geen rol in het toegangsbestand")


def viewer() -> access.Viewer:
    """The viewer of this session, or stop the script with an explanation."""
    try:
        config = access.load_config()
    except access.AccessConfigError as e:
        _stop_with(
            "Toegang is verkeerd ingesteld",
            "Het toegangsbestand kan niet gelezen worden, dus niemand krijgt toegang. "
            f"Meld dit aan de beheerder van de jeugdmonitor.\n\n`{e}`",
        )
    mode = access.login_mode(config, oidc=_oidc_configured())
    if mode is None:
        return access.LOCAL
    if mode == "oidc":
        v = access.from_oidc(st.user.to_dict(), config)
        if v is None:
            _stop_with(
                "Inloggen",
                "De jeugdmonitor bevat cijfers over kwetsbare kinderen en over benoemde "
                "aanbieders. Log in met uw account van de gemeente of uw organisatie.",
                login=True,
            )
    else:
        if not access.peer_trusted(st.context.ip_address, config):
            # Anyone reaching the port directly could write the headers the proxy sets.
            if not st.session_state.get(_LOGGED):
                st.session_state[_LOGGED] = "onbekend"
                audit.record(
                    resolve_db(), "onbekend", "geweigerd", f"reverse proxy; verbinding van {st.context.ip_address} is geen vertrouwde proxy"
                )
            _stop_with(
                "Geen toegang",
                "Deze verbinding komt niet via de proxy waarlangs de jeugdmonitor "
                "bereikbaar is, dus wie u bent kan niet worden vastgesteld. Gebruik het adres dat de "
                "gemeente u heeft gegeven; werkt dat niet, meld het dan aan de beheerder.",
            )
        v = access.from_headers(dict(st.context.headers), config)
    assert v is not None
    _record_login(v, "OpenID Connect" if mode == "oidc" else "reverse proxy")
    if not v.known:
        who = f"U bent ingelogd als **{literal(v.name)}**, maar" if v.name != "onbekend" else "U bent niet herkend en"
        _stop_with(
            "Geen toegang",
            f"{who} u hebt geen rol in de jeugdmonitor. Toegang wordt per persoon of groep "
            "toegekend door de gemeente Rotterdam (rollen: gemeente-beheer, gemeente-lezer of "
            "aanbieder). Vraag toegang aan bij uw contactpersoon van de gemeente; noem daarbij "
            "het adres waarmee u inlogt.",
            logout=mode == "oidc",
        )
    return v


def sidebar_user(v: access.Viewer) -> None:
    """Who is logged in, with which role (and a logout when Streamlit's login is used)."""
    if v.local:
        st.caption("Onbeveiligd lokaal gebruik (geen inloggen ingesteld)")
        return
    st.caption(f"Ingelogd als {literal(v.name)} · {literal(v.role_text)}")
    if st.user.get("is_logged_in"):
        st.button("Uitloggen", icon=":material/logout:", on_click=st.logout, key="uitloggen")


def local_banner(v: access.Viewer) -> None:
    if v.local:
        st.warning(LOCAL_TEXT, icon=":material/lock_open:")
