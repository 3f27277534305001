"""The Personeel page: staffing, turnover, vacancies, agency staff, absence and SKJ
registration per provider and team. Staff figures are not about young people and are not
suppressed."""

from __future__ import annotations

import polars as pl

from dashboard import catalogue, definitions, fmt
from dashboard.app.frames.common import (
    Cell,
    Row,
    View,
    heading,
    in_provider_order,
    largest,
    newest_first,
    with_period,
)

# Every team in the bars, highest first; only beyond this many would the chart keep the
# highest and say so (the table always holds them all).
TEAMS_IN_BARS = 60

# The staff figures a user picks from, by key (the dictionary's `personeel.<key>`).
INDICATORS = {m.name: m for m in definitions.METRICS if m.section == "personeel" and m.column}


def signal_line(key: str) -> tuple[float, str] | None:
    """The dashboard's signal value of a staff figure, as (value, text), if it has one."""
    signal = definitions.metric(f"personeel.{key}").signal
    if signal is None or signal.norm is None:
        return None
    return float(signal.norm), f"signaalwaarde {fmt.pct(signal.norm, 0)}"


def compare_rows(ps: pl.DataFrame, providers: tuple[str, ...]) -> list[Row]:
    level = ps.filter(pl.col("niveau") == "aanbieder")
    by_provider = {r["aanbieder"]: r for r in level.iter_rows(named=True)}
    rows = []
    for key, m in INDICATORS.items():
        signal = m.signal
        cells = []
        for p in providers:
            r = by_provider.get(p)
            if r is None:
                cells.append(Cell(catalogue.NOT_DELIVERED))
                continue
            note = catalogue.ANNUALISED if key == "verloop_12m_pct" and r["verloop_geannualiseerd"] else ""
            lines = (f"signaalwaarde {fmt.pct(signal.norm, 0)}",) if signal else ()
            value = r[m.column]
            cells.append(Cell(catalogue.shown_value(m, value).text, signal.status(value) if signal else None, note, lines))
        rows.append(Row(m.heading, tuple(cells), m.definition))
    instroom = [by_provider.get(p) for p in providers]
    rows.append(
        Row(
            "Instroom / uitstroom (personen)",
            tuple(
                Cell(catalogue.NOT_DELIVERED) if r is None else Cell(f"{r['instroom_personen']} / {r['uitstroom_personen']}")
                for r in instroom
            ),
            "Medewerkers die in de periode in en uit dienst gingen.",
        )
    )
    return rows


def trend(ps: pl.DataFrame, key: str) -> View:
    df = with_period(catalogue.breakdown(ps.filter(pl.col("niveau") == "aanbieder"), (INDICATORS[key].key,)))
    df = df.with_columns(pl.when(pl.col("verloop_geannualiseerd")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("geannualiseerd"))
    return View(df, _table(newest_first(df), with_period_column=True))


def teams(ps: pl.DataFrame, key: str) -> View:
    column = INDICATORS[key].column
    all_teams = in_provider_order(ps.filter(pl.col("niveau") == "team"), "team")
    shown, note = largest(all_teams, column, TEAMS_IN_BARS, "teams")
    chart = catalogue.breakdown(shown.sort(column, "team", descending=[True, False], nulls_last=True), (INDICATORS[key].key,))
    return View(chart, _table(all_teams, with_period_column=False), note)


def _table(df: pl.DataFrame, with_period_column: bool) -> pl.DataFrame:
    cols = (
        ([pl.col("periode_naam").alias("Periode")] if with_period_column else [])
        + [pl.col("aanbieder").alias("Aanbieder")]
        + ([] if with_period_column else [pl.col("team").alias("Team")])
        + [
            *(heading(f"personeel.{k}") for k in ("bezetting_fte", "bezetting_personen", "instroom_personen", "uitstroom_personen")),
            heading("personeel.verloop_12m_pct"),
            pl.when(pl.col("verloop_geannualiseerd")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Geannualiseerd"),
            *(heading(f"personeel.{k}") for k in ("vacaturegraad_pct", "inhuur_pct", "verzuim_pct", "skj_pct")),
        ]
    )
    return df.select(cols)


def with_signal(chart: pl.DataFrame, key: str) -> tuple[pl.DataFrame, bool]:
    """The trend's points with the dashboard's signal value beside them (`signaal`,
    `signaal_tekst`), for the dashed line; unchanged, False, for a figure without one."""
    line = signal_line(key)
    if line is None:
        return chart, False
    return chart.with_columns(signaal=pl.lit(line[0]), signaal_tekst=pl.lit(line[1])), True
