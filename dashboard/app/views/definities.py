"""Definities: the metric dictionary (dashboard.definitions) with norms, signal values,
their sources and the query each figure comes from."""

import html

import polars as pl
import streamlit as st

from dashboard import definitions, registers
from dashboard.app import components, filters
from dashboard.app.frames.common import legend_note


def render() -> None:
    f = filters.current()
    components.header("Definities", f)
    st.markdown(
        "Elk cijfer in dit dashboard, in de rapportages en in `jeugdmonitor kerncijfers` is hier één "
        "keer gedefinieerd. Cijfers gaan altijd over de nieuwste aanlevering van een periode; een "
        "totaal over aanbieders telt tellers en noemers op en middelt nooit percentages."
    )
    dictionary = definitions.as_frame()
    for section in dictionary["Onderdeel"].unique(maintain_order=True):
        st.header(section)
        # One element per part, not two per figure: the browser draws a few dozen fewer.
        st.html("".join(_entry(r) for r in dictionary.filter(pl.col("Onderdeel") == section).iter_rows(named=True)))
    components.downloads(dictionary, "definities_jeugdmonitor", "definities")

    # A provider's user sees the norms of its own products (and those tied to no product).
    norms = definitions.norms_table(registers.norms_for(f.viewer.providers))
    components.table_block(
        "Normentabel",
        norms,
        "normen",
        caption="Een norm geldt vanaf zijn datum; de geschiedenis wordt beoordeeld tegen de "
        "norm die toen gold. De gemeente stelt de normen vast in het normenregister.",
    )

    st.header("Kleine aantallen")
    st.markdown(
        "Aantallen jeugdigen van 1 tot en met 4 tonen we als `<5` (0 blijft 0); percentages, medianen "
        "en percentielen over minder dan 5 jeugdigen tonen we niet. Is in een uitsplitsing precies één "
        "cel afgeschermd terwijl het totaal zichtbaar is, dan schermen we ook de kleinste andere cel af "
        "(`x`), zodat niets terug te rekenen is. Dit geldt voor elke grafiek, tabel en download. "
        "Personeels- en caseloadcijfers gaan niet over jeugdigen en worden niet afgeschermd."
    )
    st.caption(legend_note())


def _entry(r: dict) -> str:
    """A figure: its name and definition, then unit, norm, status, small numbers and source."""
    details = [f"Eenheid: {r['Eenheid']}"]
    if r["Norm"] != "–":
        details.append(f"Norm: {r['Norm']} (bron: {r['Bron norm']})")
    if r["Signaal"] != "–":
        details.append(f"Status — {r['Signaal']} (bron: {r['Bron signaal']})")
    details += [f"Kleine aantallen: {r['Kleine aantallen']}", f"Bron: {r['Bron']}"]
    e = html.escape
    return (
        f'<p class="jm-def"><strong>{e(r["Indicator"])}</strong> — {e(r["Definitie"])}</p>'
        f'<p class="jm-def-sub">{e(" · ".join(details))}</p>'
    )


if __name__ == "__main__":
    render()
