"""The Vaststellen page: the stand of a quarter's figures, what changed since it was
established, the providers' verdicts and the established periods, as plain data."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from dashboard import definitions, fmt, registers
from dashboard.periods import Period, parse_period

VERDICT_WORDS = {"akkoord": "akkoord", "bezwaar": "bezwaar"}


def ended_quarters(months: tuple[str, ...], today: date) -> list[str]:
    """The quarters with data that have ended, newest first (only those can be established)."""
    quarters = dict.fromkeys(parse_period(m).quarter() for m in months)
    return [q.label for q in quarters if q.end < today]


def stand_line(stand: dict, period: Period) -> str:
    """`3e kwartaal 2024: vastgesteld op 20-01-2025 door A. Jansen.` / `… voorlopig …`."""
    if stand["status"] != "vastgesteld":
        return f"{period.display()}: voorlopige cijfers, nog niet vastgesteld."
    on = fmt.day(date.fromisoformat(stand["vastgesteld_op"]))
    text = f"{period.display()}: vastgesteld op {on} door {stand['vastgesteld_door']}."
    if stand["herzien_na_vaststelling"]:
        text += " Herzien na vaststelling: de cijfers van nu wijken af van de vastgestelde."
    return text


def _figure_name(path: str) -> str:
    """`aanbieders.ENVER.wachtlijst.wachtenden` -> `Enver · Wachtenden`."""
    parts = path.split(".")
    if parts[0] == "aanbieders" and len(parts) >= 4:
        who, key = registers.short_name(parts[1]), f"{parts[2]}.{parts[3]}"
        rest = parts[4:]
    else:
        who, key, rest = "", ".".join(parts[:2]), parts[2:]
    try:
        label = definitions.metric(key).label
    except KeyError:
        label = key.replace("_", " ").replace(".", ": ")
    return " · ".join(x for x in (who, label, *rest) if x)


def _value(v: object) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, (int, float)):
        return fmt.number(v, 0 if isinstance(v, int) else 1)
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) or "geen"
    return str(v)


def changed_figures(stand: dict) -> pl.DataFrame:
    rows = (stand.get("wijzigingen") or {}).get("cijfers") or []
    return pl.DataFrame(
        [{"Cijfer": _figure_name(r["cijfer"]), "Vastgesteld": _value(r["vastgesteld"]), "Nu": _value(r["nu"])} for r in rows],
        schema={"Cijfer": pl.String, "Vastgesteld": pl.String, "Nu": pl.String},
    )


def changed_deliveries(stand: dict) -> list[str]:
    out = []
    for d in (stand.get("wijzigingen") or {}).get("aanleveringen") or []:
        when = fmt.day(datetime.fromisoformat(d["ontvangen_op"]))
        line = f"{d['bestand']} ({registers.short_name(d['aanbieder'])}, {d['soort']}, {d['periode']}), ontvangen {when}"
        line += f", vervangt de vastgestelde levering {d['vervangt']}" if d["vervangt"] else ", na de vaststelling bijgekomen"
        if d.get("wijzigingen"):
            line += f": {d['wijzigingen']}"
        out.append(line)
    return out


def verdicts(stand: dict, providers: tuple[str, ...]) -> pl.DataFrame:
    """One row per provider shown: its verdict, reason, by whom and when (or none yet)."""
    given = stand.get("oordelen") or {}
    rows = []
    for p in providers:
        v = given.get(p)
        rows.append(
            {
                "Aanbieder": registers.short_name(p),
                "Oordeel": VERDICT_WORDS.get(v["oordeel"], v["oordeel"]) if v else "nog geen oordeel",
                "Reden": (v["reden"] or "") if v else "",
                "Door": v["door"] if v else "",
                "Op": fmt.day(datetime.fromisoformat(v["op"])) if v else "",
            }
        )
    return pl.DataFrame(rows, schema={k: pl.String for k in ("Aanbieder", "Oordeel", "Reden", "Door", "Op")})


def established(periods: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "Periode": parse_period(r["periode"]).display(),
                "Vastgesteld op": fmt.day(r["vastgesteld_op"]),
                "Door": r["door"] + (" (demo)" if r["demo"] else ""),
            }
            for r in periods
        ],
        schema={"Periode": pl.String, "Vastgesteld op": pl.String, "Door": pl.String},
    )


def overview_line(stand: dict, quarter: Period, chosen: Period) -> str | None:
    """Beside the Overzicht's figures: the quarter (of) the chosen period is established, and
    whether its figures were revised since; None while it is voorlopig."""
    if stand["status"] != "vastgesteld":
        return None
    on = fmt.day(date.fromisoformat(stand["vastgesteld_op"]))
    what = f"Het {quarter.display()}" if chosen == quarter else f"Het {quarter.display()}, waarin {chosen.display()} valt,"
    text = f"{what} is vastgesteld op {on} door {stand['vastgesteld_door']}; de kwartaalrapportage toont de vastgestelde cijfers."
    if stand["herzien_na_vaststelling"]:
        changed = len((stand.get("wijzigingen") or {}).get("cijfers") or [])
        text += f" Herzien na vaststelling: {changed} cijfer(s) wijken nu af van de vastgestelde (zie Vaststellen)."
    return text
