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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import (
    definitions,
    figures,
    fmt,
    indicators,
    ingest,
    overview,
    privacy,
    register,
    registers,
)
from dashboard.figures import Scope
from dashboard.periods import MAANDEN, Period, month_of, parse_period

KINDS = ("wachtlijst", "gestart", "personeel", "caseload", "doorlooptijden")
KIND_LABELS = {"wachtlijst": "wachtlijst", "gestart": "gestart", "personeel": "personeel",
               "caseload": "caseload", "doorlooptijden": "doorlooptijden"}
# The kinds every provider delivers under the data contract; `doorlooptijden` is asked of the
# certified institution (GI) only ("others may deliver").
REQUIRED_KINDS = ("wachtlijst", "gestart", "personeel", "caseload")
GI_KINDS = ("doorlooptijden",)
# The data contract sets no delivery deadline. The reports call a delivery late when it
# arrived more than this many days after the end of the month after its period (a signal
# value of the reports, to be confirmed by the municipality).
LATE_AFTER = "binnen een maand na afloop van de periode"

STATUS_WORDS = {"rood": "✗ uit koers", "oranje": "! aandacht", "groen": "✓ op koers", "n.v.t.": "– n.v.t."}
REGISTER_STATUS = {k: v.split(" (")[0] for k, v in register.STATUS_LABELS.items()}
NOT_DELIVERED = overview.NOT_DELIVERED.text
DASH = "–"


class GeenGegevens(LookupError):
    """The chosen period has no delivered figures at all: there is nothing to report."""


# --------------------------------------------------------------------------------------
# Scope and periods
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Basis:
    """What a report is about: one period, its comparison periods, the providers."""

    db: Path
    period: Period
    providers: tuple[str, ...]
    chosen: bool  # providers chosen explicitly (else: all, with the municipality's measures)
    today: date

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
        """The date a status is judged on: the period's end, or today if that is earlier."""
        return min((p or self.period).end, self.today)

    @property
    def addressees(self) -> list[str] | None:
        return list(self.providers) if self.chosen else None


def basis(db: Path | str, period: Period | str, providers: Sequence[str] | None = None,
          today: date | None = None) -> Basis:
    p = period if isinstance(period, Period) else parse_period(str(period))
    known = registers.provider_codes()
    chosen = tuple(x for x in known if providers and x in providers)
    unknown = [x for x in (providers or []) if x not in known]
    if unknown:
        raise ValueError(f"onbekende aanbieder {', '.join(unknown)}; bekend zijn: {', '.join(known)}")
    return Basis(Path(db), p, chosen or known, bool(providers), today or date.today())


def months_until(p: Period, n: int) -> list[Period]:
    """The `n` months ending with the last month of `p`, oldest first."""
    last = parse_period(p.months[-1])
    return [last.shift(-k) for k in range(n - 1, -1, -1)]


def short_month(p: Period) -> str:
    """`jun 2024`."""
    return f"{MAANDEN[p.start.month - 1][:3]} {p.start.year}"


def short_period(p: Period) -> str:
    """`jun 2024` or `2e kw. 2024`: for column headers."""
    return f"{p.label[-1]}e kw. {p.start.year}" if p.is_quarter else short_month(p)


