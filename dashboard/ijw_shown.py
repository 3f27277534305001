"""How the iJw figures (the project's metrics, v2; README: "A second source") may be shown, once for kerncijfers, the pages and the
reports: counts suppressed ("<5", and "x" across a provider's products), each median or
percentage only over at least the threshold of young people, the cross-check's difference
only when neither count is small."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard import fmt, privacy

# The iJw figures (the project's metrics, v2; README: "A second source"): counts, and each median or percentage with the column
# of young people it rests on.
COUNTS = ("verzoeken", "toewijzingen", "starts", "toegewezen_niet_gestart", "waarvan_langer_dan_4_weken", "stops")
FIGURES = {
    "mediaan_dagen_verzoek_toewijzing": "toewijzingen_op_verzoek_jeugdigen",
    "toewijzing_binnen_5_werkdagen_pct": "toewijzingen_op_verzoek_jeugdigen",
    "mediaan_dagen_toewijzing_start": "starts_met_toewijzing_jeugdigen",
    "p90_dagen_toewijzing_start": "starts_met_toewijzing_jeugdigen",
    "voortijdig_pct": "stops_jeugdigen",
}
ORDER = (
    "verzoeken",
    "toewijzingen",
    "mediaan_dagen_verzoek_toewijzing",
    "toewijzing_binnen_5_werkdagen_pct",
    "starts",
    "mediaan_dagen_toewijzing_start",
    "p90_dagen_toewijzing_start",
    "toegewezen_niet_gestart",
    "waarvan_langer_dan_4_weken",
    "stops",
    "voortijdig_pct",
)


def _figures(row: dict[str, Any] | None, t: int) -> dict[str, Any]:
    row = row or {}
    out: dict[str, Any] = {}
    for key in ORDER:
        if key in FIGURES:
            out[key] = fmt.r1(privacy.figure(row.get(key), row.get(FIGURES[key]) or 0, t))
        else:
            out[key] = privacy.count(row.get(key) or 0, t)
    return out


def section(ij: pl.DataFrame, kc: pl.DataFrame, provider: str, t: int) -> dict[str, Any] | None:
    """The `ijw` section of one provider: null before its message traffic began; the
    provider's figures, the cross-check with its `gestart` extract, and `per_product`
    (each count suppressed as a breakdown of the provider's total)."""
    check = _row(kc, provider)
    if not check or not check["ijw_verkeer"]:
        return None
    mine = ij.filter(pl.col("aanbieder") == provider)
    total = _row(mine.filter(pl.col("product").is_null()))
    out = _figures(total, t)
    out["verschil_met_extract_pct"] = difference(check, t)
    out["bron_klopt_niet"] = check["bron_klopt_niet"]
    rows = {r["product"]: r for r in mine.filter(pl.col("product").is_not_null()).iter_rows(named=True)}
    per_product = {name: _figures(r, t) for name, r in sorted(rows.items())}
    for key in COUNTS:
        shown = privacy.breakdown({name: r.get(key) or 0 for name, r in rows.items()}, total_shown=(total or {}).get(key, 0) >= t, t=t)
        for name in per_product:
            per_product[name][key] = shown[name]
    out["per_product"] = per_product
    return out


def difference(check: dict[str, Any], t: int) -> float | None:
    """`verschil_met_extract_pct` of a cross-check row as it may be shown: not when either
    count is 1 to t-1, for the difference would give it away."""
    small = any(v is not None and 0 < v < t for v in (check["starts"], check["gestart_extract"]))
    return None if small else fmt.r1(check["verschil_met_extract_pct"])


def text(key: str, value: object) -> str:
    """A shown value as Dutch text: `12,5%`, `4,0`, `<5`, `ja`/`nee`, `–` for none."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return fmt.number(value, 0)
    if isinstance(value, float):
        return fmt.pct(value, 1) if key.endswith("_pct") else fmt.number(value, 1)
    return fmt.number(value if isinstance(value, str) else None)


def _row(df: pl.DataFrame, provider: str | None = None) -> dict[str, Any] | None:
    if provider is not None:
        df = df.filter(pl.col("aanbieder") == provider)
    return df.row(0, named=True) if df.height else None
