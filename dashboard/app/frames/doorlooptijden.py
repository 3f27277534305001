"""The Doorlooptijden page: compliance with each JBRR process norm, with its numerator
(binnen norm), denominator (beoordeelbaar) and the measures still running (lopend). Counts
of measures are counts of young people and are suppressed."""

from __future__ import annotations

import polars as pl

from dashboard import catalogue, definitions, fmt, registers
from dashboard.app.frames.common import Card, View, heading, with_period
from dashboard.definitions import PROCESS_STEPS

STEPS = {stap: m.label for stap, m in PROCESS_STEPS.items()}
SIGNAL = definitions.signal("doorlooptijden.beoordeeld_2_werkdagen_pct")
# Counts of measures (young people), then the share: the order of the table's columns.
FIGURES = tuple(f"doorlooptijden.{k}" for k in ("maatregelen", "beoordeelbaar", "binnen_norm", "binnen_norm_pct", "lopend"))


def _shape(dl: pl.DataFrame) -> pl.DataFrame:
    """Steps in process order, counts suppressed, the share only where enough measures underlie it."""
    order = pl.col("stap").replace_strict(list(STEPS), list(range(len(STEPS))), default=len(STEPS))
    df = (
        dl.filter(pl.col("aanbieder") != "Totaal")
        .sort(pl.col("periode"), pl.col("aanbieder"), order)
        .with_columns(
            pl.col("stap").replace_strict(STEPS, default=pl.col("stap")).alias("stap_naam"),
            pl.format("{} {}", pl.col("norm").cast(pl.Int64), pl.col("eenheid")).alias("norm_tekst"),
        )
    )
    return catalogue.breakdown(df, FIGURES)


def providers_with_data(dl: pl.DataFrame) -> list[str]:
    return sorted(set(dl.filter(pl.col("aanbieder") != "Totaal")["aanbieder"].to_list()))


def cards(dl: pl.DataFrame) -> list[Card]:
    out = []
    for r in _shape(dl).iter_rows(named=True):
        out.append(
            Card(
                f"{registers.short_name(r['aanbieder'])} — {r['stap_naam']}",
                r["binnen_norm_pct_tekst"],
                SIGNAL.status(r["binnen_norm_pct"]),
                (
                    f"{r['binnen_norm']} van {r['beoordeelbaar']} binnen de norm",
                    f"{r['lopend']} lopend · signaalwaarde {fmt.pct(SIGNAL.norm, 0)}",
                ),
            )
        )
    return out


def table(dl: pl.DataFrame, with_period_column: bool = False) -> pl.DataFrame:
    df = _shape(with_period(dl) if with_period_column else dl)
    if with_period_column:  # a trend table: the newest period first, steps in process order within it
        df = df.sort("periode", descending=True, maintain_order=True)
    return df.select(
        *([pl.col("periode_naam").alias("Periode")] if with_period_column else []),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("stap_naam").alias("Stap"),
        pl.col("norm_tekst").alias("Norm"),
        *(heading(k) for k in FIGURES),
    )


def trend(dl: pl.DataFrame) -> View:
    df = with_period(_shape(dl)).with_columns(pl.lit(SIGNAL.norm).alias("signaal"), pl.lit(fmt.pct(SIGNAL.norm, 0)).alias("signaal_tekst"))
    return View(df, table(dl, with_period_column=True))
