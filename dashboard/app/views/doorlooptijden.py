"""Doorlooptijden: how often JBRR meets each process norm for the measures it received."""

import polars as pl
import streamlit as st

from dashboard import registers
from dashboard.app import charts, components, data, filters, remarks
from dashboard.app.frames import doorlooptijden as frames
from dashboard.app.frames.common import tip
from dashboard.definitions import metric


def render() -> None:
    f = filters.current()
    components.header("Doorlooptijden", f)
    if not components.ready(f):
        return
    history = data.figure("doorlooptijden", f, f.trend())
    now = history.filter(pl.col("periode") == f.period.label)
    if not frames.providers_with_data(now):
        gi = "JBRR" in f.viewer.providers  # a provider's user is not told about another provider
        components.nothing_for(
            "doorlooptijden (alleen de gecertificeerde instelling levert deze aan" + ("; kies JBRR bij Aanbieders)" if gi else ")")
        )
        return
    st.caption(
        "Maatregelen ontvangen in de periode. Beoordeelbaar: de stap is gezet of de termijn is verstreken; "
        "lopend: nog binnen de termijn zonder de stap (telt niet mee)."
    )
    components.cards(frames.cards(now))
    components.table_block(f"Procesnormen — {f.period.display()}", frames.table(now), "doorloop_nu")
    remarks.block(f, "doorlooptijden")

    options = frames.providers_with_data(history)
    provider = (
        options[0]
        if len(options) == 1
        else components.provider_choice(options, "doorloop_aanbieder", "Procesnormen door de tijd van", show_label=True)
    )
    view = frames.trend(history.filter(pl.col("aanbieder") == provider))
    chart = charts.trend(
        view.chart,
        "binnen_norm_pct",
        metric("doorlooptijden.binnen_norm_pct").heading,
        "stap_naam",
        "Stap",
        [
            ("periode_naam", "Periode"),
            ("stap_naam", "Stap"),
            tip("doorlooptijden.binnen_norm_pct"),
            tip("doorlooptijden.binnen_norm"),
            tip("doorlooptijden.beoordeelbaar"),
            tip("doorlooptijden.lopend"),
        ],
        f.period.is_quarter,
        percent=True,
        norm="signaal",
        norm_tooltip=[("signaal_tekst", "Signaalwaarde")],
        shown="binnen_norm_pct_tekst",
    )
    components.chart_block(
        f"Binnen de norm per stap — {registers.short_name(provider)}",
        chart,
        view.table,
        "doorloop_trend",
        caption="De gestippelde lijn is de signaalwaarde (90%). Recente maanden kunnen nog lopende maatregelen hebben.",
    )
    components.privacy_note()


if __name__ == "__main__":
    render()
