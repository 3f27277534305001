"""The iJw message traffic as tables for the Wachtlijsten and Aanleveringen pages: the
chain request → allocation → start → stop per provider, and the cross-check of the two
sources. What may be shown is decided once, by the catalogue (`catalogue.ijw_section`),
like every other surface."""

from __future__ import annotations

import polars as pl

from dashboard import catalogue, definitions, fmt, registers
from dashboard.periods import parse_period

STARTS, STARTED = definitions.metric("ijw.starts"), definitions.metric("gestart.aantal")


def sections(ij: pl.DataFrame, kc: pl.DataFrame, period: str, providers: tuple[str, ...]) -> dict[str, catalogue.IjwSection]:
    """Per provider with message traffic by the period's end: its iJw figures as they may be shown."""
    ij, kc = ij.filter(pl.col("periode") == period), kc.filter(pl.col("periode") == period)
    found = {p: catalogue.ijw_section(ij, kc, p) for p in providers}
    return {p: s for p, s in found.items() if s is not None}


def chain(shown: dict[str, catalogue.IjwSection]) -> pl.DataFrame:
    """One row per step of the chain, one column per provider."""
    rows = [{"Stap": m.short_label, **{p: s.text(m.name) for p, s in shown.items()}} for m in catalogue.IJW_CHAIN]
    return pl.DataFrame(rows, schema={"Stap": pl.String, **{p: pl.String for p in shown}})


def crosscheck(kc: pl.DataFrame, periods: list[str]) -> pl.DataFrame:
    """Per period and provider with traffic: starts in both sources, the difference and the flag."""
    rows = []
    for r in (
        kc.filter(pl.col("periode").is_in(periods) & pl.col("ijw_verkeer"))
        .sort("periode", "aanbieder", descending=[True, False])
        .iter_rows(named=True)
    ):
        flag = r["bron_klopt_niet"]
        rows.append(
            {
                "Periode": parse_period(r["periode"]).display(),
                "Aanbieder": r["aanbieder"],
                "Gestart volgens iJw (JW305)": catalogue.shown_value(STARTS, r["starts"]).text,
                "Gestart volgens extract": catalogue.shown_value(STARTED, r["gestart_extract"]).text,
                "Verschil": catalogue.ijw_difference(r).text,
                "Signaal": "bron klopt niet" if flag else ("klopt" if flag is False else "–"),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            c: pl.String for c in ("Periode", "Aanbieder", "Gestart volgens iJw (JW305)", "Gestart volgens extract", "Verschil", "Signaal")
        },
    )


def flagged(kc: pl.DataFrame, periods: list[str]) -> list[str]:
    """Lines for what does not add up: provider and period where the sources disagree."""
    out = []
    for r in (
        kc.filter(pl.col("periode").is_in(periods) & pl.col("bron_klopt_niet").fill_null(False))
        .sort("periode", "aanbieder", descending=[True, False])
        .iter_rows(named=True)
    ):
        out.append(
            f"{registers.short_name(r['aanbieder'])} — {parse_period(r['periode']).display()}: bron klopt niet "
            "(starts in het iJw-berichtenverkeer "
            f"wijken meer dan {fmt.number(r['drempel_pct'], 0)}% af van het gestart-extract)"
        )
    return out
