"""What both reports share: the scope of a report, the figures of several periods read once
through `dashboard.figures` (and the headline figures through `dashboard.overview`), each
cell formatted and suppressed with `dashboard.privacy` before it reaches a template, the
monthly series behind the trend charts, the register's measures, and the deliveries and
data-quality remarks. Plain data only: no markup, no streamlit.

Every text a report prints comes out of here (or `summary`) as a finished Dutch string, so
a suppressed count never travels further than this module as a number."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import (
    catalogue,
    deadlines,
    definitions,
    figures,
    fmt,
    indicators,
    ingest,
    overview,
    register,
    registers,
)
from dashboard.figures import Scope
from dashboard.periods import Period, month_of, months_text, names_list, parse_period
from dashboard.reports.errors import GeenGegevens

__all__ = ["GeenGegevens", "names_list"]  # the reports word lists of names with it; GeenGegevens lives in reports.errors

KINDS = ("wachtlijst", "gestart", "personeel", "caseload", "doorlooptijden")
KIND_LABELS = {
    "wachtlijst": "wachtlijst",
    "gestart": "gestart",
    "personeel": "personeel",
    "caseload": "caseload",
    "doorlooptijden": "doorlooptijden",
}

STATUS_WORDS = {k: definitions.rag_text(k) for k in definitions.RAG_WORDS}  # as on the Aanbevelingen page
REGISTER_STATUS = {k: v.split(" (")[0] for k, v in register.STATUS_LABELS.items()}
NOT_DELIVERED, DASH = catalogue.NOT_DELIVERED, catalogue.DASH


# --------------------------------------------------------------------------------------
# Scope and periods
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What a report is about: one period, its comparison periods, the providers, whose
    register measures it counts and on which date."""

    db: Path
    period: Period
    providers: tuple[str, ...]
    chosen: bool  # providers chosen explicitly (else: all, with the municipality's measures)
    today: date
    # The register addressees (None: every measure, the municipality's own included) and
    # the date the register is read on (None: the period's end, or today if earlier).
    adressaten: tuple[str, ...] | None = None
    register_op: date | None = None

    @property
    def previous(self) -> Period:
        return self.period.previous()

    @property
    def year_earlier(self) -> Period:
        return self.period.year_earlier()

    @property
    def three(self) -> tuple[Period, Period, Period]:
        return (self.period, self.previous, self.year_earlier)

    def on(self, p: Period | None = None) -> date:
        """The date a status is judged on: for the report's period the register date chosen
        (default its end, or today if that is earlier); for another period its end."""
        if p is None and self.register_op is not None:
            return self.register_op
        return min((p or self.period).end, self.today)

    @property
    def addressees(self) -> list[str] | None:
        return None if self.adressaten is None else list(self.adressaten)


