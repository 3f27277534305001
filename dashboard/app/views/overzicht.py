"""Overzicht: the briefing. First what needs action (the ranked action list), then the
headline figures per provider side by side, with the change against the previous period
and a year earlier and the status against the norm, and what changed in plain Dutch."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.app import charts, components, data, filters, remarks
from dashboard.app.frames import actielijst, vaststellen
from dashboard.app.frames import overzicht as frames

if TYPE_CHECKING:
    from dashboard.app.filters import FiltersWithData


def render() -> None:
    f = filters.current()
    components.header("Overzicht", f)
    if not components.ready(f):
        return
    ov = data.headline(f)
    if not ov.heeft_data:
        components.nothing_for(f"{f.period.display()} (geen aanleveringen)")
        return
    # What needs action first: on a 1024×768 projector its top is the first screen.
    action_list(f)
    st.header("Kerncijfers per aanbieder")
    components.compare_table(ov.aanbieders, frames.headline_rows(ov) + frames.measure_rows(ov))
    components.downloads(frames.headline_table(ov), "kerncijfers", "overzicht_kerncijfers", "Kerncijfers per aanbieder")
    # The notes under the table as paragraphs of one caption: one element for the browser to
    # build, not five.
    quarter = f.period.quarter()
    notes = [
        f"Vergeleken met {ov.vorige.display()} en {ov.vorig_jaar.display()}. "
        "Wachtlijst en caseload gaan over de nieuwste peildatum in de periode.",
        frames.completeness_line(ov),
        vaststellen.overview_line(data.stand(f, quarter), quarter, f.period),
        frames.municipality_measures(ov),
        "Status: ✓ op norm · ! let op (dicht bij of net over de norm) · ▲ boven norm · "
        "▼ onder norm. Signaalwaarden en normen staan bij Definities.",
    ]
    st.caption("\n\n".join(n for n in notes if n))
    components.privacy_note()
    st.header("Wat veranderde")
    components.bullet_list(frames.changes(ov) or ["Geen opvallende veranderingen."])
    components.report_buttons(f)
    remarks.briefing(f)
    remarks.block(f, "algemeen")

    # Below the first screens: drawn and sent when opened.
    components.section(PER_PRODUCT, "overzicht_per_product", partial(per_product, f, ov))
    # The likeliest next step is the sidebar's month/quarter switch: its period's figures
    # are computed now, while the reader reads, instead of after the click.
    data.warm(f, filters.other_kind(f), data.headline, data.action_list, data.explanations)


PER_PRODUCT = "Wachtenden per product"


def per_product(f: FiltersWithData, ov: frames.Overzicht) -> None:
    view = frames.per_product(ov)
    chart = charts.bars(
        view.chart,
        "product_naam",
        "Product",
        "nu_getal",
        "Wachtenden",
        "aanbieder",
        "Aanbieder",
        [
            ("aanbieder", "Aanbieder"),
            ("product_naam", "Product"),
            ("nu", ov.periode.display()),
            ("wachtenden_vorige", ov.vorige.display()),
            ("wachtenden_vorig_jaar", ov.vorig_jaar.display()),
        ],
        fixed_colours=charts.PROVIDER_COLORS,
        horizontal=True,
        grouped=False,
    )
    components.chart_block(
        PER_PRODUCT, chart, view.table, "overzicht_per_product", stem=f"wachtenden_per_product_{f.period.label}", heading=False
    )


def action_list(f: filters.Filters) -> None:
    al = data.action_list(f)
    st.header("Wat vraagt actie")
    if not al.items:
        st.success("Niets buiten de norm, geen maatregel te laat of achter op schema.", icon=":material/check_circle:")
        return
    rows = actielijst.lines(al)
    components.action_table(rows[: actielijst.SHOWN_FIRST])
    if len(rows) > actielijst.SHOWN_FIRST:
        with st.expander(f"Alle {len(rows)} punten"):
            components.action_table(rows[actielijst.SHOWN_FIRST :])
    st.caption(actielijst.caption(al))
    components.downloads(al.table(), "actielijst", "actielijst", "wat vraagt actie")


if __name__ == "__main__":
    render()
