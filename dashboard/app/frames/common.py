"""Shared shaping: periods as dates and Dutch names, suppression with a plottable number
beside the shown text, Dutch number texts for tooltips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard import catalogue, definitions, fmt, privacy, registers
from dashboard.catalogue import DASH
from dashboard.periods import parse_period


@dataclass(frozen=True)
class View:
    chart: pl.DataFrame
    table: pl.DataFrame
    note: str = ""  # said under the chart, e.g. when it shows only the largest teams

    @property
    def empty(self) -> bool:
        return self.table.height == 0


@dataclass(frozen=True)
class Cell:
    """One figure in a comparison table: its text, status word and lines of context."""

    value: str
    status: str | None = None
    note: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    help: str = ""


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    status: str | None = None
    lines: tuple[str, ...] = ()


def heading(key: str, column: str | None = None) -> pl.Expr:
    """A figure's column (its text, as shown) under the heading every surface prints."""
    m = definitions.metric(key)
    return pl.col(column or m.column or m.name).alias(m.heading)


def tip(key: str, column: str | None = None) -> tuple[str, str]:
    """A figure in a chart's tooltip: the text it is shown as (`catalogue.breakdown`: a
    count's own column, else `<column>_tekst`) under its heading."""
    m = definitions.metric(key)
    col = column or m.column or m.name
    return (col if m.is_count else f"{col}_tekst"), m.heading


def with_period(df: pl.DataFrame) -> pl.DataFrame:
    """`datum` (first day of the period, for a time axis) and `periode_naam` ('juni 2024')."""
    periods = {label: parse_period(label) for label in df["periode"].unique().to_list()}
    return df.with_columns(
        pl.col("periode").replace_strict({k: p.start for k, p in periods.items()}, return_dtype=pl.Date).alias("datum"),
        pl.col("periode").replace_strict({k: p.display() for k, p in periods.items()}, return_dtype=pl.String).alias("periode_naam"),
    )


def in_provider_order(df: pl.DataFrame, *then: str) -> pl.DataFrame:
    """Rows in the register's provider order (JBRR, ENVER, WIJKTEAMS; 'Totaal' last), then by `then`."""
    rank = {code: i for i, code in enumerate(registers.provider_codes())}
    key = pl.col("aanbieder").replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
    return df.sort([key, *then]) if then else df.sort(key, maintain_order=True)


def newest_first(df: pl.DataFrame, *then: str) -> pl.DataFrame:
    """A trend table's rows: the newest period first, within it the register's provider
    order, then by `then` (the chart beside it reads left to right, the table top down)."""
    rank = {code: i for i, code in enumerate(registers.provider_codes())}
    key = pl.col("aanbieder").replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
    return df.sort([pl.col("periode"), key, *then], descending=[True, False, *([False] * len(then))], maintain_order=True)


def largest(df: pl.DataFrame, by: str, limit: int, what: str) -> tuple[pl.DataFrame, str]:
    """At most `limit` rows, those with the highest `by`, and a note saying so when rows were
    left out: a chart of hundreds of teams is unreadable, the table keeps them all."""
    if df.height <= limit:
        return df, ""
    top = df.sort(by, descending=True, nulls_last=True).head(limit)
    return top, (
        f"De grafiek toont de {limit} {what} met de hoogste waarde van de "
        f"{df.height:,}; de tabel en de downloads bevatten ze allemaal.".replace(",", ".")
    )


def product_names() -> pl.DataFrame:
    return registers.products().select("aanbieder", "product", pl.col("omschrijving").alias("product_naam"))


def with_product_names(df: pl.DataFrame) -> pl.DataFrame:
    return df.join(product_names(), on=["aanbieder", "product"], how="left").with_columns(
        pl.col("product_naam").fill_null(pl.col("product"))
    )


def day_texts(values: pl.Series) -> list[str]:
    return [fmt.day(v) if isinstance(v, date) else "–" for v in values]


# Charts mark what they do not draw: a column `markering` beside the plotted number holds
# the mark ('<5', 'x' from privacy; '–' for a figure over too few young people) where the
# number is hidden, ZERO where it truly is 0 (a bar of length 0 is otherwise invisible), and
# '' where the number is drawn.
MARK = "markering"
ZERO = "0"


def hidden_marks() -> tuple[str, ...]:
    """The marks of a number that is not drawn: suppressed ('<5', 'x') or not computable ('–')."""
    return (privacy.small(), privacy.SECONDARY, DASH)


def mark_meaning(mark: str) -> str:
    """What a mark means, in the words of the legend under every page."""
    return (catalogue.mark_meanings() | {ZERO: "geen (0)"}).get(mark, "")


def legend_note() -> str:
    return catalogue.marks_legend() + "."


def with_marks(df: pl.DataFrame, value: str, shown: str) -> pl.DataFrame:
    """`markering` for a chart of `value` (the plottable number, null where it may not be
    drawn): the mark `shown` holds where the number is hidden ('<5', 'x'; '–' when it holds
    none), ZERO for a true 0, else ''."""
    marks = [privacy.small(), privacy.SECONDARY]
    return df.with_columns(
        pl.when(pl.col(value).is_null())
        .then(pl.when(pl.col(shown).is_in(marks)).then(pl.col(shown)).otherwise(pl.lit(DASH)))
        .when(pl.col(value) == 0)
        .then(pl.lit(ZERO))
        .otherwise(pl.lit(""))
        .alias(MARK)
    )
