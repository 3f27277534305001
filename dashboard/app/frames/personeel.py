"""The Personeel page: staffing, turnover, vacancies, agency staff, absence and SKJ
registration per provider and team. Staff figures are not about young people and are not
suppressed."""

from __future__ import annotations

import polars as pl

from dashboard import definitions, fmt
from dashboard.app.frames.common import (
    Cell,
    Row,
    View,
    in_provider_order,
    largest,
    newest_first,
    with_period,
    with_text,
)

# Every team in the bars, highest first; only beyond this many would the chart keep the
# highest and say so (the table always holds them all).
TEAMS_IN_BARS = 60

# indicator key -> (Dutch label, column, is a percentage)
INDICATORS = {
    "bezetting_fte": ("Bezetting (fte)", "bezetting_fte", False),
    "bezetting_personen": ("Bezetting (personen)", "bezetting_personen", False),
    "verloop_12m_pct": ("Verloop 12 maanden (%)", "verloop_12m_pct", True),
    "vacaturegraad_pct": ("Vacaturegraad (%)", "vacaturegraad_pct", True),
    "inhuur_pct": ("Inhuur (%)", "inhuur_pct", True),
    "verzuim_pct": ("Verzuim (%)", "verzuim_pct", True),
    "skj_pct": ("SKJ-geregistreerd (%)", "skj_pct", True),
}


def _text(value: float | None, pct: bool) -> str:
    if pct:
        return fmt.pct(value)
    return fmt.number(value, 0 if isinstance(value, int) else 1)


def _digits(column: str) -> int:
    return 0 if column == "bezetting_personen" else 1


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
    for key, (label, column, pct) in INDICATORS.items():
        signal = definitions.metric(f"personeel.{key}").signal
        cells = []
        for p in providers:
            r = by_provider.get(p)
            if r is None:
                cells.append(Cell("niet geleverd"))
                continue
            note = "geannualiseerd" if key == "verloop_12m_pct" and r["verloop_geannualiseerd"] else ""
            lines = (f"signaalwaarde {fmt.pct(signal.norm, 0)}",) if signal else ()
            cells.append(Cell(_text(r[column], pct), signal.status(r[column]) if signal else None, note, lines))
        rows.append(Row(label, tuple(cells), definitions.metric(f"personeel.{key}").definition))
    instroom = [by_provider.get(p) for p in providers]
    rows.append(
        Row(
            "Instroom / uitstroom (personen)",
            tuple(Cell("niet geleverd") if r is None else Cell(f"{r['instroom_personen']} / {r['uitstroom_personen']}") for r in instroom),
            "Medewerkers die in de periode in en uit dienst gingen.",
        )
    )
    return rows


def trend(ps: pl.DataFrame, key: str) -> View:
    _, column, pct = INDICATORS[key]
    df = with_period(ps.filter(pl.col("niveau") == "aanbieder"))
    df = with_text(df, column, digits=_digits(column), pct=pct).with_columns(
        pl.when(pl.col("verloop_geannualiseerd")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("geannualiseerd")
    )
    return View(df, _table(newest_first(df), with_period_column=True))


def teams(ps: pl.DataFrame, key: str) -> View:
    _, column, pct = INDICATORS[key]
    all_teams = in_provider_order(ps.filter(pl.col("niveau") == "team"), "team")
    shown, note = largest(all_teams, column, TEAMS_IN_BARS, "teams")
    chart = with_text(shown.sort(column, "team", descending=[True, False], nulls_last=True), column, digits=_digits(column), pct=pct)
    return View(chart, _table(all_teams, with_period_column=False), note)


def _table(df: pl.DataFrame, with_period_column: bool) -> pl.DataFrame:
    cols = (
        ([pl.col("periode_naam").alias("Periode")] if with_period_column else [])
        + [pl.col("aanbieder").alias("Aanbieder")]
        + ([] if with_period_column else [pl.col("team").alias("Team")])
        + [
            pl.col("bezetting_fte").alias("Bezetting (fte)"),
            pl.col("bezetting_personen").alias("Bezetting (personen)"),
            pl.col("instroom_personen").alias("Instroom (personen)"),
            pl.col("uitstroom_personen").alias("Uitstroom (personen)"),
            pl.col("verloop_12m_pct").alias("Verloop 12 maanden (%)"),
            pl.when(pl.col("verloop_geannualiseerd")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Geannualiseerd"),
            pl.col("vacaturegraad_pct").alias("Vacaturegraad (%)"),
            pl.col("inhuur_pct").alias("Inhuur (%)"),
            pl.col("verzuim_pct").alias("Verzuim (%)"),
            pl.col("skj_pct").alias("SKJ-geregistreerd (%)"),
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
