"""Vaststellen: each provider marks its own figures of a quarter akkoord, or bezwaar with a
reason; then gemeente-beheer establishes the quarter (the same as `jeugdmonitor
vaststellen`). Who may do which is decided in dashboard.access; the page only asks."""

from __future__ import annotations

import streamlit as st

from dashboard.app import components, data, filters
from dashboard.app.frames import vaststellen as frames
from dashboard.periods import Period, parse_period

RESULT, NAME = "vaststellen_resultaat", "vaststellen_naam"


def _outcome(action: str) -> None:
    result = st.session_state.get(RESULT)
    if not result or result[0] != action:
        return
    del st.session_state[RESULT]
    _, problems, done = result
    if problems:
        st.error("Niet vastgelegd:\n" + "\n".join(f"- {components.literal(p)}" for p in problems), icon=":material/error:")
    else:
        st.success(components.literal(done), icon=":material/check_circle:")


def _give_verdict(f: filters.Filters, period: Period, provider: str) -> None:
    ss = st.session_state
    verdict = ss.get("oordeel_keuze") or ""
    problems = data.give_verdict(f, period, provider, verdict, ss.get("oordeel_reden") or "")
    if not problems:
        ss["oordeel_reden"] = ""
    ss[RESULT] = ("oordeel", problems, f"Vastgelegd: {verdict} op de cijfers van {period.display()}.")


def _establish(f: filters.Filters, period: Period) -> None:
    problems = data.establish(f, period, st.session_state.get(NAME) or "")
    st.session_state[RESULT] = ("vaststellen", problems, f"{period.display()} is vastgesteld.")


def verdict_form(f: filters.Filters, period: Period, provider: str) -> None:
    st.header("Uw oordeel over deze cijfers")
    with st.form("oordeel", border=True):
        st.radio(
            "Oordeel",
            ["akkoord", "bezwaar"],
            key="oordeel_keuze",
            horizontal=True,
            format_func=lambda v: "Akkoord: de cijfers kloppen" if v == "akkoord" else "Bezwaar: de cijfers kloppen niet",
        )
        st.text_area("Reden (verplicht bij bezwaar)", key="oordeel_reden", placeholder="Welke cijfers kloppen niet, en waarom?")
        st.form_submit_button(
            "Oordeel vastleggen",
            key="oordeel_opslaan",
            type="primary",
            icon=":material/how_to_vote:",
            on_click=lambda: _give_verdict(f, period, provider),
        )
    st.caption("Een nieuw oordeel vervangt het vorige niet: beide blijven bewaard, het nieuwste telt.")
    _outcome("oordeel")


def establish_form(f: filters.Filters, period: Period) -> None:
    st.header("Vaststellen")
    st.caption(
        "Vaststellen legt de cijfers vast zoals ze nu zijn, met de aanleveringen, normen en de stand van het "
        "register waarop ze rusten. De kwartaalrapportage van het kwartaal toont daarna de vastgestelde cijfers; "
        "een latere aanlevering maakt de cijfers 'herzien na vaststelling'."
    )
    with st.form("vaststellen", border=True):
        if f.viewer.local:
            st.text_input("Uw naam", key=NAME, placeholder="Voor- en achternaam")
        else:
            st.markdown(f"Vastgelegd als {components.literal(f.viewer.name)}.")
        st.form_submit_button(
            f"{period.display()} vaststellen",
            key="vaststellen_knop",
            type="primary",
            icon=":material/verified:",
            on_click=lambda: _establish(f, period),
        )
    _outcome("vaststellen")


def render() -> None:
    f = filters.current()
    components.header("Vaststellen", f)
    if not components.ready(f):
        return
    quarters = frames.ended_quarters(f.months, f.today)
    if not quarters:
        st.info("Er is nog geen afgelopen kwartaal met gegevens om vast te stellen.", icon=":material/info:")
        return
    chosen = f.period.quarter().label
    label = st.selectbox(
        "Kwartaal",
        quarters,
        index=quarters.index(chosen) if chosen in quarters else 0,
        format_func=lambda q: parse_period(q).display(),
        key="vaststellen_kwartaal",
    )
    period = parse_period(label)
    stand = data.stand(f, period)
    st.header("Stand van de cijfers")
    line = frames.stand_line(stand, period)
    if stand["herzien_na_vaststelling"]:
        st.warning(components.literal(line), icon=":material/history:")
        deliveries = frames.changed_deliveries(stand)
        if deliveries:
            st.markdown("**Aanleveringen na de vaststelling:**")
            components.bullet_list(deliveries)
        changed = frames.changed_figures(stand)
        if changed.height:
            components.table(changed, key="vaststellen_wijzigingen", label="Tabel: gewijzigde cijfers")
    elif stand["status"] == "vastgesteld":
        st.success(components.literal(line), icon=":material/verified:")
    else:
        st.info(components.literal(line), icon=":material/pending:")

    st.header("Oordeel van de aanbieders")
    components.table(frames.verdicts(stand, f.providers), key="vaststellen_oordelen", label="Tabel: oordeel van de aanbieders")
    own = [p for p in f.providers if f.viewer.may_judge(p)]
    if own:
        verdict_form(f, period, own[0])
    if f.viewer.may_establish:
        if stand["status"] == "vastgesteld" and not stand["herzien_na_vaststelling"]:
            _outcome("vaststellen")
            st.caption("Opnieuw vaststellen kan als de cijfers na de vaststelling zijn herzien.")
        else:
            establish_form(f, period)

    done = data.established_periods(f)
    if done:
        st.header("Vastgestelde periodes")
        components.table(frames.established(done), key="vaststellen_periodes", label="Tabel: vastgestelde periodes")


if __name__ == "__main__":
    render()
