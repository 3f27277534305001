"""Figures a register measure can be judged on: "JBRR voogdij wachtenden <= 0 by
2024-07-01", "Cluster 7 caseload <= 14.5 by 2024-12-31". Each indicator is a monthly
series read through `dashboard.figures`, so the register judges progress on exactly the
figures the dashboard shows."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import catalogue, definitions, figures, store
from dashboard.definitions import Metric
from dashboard.figures import Scope

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "=": operator.eq,
}


@dataclass(frozen=True)
class Figure:
    """A figure of the metric dictionary a measure can be judged on, per provider and
    optionally per product or team. Its label, and whether it counts young people (or is a
    percentage or median over them) and so how it is suppressed, are the dictionary's."""

    metric: str  # the key in `dashboard.definitions`
    mart: str  # the figures function
    by: str | None  # the optional breakdown: product or team

    @property
    def definition(self) -> Metric:
        return definitions.metric(self.metric)

    @property
    def label(self) -> str:  # Dutch, as the dictionary (and so the Regiekaart) names the figure
        return self.definition.label

    @property
    def column(self) -> str:
        return self.definition.column

    @property
    def young_people(self) -> bool:  # a count of young people: suppressed when shown
        return self.definition.is_count

    @property
    def base(self) -> str | None:  # a percentage or median over young people: the column counting them
        return self.definition.base


CATALOG: dict[str, Figure] = {
    "wachtenden": Figure("wachtlijst.wachtenden", "wachtlijst", "product"),
    "boven_norm_pct": Figure("wachtlijst.boven_norm_pct", "wachtlijst", "product"),
    "mediaan_wachttijd_weken": Figure("wachtlijst.mediaan_wachttijd_weken", "wachtlijst", "product"),
    "gestart_binnen_norm_pct": Figure("gestart.binnen_norm_pct", "gestart", "product"),
    "caseload": Figure("caseload.caseload", "caseload", "team"),
    "zonder_vaste_casushouder": Figure("caseload.zonder_vaste_casushouder", "caseload", "team"),
    "contact_3m_pct": Figure("caseload.contact_3m_pct", "caseload", "team"),
    "verloop_12m_pct": Figure("personeel.verloop_12m_pct", "personeel", "team"),
    "vacaturegraad_pct": Figure("personeel.vacaturegraad_pct", "personeel", "team"),
    # The process steps, keyed by step (`eerste_contact_pct`), as the register links them.
    **{f"{stap}_pct": Figure(m.key, "doorlooptijden", None) for stap, m in definitions.PROCESS_STEPS.items()},
}


Link = tuple[str, str, str | None, str | None]  # cijfer, aanbieder, product, team
# `basis`: the young people a percentage or median is over (null for other figures), so
# that whoever shows a value can apply the small-number rule (`shown`).
SERIES_SCHEMA = {"maand": pl.Date, "waarde": pl.Float64, "basis": pl.Int64}


def series(
    db: Path, cijfer: str, aanbieder: str, product: str | None = None, team: str | None = None, today: date | None = None
) -> pl.DataFrame:
    """`maand` (the month's last day) and `waarde`, for every month with data."""
    link = (cijfer, aanbieder, product, team)
    return series_many(db, [link], today)[link].select("maand", "waarde")


def series_many(db: Path | store.Database, links: Sequence[Link], today: date | None = None) -> dict[Link, pl.DataFrame]:
    """The series of several indicators (`maand`, `waarde`, `basis`), over one connection:
    each mart is read once."""
    links = list(dict.fromkeys(links))
    empty = pl.DataFrame(schema=SERIES_SCHEMA)
    if not links:
        return {}
    with store.reader(db) as con:
        # A value counts from its month's end (see `judge`), so later months are not needed;
        # leaving them out lets the prepared marts answer instead of the live queries.
        months = [m for m in figures.months_on(con) if today is None or m.end <= today]
        if not months:
            return {link: empty for link in links}
        scope = Scope.of(months, today=today)
        marts = {name: figures.mart_on(con, name, scope) for name in dict.fromkeys(_mart(link) for link in links)}
    return {link: _series(marts[_mart(link)], *link) for link in links}


