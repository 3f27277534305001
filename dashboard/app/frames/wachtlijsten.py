"""The Wachtlijsten page: trends, distributions, waits against the norm, flows, realised
waits and the expected time to clear each list. Every count of young people is suppressed;
a breakdown also gets the secondary suppression within its provider (and period)."""

from __future__ import annotations

import polars as pl

from dashboard import catalogue, fmt, privacy, registers
from dashboard.app.frames.common import (
    Card,
    View,
    day_texts,
    heading,
    in_provider_order,
    newest_first,
    with_period,
    with_product_names,
)

DIMENSION_TITLES = {"wachttijd": "Wachttijd", "gebied": "Gebied", "leeftijd": "Leeftijd"}
# The figures of the page's breakdowns (dashboard.definitions); the first count of each is
# what a breakdown splits, suppressed with the secondary rule within its provider and period.
WAITING, MEDIAN = "wachtlijst.wachtenden", "wachtlijst.mediaan_wachttijd_weken"
CARD = (WAITING, MEDIAN, "wachtlijst.boven_norm_pct", "wachtlijst.met_overbrugging_pct")
TREND = (WAITING, MEDIAN, "wachtlijst.p90_wachttijd_weken", "wachtlijst.boven_norm_pct", "wachtlijst.met_overbrugging_pct")
FLOWS = ("wachtlijst.instroom", "wachtlijst.uitstroom")
STARTED = ("gestart.aantal", "gestart.mediaan_gerealiseerde_wachttijd_dagen", "gestart.binnen_norm_pct")
PER_PROVIDER = ("periode", "aanbieder")


def cards(wl: pl.DataFrame) -> list[Card]:
    """Per provider: waiting now, with median wait, share above norm and with interim help."""
    shown = catalogue.breakdown(in_provider_order(wl.filter(pl.col("aanbieder") != "Totaal")), CARD)
    out = []
    for r in shown.iter_rows(named=True):
        out.append(
            Card(
                f"{registers.short_name(r['aanbieder'])} — wachtenden op {fmt.day(r['peildatum'])}",
                r["wachtenden"],
                lines=(
                    f"mediane wachttijd {r['mediaan_wachttijd_weken_tekst']} weken",
                    f"boven de norm {r['boven_norm_pct_tekst']} · met overbrugging {r['met_overbrugging_pct_tekst']}",
                ),
            )
        )
    return out


def trend(wl: pl.DataFrame) -> View:
    df = with_period(catalogue.breakdown(wl.filter(pl.col("aanbieder") != "Totaal"), TREND))
    table = newest_first(df).select(
        pl.col("periode_naam").alias("Periode"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("peildatum").alias("Peildatum"),
        *(heading(k) for k in TREND),
    )
    return View(df, table)


def product_trend(wpp: pl.DataFrame) -> View:
    keys = (WAITING, MEDIAN)
    df = with_period(with_product_names(catalogue.breakdown(wpp, keys, by=PER_PROVIDER)))
    table = newest_first(df, "product").select(
        pl.col("periode_naam").alias("Periode"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        *(heading(k) for k in keys),
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
    df = catalogue.breakdown(in_provider_order(_complete(verdeling), "volgorde", "categorie"), {WAITING: "wachtenden"}, by=PER_PROVIDER)
    title = DIMENSION_TITLES[dimensie]
    table = df.select(pl.col("aanbieder").alias("Aanbieder"), pl.col("categorie").alias(title), heading(WAITING))
    return View(df, table)


def category_order(view: View) -> list[str]:
    return view.chart.sort("volgorde", "categorie")["categorie"].unique(maintain_order=True).to_list()


def against_norm(wpp: pl.DataFrame) -> View:
    """Per product: how many wait longer than the norm for what they wait on, and how many
    have interim help."""
    keys = (WAITING, MEDIAN, "wachtlijst.boven_norm", "wachtlijst.boven_norm_pct", "wachtlijst.met_overbrugging_pct")
    df = in_provider_order(with_product_names(catalogue.breakdown(wpp, keys, by=PER_PROVIDER)), "product")
    table = df.select(pl.col("aanbieder").alias("Aanbieder"), pl.col("product_naam").alias("Product"), *(heading(k) for k in keys))
    return View(df.filter(pl.col("wachtenden") != "0"), table)


def flows(stroom: pl.DataFrame) -> View:
    """In- and outflow per provider between its snapshots in each period, summed over products."""
    per_provider = (
        stroom.group_by("periode", "aanbieder")
        .agg(pl.col("instroom").sum(), pl.col("uitstroom").sum(), pl.col("vanaf").min(), pl.col("tot").max())
        .sort("periode", "aanbieder")
    )
    df = with_period(catalogue.breakdown(per_provider, FLOWS))
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
        *(heading(k) for k in FLOWS),
    )
    return View(long, table)


def started(gpp: pl.DataFrame) -> View:
    """Realised waits of trajectories that started in the period, against the product norm."""
    df = in_provider_order(with_product_names(catalogue.breakdown(gpp, STARTED, by=PER_PROVIDER)), "product")
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
        heading(STARTED[0]),
        heading(STARTED[1]),
        pl.col("norm_dagen").cast(pl.Int64).alias("Norm (dagen)"),
        heading(STARTED[2]),
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
    df = catalogue.breakdown(df, (WAITING,)).with_columns(
        pl.Series("uitstroom_tekst", shown_out, pl.String), pl.Series("weken_tekst", weeks, pl.String)
    )
    table = df.select(
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("product_naam").alias("Product"),
        heading(WAITING),
        pl.col("uitstroom_tekst").alias("Uitstroom per maand (gem. 3 maanden)"),
        pl.col("weken_tekst").alias("Verwachte tijd om weg te werken (weken)"),
    )
    return View(df, table)


def peildata(wl: pl.DataFrame) -> str:
    days = sorted(set(day_texts(wl.filter(pl.col("aanbieder") != "Totaal")["peildatum"])))
    return ", ".join(days)
