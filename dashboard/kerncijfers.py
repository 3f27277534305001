"""`kerncijfers`: the headline figures of the metric dictionary (definitions.py) as one
JSON object, or as a table.

Every single figure is read through `dashboard.catalogue`, like every other output."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import catalogue, definitions, figures, fmt, privacy, register, registers, vaststelling
from dashboard.figures import Scope
from dashboard.periods import Period


def _row(df: pl.DataFrame, **where: object) -> dict[str, Any] | None:
    for k, v in where.items():
        df = df.filter(pl.col(k).is_null() if v is None else pl.col(k) == v)
    return df.row(0, named=True) if df.height else None


def _values(fr: catalogue.Frames, section: str, period: Period, provider: str) -> dict[str, Any]:
    """Every single-valued figure of a section, as the catalogue shows it."""
    return {m.name: catalogue.read(fr, m, period, provider).json for m in definitions.METRICS if m.section == section and m.column}


def build(db: Path, period: Period, providers: list[str] | None = None, today: date | None = None, with_stand: bool = True) -> dict:
    """The headline figures of `period` for `providers` (None: all), with their `stand`:
    voorlopig, or vastgesteld and whether they were revised since (`vaststelling.stand`)."""
    scope = Scope.of([period], providers, today)
    t = privacy.threshold()
    fr = catalogue.Frames.load(db, scope, waiting_on=False)
    wpp = figures.wachtlijst_per_product(db, scope)
    cl = fr.marts["caseload"]
    ij, kc = figures.ijw(db, scope), figures.ijw_kruiscontrole(db, scope)

    def has(provider: str, kind: str) -> bool:
        return registers.owes(provider, kind) and fr.has(period, provider, kind)

    out: dict[str, Any] = {"periode": period.label, "aanbieders": {}}
    for p in scope.providers:
        sections: dict[str, Any] = {k: None for k in catalogue.MARTS}
        w = fr.row("wachtlijst", period, p)
        if has(p, "wachtlijst") and w:
            n = w["wachtenden"]
            per_product = {r["product"]: r["wachtenden"] for r in wpp.filter(pl.col("aanbieder") == p).iter_rows(named=True)}
            sections["wachtlijst"] = {"peildatum": w["peildatum"].isoformat(), **_values(fr, "wachtlijst", period, p)}
            sections["wachtlijst"]["per_product"] = privacy.breakdown(per_product, total_shown=n >= t, t=t)
        if has(p, "gestart"):
            sections["gestart"] = _values(fr, "gestart", period, p)
        if has(p, "personeel") and fr.row("personeel", period, p, niveau="aanbieder"):
            sections["personeel"] = _values(fr, "personeel", period, p)
        c = fr.row("caseload", period, p, niveau="aanbieder")
        if has(p, "caseload") and c:
            teams = cl.filter((pl.col("periode") == period.label) & (pl.col("aanbieder") == p) & (pl.col("niveau") == "team")).sort("team")
            # Cases without a fixed case holder are young people: per team with the secondary
            # rule over the provider's teams (its total is shown, or itself suppressed).
            no_fixed = privacy.breakdown({r["team"]: r["zonder_vaste_casushouder"] or 0 for r in teams.iter_rows(named=True)}, t=t)
            sections["caseload"] = {
                "peildatum": c["peildatum"].isoformat(),
                **_values(fr, "caseload", period, p),
                "teams_boven_norm": None if c["norm"] is None else teams.filter(pl.col("boven_norm").fill_null(False))["team"].to_list(),
                "per_team": {
                    r["team"]: {
                        "casussen": r["casussen"],
                        "casushouders_fte": fmt.r1(r["casushouders_fte"]),
                        "caseload": fmt.r1(r["caseload"]),
                        "zonder_vaste_casushouder": no_fixed[r["team"]],
                    }
                    for r in teams.iter_rows(named=True)
                },
            }
        if has(p, "doorlooptijden"):
            sections["doorlooptijden"] = _values(fr, "doorlooptijden", period, p)
        ijw = catalogue.ijw_section(ij, kc, p)
        sections["ijw"] = None if ijw is None else ijw.as_json()
        out["aanbieders"][p] = sections
    # Measures addressed to the chosen providers (all, with the municipality's own, by default),
    # with their status on the period's end, or today if that is earlier.
    addressees = None if providers is None or set(scope.providers) == set(registers.provider_codes()) else list(scope.providers)
    out["aanbevelingen"] = register.summary(db, min(period.end, scope.today), addressees)
    out["demodata"] = fr.demo
    if with_stand:
        out["stand"] = vaststelling.stand(db, period, scope.providers, out, vaststelling.scope_key(providers))
    return out


def established(db: Path, period: Period, providers: list[str] | None = None, today: date | None = None) -> dict | None:
    """The figures of `period` exactly as they were established (`kerncijfers --vastgesteld`),
    with the `stand` of now (revised since?); None when the period is not established."""
    est = vaststelling.established(db, period)
    key = vaststelling.scope_key(providers)
    if est is None or key not in est.kerncijfers:
        return None
    live = build(db, period, providers, today, with_stand=False)
    shown = providers if providers is not None else list(registers.provider_codes())
    return est.kerncijfers[key] | {"stand": vaststelling.stand(db, period, shown, live, key)}


def has_data(result: dict) -> bool:
    return any(v is not None for sections in result["aanbieders"].values() for v in sections.values())


# The rows of the terminal table: every figure of the JSON, in the dictionary's order,
# with the heading every surface prints.
_ROWS_WITHOUT_COLUMN = {"wachtlijst.peildatum", "caseload.peildatum", "caseload.teams_boven_norm", *(m.key for m in catalogue.IJW_CHAIN)}
LABELS = [
    (m.section, m.name, m.heading)
    for m in definitions.METRICS
    if m.section in (*catalogue.MARTS, "ijw") and (m.column or m.key in _ROWS_WITHOUT_COLUMN)
]


def _cell(section: dict | None, key: str) -> str:
    if section is None:
        return "niet geleverd"
    v = section.get(key)
    if v is None:
        return "–"
    if key == "peildatum":
        return fmt.day(date.fromisoformat(v))
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, list):
        return ", ".join(v) if v else "geen"
    if isinstance(v, str):
        return v
    return fmt.number(v, 0 if isinstance(v, int) else 1)


def as_table(result: dict) -> str:
    """The same figures, readable in a terminal; Dutch number format."""
    providers = list(result["aanbieders"])
    rows = [["", *providers]]
    for section, key, label in LABELS:
        rows.append([label, *(_cell(result["aanbieders"][p][section], key) for p in providers)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"Kerncijfers {result['periode']}" + ("  —  DEMODATA (fictief)" if result.get("demodata") else "")]
    if result.get("stand"):
        lines.append(stand_text(result["stand"]))
    for i, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    rec = result.get("aanbevelingen")
    if rec:
        per = ", ".join(f"{register.STATUS_LABELS[k].split(' (')[0]} {v}" for k, v in rec["per_status"].items())
        lines += ["", f"Aanbevelingen: {rec['maatregelen']} verbetermaatregelen ({per}); te laat: {rec['te_laat']}"]
    lines.append("")
    lines.append(catalogue.marks_legend() + ".")
    return "\n".join(lines)


def stand_text(stand: dict) -> str:
    """`Vastgesteld op 20-01-2025 door A. Jansen; herzien na vaststelling: ...` / `Voorlopig ...`."""
    if stand["status"] != vaststelling.VASTGESTELD:
        return "Stand: voorlopig (nog niet vastgesteld)"
    text = f"Stand: vastgesteld op {fmt.day(date.fromisoformat(stand['vastgesteld_op']))} door {stand['vastgesteld_door']}"
    changes = stand.get("wijzigingen") or {}
    if stand["herzien_na_vaststelling"]:
        files = [d["bestand"] for d in changes.get("aanleveringen") or []]
        figures_ = changes.get("cijfers") or []
        text += "; herzien na vaststelling" + (f": nieuwe aanlevering {', '.join(files)}" if files else "")
        text += f" ({len(figures_)} cijfer(s) gewijzigd)" if figures_ else ""
    return text