def _mart(link: Link) -> str:
    # A figure asked for one product comes from the mart per product (the plain marts of
    # wachtlijst and gestart have no product column, so a filter on it would be skipped).
    fig, product = CATALOG[link[0]], link[2]
    return f"{fig.mart}_per_product" if product and fig.mart in ("wachtlijst", "gestart") else fig.mart


def _series(frame: pl.DataFrame, cijfer: str, aanbieder: str, product: str | None, team: str | None) -> pl.DataFrame:
    fig = CATALOG[cijfer]
    frame = frame.filter(pl.col("aanbieder") == aanbieder)
    if fig.mart == "doorlooptijden":
        frame = frame.filter(pl.col("stap") == cijfer.removesuffix("_pct"))
    if fig.mart in ("caseload", "personeel"):
        frame = (
            frame.filter((pl.col("niveau") == "team") & (pl.col("team") == team)) if team else frame.filter(pl.col("niveau") == "aanbieder")
        )
    if product and "product" in frame.columns:
        frame = frame.filter(pl.col("product") == product)
    if frame.is_empty():
        return pl.DataFrame(schema=SERIES_SCHEMA)
    return (
        frame.select(
            maand=pl.col("periode").str.to_date("%Y-%m").dt.month_end(),
            waarde=pl.col(fig.column).cast(pl.Float64),
            basis=pl.col(fig.base).cast(pl.Int64) if fig.base else pl.lit(None, pl.Int64),
        )
        .drop_nulls("waarde")
        .sort("maand")
    )


def shown(cijfer: str, waarde: float | None, basis: int | None) -> float | int | str | None:
    """An indicator value as it may be shown, read as every figure is (`catalogue.shown_value`):
    a count of young people from 1 to 4 as `<5`; a percentage or median over fewer young
    people than the threshold not at all (None)."""
    s = catalogue.shown_value(CATALOG[cijfer].definition, waarde, basis)
    if s.suppressed:
        return s.mark
    if s.value is None:
        return None
    return int(s.value) if CATALOG[cijfer].young_people else s.value


@dataclass(frozen=True)
class Judgement:
    oordeel: str  # gehaald | niet gehaald | nog niet gehaald | geen gegevens
    waarde: float | None
    maand: date | None
    basis: int | None = None  # see SERIES_SCHEMA


def judge(values: pl.DataFrame, vergelijking: str, doel: float, doeldatum: date, on: date) -> Judgement:
    """A linked indicator is `gehaald` when its newest value (up to `on`) meets the target
    (README, "The recommendations register"); otherwise `niet gehaald` once the target date
    has passed, else `nog niet gehaald`."""
    known = values.filter(pl.col("maand") <= on)
    if known.is_empty():
        return Judgement("geen gegevens", None, None)
    newest = known.row(-1, named=True)
    maand, waarde, basis = newest["maand"], newest["waarde"], newest.get("basis")
    if COMPARISONS[vergelijking](waarde, doel):
        return Judgement("gehaald", waarde, maand, basis)
    return Judgement("niet gehaald" if doeldatum < on else "nog niet gehaald", waarde, maand, basis)


def rag(status: str, te_laat: bool, oordeel: str | None) -> str:
    """Red/amber/green per measure from its deadline, status and linked indicator.

    - `n.v.t.`: vervallen;
    - rood: overdue, or its indicator missed the target date;
    - oranje: not started, indicator not met yet or without data, or carried out but the
      indicator does not (yet) show the effect;
    - groen: otherwise (on schedule, and the indicator met where there is one)."""
    if status == "vervallen":
        return "n.v.t."
    if te_laat or oordeel == "niet gehaald":
        return "rood"
    if status == "niet_gestart" or oordeel in ("nog niet gehaald", "geen gegevens"):
        return "oranje"
    return "groen"
