"""The sidebar filters (period type, period, providers): kept in session state while a user
moves between pages, and mirrored in the URL (`?periode=2024-06&aanbieders=JBRR,ENVER`) so
that a view can be shared in an agenda. The URL is read once, on the first run of a session.

The providers on offer are those the viewer may see, and `Filters.providers` is always the
viewer's scope of the chosen ones: every figure, download and report reads it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from dashboard import registers, store
from dashboard.access import Viewer
from dashboard.app import data
from dashboard.paths import resolve_db
from dashboard.periods import Period, PeriodError, parse_period
from dashboard.selection import TREND_MONTHS, TREND_QUARTERS, Selection  # noqa: F401 (re-exported)

MONTH, QUARTER = "maand", "kwartaal"
_SEEDED = "_filters_uit_url_gelezen"
REGISTER_AT_PERIOD_END = "register_stand_op_einde_periode"  # the Aanbevelingen page's toggle
_CURRENT = "_filters"
_NOTICES = "_url_meldingen"


# The selection itself lives below the app (Streamlit-free); the sidebar only fills it in.
Filters = Selection


if TYPE_CHECKING:

    class FiltersWithData(Filters):
        """What the type checker knows of filters once `components.ready` said yes: a
        period is chosen. Only a type; at run time these are plain `Filters`."""

        period: Period


def quarter_of(month: str) -> str:
    return parse_period(month).quarter().label


def _options(months: tuple[str, ...], kind: str) -> list[str]:
    if kind == MONTH:
        return list(months)
    return list(dict.fromkeys(quarter_of(m) for m in months))


def switched(period: str, months: tuple[str, ...]) -> str:
    """The period shown after switching between month and quarter: the same moment in time
    (a month's quarter; a quarter's newest month with data)."""
    if "Q" not in period:
        return quarter_of(period)
    inside = [m for m in months if quarter_of(m) == period]
    return inside[0] if inside else months[0]


def other_kind(f: Filters) -> Period | None:
    """The period the "Periode per" switch would show next: what a page may warm ahead."""
    return parse_period(switched(f.period.label, f.months)) if f.period is not None and f.months else None


def _on_kind_change(months: tuple[str, ...]) -> None:
    """Keep the same moment in time when switching between month and quarter."""
    current = st.session_state.get("periode")
    if not current:
        return
    if (st.session_state["periodetype"] == QUARTER) != ("Q" in current):
        st.session_state["periode"] = switched(current, months)


def _seed_from_url(months: tuple[str, ...], providers: tuple[str, ...]) -> None:
    """Initialise the widgets from the URL once per session, and with defaults otherwise."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    st.session_state.setdefault("periodetype", MONTH)
    notices = []
    asked = st.query_params.get("periode", "")
    try:
        wanted = parse_period(asked).label
    except PeriodError:
        wanted = None
    if wanted and wanted in _options(months, QUARTER if "Q" in wanted else MONTH):
        st.session_state["periodetype"] = QUARTER if "Q" in wanted else MONTH
        st.session_state["periode"] = wanted
    elif asked and months:
        notices.append(
            f"de periode '{asked}' "
            + ("heeft geen gegevens" if wanted else "bestaat niet (verwacht JJJJ-MM of JJJJ-Qn)")
            + "; de nieuwste periode wordt getoond"
        )
    asked_providers = [c.strip() for v in st.query_params.get_all("aanbieders") for c in v.split(",") if c.strip()]
    chosen = [c for c in providers if c in asked_providers]
    if unknown := [c for c in asked_providers if c not in providers]:
        notices.append(
            f"{'aanbieder' if len(unknown) == 1 else 'aanbieders'} {', '.join(unknown)} "
            "onbekend of niet zichtbaar voor u; " + ("alleen de andere worden getoond" if chosen else "alle aanbieders worden getoond")
        )
    st.session_state["aanbieders"] = chosen or list(providers)
    st.session_state[_NOTICES] = notices


def url_notices() -> list[str]:
    """What of the address (a shared link) could not be shown, once, in Dutch."""
    return st.session_state.pop(_NOTICES, [])


def sidebar(viewer: Viewer) -> Filters:
    """Draw the filters in the sidebar and return what they say."""
    db = resolve_db()
    version = store.data_version(db)
    months = data.months_with_data(db, version)
    providers = viewer.providers
    _seed_from_url(months, providers)
    # A choice this viewer may not (or no longer) see never reaches the widget.
    st.session_state["aanbieders"] = [c for c in st.session_state.get("aanbieders", []) if c in providers]
    with st.sidebar:
        st.markdown("### Filters")
        period = None
        if months:
            st.radio(
                "Periode per",
                [MONTH, QUARTER],
                key="periodetype",
                horizontal=True,
                format_func=str.capitalize,
                on_change=_on_kind_change,
                args=(months,),
            )
            options = _options(months, st.session_state["periodetype"])
            if st.session_state.get("periode") not in options:
                # Not the newest month with any data, but the newest complete one.
                default = data.newest_complete(db, version, months) or months[0]
                st.session_state["periode"] = (
                    default if default in options else quarter_of(default) if quarter_of(default) in options else options[0]
                )
            label = st.selectbox("Periode", options, key="periode", format_func=lambda p: parse_period(p).display().capitalize())
            period = parse_period(label)
        chosen = st.multiselect(
            "Aanbieders",
            providers,
            key="aanbieders",
            format_func=registers.short_name,
            help="; ".join(f"{c}: {registers.provider_name(c)}" for c in providers),
            placeholder="Kies een of meer aanbieders",
        )
        st.caption("Deel deze weergave: de periode en aanbieders staan in de adresregel.")
    # Other parameters are a page's own view choices (bound widgets, e.g. ?personeel_indicator=…): kept.
    own = {k: v for k, v in st.query_params.to_dict().items() if k not in ("aanbieders", "periode")}
    wanted_url = own | {"aanbieders": ",".join(chosen)} | ({"periode": period.label} if period else {})
    if st.query_params.to_dict() != wanted_url:
        st.query_params.from_dict(wanted_url)
    filters = Filters(
        db,
        version,
        months,
        period,
        tuple(chosen),
        date.today(),
        viewer,
        register_at_period_end=bool(st.session_state.get(REGISTER_AT_PERIOD_END)),
    )
    st.session_state[_CURRENT] = filters
    return filters


def current() -> Filters:
    """The filters as the sidebar set them in this run (pages run after the sidebar)."""
    return st.session_state[_CURRENT]
