"""The Overzicht page: the headline table and the waiting per product, from
dashboard.overview (already suppressed there)."""

from __future__ import annotations

import polars as pl

from dashboard import definitions, fmt
from dashboard.app.frames.common import Cell, Row, View, in_provider_order
from dashboard.catalogue import NOT_DELIVERED, NOT_OWED
from dashboard.overview import CHANGE, MUNICIPALITY
from dashboard.overview import Overzicht as Overzicht  # re-exported: the page names the type without importing the figures


def headline_rows(ov: Overzicht) -> list[Row]:
    rows = []
    for key in dict.fromkeys(ov.kerncijfers["indicator"].to_list()):
        part = ov.kerncijfers.filter(pl.col("indicator") == key)
        m = definitions.metric(key)
        cells = []
        for r in part.iter_rows(named=True):
            if r["markering"] == NOT_DELIVERED:
                cells.append(Cell(NOT_DELIVERED))
                continue
            if r["markering"] == NOT_OWED:
                cells.append(Cell(NOT_OWED, lines=("deze aanbieder levert dit niet aan (niet gevraagd)",)))
                continue
            lines = [
                f"{ov.vorige.display()}: {r['vorige_weergave']} ({r['verschil_vorige_weergave']})",
                f"{ov.vorig_jaar.display()}: {r['vorig_jaar_weergave']} ({r['verschil_jaar_weergave']})",
            ]
            if r["norm_weergave"]:
                lines.append(f"{r['norm_soort']}: {r['norm_weergave']}")
            cells.append(Cell(r["weergave"], r["status"], r["opmerking"], tuple(lines)))
        rows.append(Row(m.heading, tuple(cells), m.definition))
    return rows


def headline_table(ov: Overzicht) -> pl.DataFrame:
    """The Kerncijfers table as a download: one row per figure and provider, the value as
    shown (numbers become numeric cells, a hidden one keeps its mark; `dashboard.opendata`),
    its status word and norm, and the same figure in the previous period and a year earlier."""
    k = ov.kerncijfers
    return pl.DataFrame(
        {
            "Indicator": k["label"],
            "Eenheid": k["eenheid"],
            "Aanbieder": k["aanbieder"],
            "Waarde": k["weergave"],
            "Status": k["status"].fill_null(""),
            "Norm": k["norm"],
            "Soort norm": k["norm_soort"],
            ov.vorige.display().capitalize(): k["vorige_weergave"],
            ov.vorig_jaar.display().capitalize(): k["vorig_jaar_weergave"],
            "Opmerking": k["opmerking"],
        },
        schema_overrides={"Norm": pl.Float64},
    )


def completeness_line(ov: Overzicht) -> str:
    """`Geleverd voor juni 2024: wachtlijst 3 van 3 aanbieders, …, caseload 2 van 3 aanbieders.`"""
    parts = [f"{kind} {done} van {owing} aanbieder{'s' if owing != 1 else ''}" for kind, (done, owing) in ov.geleverd.items() if owing]
    return f"Geleverd voor {ov.periode.display()}: " + ", ".join(parts) + "." if parts else ""


def changes(ov: Overzicht) -> list[str]:
    return ov.samenvatting.filter(pl.col("soort") == CHANGE)["tekst"].to_list()


def per_product(ov: Overzicht) -> View:
    t = in_provider_order(ov.per_product, "product")
    # The texts are Dutch ('1.234'); a suppressed count ('<5', 'x') has no number to plot.
    chart = t.with_columns(pl.col("nu").str.replace_all(".", "", literal=True).cast(pl.Int64, strict=False).alias("nu_getal"))
    table = t.select(
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        pl.col("nu").alias(ov.periode.display()),
        pl.col("wachtenden_vorige").alias(ov.vorige.display()),
        pl.col("wachtenden_vorig_jaar").alias(ov.vorig_jaar.display()),
    )
    return View(chart, table)


def measure_rows(ov: Overzicht) -> list[Row]:
    """Open and overdue improvement measures per provider, as rows of the headline table."""
    if ov.maatregelen.is_empty():
        return []
    by = {r["adressaat"]: r for r in ov.maatregelen.iter_rows(named=True)}
    empty = {"maatregelen": 0, "open": 0, "te_laat": 0}
    open_cells, late_cells = [], []
    for provider in ov.aanbieders:
        r = by.get(provider, empty)
        open_cells.append(Cell(fmt.number(r["open"], 0), lines=(f"van {fmt.number(r['maatregelen'], 0)} in het register",)))
        late_cells.append(Cell(fmt.number(r["te_laat"], 0), note="deadline verstreken" if r["te_laat"] else ""))
    on = fmt.day(ov.maatregelen_op)
    return [
        Row(
            "Open verbetermaatregelen",
            tuple(open_cells),
            f"Maatregelen uit het register van inspectieaanbevelingen die op {on} niet gerealiseerd, doorgewerkt of vervallen zijn.",
        ),
        Row("Te laat", tuple(late_cells), f"Verbetermaatregelen waarvan de deadline op {on} verstreken is en die niet afgerond zijn."),
    ]


def municipality_measures(ov: Overzicht) -> str:
    """The municipality's own measures in one line (it has no column in the table)."""
    own = ov.maatregelen.filter(pl.col("adressaat") == MUNICIPALITY) if not ov.maatregelen.is_empty() else None
    if own is None or own.is_empty() or not own["maatregelen"][0]:
        return ""
    r = own.row(0, named=True)
    return (
        f"Verbetermaatregelen: stand op {fmt.day(ov.maatregelen_op)} in het register van aanbevelingen. "
        f"De gemeente zelf: {fmt.number(r['open'], 0)} open, {fmt.number(r['te_laat'], 0)} te laat."
    )
