"""The Wachtlijsten page: trends, distributions, waits against the norm, flows, realised
waits and the expected time to clear each list. Every count of young people is suppressed;
a breakdown also gets the secondary suppression within its provider (and period)."""

from __future__ import annotations

import polars as pl

from dashboard import fmt, privacy, registers
from dashboard.app.frames.common import (
    Card,
    View,
    day_texts,
    in_provider_order,
    newest_first,
    suppressed,
    with_period,
    with_product_names,
    with_text,
)

DIMENSION_TITLES = {"wachttijd": "Wachttijd", "gebied": "Gebied", "leeftijd": "Leeftijd"}


def cards(wl: pl.DataFrame) -> list[Card]:
    """Per provider: waiting now, with median wait, share above norm and with interim help."""
    shown = suppressed(
        in_provider_order(wl.filter(pl.col("aanbieder") != "Totaal")),
        ["wachtenden"],
        {"mediaan_wachttijd_weken": "wachtenden", "boven_norm_pct": "wachtenden", "met_overbrugging_pct": "wachtenden"},
    )
    out = []
    for r in shown.iter_rows(named=True):
        out.append(
            Card(
                f"{registers.short_name(r['aanbieder'])} — wachtenden op {fmt.day(r['peildatum'])}",
                r["wachtenden"],
                lines=(
                    f"mediane wachttijd {fmt.number(r['mediaan_wachttijd_weken'])} weken",
                    f"boven de norm {fmt.pct(r['boven_norm_pct'])} · met overbrugging {fmt.pct(r['met_overbrugging_pct'])}",
                ),
            )
        )
    return out