def basis(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> Basis:
    """`adressaten` None: with all providers, every measure (the municipality's own too);
    with some providers chosen, the measures addressed to them."""
    p = period if isinstance(period, Period) else parse_period(str(period))
    known = registers.provider_codes()
    chosen = tuple(x for x in known if providers and x in providers)
    unknown = [x for x in (providers or []) if x not in known]
    if unknown:
        raise ValueError(f"onbekende aanbieder {', '.join(unknown)}; bekend zijn: {', '.join(known)}")
    if adressaten is None and chosen and set(chosen) != set(known):
        adressaten = chosen
    return Basis(
        Path(db), p, chosen or known, bool(providers), today or date.today(), None if adressaten is None else tuple(adressaten), register_op
    )


def months_until(p: Period, n: int) -> list[Period]:
    """The `n` months ending with the last month of `p`, oldest first."""
    last = parse_period(p.months[-1])
    return [last.shift(-k) for k in range(n - 1, -1, -1)]


def short_month(p: Period) -> str:
    """`jun 2024`."""
    return parse_period(p.months[-1]).short() if p.is_quarter else p.short()


def short_period(p: Period) -> str:
    """`jun 2024` or `2e kw. 2024`: for column headers."""
    return p.short()


def period_word(p: Period) -> str:
    """`juni 2024` / `het 2e kwartaal 2024`."""
    return p.phrase()


# --------------------------------------------------------------------------------------
# Cells: figures as they may be shown
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A figure for one provider in the three periods of a report, ready to print."""

    key: str
    label: str
    unit: str
    provider: str
    texts: tuple[str, str, str]  # now, previous period, year earlier
    values: tuple[float | None, float | None, float | None]
    change_previous: str
    change_year: str
    norm: str  # `14,5 per fte` / `signaalwaarde 20%` / ''
    status: str  # `▲ boven norm` / ''
    status_word: str | None
    note: str = ""
    mark: str = ""  # why the figure of the period is not shown (catalogue.Shown.mark)

    @property
    def delivered(self) -> bool:
        return self.mark not in (NOT_DELIVERED, catalogue.NOT_OWED)

    def as_dict(self) -> dict:
        return {
            "sleutel": self.key,
            "label": self.label,
            "eenheid": self.unit,
            "aanbieder": self.provider,
            "nu": self.texts[0],
            "vorige": self.texts[1],
            "vorig_jaar": self.texts[2],
            "verschil_vorige": self.change_previous,
            "verschil_jaar": self.change_year,
            "norm": self.norm,
            "status": self.status,
            "opmerking": self.note,
        }


class Figures:
    """The figures of a report's three periods, read through the catalogue exactly as the
    dashboard's Overzicht reads them; the headline figures and their summary from
    `overview.build`."""

    def __init__(self, b: Basis):
        self.b = b
        self.ov = overview.build(b.db, b.period, list(b.providers), b.today, b.addressees, b.on())
        self.frames = catalogue.frames_for(b.db, b.period, b.providers, b.today)

    @property
    def demo(self) -> bool:
        return self.ov.demo or self.frames.demo

    @property
    def has_data(self) -> bool:
        return any(self.frames.has(self.b.period, p, k) for p in self.b.providers for k in KINDS)

    def delivered(self, provider: str, kind: str, periods: Iterable[Period] | None = None) -> bool:
        return any(self.frames.has(p, provider, kind) for p in (periods or self.b.three))

    def row(self, key: str, provider: str) -> Row:
        f = catalogue.figure(self.frames, key, self.b.period, provider)
        m = f.metric
        norm = f"{f.norm_kind} {f.norm_text}".strip() if f.norm is not None else ""
        return Row(
            key,
            m.label,
            m.unit,
            provider,
            (f.now.text, f.previous.text, f.year.text),
            (f.now.value, f.previous.value, f.year.value),
            f.change_previous[1],
            f.change_year[1],
            norm,
            f.status_text,
            f.status,
            f.now.note,
            f.now.mark,
        )

    def headline_rows(self) -> list[dict]:
        return self.ov.kerncijfers.to_dicts()


# --------------------------------------------------------------------------------------
# Monthly series for the trend charts (suppressed points left out)
# --------------------------------------------------------------------------------------


@dataclass
class Series:
    points: list[dict]  # maand (ISO date of the month's first day), aanbieder, waarde
    reference: list[dict]  # maand, waarde, label: a norm or signal value line
    omitted: list[str]  # `Enver mrt 2024` for points left out because of small numbers
    missing: list[str]  # points without a delivery
    annualised: dict[str, list[Period]] = field(default_factory=dict)  # turnover on < 12 months, per provider
    hidden: list[dict] = field(default_factory=list)  # maand, aanbieder, tekst ('<5'): marked in the chart where the point would be

    def annualised_note(self) -> str:
        """`Verloop over minder dan 12 maanden, omgerekend naar een jaar: JBRR t/m nov 2023.`"""
        if not self.annualised:
            return ""
        ends = {p: short_month(max(ms)) for p, ms in self.annualised.items()}
        if len(set(ends.values())) == 1:
            return f"T/m {next(iter(ends.values()))}: minder dan 12 maanden gegevens, omgerekend naar een jaar."
        parts = [f"{p} t/m {end}" for p, end in ends.items()]
        return f"Minder dan 12 maanden gegevens, omgerekend naar een jaar: {', '.join(parts)}."


def _waiting_point(series: Series, fr: catalogue.Frames, m: Period, p: str) -> None:
    """A month's waiting as the catalogue shows it: a small count is not drawn, but marked
    where it would be (and named in the chart's note)."""
    shown = catalogue.read(fr, "wachtlijst.wachtenden", m, p)
    if shown.suppressed:
        series.omitted.append(f"{registers.short_name(p)} {short_month(m)}")
        series.hidden.append({"maand": m.start.isoformat(), "aanbieder": p, "tekst": shown.mark})
    elif shown.value is not None:
        series.points.append({"maand": m.start.isoformat(), "aanbieder": p, "waarde": int(shown.value)})


def trends(b: Basis, months: Sequence[Period]) -> dict[str, Series]:
    """Waiting (count of young people, suppressed), caseload against its norm, and staff
    turnover (12 months) per provider and month."""
    fr = catalogue.Frames.load(b.db, Scope.of(list(months), b.providers, b.today), waiting_on=False)
    out = {"wachtenden": Series([], [], [], []), "caseload": Series([], [], [], []), "verloop": Series([], [], [], [])}
    signal = definitions.metric("personeel.verloop_12m_pct").signal
    for m in months:
        day = m.start.isoformat()
        for p in b.providers:
            if fr.has(m, p, "wachtlijst"):
                _waiting_point(out["wachtenden"], fr, m, p)
            if fr.has(m, p, "caseload"):
                c = fr.row("caseload", m, p, niveau="aanbieder")
                if c and c["caseload"] is not None:
                    out["caseload"].points.append({"maand": day, "aanbieder": p, "waarde": c["caseload"]})
                    if c["norm"] is not None:
                        out["caseload"].reference.append({"maand": day, "waarde": c["norm"], "label": f"norm {registers.short_name(p)}"})
            if fr.has(m, p, "personeel"):
                s = fr.row("personeel", m, p, niveau="aanbieder")
                if s and s["verloop_12m_pct"] is not None:
                    out["verloop"].points.append({"maand": day, "aanbieder": p, "waarde": s["verloop_12m_pct"]})
                    if s["verloop_geannualiseerd"]:
                        out["verloop"].annualised.setdefault(p, []).append(m)
        if signal and signal.norm is not None:
            out["verloop"].reference.append({"maand": day, "waarde": signal.norm, "label": f"signaalwaarde {fmt.number(signal.norm, 0)}%"})
    return out


# --------------------------------------------------------------------------------------
# Recommendations register
# --------------------------------------------------------------------------------------


def _indicator_text(r: dict) -> str:
    """`wachtenden ≤ 0 vóór 01-07-2024; stand jun 2024: 0 (gehaald)`, with the value
    suppressed as everywhere: a count of young people 1–4 as `<5`, a percentage or median
    over fewer than 5 young people left out."""
    if not r["cijfer"]:
        return ""
    fig = indicators.CATALOG[r["cijfer"]]
    sign = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "="}[r["vergelijking"]]
    pct = fig.column.endswith("_pct")
    target = fmt.number(r["doel"], 0 if float(r["doel"]).is_integer() else 1) + ("%" if pct else "")
    what = fig.label.split(" (")[0].lower() if not fig.label.startswith("MDO") else fig.label.split(" (")[0]
    product = registers.product_name(r["indicator_aanbieder"], r["indicator_product"]).lower() if r["indicator_product"] else None
    where = " ".join(
        x for x in (registers.short_name(r["indicator_aanbieder"]) if r["indicator_aanbieder"] else None, product, r["indicator_team"]) if x
    )
    text = f"{what} {where}: {sign} {target} vóór {fmt.day(r['doeldatum'])}"
    value = r["indicator_waarde"]
    if value is None or r["indicator_maand"] is None:
        return f"{text}; {r['oordeel'] or 'geen gegevens'}"
    month = parse_period(month_of(r["indicator_maand"]))
    shown = catalogue.shown_value(fig.definition, value, r["indicator_basis"]).text
    return f"{text}; stand {short_month(month)}: {shown} ({r['oordeel']})"


@dataclass(frozen=True)
class Register:
    """The register as it stood on one date: every measure ready to print, and the counts
    of `register.summary` (None when the register is empty), from one read."""

    maatregelen: list[dict]
    telling: dict | None

    @property
    def off_track(self) -> list[dict]:
        """Measures that are overdue or off target (te_laat, or rag rood)."""
        return [m for m in self.maatregelen if m["te_laat"] or m["rag"] == "rood"]

    def line(self, on: date) -> str:
        c = self.telling
        if not c:
            return ""
        per = [f"{n} {REGISTER_STATUS[k]}" for k, n in c["per_status"].items() if n]
        return f"{c['maatregelen']} maatregelen in het register: {', '.join(per)}; {c['te_laat']} te laat (stand op {fmt.day(on)})."


def register_on(b: Basis, on: date | None = None, detail: bool = True) -> Register:
    """`detail` False: the counts and statuses only, without wording the linked indicators."""
    on = on or b.on()
    frame = register.measures(b.db, on, b.addressees)
    out = []
    for r in frame.iter_rows(named=True):
        reasons = []
        if r["te_laat"]:
            reasons.append(f"deadline {fmt.day(r['deadline'])} verstreken")
        if r["oordeel"] == "niet gehaald":
            reasons.append("doel van de indicator niet gehaald")
        out.append(
            {
                "id": r["id"],
                "adressaat": r["adressaat"],
                "omschrijving": r["omschrijving"],
                "eigenaar": r["eigenaar"],
                "deadline": fmt.day(r["deadline"]),
                "status": REGISTER_STATUS.get(r["status"], r["status"]),
                "status_sinds": fmt.day(r["status_datum"]) if r["status_datum"] else "",
                "te_laat": bool(r["te_laat"]),
                "rag": r["rag"],
                "oordeel_tekst": STATUS_WORDS.get(r["rag"], r["rag"]),
                "indicator": _indicator_text(r) if detail else "",
                "waarom": "; ".join(reasons),
                "rapport": f"{r['instantie']}, {r['rapport']}" if r["instantie"] else r["rapport"],
                "aanbeveling": r["nummer"],
            }
        )
    # The counts exactly as `register.summary` (kerncijfers) makes them, from the same frame.
    counts = None
    if frame.height:
        per = dict(frame.group_by("status").len().iter_rows())
        counts = {
            "maatregelen": frame.height,
            "per_status": {s: int(per.get(s, 0)) for s in register.STATUSES},
            "te_laat": int(frame["te_laat"].sum()),
        }
    return Register(out, counts)


# --------------------------------------------------------------------------------------
# Deliveries and data quality
# --------------------------------------------------------------------------------------

_LOGS: dict[tuple, pl.DataFrame] = {}


def delivery_log(b: Basis) -> pl.DataFrame:
    """`figures.aanleveringen`, read once per report (keyed on the database file's state)."""
    stat = b.db.stat() if b.db.exists() else None
    key = (str(b.db), b.providers, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if key not in _LOGS:
        _LOGS.clear()
        _LOGS[key] = figures.aanleveringen(b.db, list(b.providers))
    return _LOGS[key]


def _overlaps(label: str | None, p: Period) -> bool:
    if not label:
        return False
    try:
        q = parse_period(label)
    except ValueError:
        return False
    return q.start <= p.end and q.end >= p.start


def deliveries(b: Basis, p: Period) -> list[dict]:
    """The deliveries the figures of `p` rest on (current ones) and those they replaced."""
    log = delivery_log(b)
    order = {p: i for i, p in enumerate(b.providers)}
    rows = []
    for r in sorted(log.iter_rows(named=True), key=lambda r: (order.get(r["aanbieder"], 99), r["soort"], r["periode"], r["ontvangen_op"])):
        if not _overlaps(r["periode"], p):
            continue
        if r["status"] == "vervangen":
            note = f"vervangen door aanlevering {r['vervangen_door']}" if r["vervangen_door"] else "vervangen"
        elif r["vervangt"]:
            note = "correctie: " + (r["wijzigingen"] or f"vervangt aanlevering {r['vervangt']}")
        else:
            note = ""
        warnings = json.loads(r["waarschuwingen"] or "[]")
        if warnings:
            note = (note + "; " if note else "") + f"{len(warnings)} waarschuwing(en)"
        rows.append(
            {
                "id": r["id"],
                "aanbieder": registers.short_name(r["aanbieder"]),
                "code": r["aanbieder"],
                "soort": r["soort"],
                "periode": short_period(parse_period(r["periode"])),
                "bestand": r["bestand"],
                "ontvangen": fmt.day(r["ontvangen_op"]),
                "ontvangen_op": r["ontvangen_op"],
                "periode_label": r["periode"],
                "rijen": fmt.number(r["rijen"], 0),
                "status": r["status"],
                "opmerking": note,
                "demo": bool(r["demo"]),
                "waarschuwingen": warnings,
            }
        )
    return rows


def deliveries_summary(rows: list[dict]) -> list[dict]:
    """One line per provider and kind: how many files, received when, corrections."""
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        s = out.setdefault(
            (r["aanbieder"], r["soort"]), {"aanbieder": r["aanbieder"], "soort": r["soort"], "bestanden": 0, "vervangen": 0, "data": []}
        )
        if r["status"] == "vervangen":
            s["vervangen"] += 1
        else:
            s["bestanden"] += 1
            s["data"].append(r["ontvangen_op"])
    lines = []
    for s in out.values():
        first, last = (min(s["data"]), max(s["data"])) if s["data"] else (None, None)
        when = (
            ""
            if first is None or last is None
            else fmt.day(first)
            if first.date() == last.date()
            else f"{fmt.day(first)} t/m {fmt.day(last)}"
        )
        lines.append(
            {
                "aanbieder": s["aanbieder"],
                "soort": s["soort"],
                "bestanden": str(s["bestanden"]),
                "ontvangen": when,
                "correcties": str(s["vervangen"]) if s["vervangen"] else "geen",
            }
        )
    return lines


def start(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None,
    today: date | None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> tuple[Basis, Figures, Register]:
    """What every report starts from: the period and providers, their figures and the
    register (see `basis`). GeenGegevens when the period has no figures at all."""
    b = basis(db, period, providers, today, adressaten, register_op)
    fig = Figures(b)
    if not fig.has_data:
        raise GeenGegevens(f"geen gegevens voor {b.period.display()}")
    return b, fig, register_on(b)


def missing(b: Basis, periods: Sequence[Period]) -> list[dict]:
    """Deliveries expected but absent, per provider and kind, with the months they lack:
    expected from what the provider delivered before (`figures.verwachte_aanleveringen`,
    as on the Aanleveringen page), and a kind the data contract asks for but the provider
    never delivered while it did deliver other kinds for that month."""
    months = sorted({parse_period(m) for p in periods for m in p.months})
    scope = Scope.of(months, b.providers, b.today)
    lacking: dict[tuple[str, str], set[Period]] = {}
    reason: dict[tuple[str, str], str] = {}
    expected = figures.verwachte_aanleveringen(b.db, scope)
    for r in expected.filter(pl.col("maanden_geleverd") < pl.col("maanden_verwacht")).iter_rows(named=True):
        key = (r["aanbieder"], r["soort"])
        lacking.setdefault(key, set()).add(parse_period(r["periode"]))
        reason[key] = "per kwartaal" if r["per_kwartaal"] else "per maand"
    ever = {(r["aanbieder"], r["soort"]) for r in delivery_log(b).select("aanbieder", "soort").unique().iter_rows(named=True)}
    delivered = figures.geleverd(b.db, scope)
    for m in months:
        here = delivered.filter(pl.col("periode") == m.label)
        for p in b.providers:
            kinds = set(here.filter(pl.col("aanbieder") == p)["soort"].to_list())
            if not kinds:
                continue
            for k in registers.kinds_owed(p):
                if k not in kinds and (p, k) not in ever:
                    lacking.setdefault((p, k), set()).add(m)
                    reason[(p, k)] = "nooit aangeleverd; verplicht volgens de aanleverspecificatie"
    out = []
    for (p, k), ms in sorted(
        lacking.items(), key=lambda kv: (b.providers.index(kv[0][0]), KINDS.index(kv[0][1]) if kv[0][1] in KINDS else 99)
    ):
        when = months_text(sorted(ms))
        verb = "ontbreken" if " en " in when or ";" in when else "ontbreekt"
        out.append(
            {
                "aanbieder": p,
                "soort": k,
                "maanden": sorted(ms),
                "ritme": reason[(p, k)],
                "tekst": f"{registers.short_name(p)} {k}: {when} {verb} ({reason[(p, k)]}).",
            }
        )
    return out


def late(b: Basis, periods: Sequence[Period]) -> list[dict]:
    """Deliveries of `periods` whose first arrival came after their deadline (the register of
    delivery deadlines, `dashboard.deadlines`), one line per provider."""
    grouped: dict[str, list[deadlines.Due]] = {}
    for d in deadlines.late(b.db, b.providers, list(periods)):
        grouped.setdefault(d.provider, []).append(d)
    out = []
    for p, ds in ((p, grouped[p]) for p in b.providers if p in grouped):
        worst = max(ds, key=lambda d: (d.working_days_late or 0, d.period.start))
        kinds = sorted({d.kind for d in ds})
        out.append(
            {
                "aanbieder": p,
                "tekst": f"{registers.short_name(p)}: {len(ds)} aanlevering(en) te laat ontvangen ({', '.join(kinds)}); het "
                f"meest {worst.kind} {worst.period.display()}, ontvangen op {fmt.day(worst.received)}, "
                f"{fmt.number(worst.working_days_late, 0)} werkdag(en) na de termijn ({worst.file}).",
            }
        )
    return out


def rejected(b: Basis, p: Period) -> list[dict]:
    """Rejected files for the period (or whose period could not be read). Only the rules
    are shown, never the offending values: a rejected file may hold what must not be shown.
    A file whose provider could not be read belongs to nobody known: it is reported only
    when the report is about all providers (never in one provider's report)."""
    out = []
    for r in ingest.rejected(b.db, b.providers, unattributed=not b.chosen):
        if r.get("periode") and not _overlaps(r["periode"], p):
            continue
        rules = []
        for f in r.get("fouten", []):
            rule = (f"kolom '{f['kolom']}': " if f.get("kolom") else "") + str(f.get("regel", ""))
            if rule not in rules:
                rules.append(rule)
        when = datetime.fromisoformat(r["ontvangen_op"]) if r.get("ontvangen_op") else None
        who = registers.short_name(r["aanbieder"]) if r.get("aanbieder") else "?"
        out.append(
            {
                "bestand": r["bestand"],
                "aanbieder": who,
                "soort": r.get("soort") or "?",
                "periode": parse_period(r["periode"]).display() if r.get("periode") else "onbekend",
                "ontvangen": fmt.day(when),
                "fouten": fmt.number(r.get("aantal_fouten", 0), 0),
                "regels": "; ".join(rules[:3]) + (" …" if len(rules) > 3 else ""),
            }
        )
    return out


def quality(b: Basis, periods: Sequence[Period], demo: bool, delivered_rows: list[dict] | None = None) -> dict:
    """The data-quality remarks of a report: missing, late, corrected and rejected
    deliveries, and figures computed on less than a full year."""
    rows = delivered_rows if delivered_rows is not None else [r for p in periods for r in deliveries(b, p)]
    remarks: dict[str, Any] = {
        "ontbrekend": [m["tekst"] for m in missing(b, periods)],
        "te_laat": [],
        "correcties": [],
        "afgewezen": [],
        "waarschuwingen": [],
    }
    remarks["te_laat"] = [x["tekst"] for x in late(b, periods)]
    remarks["te_laat_toelichting"] = deadlines.rule_text() + (
        " Demodata: de ontvangstdatums van de demobestanden zijn verzonnen." if demo else ""
    )
    seen = set()
    for r in rows:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        if r["status"] != "vervangen" and r["opmerking"].startswith("correctie"):
            remarks["correcties"].append(f"{r['bestand']} (ontvangen {r['ontvangen']}): {r['opmerking'].removeprefix('correctie: ')}.")
        if r["waarschuwingen"]:
            remarks["waarschuwingen"].append(
                f"{r['bestand']}: {len(r['waarschuwingen'])} waarschuwing(en), bijvoorbeeld onbekende extra kolommen."
            )
    for p in periods:
        for x in rejected(b, p):
            line = (
                f"{x['bestand']} ({x['aanbieder']}, {x['soort']}, {x['periode']}), ontvangen {x['ontvangen']}: "
                f"afgewezen met {x['fouten']} fout(en): {x['regels']}."
            )
            if line not in remarks["afgewezen"]:
                remarks["afgewezen"].append(line)
    remarks["aantal"] = sum(len(v) for k, v in remarks.items() if isinstance(v, list))
    return remarks


# --------------------------------------------------------------------------------------
# Texts shared by both reports
# --------------------------------------------------------------------------------------


def legend_text() -> list[str]:
    icons = definitions.STATUS_ICONS
    return [
        f"Status: {icons[definitions.OP_NORM]} op norm, {icons[definitions.LET_OP]} let op (dicht bij de norm), "
        f"{icons[definitions.BOVEN_NORM]} boven norm, {icons[definitions.ONDER_NORM]} onder norm. "
        "Een signaalwaarde is een drempel van het dashboard waar de gemeente (nog) geen norm heeft vastgesteld.",
        catalogue.marks_legend() + "; 'niet geleverd' = de aanbieder leverde dit bestand voor de periode niet aan.",
    ]


def short_legend() -> list[str]:
    i = definitions.STATUS_ICONS
    return [
        f"{i[definitions.OP_NORM]} op norm · {i[definitions.LET_OP]} let op (dicht bij de norm) · "
        f"{i[definitions.BOVEN_NORM]} boven norm · {i[definitions.ONDER_NORM]} onder norm. "
        "Signaalwaarde: drempel van het dashboard waar (nog) geen vastgestelde norm is.",
        catalogue.marks_legend(quoted=False, sep=" · ") + ".",
    ]


def generated_on(today: date) -> str:
    return fmt.day(today)
