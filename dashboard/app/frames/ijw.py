"""The iJw message traffic as tables for the Wachtlijsten and Aanleveringen pages: the
chain request → allocation → start → stop per provider, and the cross-check of the two
sources. What may be shown is decided once, by `ijw_shown` (suppression) and
the metric dictionary (labels), like every other surface."""

from __future__ import annotations

import polars as pl

from dashboard import definitions, fmt, ijw_shown, privacy, registers
from dashboard.periods import parse_period

# The dictionary's order of the figures, then the cross-check of the two sources.
CHAIN = (*ijw_shown.ORDER, "verschil_met_extract_pct", "bron_klopt_niet")


def _label(key: str) -> str:
    return definitions.metric(f"ijw.{key}").label.removeprefix("iJw: ")


def sections(ij: pl.DataFrame, kc: pl.DataFrame, period: str, providers: tuple[str, ...]) -> dict[str, dict]:
    """Per provider with message traffic by the period's end: its `ijw` figures as they may be shown."""
    t = privacy.threshold()
    ij, kc = ij.filter(pl.col("periode") == period), kc.filter(pl.col("periode") == period)
    found = {p: ijw_shown.section(ij, kc, p, t) for p in providers}
    return {p: s for p, s in found.items() if s is not None}


def chain(shown: dict[str, dict]) -> pl.DataFrame:
    """One row per step of the chain, one column per provider."""
    rows = [{"Stap": _label(key), **{p: ijw_shown.text(key, s[key]) for p, s in shown.items()}} for key in CHAIN]
    return pl.DataFrame(rows, schema={"Stap": pl.String, **{p: pl.String for p in shown}})


def crosscheck(kc: pl.DataFrame, periods: list[str]) -> pl.DataFrame:
    """Per period and provider with traffic: starts in both sources, the difference and the flag."""
    t = privacy.threshold()
    rows = []
    for r in (
        kc.filter(pl.col("periode").is_in(periods) & pl.col("ijw_verkeer"))
        .sort("periode", "aanbieder", descending=[True, False])
        .iter_rows(named=True)
    ):
        diff = ijw_shown.difference(r, t)
        flag = r["bron_klopt_niet"]
        rows.append(
            {
                "Periode": parse_period(r["periode"]).display(),
                "Aanbieder": r["aanbieder"],
                "Gestart volgens iJw (JW305)": fmt.number(privacy.count(r["starts"], t)),
                "Gestart volgens extract": fmt.number(privacy.count(r["gestart_extract"], t)),
                "Verschil": fmt.number(None) if diff is None else fmt.pct(diff, 1),
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