def trend(wl: pl.DataFrame) -> View:
    df = suppressed(
        wl.filter(pl.col("aanbieder") != "Totaal"),
        ["wachtenden"],
        {
            "mediaan_wachttijd_weken": "wachtenden",
            "p90_wachttijd_weken": "wachtenden",
            "boven_norm_pct": "wachtenden",
            "met_overbrugging_pct": "wachtenden",
        },
    )
    df = with_text(with_text(with_period(df), "mediaan_wachttijd_weken"), "boven_norm_pct", pct=True)
    table = newest_first(df).select(
        pl.col("periode_naam").alias("Periode"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("peildatum").alias("Peildatum"),
        pl.col("wachtenden").alias("Wachtenden"),
        pl.col("mediaan_wachttijd_weken").alias("Mediane wachttijd (weken)"),
        pl.col("p90_wachttijd_weken").alias("90e percentiel wachttijd (weken)"),
        pl.col("boven_norm_pct").alias("Boven de norm (%)"),
        pl.col("met_overbrugging_pct").alias("Met overbrugging (%)"),
    )
    return View(df, table)


def product_trend(wpp: pl.DataFrame) -> View:
    df = suppressed(wpp, ["wachtenden"], {"mediaan_wachttijd_weken": "wachtenden"}, breakdown_by=["periode", "aanbieder"])
    df = with_text(with_period(with_product_names(df)), "mediaan_wachttijd_weken")
    table = newest_first(df, "product").select(
        pl.col("periode_naam").alias("Periode"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        pl.col("wachtenden").alias("Wachtenden"),
        pl.col("mediaan_wachttijd_weken").alias("Mediane wachttijd (weken)"),
    )
    return View(df, table)


def _complete(verdeling: pl.DataFrame) -> pl.DataFrame:
    """Every category for every provider of a period: a provider with nobody in a category
    has 0 there (the mart lists only categories with young people), shown as 0."""
    if verdeling.height == 0:
        return verdeling
    grid = (
        verdeling.select("periode", "aanbieder").unique().join(verdeling.select("periode", "categorie", "volgorde").unique(), on="periode")
    )
    full = grid.join(verdeling.drop("volgorde"), on=["periode", "aanbieder", "categorie"], how="left")
    return full.with_columns(pl.col("wachtenden").fill_null(0)).select(verdeling.columns)


def distribution(verdeling: pl.DataFrame, dimensie: str) -> View:
    df = suppressed(in_provider_order(_complete(verdeling), "volgorde", "categorie"), ["wachtenden"], breakdown_by=["periode", "aanbieder"])
    title = DIMENSION_TITLES[dimensie]
    table = df.select(pl.col("aanbieder").alias("Aanbieder"), pl.col("categorie").alias(title), pl.col("wachtenden").alias("Wachtenden"))
    return View(df, table)


def category_order(view: View) -> list[str]:
    return view.chart.sort("volgorde", "categorie")["categorie"].unique(maintain_order=True).to_list()


def against_norm(wpp: pl.DataFrame) -> View:
    """Per product: how many wait longer than the norm for what they wait on, and how many
    have interim help."""
    df = suppressed(
        wpp,
        ["wachtenden", "boven_norm"],
        {"mediaan_wachttijd_weken": "wachtenden", "boven_norm_pct": "wachtenden", "met_overbrugging_pct": "wachtenden"},
        breakdown_by=["periode", "aanbieder"],
    )
    df = in_provider_order(with_product_names(df), "product")
    for col, pct in (("boven_norm_pct", True), ("met_overbrugging_pct", True), ("mediaan_wachttijd_weken", False)):
        df = with_text(df, col, pct=pct)
    table = df.select(
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        pl.col("wachtenden").alias("Wachtenden"),
        pl.col("mediaan_wachttijd_weken").alias("Mediane wachttijd (weken)"),
        pl.col("boven_norm").alias("Boven de norm (aantal)"),
        pl.col("boven_norm_pct").alias("Boven de norm (%)"),
        pl.col("met_overbrugging_pct").alias("Met overbrugging (%)"),
    )
    return View(df.filter(pl.col("wachtenden") != "0"), table)


def flows(stroom: pl.DataFrame) -> View:
    """In- and outflow per provider between its snapshots in each period, summed over products."""
    per_provider = (
        stroom.group_by("periode", "aanbieder")
        .agg(pl.col("instroom").sum(), pl.col("uitstroom").sum(), pl.col("vanaf").min(), pl.col("tot").max())
        .sort("periode", "aanbieder")
    )
    df = with_period(suppressed(per_provider, ["instroom", "uitstroom"]))
    long = pl.concat(
        [
            df.select(
                "periode",
                "datum",
                "periode_naam",
                "aanbieder",
                pl.lit(name).alias("stroom"),
                pl.col(f"{col}_getal").alias("aantal"),
                pl.col(col).alias("aantal_tekst"),
            )
            for col, name in (("instroom", "Instroom"), ("uitstroom", "Uitstroom"))
        ]
    )
    table = newest_first(df).select(
        pl.col("periode_naam").alias("Periode"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("vanaf").alias("Vanaf peildatum"),
        pl.col("tot").alias("Tot en met peildatum"),
        pl.col("instroom").alias("Instroom"),
        pl.col("uitstroom").alias("Uitstroom"),
    )
    return View(long, table)


def started(gpp: pl.DataFrame) -> View:
    """Realised waits of trajectories that started in the period, against the product norm."""
    df = suppressed(
        gpp,
        ["aantal"],
        {"mediaan_gerealiseerde_wachttijd_dagen": "aantal", "binnen_norm_pct": "aantal"},
        breakdown_by=["periode", "aanbieder"],
    )
    df = with_text(
        with_text(in_provider_order(with_product_names(df), "product"), "mediaan_gerealiseerde_wachttijd_dagen"),
        "binnen_norm_pct",
        pct=True,
    )
    # The chart reads weeks, as every other wait on the page; the table keeps the days of the
    # definition, and the tooltip says both.
    df = df.with_columns(
        (pl.col("mediaan_gerealiseerde_wachttijd_dagen") / 7).alias("mediaan_weken"),
        (pl.col("norm_dagen") / 7).alias("norm_weken"),
    )
    df = df.with_columns(
        pl.Series("norm_tekst", [_days_and_weeks(d, w) for d, w in df.select("norm_dagen", "norm_weken").iter_rows()], pl.String),
        pl.Series(
            "mediaan_tekst",
            [_days_and_weeks(d, w) for d, w in df.select("mediaan_gerealiseerde_wachttijd_dagen", "mediaan_weken").iter_rows()],
            pl.String,
        ),
    )
    table = df.select(
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        pl.col("aantal").alias("Gestart"),
        pl.col("mediaan_gerealiseerde_wachttijd_dagen").alias("Mediane wachttijd (dagen)"),
        pl.col("norm_dagen").cast(pl.Int64).alias("Norm (dagen)"),
        pl.col("binnen_norm_pct").alias("Binnen de norm (%)"),
    )
    return View(df, table)


def _days_and_weeks(days: float | None, weeks: float | None) -> str:
    if days is None or weeks is None:
        return "–"
    return f"{fmt.number(days, 0 if float(days).is_integer() else 1)} dagen ({fmt.number(weeks)} weken)"


def clearance(vd: pl.DataFrame) -> View:
    """Little's law per product: weeks to clear the list at the current outflow."""
    t = privacy.threshold()
    df = in_provider_order(with_product_names(vd), "product").with_columns(
        pl.when(pl.col("wachtenden") >= t).then(pl.col("verwachte_doorlooptijd_weken")).otherwise(None).alias("weken")
    )
    # A mean outflow under the threshold could reveal a small count: shown as '<5' too.
    shown_out = [privacy.small(t) if v is not None and 0 < v < t else fmt.number(v) for v in df["uitstroom_per_maand"]]
    weeks = [
        "0 (niemand wacht)" if n == 0 else "onbekend (geen uitstroom)" if not out else fmt.number(w)
        for n, w, out in df.select("wachtenden", "weken", "uitstroom_per_maand").iter_rows()
    ]
    df = suppressed(df, ["wachtenden"]).with_columns(
        pl.Series("uitstroom_tekst", shown_out, pl.String), pl.Series("weken_tekst", weeks, pl.String)
    )
    table = df.select(
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        pl.col("wachtenden").alias("Wachtenden"),
        pl.col("uitstroom_tekst").alias("Uitstroom per maand (gem. 3 maanden)"),
        pl.col("weken_tekst").alias("Verwachte tijd om weg te werken (weken)"),
    )
    return View(df, table)


def peildata(wl: pl.DataFrame) -> str:
    days = sorted(set(day_texts(wl.filter(pl.col("aanbieder") != "Totaal")["peildatum"])))
    return ", ".join(days)