def names_list(items: Sequence[str]) -> str:
    """`JBRR, ENVER en WIJKTEAMS`."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def period_word(p: Period) -> str:
    """`juni 2024` / `het 2e kwartaal 2024`."""
    return f"het {p.display()}" if p.is_quarter else p.display()


def months_text(months: Sequence[Period]) -> str:
    """`april, mei en juni 2024`, or `2e kwartaal 2024` when a whole quarter."""
    months = sorted(months)
    if len(months) == 3 and months[0].start.month % 3 == 1 and len({m.start.year for m in months}) == 1 \
            and months[2].start.month == months[0].start.month + 2:
        return months[0].quarter().display()
    by_year: dict[int, list[str]] = {}
    for m in months:
        by_year.setdefault(m.start.year, []).append(MAANDEN[m.start.month - 1])
    return "; ".join(f"{names_list(ms)} {y}" for y, ms in by_year.items())


# --------------------------------------------------------------------------------------
# Cells: figures as they may be shown
# --------------------------------------------------------------------------------------

@dataclass
class Frames:
    """The figures of a set of periods, fetched once per mart."""

    delivered: set[tuple[str, str, str]]
    demo: bool
    wachtlijst: pl.DataFrame
    gestart: pl.DataFrame
    personeel: pl.DataFrame
    caseload: pl.DataFrame
    doorlooptijden: pl.DataFrame

    @classmethod
    def load(cls, b: Basis, periods: Sequence[Period]) -> Frames:
        scope = Scope.of(list(periods), b.providers, b.today)
        geleverd = figures.geleverd(b.db, scope)
        return cls(
            delivered={(r["periode"], r["aanbieder"], r["soort"]) for r in geleverd.iter_rows(named=True)},
            demo=bool(geleverd["demo"].any()) if geleverd.height else False,
            wachtlijst=figures.wachtlijst(b.db, scope), gestart=figures.gestart(b.db, scope),
            personeel=figures.personeel(b.db, scope), caseload=figures.caseload(b.db, scope),
            doorlooptijden=figures.doorlooptijden(b.db, scope))

    def has(self, period: Period, provider: str, kind: str) -> bool:
        return (period.label, provider, kind) in self.delivered

    def row(self, name: str, period: Period, provider: str, **where: Any) -> dict | None:
        df = getattr(self, name).filter((pl.col("periode") == period.label) & (pl.col("aanbieder") == provider))
        for k, v in where.items():
            df = df.filter(pl.col(k) == v)
        return df.row(0, named=True) if df.height else None


@dataclass(frozen=True)
class Cell:
    value: float | None  # None when not shown
    text: str
    note: str = ""


@dataclass(frozen=True)
class Reader:
    """How to read one figure that `overview` does not give: mart, column, the count of
    young people it rests on (suppressed below the threshold), decimals, and level."""

    kind: str
    column: str
    base: str | None = None  # column with the number of young people underneath
    digits: int = 1
    pct: bool = False
    count: bool = False  # the figure is itself a count of young people
    where: tuple[tuple[str, str], ...] = ()


READERS: dict[str, Reader] = {
    "wachtlijst.p90_wachttijd_weken": Reader("wachtlijst", "p90_wachttijd_weken", "wachtenden"),
    "wachtlijst.met_overbrugging_pct": Reader("wachtlijst", "met_overbrugging_pct", "wachtenden", pct=True),
    "gestart.aantal": Reader("gestart", "aantal", digits=0, count=True),
    "gestart.mediaan_gerealiseerde_wachttijd_dagen": Reader("gestart", "mediaan_gerealiseerde_wachttijd_dagen",
                                                            "aantal"),
    "gestart.binnen_norm_pct": Reader("gestart", "binnen_norm_pct", "aantal", pct=True),
    **{f"personeel.{c}": Reader("personeel", c, digits=d, pct=c.endswith("_pct"), where=(("niveau", "aanbieder"),))
       for c, d in (("bezetting_fte", 1), ("bezetting_personen", 0), ("inhuur_pct", 1), ("verzuim_pct", 1),
                    ("skj_pct", 1))},
    **{f"caseload.{c}": Reader("caseload", c, digits=d, pct=c.endswith("_pct"), where=(("niveau", "aanbieder"),))
       for c, d in (("casussen", 0), ("casushouders_fte", 1), ("norm", 1), ("contact_3m_pct", 1))},
}


def read(fr: Frames, key: str, period: Period, provider: str) -> Cell:
    """One figure for one provider and period, as it may be shown."""
    r = READERS[key]
    if not fr.has(period, provider, r.kind):
        return Cell(None, NOT_DELIVERED)
    row = fr.row(r.kind, period, provider, **dict(r.where))
    if row is None and r.kind == "gestart":
        row = {"aantal": 0, r.column: 0 if r.column == "aantal" else None}
    if row is None or row.get(r.column) is None:
        return Cell(None, DASH)
    value = row[r.column]
    if r.count:
        shown = privacy.count(int(value))
        return Cell(shown if isinstance(shown, int) else None, fmt.number(shown, 0))
    if r.base is not None:
        value = privacy.figure(value, row[r.base])
        if value is None:
            return Cell(None, DASH)
    return Cell(value, fmt.pct(value, r.digits) if r.pct else fmt.number(value, r.digits))


def change(now: float | None, before: float | None, digits: int, pct: bool) -> str:
    """`+3`, `−0,5 %‑punt`, `±0` (as the dashboard's Overzicht); `–` when either is not shown."""
    if now is None or before is None:
        return DASH
    d = now - before
    text = fmt.number(abs(d), digits)
    nonzero = bool(text.strip("0,."))
    sign = "+" if d > 0 and nonzero else "−" if d < 0 and nonzero else "±"
    return f"{sign}{text}" + ("\u00a0%\u2011punt" if pct else "")


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

    @property
    def delivered(self) -> bool:
        return self.texts[0] != NOT_DELIVERED

    def as_dict(self) -> dict:
        return {"sleutel": self.key, "label": self.label, "eenheid": self.unit, "aanbieder": self.provider,
                "nu": self.texts[0], "vorige": self.texts[1], "vorig_jaar": self.texts[2],
                "verschil_vorige": self.change_previous, "verschil_jaar": self.change_year,
                "norm": self.norm, "status": self.status, "opmerking": self.note}


class Figures:
    """The figures of a report's three periods: the headline figures from `overview.build`
    (exactly the dashboard's Overzicht), everything else read here from the same marts."""

    def __init__(self, b: Basis):
        self.b = b
        self.ov = overview.build(b.db, b.period, list(b.providers), b.today)
        self.frames = Frames.load(b, b.three)
        self._headline = {(r["indicator"], r["aanbieder"]): r for r in self.ov.kerncijfers.iter_rows(named=True)}

    @property
    def demo(self) -> bool:
        return self.ov.demo or self.frames.demo

    @property
    def has_data(self) -> bool:
        return any(self.frames.has(self.b.period, p, k) for p in self.b.providers for k in KINDS)

    def delivered(self, provider: str, kind: str, periods: Iterable[Period] | None = None) -> bool:
        return any(self.frames.has(p, provider, kind) for p in (periods or self.b.three))

    def row(self, key: str, provider: str) -> Row:
        m = definitions.metric(key)
        h = self._headline.get((key, provider))
        if h is not None:
            norm = f"{h['norm_soort']} {h['norm_weergave']}".strip() if h["norm_weergave"] else ""
            status = f"{h['status_icoon']} {h['status']}" if h["status"] else ""
            return Row(key, m.label, m.unit, provider, (h["weergave"], h["vorige_weergave"], h["vorig_jaar_weergave"]),
                       (h["waarde"], h["vorige"], h["vorig_jaar"]), h["verschil_vorige_weergave"],
                       h["verschil_jaar_weergave"], norm, status, h["status"], h["opmerking"])
        r = READERS[key]
        now, prev, year = (read(self.frames, key, p, provider) for p in self.b.three)
        status_word, norm = None, ""
        if m.signal is not None and m.signal.norm is not None:
            norm = f"signaalwaarde {fmt.number(m.signal.norm, 0 if m.signal.norm.is_integer() else 1)}" + \
                   ("%" if m.unit == "%" else f" {m.unit}")
            status_word = m.signal.status(now.value) if now.text != NOT_DELIVERED else None
        if key == "caseload.norm":
            norm = ""
        status = f"{definitions.STATUS_ICONS.get(status_word, '')} {status_word}" if status_word else ""
        return Row(key, m.label, m.unit, provider, (now.text, prev.text, year.text),
                   (now.value, prev.value, year.value), change(now.value, prev.value, r.digits, r.pct),
                   change(now.value, year.value, r.digits, r.pct), norm, status, status_word)

    def headline_rows(self) -> list[dict]:
        return self.ov.kerncijfers.to_dicts()


# --------------------------------------------------------------------------------------
# Monthly series for the trend charts (suppressed points left out)
# --------------------------------------------------------------------------------------

@dataclass
class Series:
    points: list[dict]  # maand (ISO date of the month's first day), aanbieder, waarde
    reference: list[dict]  # maand, waarde, label: a norm or signal value line
    omitted: list[str]  # `ENVER mrt 2024` for points left out because of small numbers
    missing: list[str]  # points without a delivery
    annualised: dict[str, list[Period]] = field(default_factory=dict)  # turnover on < 12 months, per provider

    def annualised_note(self) -> str:
        """`Verloop over minder dan 12 maanden, omgerekend naar een jaar: JBRR t/m nov 2023.`"""
        if not self.annualised:
            return ""
        ends = {p: short_month(max(ms)) for p, ms in self.annualised.items()}
        if len(set(ends.values())) == 1:
            return f"T/m {next(iter(ends.values()))}: minder dan 12 maanden gegevens, omgerekend naar een jaar."
        parts = [f"{p} t/m {end}" for p, end in ends.items()]
        return f"Minder dan 12 maanden gegevens, omgerekend naar een jaar: {', '.join(parts)}."


def trends(b: Basis, months: Sequence[Period]) -> dict[str, Series]:
    """Waiting (count of young people, suppressed), caseload against its norm, and staff
    turnover (12 months) per provider and month."""
    fr = Frames.load(b, months)
    t = privacy.threshold()
    out = {"wachtenden": Series([], [], [], []), "caseload": Series([], [], [], []),
           "verloop": Series([], [], [], [])}
    signal = definitions.metric("personeel.verloop_12m_pct").signal
    for m in months:
        day = m.start.isoformat()
        for p in b.providers:
            if fr.has(m, p, "wachtlijst"):
                w = fr.row("wachtlijst", m, p)
                n = w["wachtenden"] if w else 0
                if 0 < n < t:
                    out["wachtenden"].omitted.append(f"{p} {short_month(m)}")
                else:
                    out["wachtenden"].points.append({"maand": day, "aanbieder": p, "waarde": n})
            if fr.has(m, p, "caseload"):
                c = fr.row("caseload", m, p, niveau="aanbieder")
                if c and c["caseload"] is not None:
                    out["caseload"].points.append({"maand": day, "aanbieder": p, "waarde": c["caseload"]})
                    if c["norm"] is not None:
                        out["caseload"].reference.append({"maand": day, "waarde": c["norm"],
                                                          "label": f"norm {p}"})
            if fr.has(m, p, "personeel"):
                s = fr.row("personeel", m, p, niveau="aanbieder")
                if s and s["verloop_12m_pct"] is not None:
                    out["verloop"].points.append({"maand": day, "aanbieder": p, "waarde": s["verloop_12m_pct"]})
                    if s["verloop_geannualiseerd"]:
                        out["verloop"].annualised.setdefault(p, []).append(m)
        if signal and signal.norm is not None:
            out["verloop"].reference.append({"maand": day, "waarde": signal.norm,
                                             "label": f"signaalwaarde {fmt.number(signal.norm, 0)}%"})
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
    where = " ".join(x for x in (r["indicator_aanbieder"], r["indicator_product"], r["indicator_team"]) if x)
    text = f"{what} {where}: {sign} {target} vóór {fmt.day(r['doeldatum'])}"
    value = r["indicator_waarde"]
    if value is None or r["indicator_maand"] is None:
        return f"{text}; {r['oordeel'] or 'geen gegevens'}"
    month = parse_period(month_of(r["indicator_maand"]))
    value = indicators.shown(r["cijfer"], value, r["indicator_basis"])
    shown = DASH if value is None else fmt.number(value, 0 if fig.young_people else 1) + ("%" if pct else "")
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
        return (f"{c['maatregelen']} maatregelen in het register: {', '.join(per)}; {c['te_laat']} te laat "
                f"(stand op {fmt.day(on)}).")


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
        out.append({
            "id": r["id"], "adressaat": r["adressaat"], "omschrijving": r["omschrijving"],
            "eigenaar": r["eigenaar"], "deadline": fmt.day(r["deadline"]),
            "status": REGISTER_STATUS.get(r["status"], r["status"]),
            "status_sinds": fmt.day(r["status_datum"]) if r["status_datum"] else "",
            "te_laat": bool(r["te_laat"]), "rag": r["rag"], "oordeel_tekst": STATUS_WORDS.get(r["rag"], r["rag"]),
            "indicator": _indicator_text(r) if detail else "", "waarom": "; ".join(reasons),
            "rapport": f"{r['instantie']}, {r['rapport']}" if r["instantie"] else r["rapport"],
            "aanbeveling": r["nummer"],
        })
    # The counts exactly as `register.summary` (kerncijfers) makes them, from the same frame.
    counts = None
    if frame.height:
        per = dict(frame.group_by("status").len().iter_rows())
        counts = {"maatregelen": frame.height, "per_status": {s: int(per.get(s, 0)) for s in register.STATUSES},
                  "te_laat": int(frame["te_laat"].sum())}
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
    for r in sorted(log.iter_rows(named=True), key=lambda r: (order.get(r["aanbieder"], 99), r["soort"], r["periode"],
                                                              r["ontvangen_op"])):
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
        rows.append({"id": r["id"], "aanbieder": r["aanbieder"], "soort": r["soort"],
                     "periode": short_period(parse_period(r["periode"])), "bestand": r["bestand"],
                     "ontvangen": fmt.day(r["ontvangen_op"]), "ontvangen_op": r["ontvangen_op"],
                     "periode_label": r["periode"], "rijen": fmt.number(r["rijen"], 0), "status": r["status"],
                     "opmerking": note, "demo": bool(r["demo"]), "waarschuwingen": warnings})
    return rows


def deliveries_summary(rows: list[dict]) -> list[dict]:
    """One line per provider and kind: how many files, received when, corrections."""
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        s = out.setdefault((r["aanbieder"], r["soort"]), {"aanbieder": r["aanbieder"], "soort": r["soort"],
                                                          "bestanden": 0, "vervangen": 0, "data": []})
        if r["status"] == "vervangen":
            s["vervangen"] += 1
        else:
            s["bestanden"] += 1
            s["data"].append(r["ontvangen_op"])
    lines = []
    for s in out.values():
        first, last = (min(s["data"]), max(s["data"])) if s["data"] else (None, None)
        when = "" if first is None or last is None else fmt.day(first) if first.date() == last.date() else \
            f"{fmt.day(first)} t/m {fmt.day(last)}"
        lines.append({"aanbieder": s["aanbieder"], "soort": s["soort"], "bestanden": str(s["bestanden"]),
                      "ontvangen": when, "correcties": str(s["vervangen"]) if s["vervangen"] else "geen"})
    return lines


def _required(provider: str) -> tuple[str, ...]:
    kinds: tuple[str, ...] = REQUIRED_KINDS
    row = registers.providers().filter(pl.col("code") == provider)
    if row.height and "(GI)" in str(row["soort"][0]):
        kinds = kinds + GI_KINDS
    return kinds


def start(db: Path | str, period: Period | str, providers: Sequence[str] | None,
          today: date | None) -> tuple[Basis, Figures, Register]:
    """What every report starts from: the period and providers, their figures and the
    register on the period's end. GeenGegevens when the period has no figures at all."""
    b = basis(db, period, providers, today)
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
    ever = {(r["aanbieder"], r["soort"]) for r in
            delivery_log(b).select("aanbieder", "soort").unique().iter_rows(named=True)}
    delivered = figures.geleverd(b.db, scope)
    for m in months:
        here = delivered.filter(pl.col("periode") == m.label)
        for p in b.providers:
            kinds = set(here.filter(pl.col("aanbieder") == p)["soort"].to_list())
            if not kinds:
                continue
            for k in _required(p):
                if k not in kinds and (p, k) not in ever:
                    lacking.setdefault((p, k), set()).add(m)
                    reason[(p, k)] = "nooit aangeleverd; verplicht volgens de aanleverspecificatie"
    out = []
    for (p, k), ms in sorted(lacking.items(), key=lambda kv: (b.providers.index(kv[0][0]), KINDS.index(kv[0][1])
                                                           if kv[0][1] in KINDS else 99)):
        when = months_text(sorted(ms))
        verb = "ontbreken" if " en " in when or ";" in when else "ontbreekt"
        out.append({"aanbieder": p, "soort": k, "maanden": sorted(ms), "ritme": reason[(p, k)],
                    "tekst": f"{p} {k}: {when} {verb} ({reason[(p, k)]})."})
    return out


def deadline(label: str) -> date:
    """The last day a delivery for a period counts as on time (see LATE_AFTER)."""
    p = parse_period(label)
    after = p.end + timedelta(days=1)
    return parse_period(f"{after.year}-{after.month:02d}").end


def late(rows: list[dict]) -> list[dict]:
    """Current deliveries received after the deadline, one line per provider."""
    grouped: dict[str, list[dict]] = {}
    for r in rows:
        if r["status"] == "vervangen" or r["ontvangen_op"] is None:
            continue
        if r["ontvangen_op"].date() > deadline(r["periode_label"]):
            grouped.setdefault(r["aanbieder"], []).append(r)
    out = []
    for p, rs in grouped.items():
        worst = max(rs, key=lambda r: (r["ontvangen_op"].date() - deadline(r["periode_label"])).days)
        days = (worst["ontvangen_op"].date() - deadline(worst["periode_label"])).days
        kinds = sorted({r["soort"] for r in rs})
        out.append({"aanbieder": p,
                    "tekst": f"{p}: {len(rs)} bestand(en) te laat ontvangen ({', '.join(kinds)}); het laatste op "
                             f"{fmt.day(worst['ontvangen_op'])}, {fmt.number(days, 0)} dagen na de termijn "
                             f"({worst['bestand']})."})
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
        out.append({"bestand": r["bestand"], "aanbieder": r.get("aanbieder") or "?", "soort": r.get("soort") or "?",
                    "periode": parse_period(r["periode"]).display() if r.get("periode") else "onbekend",
                    "ontvangen": fmt.day(when), "fouten": fmt.number(r.get("aantal_fouten", 0), 0),
                    "regels": "; ".join(rules[:3]) + (" …" if len(rules) > 3 else "")})
    return out


def quality(b: Basis, periods: Sequence[Period], demo: bool, delivered_rows: list[dict] | None = None) -> dict:
    """The data-quality remarks of a report: missing, late, corrected and rejected
    deliveries, and figures computed on less than a full year."""
    rows = delivered_rows if delivered_rows is not None else [r for p in periods for r in deliveries(b, p)]
    remarks: dict[str, Any] = {"ontbrekend": [m["tekst"] for m in missing(b, periods)], "te_laat": [], "correcties": [],
               "afgewezen": [], "waarschuwingen": []}
    if demo:
        remarks["te_laat_toelichting"] = ("Demodata: de ontvangstdatum is de datum waarop de demobestanden zijn "
                                          "ingelezen, dus de tijdigheid is niet beoordeeld.")
    else:
        remarks["te_laat"] = [x["tekst"] for x in late(rows)]
        remarks["te_laat_toelichting"] = (f"Een aanlevering geldt als te laat als zij niet {LATE_AFTER} binnen "
                                          "was (signaalwaarde van de rapportage; de aanleverspecificatie noemt "
                                          "geen termijn).")
    seen = set()
    for r in rows:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        if r["status"] != "vervangen" and r["opmerking"].startswith("correctie"):
            remarks["correcties"].append(f"{r['bestand']} (ontvangen {r['ontvangen']}): "
                                         f"{r['opmerking'].removeprefix('correctie: ')}.")
        if r["waarschuwingen"]:
            remarks["waarschuwingen"].append(f"{r['bestand']}: {len(r['waarschuwingen'])} waarschuwing(en), "
                                             "bijvoorbeeld onbekende extra kolommen.")
    for p in periods:
        for x in rejected(b, p):
            line = (f"{x['bestand']} ({x['aanbieder']}, {x['soort']}, {x['periode']}), ontvangen {x['ontvangen']}: "
                    f"afgewezen met {x['fouten']} fout(en): {x['regels']}.")
            if line not in remarks["afgewezen"]:
                remarks["afgewezen"].append(line)
    remarks["aantal"] = sum(len(v) for k, v in remarks.items() if isinstance(v, list))
    return remarks


# --------------------------------------------------------------------------------------
# Texts shared by both reports
# --------------------------------------------------------------------------------------

def legend_text() -> list[str]:
    t = privacy.threshold()
    icons = definitions.STATUS_ICONS
    return [
        f"Status: {icons[definitions.OP_NORM]} op norm, {icons[definitions.LET_OP]} let op (dicht bij de norm), "
        f"{icons[definitions.BOVEN_NORM]} boven norm, {icons[definitions.ONDER_NORM]} onder norm. "
        "Een signaalwaarde is een drempel van het dashboard waar de gemeente (nog) geen norm heeft vastgesteld.",
        f"'<{t}' = 1 tot {t - 1} jeugdigen; 'x' = verborgen om een ander klein aantal te beschermen; "
        f"'{DASH}' = niet te berekenen of op minder dan {t} jeugdigen gebaseerd (niet getoond); "
        "'niet geleverd' = de aanbieder leverde dit bestand voor de periode niet aan.",
    ]


def short_legend() -> list[str]:
    t = privacy.threshold()
    i = definitions.STATUS_ICONS
    return [f"{i[definitions.OP_NORM]} op norm · {i[definitions.LET_OP]} let op (dicht bij de norm) · "
            f"{i[definitions.BOVEN_NORM]} boven norm · {i[definitions.ONDER_NORM]} onder norm. "
            "Signaalwaarde: drempel van het dashboard waar (nog) geen vastgestelde norm is.",
            f"<{t} = 1 tot {t - 1} jeugdigen · x = verborgen om een ander klein aantal te beschermen · "
            f"{DASH} = niet te berekenen, of op minder dan {t} jeugdigen gebaseerd."]


def generated_on(today: date) -> str:
    return fmt.day(today)
