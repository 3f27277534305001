"""The Aanleveringen page: which provider delivered which kind for which period, what is
missing, the delivery log and the rejected files."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboard import deadlines, registers
from dashboard.app.frames.common import View, in_provider_order
from dashboard.periods import MAANDEN_KORT, Period, parse_period

DELIVERED, PARTIAL, MISSING = "✓", "◐", "✕ ontbreekt"


def _cell(expected: int, delivered: int) -> str:
    if delivered >= expected:
        return DELIVERED
    return MISSING if delivered == 0 else f"{PARTIAL} {delivered} van {expected} mnd"


SHORT_MONTHS = MAANDEN_KORT  # the Dutch month names live in dashboard.periods


def short_name(p: Period) -> str:
    """'jun 2024' or '2e kw 2024': twelve of them fit beside each other."""
    if p.is_quarter:
        return f"{p.label[-1]}e kw {p.start.year}"
    return f"{SHORT_MONTHS[p.start.month - 1]} {p.start.year}"


def _names(frame: pl.DataFrame) -> dict[str, str]:
    """Provider codes of a frame to the names people use (Enver, not ENVER)."""
    return {c: registers.short_name(c) for c in frame["aanbieder"].unique().to_list()}


def matrix(expected: pl.DataFrame, periods: list[Period]) -> View:
    """Rows: provider and kind; one column per period (newest first) with ✓, ◐ (some months) or ✕."""
    names = {p.label: short_name(p) for p in periods}
    df = expected.with_columns(
        pl.struct("maanden_verwacht", "maanden_geleverd")
        .map_elements(lambda s: _cell(s["maanden_verwacht"], s["maanden_geleverd"]), return_dtype=pl.String)
        .alias("stand"),
        pl.when(pl.col("per_kwartaal")).then(pl.col("soort") + " (per kwartaal)").otherwise(pl.col("soort")).alias("soort_naam"),
    )
    if df.height == 0:
        return View(df, pl.DataFrame())
    wide = in_provider_order(df.pivot(on="periode", index=["aanbieder", "soort_naam"], values="stand", sort_columns=True), "soort_naam")
    # Newest first: the latest months are what a regie meeting asks about, and stay in view.
    ordered = [p.label for p in reversed(periods) if p.label in wide.columns]
    # One label column, so that twelve months fit beside it on a meeting-room screen.
    table = wide.select(
        (pl.col("aanbieder").replace_strict(_names(wide), return_dtype=pl.String) + " · " + pl.col("soort_naam")).alias("Aanlevering"),
        *[pl.col(lbl).fill_null("–").alias(names[lbl]) for lbl in ordered],
    )
    return View(df, table)


def missing_lines(view: View) -> list[str]:
    df = view.chart
    if df.height == 0:
        return []
    gaps = df.filter(pl.col("maanden_geleverd") < pl.col("maanden_verwacht")).sort("aanbieder", "soort", "periode")
    return [
        f"{registers.short_name(r['aanbieder'])} — {r['soort_naam']} — {parse_period(r['periode']).display()}: "
        + ("ontbreekt" if r["maanden_geleverd"] == 0 else f"{r['maanden_geleverd']} van {r['maanden_verwacht']} maanden geleverd")
        for r in gaps.iter_rows(named=True)
    ]


def log(deliveries: pl.DataFrame) -> pl.DataFrame:
    return deliveries.select(
        pl.col("ontvangen_op").alias("Ontvangen"),
        pl.col("bestand").alias("Bestand"),
        pl.col("aanbieder").alias("Aanbieder"),
        pl.col("soort").alias("Soort"),
        pl.col("periode").alias("Periode"),
        (pl.col("status") + pl.when(pl.col("demo")).then(pl.lit(" (demo)")).otherwise(pl.lit(""))).alias("Status"),
        pl.col("rijen").alias("Rijen"),
        pl.col("wijzigingen").fill_null("").alias("Wijzigingen"),
    )


def rejected_table(reports: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "Ontvangen": datetime.fromisoformat(r["ontvangen_op"]),
                "Bestand": r["bestand"],
                "Aanbieder": r.get("aanbieder") or "?",
                "Soort": r.get("soort") or "?",
                "Periode": r.get("periode") or "?",
                "Fouten": r["aantal_fouten"],
            }
            for r in reports
        ],
        schema={
            "Ontvangen": pl.Datetime,
            "Bestand": pl.String,
            "Aanbieder": pl.String,
            "Soort": pl.String,
            "Periode": pl.String,
            "Fouten": pl.Int64,
        },
    )


def reminders(rows: list[deadlines.Due]) -> list[str]:
    """Herinneringen: what is overdue (longest first), then what is still open (first due first)."""
    missing = sorted((d for d in rows if d.state == deadlines.MISSING), key=lambda d: (d.deadline, d.provider, d.kind))
    still_open = sorted((d for d in rows if d.state == deadlines.OPEN), key=lambda d: (d.deadline, d.provider, d.kind))
    return [d.text() for d in missing + still_open]


def late_lines(rows: list[deadlines.Due], periods: list[Period]) -> list[str]:
    """Deliveries of the periods shown that arrived after their deadline, newest first."""
    months = {m for p in periods for m in p.months}
    late = [d for d in rows if d.state == deadlines.LATE and set(d.period.months) & months]
    return [d.text() for d in sorted(late, key=lambda d: (d.period.start, d.provider, d.kind), reverse=True)]


def deadline_table(rows: list[deadlines.Due], periods: list[Period]) -> pl.DataFrame:
    months = {m for p in periods for m in p.months}
    shown = [d for d in rows if set(d.period.months) & months]
    return deadlines.frame(sorted(shown, key=lambda d: (d.period.start, d.provider, d.kind), reverse=True))
