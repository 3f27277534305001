"""The Caseload page: cases per case-holding FTE per provider and team against the norm that
held on each peildatum, teams above norm, cases without a fixed case holder and 3-monthly
contact. Caseload figures are not about individual young people and are not suppressed."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dashboard import definitions, fmt
from dashboard.app.frames.common import (
    Cell,
    Row,
    View,
    day_texts,
    heading,
    in_provider_order,
    largest,
    newest_first,
    with_period,
)
from dashboard.catalogue import NOT_DELIVERED, breakdown, near_norm_text, shown_value

# Every team in the bars, highest first; only beyond this many would the chart keep the
# highest and say so (the table always holds them all).
TEAMS_IN_BARS, TEAMS_IN_TREND = 60, 12  # the trend: one small panel per team

CASELOAD, NORM, ABOVE = (definitions.metric(f"caseload.{k}") for k in ("caseload", "norm", "teams_boven_norm"))
CASES, HOLDERS = definitions.metric("caseload.casussen"), definitions.metric("caseload.casushouders_fte")
NO_FIXED_METRIC = definitions.metric("caseload.zonder_vaste_casushouder")
CONTACT_METRIC = definitions.metric("caseload.contact_3m_pct")
STATUS = definitions.signal("caseload.caseload")
NO_FIXED = definitions.signal("caseload.zonder_vaste_casushouder")
CONTACT = definitions.signal("caseload.contact_3m_pct")


def _no_fixed(r: dict) -> Cell:
    """Cases without a fixed case holder are young people: 1 to 4 shown as '<5', and then
    no percentage that would give them away (dashboard/catalogue.py)."""
    shown = shown_value(NO_FIXED_METRIC, r["zonder_vaste_casushouder"])
    lines = (f"{fmt.pct(r['zonder_vaste_casushouder_pct'])} van de casussen",) if shown.value is not None else ()
    return Cell(shown.text, NO_FIXED.status(shown.value), lines=lines)


def compare_rows(cl: pl.DataFrame, providers: tuple[str, ...]) -> list[Row]:
    level = {r["aanbieder"]: r for r in cl.filter(pl.col("niveau") == "aanbieder").iter_rows(named=True)}
    teams = cl.filter(pl.col("niveau") == "team")

    def cells(fn: Callable[[dict, str], Cell]) -> tuple[Cell, ...]:
        return tuple(Cell(NOT_DELIVERED) if level.get(p) is None else fn(level[p], p) for p in providers)

    def above(r: dict, p: str) -> Cell:
        if r["norm"] is None:
            return Cell("geen norm")
        names = teams.filter((pl.col("aanbieder") == p) & pl.col("boven_norm").fill_null(False))["team"].to_list()
        return Cell(str(len(names)), lines=tuple(names) or ("geen",))

    return [
        Row("Peildatum", cells(lambda r, p: Cell(fmt.day(r["peildatum"])))),
        *(
            Row(m.heading, cells(lambda r, p, m=m: Cell(shown_value(m, r[m.column]).text)), m.definition)  # type: ignore[misc]
            for m in (CASES, HOLDERS)
        ),
        Row(
            CASELOAD.heading,
            cells(
                lambda r, p: Cell(
                    near_norm_text(CASELOAD, r["caseload"], r["norm"]),
                    STATUS.status(r["caseload"], r["norm"]),
                    lines=(f"norm {fmt.number(r['norm'])}" if r["norm"] is not None else "geen caseloadnorm",),
                )
            ),
            CASELOAD.definition,
        ),
        Row(ABOVE.heading, cells(above), ABOVE.definition),
        Row(NO_FIXED_METRIC.heading, cells(lambda r, p: _no_fixed(r)), NO_FIXED_METRIC.definition),
        Row(
            CONTACT_METRIC.heading,
            cells(lambda r, p: _contact(r)),
            CONTACT_METRIC.definition,
        ),
    ]


def _contact(r: dict) -> Cell:
    """The share of cases seen in 3 months, as the catalogue may show it: not over fewer
    cases than the threshold (each case is a young person)."""
    shown = shown_value(CONTACT_METRIC, r["contact_3m_pct"], r["contact_noemer"])
    return Cell(shown.text, CONTACT.status(shown.value), lines=(f"signaalwaarde {fmt.pct(CONTACT.norm, 0)}",))


def _judged(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        pl.when(pl.col("boven_norm"))
        .then(pl.lit("boven de norm"))
        .when(pl.col("norm").is_null())
        .then(pl.lit("geen norm"))
        .otherwise(pl.lit("op of onder de norm"))
        .alias("oordeel")
    )


def _texts(df: pl.DataFrame) -> pl.DataFrame:
    """Tooltip texts: only for the rows a chart shows (formatting runs per row)."""
    df = breakdown(_judged(df), ("caseload.caseload", "caseload.norm"))
    return df.with_columns(pl.Series("peildatum_tekst", day_texts(df["peildatum"]), pl.String))


def _table(df: pl.DataFrame, with_period_column: bool) -> pl.DataFrame:
    # Cases without a fixed case holder are young people: suppressed per team, with the
    # secondary rule over the teams of a provider (dashboard/privacy.py).
    df = breakdown(df, (NO_FIXED_METRIC.key,), by=["periode", "aanbieder"])
    return df.select(
        *([pl.col("periode_naam").alias("Periode")] if with_period_column else []),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("team").alias("Team"),
        pl.col("peildatum").alias("Peildatum"),
        *(heading(m.key) for m in (CASES, HOLDERS, CASELOAD, NORM)),
        pl.col("oordeel").alias("Oordeel"),
        heading(NO_FIXED_METRIC.key),
        heading(CONTACT_METRIC.key),
    )


def teams(cl: pl.DataFrame) -> View:
    all_teams = in_provider_order(cl.filter(pl.col("niveau") == "team"), "team")
    shown, note = largest(all_teams, "caseload", TEAMS_IN_BARS, "teams")
    chart = _texts(shown.sort("caseload", "team", descending=[True, False], nulls_last=True))
    return View(chart, _table(_judged(all_teams), with_period_column=False), note)


def team_trend(cl: pl.DataFrame, period: str) -> View:
    """Caseload per team over time with the norm that held on each peildatum: one small
    panel per team (`paneel`: the team, its caseload in the chosen period and whether that
    is above the norm), the highest
    caseload first; beyond TEAMS_IN_TREND teams only the highest, said in the note."""
    all_rows = cl.filter(pl.col("niveau") == "team").sort("periode", "team")
    now = all_rows.filter(pl.col("periode") == period)
    top, note = largest(now, "caseload", TEAMS_IN_TREND, "teams")
    top = _texts(top.sort("caseload", "team", descending=[True, False], nulls_last=True))
    panels = {
        r["team"]: f"{r['team']}: {r['caseload_tekst']}" + (" (boven de norm)" if r["boven_norm"] else "")
        for r in top.iter_rows(named=True)
    }
    rank = {t: i for i, t in enumerate(panels)}
    chosen = all_rows.filter(pl.col("team").is_in(list(rank)))
    chart = _texts(with_period(chosen.sort(pl.col("team").replace_strict(rank, return_dtype=pl.Int64), "periode"))).with_columns(
        pl.col("team").replace_strict(panels, return_dtype=pl.String).alias("paneel")
    )
    table = _table(_judged(with_period(newest_first(all_rows, "team"))), with_period_column=True)
    return View(chart, table, note)
