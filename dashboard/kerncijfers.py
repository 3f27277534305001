"""`kerncijfers`: the headline figures of metrics.md as one JSON object, or as a table.

Built only from `dashboard.figures` and `dashboard.privacy`, like every other output."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import figures, fmt, privacy, register
from dashboard.figures import Scope
from dashboard.periods import Period

DOORLOOP_KEYS = {
    "beoordeeld": "beoordeeld_2_werkdagen_pct",
    "eerste_contact": "eerste_contact_5_werkdagen_pct",
    "risicotaxatie": "risicotaxatie_14_werkdagen_pct",
    "mdo": "mdo_14_werkdagen_pct",
    "gezinsplan": "gezinsplan_6_weken_pct",
}


def _row(df: pl.DataFrame, **where: object) -> dict[str, Any] | None:
    for k, v in where.items():
        df = df.filter(pl.col(k).is_null() if v is None else pl.col(k) == v)
    return df.row(0, named=True) if df.height else None


def build(db: Path, period: Period, providers: list[str] | None = None, today: date | None = None) -> dict:
    scope = Scope.of([period], providers, today)
    t = privacy.threshold()
    delivered = figures.geleverd(db, scope)
    wl, wpp = figures.wachtlijst(db, scope), figures.wachtlijst_per_product(db, scope)
    gs, ps = figures.gestart(db, scope), figures.personeel(db, scope)
    cl, dl = figures.caseload(db, scope), figures.doorlooptijden(db, scope)

    def has(provider: str, kind: str) -> bool:
        return delivered.filter((pl.col("aanbieder") == provider) & (pl.col("soort") == kind)).height > 0

    out: dict[str, Any] = {"periode": period.label, "aanbieders": {}}
    for p in scope.providers:
        sections: dict[str, Any] = {}
        w = _row(wl, aanbieder=p)
        if has(p, "wachtlijst") and w:
            n = w["wachtenden"]
            per_product = {r["product"]: r["wachtenden"] for r in wpp.filter(pl.col("aanbieder") == p).iter_rows(named=True)}
            sections["wachtlijst"] = {
                "peildatum": w["peildatum"].isoformat(),
                "wachtenden": privacy.count(n, t),
                "per_product": privacy.breakdown(per_product, total_shown=n >= t, t=t),
                "mediaan_wachttijd_weken": fmt.r1(privacy.figure(w["mediaan_wachttijd_weken"], n, t)),
                "p90_wachttijd_weken": fmt.r1(privacy.figure(w["p90_wachttijd_weken"], n, t)),
                "boven_norm_pct": fmt.r1(privacy.figure(w["boven_norm_pct"], n, t)),
                "met_overbrugging_pct": fmt.r1(privacy.figure(w["met_overbrugging_pct"], n, t)),
            }
        else:
            sections["wachtlijst"] = None
        if has(p, "gestart"):
            g = _row(gs, aanbieder=p) or {"aantal": 0, "mediaan_gerealiseerde_wachttijd_dagen": None, "binnen_norm_pct": None}
            n = g["aantal"]
            sections["gestart"] = {
                "aantal": privacy.count(n, t),
                "mediaan_gerealiseerde_wachttijd_dagen": fmt.r1(privacy.figure(g["mediaan_gerealiseerde_wachttijd_dagen"], n, t)),
                "binnen_norm_pct": fmt.r1(privacy.figure(g["binnen_norm_pct"], n, t)),
            }
        else:
            sections["gestart"] = None
        s = _row(ps, aanbieder=p, niveau="aanbieder")
        sections["personeel"] = None if not (has(p, "personeel") and s) else {
            "bezetting_fte": fmt.r1(s["bezetting_fte"]),
            "bezetting_personen": s["bezetting_personen"],
            "verloop_12m_pct": fmt.r1(s["verloop_12m_pct"]),
            "vacaturegraad_pct": fmt.r1(s["vacaturegraad_pct"]),
            "inhuur_pct": fmt.r1(s["inhuur_pct"]),
            "verzuim_pct": fmt.r1(s["verzuim_pct"]),
            "skj_pct": fmt.r1(s["skj_pct"]),
        }
        c = _row(cl, aanbieder=p, niveau="aanbieder")
        if has(p, "caseload") and c:
            teams = cl.filter((pl.col("aanbieder") == p) & (pl.col("niveau") == "team")).sort("team")
            sections["caseload"] = {
                "peildatum": c["peildatum"].isoformat(),
                "casussen": c["casussen"],
                "casushouders_fte": fmt.r1(c["casushouders_fte"]),
                "caseload": fmt.r1(c["caseload"]),
                "norm": fmt.r1(c["norm"]),
                "teams_boven_norm": None if c["norm"] is None else
                    teams.filter(pl.col("boven_norm").fill_null(False))["team"].to_list(),
                "zonder_vaste_casushouder": c["zonder_vaste_casushouder"],
                "contact_3m_pct": fmt.r1(c["contact_3m_pct"]),
                "per_team": {r["team"]: {"casussen": r["casussen"], "casushouders_fte": fmt.r1(r["casushouders_fte"]),
                                         "caseload": fmt.r1(r["caseload"]),
                                         "zonder_vaste_casushouder": r["zonder_vaste_casushouder"]}
                             for r in teams.iter_rows(named=True)},
            }
        else:
            sections["caseload"] = None
        if has(p, "doorlooptijden"):
            rows = {r["stap"]: r for r in dl.filter(pl.col("aanbieder") == p).iter_rows(named=True)}
            sections["doorlooptijden"] = {
                key: fmt.r1(privacy.figure(rows[stap]["binnen_norm_pct"], rows[stap]["beoordeelbaar"], t))
                if stap in rows else None
                for stap, key in DOORLOOP_KEYS.items()
            }
        else:
            sections["doorlooptijden"] = None
        out["aanbieders"][p] = sections
    # Measures addressed to the chosen providers (all, with the municipality's own, by default),
    # with their status on the period's end, or today if that is earlier.
    addressees = None if providers is None else list(scope.providers)
    out["aanbevelingen"] = register.summary(db, min(period.end, scope.today), addressees)
    out["demodata"] = bool(delivered["demo"].any()) if delivered.height else False
    return out


def has_data(result: dict) -> bool:
    return any(v is not None for sections in result["aanbieders"].values() for v in sections.values())


LABELS = [
    ("wachtlijst", "peildatum", "Wachtlijst: peildatum"),
    ("wachtlijst", "wachtenden", "Wachtenden"),
    ("wachtlijst", "mediaan_wachttijd_weken", "Mediane wachttijd (weken)"),
    ("wachtlijst", "p90_wachttijd_weken", "90e percentiel wachttijd (weken)"),
    ("wachtlijst", "boven_norm_pct", "Boven de wachttijdnorm (%)"),
    ("wachtlijst", "met_overbrugging_pct", "Met overbrugging (%)"),
    ("gestart", "aantal", "Gestart in de periode"),
    ("gestart", "mediaan_gerealiseerde_wachttijd_dagen", "Mediane gerealiseerde wachttijd (dagen)"),
    ("gestart", "binnen_norm_pct", "Gestart binnen de norm (%)"),
    ("personeel", "bezetting_fte", "Bezetting (fte)"),
    ("personeel", "bezetting_personen", "Bezetting (personen)"),
    ("personeel", "verloop_12m_pct", "Verloop 12 maanden (%)"),
    ("personeel", "vacaturegraad_pct", "Vacaturegraad (%)"),
    ("personeel", "inhuur_pct", "Inhuur (%)"),
    ("personeel", "verzuim_pct", "Verzuim (%)"),
    ("personeel", "skj_pct", "SKJ-geregistreerd (%)"),
    ("caseload", "peildatum", "Caseload: peildatum"),
    ("caseload", "casussen", "Casussen"),
    ("caseload", "casushouders_fte", "Casushouders (fte)"),
    ("caseload", "caseload", "Caseload (casussen per fte)"),
    ("caseload", "norm", "Caseloadnorm"),
    ("caseload", "teams_boven_norm", "Teams boven de norm"),
    ("caseload", "zonder_vaste_casushouder", "Zonder vaste casushouder"),
    ("caseload", "contact_3m_pct", "Contact binnen 3 maanden (%)"),
    *(("doorlooptijden", key, label) for key, label in (
        ("beoordeeld_2_werkdagen_pct", "Beoordeeld binnen 2 werkdagen (%)"),
        ("eerste_contact_5_werkdagen_pct", "Eerste contact binnen 5 werkdagen (%)"),
        ("risicotaxatie_14_werkdagen_pct", "Risicotaxatie binnen 14 werkdagen (%)"),
        ("mdo_14_werkdagen_pct", "MDO binnen 14 werkdagen (%)"),
        ("gezinsplan_6_weken_pct", "Gezinsplan binnen 6 weken (%)"))),
]


def _cell(section: dict | None, key: str) -> str:
    if section is None:
        return "niet geleverd"
    v = section.get(key)
    if v is None:
        return "–"
    if key == "peildatum":
        return fmt.day(date.fromisoformat(v))
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
    for i, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    rec = result.get("aanbevelingen")
    if rec:
        per = ", ".join(f"{register.STATUS_LABELS[k].split(' (')[0]} {v}" for k, v in rec["per_status"].items())
        lines += ["", f"Aanbevelingen: {rec['maatregelen']} verbetermaatregelen ({per}); te laat: {rec['te_laat']}"]
    lines.append("")
    lines.append(f"'<{privacy.threshold()}' = minder dan {privacy.threshold()} jeugdigen; 'x' = verborgen om een "
                 "ander klein aantal te beschermen; '–' = niet te berekenen of te weinig jeugdigen.")
    return "\n".join(lines)
