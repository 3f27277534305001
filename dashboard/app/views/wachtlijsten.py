"""Wachtlijsten: who waits, how long, against which norm, how the lists move, and how long
clearing them would take at the current outflow."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from dashboard import registers
from dashboard.app import charts, components, data, filters, remarks
from dashboard.app.frames import ijw as ijw_frames
from dashboard.app.frames import wachtlijsten as frames
from dashboard.app.frames.common import tip
from dashboard.definitions import metric

if TYPE_CHECKING:
    from dashboard.app.filters import FiltersWithData

P = charts.PROVIDER_COLORS


def render() -> None:
    f = filters.current()
    components.header("Wachtlijsten", f)
    if not components.ready(f):
        return
    history = data.figure("wachtlijst", f, f.trend())
    now = history.filter(history["periode"] == f.period.label)
    if now.filter(now["aanbieder"] != "Totaal").height == 0:
        components.nothing_for("wachtlijsten")
        return
    components.cards(frames.cards(now))
    st.caption(f"Peildatum: {frames.peildata(now)} (de nieuwste momentopname in de periode).")
    remarks.block(f, "wachtlijst")
    waiting_trend(f, history)
    # The rest of the page below its first screen: each part read, drawn and sent when opened.
    components.section("Per aanbieder: producten en in- en uitstroom", "wl_per_aanbieder", partial(per_provider, f))
    components.section("Hoe lang wachten zij al?", "wl_banden", partial(waiting_bands, f))
    components.section("Wachten langer dan de norm, en met overbrugging", "wl_norm", partial(against_norm, f))
    components.section("Gerealiseerde wachttijd van gestarte trajecten", "wl_gestart", partial(realised, f))
    if ijw_frames.sections(data.figure("ijw", f), data.figure("ijw_kruiscontrole", f), f.period.label, f.providers):
        components.section(IJW_TITLE, "wl_ijw", partial(ijw_chain, f))
    components.section("Wachtenden naar gebied en leeftijd", "wl_verdeling", partial(distributions, f))
    components.section(CLEAR_TITLE, "wl_little", partial(clearance, f))
    components.privacy_note()


def waiting_trend(f: FiltersWithData, history: pl.DataFrame) -> None:
    view = frames.trend(history)
    chart = charts.trend(
        view.chart,
        "wachtenden_getal",
        "Wachtenden",
        "aanbieder",
        "Aanbieder",
        [
            ("periode_naam", "Periode"),
            ("aanbieder", "Aanbieder"),
            tip("wachtlijst.wachtenden"),
            tip("wachtlijst.mediaan_wachttijd_weken"),
            tip("wachtlijst.boven_norm_pct"),
        ],
        f.period.is_quarter,
        P,
        shown="wachtenden",
    )
    components.chart_block("Wachtenden per aanbieder", chart, view.table, "wl_trend")


def per_provider(f: FiltersWithData) -> None:
    quarters, trend = f.period.is_quarter, f.trend()
    provider = components.provider_choice(f.providers, "wl_aanbieder")
    data.prefetch(f, ("wachtlijst_per_product", trend), ("wachtlijst_stroom", trend))
    per_product = data.figure("wachtlijst_per_product", f, trend)
    products = frames.product_trend(per_product.filter(per_product["aanbieder"] == provider))
    if not products.empty:
        chart = charts.trend(
            products.chart,
            "wachtenden_getal",
            "Wachtenden",
            "product_naam",
            "Product",
            [
                ("periode_naam", "Periode"),
                ("product_naam", "Product"),
                tip("wachtlijst.wachtenden"),
                tip("wachtlijst.mediaan_wachttijd_weken"),
            ],
            quarters,
            shown="wachtenden",
        )
        components.chart_block(f"Wachtenden per product — {registers.short_name(provider)}", chart, products.table, "wl_product")
    flows = frames.flows(data.figure("wachtlijst_stroom", f, trend).filter(pl.col("aanbieder") == provider))
    if not flows.empty:
        chart = charts.trend(
            flows.chart,
            "aantal",
            "Jeugdigen",
            "stroom",
            "Stroom",
            [("periode_naam", "Periode"), ("stroom", "Stroom"), ("aantal_tekst", "Aantal")],
            quarters,
            {"Instroom": "#0072B2", "Uitstroom": "#D55E00"},
            shown="aantal_tekst",
        )
        components.chart_block(
            f"Instroom en uitstroom — {registers.short_name(provider)}",
            chart,
            flows.table,
            "wl_stroom",
            caption="Instroom: nieuw op de wachtlijst sinds de vorige peildatum. "
            "Uitstroom: sindsdien van de lijst (gestart, verwezen of afgemeld). "
            "Een grijze ruit op de nullijn: te weinig jeugdigen om te tonen.",
        )


def waiting_bands(f: FiltersWithData) -> None:
    bands = frames.distribution(data.figure("wachtlijst_verdeling", f, dimensie="wachttijd"), "wachttijd")
    chart = charts.bars(
        bands.chart,
        "categorie",
        "Wachttijd",
        "wachtenden_getal",
        "Wachtenden",
        "aanbieder",
        "Aanbieder",
        [("aanbieder", "Aanbieder"), ("categorie", "Wachttijd"), tip("wachtlijst.wachtenden")],
        order=frames.category_order(bands),
        fixed_colours=P,
        shown="wachtenden",
    )
    components.chart_block(
        "Hoe lang wachten zij al?",
        chart,
        bands.table,
        "wl_banden",
        caption="Wachttijd op de peildatum: peildatum min aanmelddatum.",
        heading=False,
    )


def against_norm(f: FiltersWithData) -> None:
    per_product = data.figure("wachtlijst_per_product", f)
    norm = frames.against_norm(per_product.filter(per_product["periode"] == f.period.label))
    chart = charts.bars(
        norm.chart,
        "product_naam",
        "Product",
        "boven_norm_pct",
        "Boven de norm (%)",
        "aanbieder",
        "Aanbieder",
        [
            ("aanbieder", "Aanbieder"),
            ("product_naam", "Product"),
            tip("wachtlijst.wachtenden"),
            ("boven_norm", "Boven de norm"),
            tip("wachtlijst.boven_norm_pct"),
            tip("wachtlijst.mediaan_wachttijd_weken"),
        ],
        fixed_colours=P,
        horizontal=True,
        percent=True,
        grouped=False,
        shown="boven_norm_pct_tekst",
    )
    # One table per question: the norm's columns here, the interim help's under its own chart.
    components.chart_block(
        "Wachten langer dan de norm",
        chart,
        norm.table.drop("Met overbrugging (%)"),
        "wl_norm",
        caption="De norm hangt af van waarop gewacht wordt: jeugdbeschermer 1 week, intake en diagnostiek 4, "
        "behandeling 10, plaatsing 13, ondersteuning 4 weken.",
    )
    chart = charts.bars(
        norm.chart,
        "product_naam",
        "Product",
        "met_overbrugging_pct",
        "Met overbrugging (%)",
        "aanbieder",
        "Aanbieder",
        [
            ("aanbieder", "Aanbieder"),
            ("product_naam", "Product"),
            tip("wachtlijst.wachtenden"),
            tip("wachtlijst.met_overbrugging_pct"),
        ],
        fixed_colours=P,
        horizontal=True,
        percent=True,
        grouped=False,
        shown="met_overbrugging_pct_tekst",
    )
    components.chart_block(
        "Met overbrugging",
        chart,
        norm.table.select("Aanbieder", "Product", *(metric(k).heading for k in (frames.WAITING, "wachtlijst.met_overbrugging_pct"))),
        "wl_overbrugging",
        caption="Overbruggingshulp of een vast aanspreekpunt tijdens het wachten.",
    )


def realised(f: FiltersWithData) -> None:
    started = frames.started(data.figure("gestart_per_product", f))
    if started.empty:
        components.nothing_for("gestarte trajecten")
        return
    chart = charts.bars(
        started.chart,
        "product_naam",
        "Product",
        "mediaan_weken",
        "Mediane wachttijd (weken)",
        "aanbieder",
        "Aanbieder",
        [
            ("aanbieder", "Aanbieder"),
            ("product_naam", "Product"),
            tip("gestart.aantal"),
            ("mediaan_tekst", "Mediane wachttijd"),
            ("norm_tekst", "Norm"),
            tip("gestart.binnen_norm_pct"),
        ],
        fixed_colours=P,
        horizontal=True,
        grouped=False,
        norm="norm_weken",
        norm_tooltip=[("product_naam", "Product"), ("norm_tekst", "Norm")],
        shown="mediaan_gerealiseerde_wachttijd_dagen_tekst",
    )
    components.chart_block(
        "Gerealiseerde wachttijd van gestarte trajecten",
        chart,
        started.table,
        "wl_gestart",
        caption="Aanmelding tot start van trajecten die in de periode begonnen, in weken zoals de "
        "wachttijden hierboven (de tabel en de downloads: in dagen). Het zwarte streepje is de norm van het product.",
        heading=False,
    )


def distributions(f: FiltersWithData) -> None:
    for dimensie, title in (("gebied", "Wachtenden naar gebied"), ("leeftijd", "Wachtenden naar leeftijd")):
        view = frames.distribution(data.figure("wachtlijst_verdeling", f, dimensie=dimensie), dimensie)
        if view.empty:
            components.nothing_for(title.lower())
            continue
        label = frames.DIMENSION_TITLES[dimensie]
        chart = charts.bars(
            view.chart,
            "categorie",
            label,
            "wachtenden_getal",
            "Wachtenden",
            "aanbieder",
            "Aanbieder",
            [("aanbieder", "Aanbieder"), ("categorie", label), tip("wachtlijst.wachtenden")],
            order=frames.category_order(view),
            fixed_colours=P,
            horizontal=True,
            grouped=False,
            shown="wachtenden",
        )
        components.chart_block(
            title, chart, view.table, f"wl_{dimensie}", caption="Gestapeld per aanbieder; de tooltip toont het aantal per aanbieder."
        )


CLEAR_TITLE = "Verwachte tijd om de wachtlijst weg te werken"


def clearance(f: FiltersWithData) -> None:
    clear = frames.clearance(data.figure("verwachte_doorlooptijd", f))
    components.table_block(
        CLEAR_TITLE,
        clear.table,
        "wl_little",
        caption="Wet van Little: wachtenden ÷ gemiddelde uitstroom per maand over de laatste "
        "3 maanden × 4,35 weken. 'Onbekend' als niemand uitstroomt.",
        heading=False,
    )


IJW_TITLE = "De keten in het eigen berichtenverkeer (iJw): verzoek → toewijzing → start → stop"


def ijw_chain(f: FiltersWithData) -> None:
    """The municipality's own record of the same journeys: the iJw message traffic."""
    shown = ijw_frames.sections(data.figure("ijw", f), data.figure("ijw_kruiscontrole", f), f.period.label, f.providers)
    components.table_block(
        IJW_TITLE,
        ijw_frames.chain(shown),
        "wl_ijw_keten",
        caption="Een tweede, onafhankelijke bron: de iJw-berichten die de gemeente met de aanbieders uitwisselt "
        "(JW315 verzoek om toewijzing, JW301 toewijzing, JW305 start, JW307 stop), niet wat de aanbieder "
        "zelf aanlevert. Norm: toewijzing binnen 5 werkdagen na het verzoek. 'Toegewezen, niet gestart' is "
        "de wachtlijst die alleen in het berichtenverkeer bestaat. Voortijdig: reden beëindiging 32–35. "
        "Verschil: starts volgens iJw tegen het gestart-extract; boven 10% 'bron klopt niet'.",
        heading=False,
    )


if __name__ == "__main__":
    render()
