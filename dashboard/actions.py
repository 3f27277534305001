"""Wat vraagt actie: one ranked list of everything off course in a period, for the regie
meeting, the Overzicht, the wethouderbriefing and a download.

Four kinds of item, each with its owner (a provider or the municipality), the register
measure linked to it if there is one, its deadline, how far off it is and for how long:

- a headline figure off its norm or signal value (`catalogue.figure`, status `boven norm`,
  `onder norm` or `let op`);
- the teams of a provider above the caseload norm (one item per team, or one item naming
  the highest when more than `TEAMS_NAMED` teams are above it);
- a register measure that is overdue or whose linked indicator missed its target (the
  register's `te_laat`, or red/amber/green `rood`);
- the iJw cross-check: the provider's `gestart` extract and the municipality's iJw message
  traffic disagree by more than the norm (`figures.ijw_kruiscontrole`, `bron_klopt_niet`).

Ranking (the metric dictionary is silent on it; a choice of this module): first what is
off the norm (▲/▼, te laat, achter op schema, bron klopt niet), then what is `let op`;
within each, by `score` = how far off (`afwijking`, a fraction of the norm, at most 1) +
how long already (`duur` in months, at most 12, divided by 12). How far off is, for a
figure, |value − norm| ÷ |norm| (1 when the norm is 0); for an overdue measure the days
past its deadline ÷ 365; for a measure whose indicator missed its target, the gap ÷ the
target; for the iJw cross-check, (|difference| − threshold) ÷ threshold. How long is, for a
figure, the consecutive periods up to this one it has been off (looked back at most a
year); for a measure, the months since its deadline (or its indicator's target date).

Plain data, no streamlit; figures only through `dashboard.catalogue`, so every value is
suppressed, rounded and judged as everywhere else (a figure not shown is never judged)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import catalogue, definitions, figures, fmt, indicators, register, registers
from dashboard.definitions import ACHTER_OP_SCHEMA as ACHTER
from dashboard.definitions import BOVEN_NORM, LET_OP, ONDER_NORM, Metric
from dashboard.definitions import BRON_KLOPT_NIET as BRON
from dashboard.figures import Scope
from dashboard.periods import Period
from dashboard.selection import Selection

FIGURE, TEAM, MEASURE, SOURCE = "cijfer", "team", "maatregel", "bron"
KIND_LABELS = {FIGURE: "cijfer", TEAM: "caseload per team", MEASURE: "maatregel", SOURCE: "bronnen"}
TEAMS_NAMED = 3
HISTORY_MONTHS, HISTORY_QUARTERS = 12, 4
SOURCE_PERIODS = 3  # the iJw cross-check: the chosen period and the two before it
MUNICIPALITY = "GEMEENTE"
OFF = (BOVEN_NORM, ONDER_NORM, LET_OP)

# The figures the list judges: every figure of the dictionary with a norm or signal value.
JUDGED: tuple[Metric, ...] = tuple(m for m in definitions.METRICS if m.signal is not None and m.column)


@dataclass(frozen=True)
class Measure:
    """A register measure as an action item refers to it."""

    id: str
    adressaat: str
    omschrijving: str
    deadline: date | None
    status: str  # Dutch: "in uitvoering"
    rag: str

    @property
    def text(self) -> str:
        late = f", {definitions.rag_text(self.rag)}" if self.rag in ("rood", "oranje") else ""
        return f"{self.omschrijving} ({registers.short_name(self.adressaat)}: {self.status}{late})"


@dataclass(frozen=True)
class Action:
    kind: str  # FIGURE, TEAM, MEASURE, SOURCE
    owner: str  # provider code or GEMEENTE
    what: str  # Dutch: the figure's label (with the team) or the measure's description
    value: str  # as shown: "4,3 weken", "in uitvoering"
    norm: str  # "norm 1 week", "signaalwaarde 20%", "deadline 31-12-2024"
    status: str  # "boven norm", "let op", "te laat", "achter op schema", "bron klopt niet"
    afwijking: float  # how far off, as a fraction of the norm (see the module's docstring)
    afwijking_text: str  # "3,3 weken boven de norm"
    duur: float  # how long already, in months
    sinds: str  # "sinds mei 2024 (8 maanden)"
    key: str = ""  # the metric key (FIGURE, TEAM)
    measures: tuple[Measure, ...] = field(default_factory=tuple)  # linked register measures
    deadline: date | None = None  # the measure's (or the linked measure's) deadline
    context: str = ""  # for a measure: the recommendation it answers
    ref: str = ""  # for a measure: its id in the register

    @property
    def owner_name(self) -> str:
        return registers.short_name(self.owner)

    @property
    def severe(self) -> bool:
        """Off the norm itself, not only in its 'let op' band."""
        return self.status != LET_OP

    @property
    def score(self) -> float:
        return min(self.afwijking, 1.0) + min(self.duur, 12.0) / 12.0

    @property
    def icon(self) -> str:
        return definitions.STATUS_ICONS.get(self.status, "!")

    @property
    def afwijking_short(self) -> str:
        """How far, in few words: `80,0 %-punt boven`, `275 dagen over de deadline`."""
        return self.afwijking_text.removesuffix(" de norm").removesuffix(" de signaalwaarde")

    @property
    def since_short(self) -> str:
        """How long, in few words: `nieuw`, `5 mnd`, `> 12 mnd`."""
        if self.kind in (FIGURE, TEAM) and self.sinds.startswith("al meer dan"):
            return f"> {int(self.duur) - 1} mnd"
        return "nieuw" if self.duur < 1 else f"{int(self.duur)} mnd"

    @property
    def measure_text(self) -> str:
        return "; ".join(m.text for m in self.measures) or self.context

    @property
    def deadline_text(self) -> str:
        return fmt.day(self.deadline) if self.deadline else "–"


@dataclass(frozen=True)
class Actielijst:
    period: Period
    providers: tuple[str, ...]
    on: date  # the register's date
    items: tuple[Action, ...]
    demo: bool = False

    def for_owner(self, owner: str) -> list[Action]:
        return [a for a in self.items if a.owner == owner]

    def table(self) -> pl.DataFrame:
        """The list as a download and a table: one row per item, in rank order, Dutch column
        names, numbers as numbers."""
        rows = [
            {
                "Rang": i,
                "Eigenaar": a.owner_name,
                "Soort": KIND_LABELS[a.kind],
                "Wat": a.what,
                "Waarde": a.value,
                "Norm": a.norm,
                "Status": a.status,
                "Hoe ver": a.afwijking_text,
                "Afwijking (% van de norm)": round(min(a.afwijking, 9.99) * 100, 1),
                "Hoe lang": a.sinds,
                "Maanden": round(a.duur, 1),
                "Maatregel of afspraak": a.measure_text or "geen",
                "Deadline": a.deadline,
            }
            for i, a in enumerate(self.items, 1)
        ]
        schema = {
            "Rang": pl.Int64,
            "Eigenaar": pl.String,
            "Soort": pl.String,
            "Wat": pl.String,
            "Waarde": pl.String,
            "Norm": pl.String,
            "Status": pl.String,
            "Hoe ver": pl.String,
            "Afwijking (% van de norm)": pl.Float64,
            "Hoe lang": pl.String,
            "Maanden": pl.Float64,
            "Maatregel of afspraak": pl.String,
            "Deadline": pl.Date,
        }
        return pl.DataFrame(rows, schema=schema)


# --- building ----------------------------------------------------------------------------


def for_selection(sel: Selection) -> Actielijst:
    """The list a viewer sees: the chosen providers within its scope, the register measures
    of the addressees it may see, as the register stands on the page's date."""
    assert sel.period is not None
    return build(sel.db, sel.period, sel.providers, sel.today, sel.addressees, sel.register_on)


def build(
    db: Path,
    period: Period,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
    frames: catalogue.Frames | None = None,
    measures: pl.DataFrame | None = None,
) -> Actielijst:
    """`adressaten` None: the municipality's measures and those of `providers`. `frames`
    (from `history_frames`) and `measures` (`register.measures`) when the caller has them."""
    today = today or date.today()
    chosen = tuple(providers) if providers is not None else registers.provider_codes()
    on = register_op or min(period.end, today)
    history = _history(period)
    frames = frames or history_frames(db, period, chosen, today)
    wanted = [MUNICIPALITY, *chosen] if adressaten is None else list(adressaten)
    if measures is None:
        measures = register.measures(db, on, wanted) if wanted else pl.DataFrame()
    linked = _links(measures)
    items: list[Action] = []
    for provider in chosen:
        items += _figure_items(frames, history, provider, linked)
        items += _team_items(frames, history, provider, linked)
    items += _source_items(db, period, chosen, today)
    items += _measure_items(measures, on)
    return Actielijst(period, chosen, on, tuple(rank(items)), frames.demo)


def history_frames(db: Path, period: Period, providers: Sequence[str], today: date) -> catalogue.Frames:
    """The figures of the period and a year before it (and what `catalogue.figure` compares
    each with): how long a figure has been off, and the course a sparkline draws."""
    history = _history(period)
    return catalogue.Frames.load(db, Scope.of(sorted(set(history) | {period.previous(), period.year_earlier()}), providers, today))


def history(period: Period) -> list[Period]:
    """The periods a sparkline draws, oldest first."""
    return list(reversed(_history(period)))


def rank(items: Sequence[Action]) -> list[Action]:
    order = {code: i for i, code in enumerate((MUNICIPALITY, *registers.provider_codes()))}
    return sorted(items, key=lambda a: (not a.severe, -round(a.score, 6), -a.afwijking, order.get(a.owner, 99), a.what))


def _history(period: Period) -> list[Period]:
    """The period and those before it, newest first: how far back "how long" looks."""
    n = HISTORY_QUARTERS if period.is_quarter else HISTORY_MONTHS
    return [period.shift(-k) for k in range(n + 1)]


def _months(p: Period) -> int:
    return 3 if p.is_quarter else 1


def _since(history: Sequence[Period], periods_off: int) -> tuple[float, str]:
    """How long a figure has been off: `periods_off` consecutive periods up to history[0]."""
    months = periods_off * _months(history[0])
    if periods_off >= len(history):
        return float(months), f"al meer dan {months - _months(history[0])} maanden"
    first = history[periods_off - 1]
    if periods_off == 1:
        return float(months), f"sinds {first.display()} (nieuw)"
    return float(months), f"sinds {first.display()} ({months} maanden)"


def _off(value: float, norm: float, m: Metric, norm_kind: str) -> tuple[float, str]:
    """How far a value is off its norm: the fraction of the norm, and in words."""
    far = abs(value - norm) / abs(norm) if norm else 1.0
    side = "boven" if value > norm else "onder"
    unit = " %-punt" if m.pct else (f" {m.unit}" if m.unit in ("weken", "per fte", "casussen") else "")
    digits = 0 if m.is_count or m.unit == "casussen" else m.digits
    kind = "de norm" if norm_kind == "norm" else "de signaalwaarde"
    return far, f"{fmt.number(abs(value - norm), digits)}{unit} {side} {kind}"


# --- figures -------------------------------------------------------------------------------

Links = dict[tuple[str, str, str | None], list[Measure]]  # (metric key, provider, team) -> measures


def _metric_of_indicator(cijfer: str) -> str | None:
    """The dictionary's figure an indicator of the register reads (same mart and column)."""
    ind = indicators.CATALOG.get(cijfer)
    if ind is None:
        return None
    for m in JUDGED:
        if m.kind == ind.mart and m.column == ind.column:
            if m.kind == "doorlooptijden" and dict(m.where).get("stap") != cijfer.removesuffix("_pct"):
                continue
            return m.key
    return None


def _measure(r: dict) -> Measure:
    return Measure(r["id"], r["adressaat"], r["omschrijving"], r["deadline"], register.STATUS_LABELS[r["status"]].split(" (")[0], r["rag"])


def _links(measures: pl.DataFrame) -> Links:
    out: Links = {}
    if measures.is_empty():
        return out
    for r in measures.filter(pl.col("cijfer").is_not_null() & (pl.col("status") != "vervallen")).iter_rows(named=True):
        key = _metric_of_indicator(r["cijfer"])
        if key:
            out.setdefault((key, r["indicator_aanbieder"], r["indicator_team"]), []).append(_measure(r))
    return out


def _deadline(ms: Sequence[Measure]) -> date | None:
    open_ = [m.deadline for m in ms if m.deadline and m.status not in ("gerealiseerd", "doorgewerkt")]
    return min(open_) if open_ else None


def _figure_items(fr: catalogue.Frames, history: list[Period], provider: str, linked: Links) -> list[Action]:
    out = []
    for m in JUDGED:
        if not registers.owes(provider, m.kind):
            continue
        f = catalogue.figure(fr, m, history[0], provider)
        if f.status not in OFF or f.now.value is None or f.norm is None:
            continue
        n = 1
        while n < len(history) and catalogue.figure(fr, m, history[n], provider).status in OFF:
            n += 1
        duur, sinds = _since(history, n)
        far, far_text = _off(f.now.value, f.norm, m, f.norm_kind)
        ms = tuple(linked.get((m.key, provider, None), ()))
        out.append(
            Action(
                FIGURE,
                provider,
                m.label,
                catalogue.with_unit(f.now.text, m.unit),
                f"{f.norm_kind} {f.norm_text}",
                f.status or "",
                far,
                far_text,
                duur,
                sinds,
                m.key,
                ms,
                _deadline(ms),
            )
        )
    return out


def _teams_above(fr: catalogue.Frames, p: Period, provider: str) -> pl.DataFrame:
    return (
        fr.marts["caseload"]
        .filter(
            (pl.col("periode") == p.label)
            & (pl.col("aanbieder") == provider)
            & (pl.col("niveau") == "team")
            & pl.col("boven_norm").fill_null(False)
        )
        .sort("caseload", "team", descending=[True, False])
    )


def _team_items(fr: catalogue.Frames, history: list[Period], provider: str, linked: Links) -> list[Action]:
    if not registers.owes(provider, "caseload") or not fr.has(history[0], provider, "caseload"):
        return []
    above = _teams_above(fr, history[0], provider)
    if above.is_empty():
        return []
    m = definitions.metric("caseload.caseload")
    before = [set(_teams_above(fr, p, provider)["team"].to_list()) for p in history[1:]]

    def periods_off(team: str) -> int:
        n = 1
        while n <= len(before) and team in before[n - 1]:
            n += 1
        return n

    teams = above.to_dicts()
    if len(teams) > TEAMS_NAMED:
        top = teams[:TEAMS_NAMED]
        names = "; ".join(f"{t['team']} {fmt.number(t['caseload'], 1)}" for t in top)
        duur, sinds = _since(history, max(periods_off(t["team"]) for t in teams))
        far, far_text = _off(top[0]["caseload"], top[0]["norm"], m, "norm")
        ms = tuple(x for (key, p, team), found in linked.items() if key == m.key and p == provider and team for x in found)
        what = f"Caseload: {len(teams)} teams boven de norm (hoogste: {names})"
        value = f"{fmt.number(top[0]['caseload'], 1)} per fte (hoogste)"
        return [
            Action(
                TEAM,
                provider,
                what,
                value,
                f"norm {fmt.number(top[0]['norm'], 1)} per fte",
                BOVEN_NORM,
                far,
                far_text,
                duur,
                sinds,
                m.key,
                ms,
                _deadline(ms),
            )
        ]
    out = []
    for t in teams:
        duur, sinds = _since(history, periods_off(t["team"]))
        far, far_text = _off(t["caseload"], t["norm"], m, "norm")
        ms = tuple(linked.get((m.key, provider, t["team"]), ()))
        out.append(
            Action(
                TEAM,
                provider,
                f"Caseload {t['team']}",
                f"{fmt.number(t['caseload'], 1)} per fte",
                f"norm {fmt.number(t['norm'], 1)} per fte",
                BOVEN_NORM,
                far,
                far_text,
                duur,
                sinds,
                m.key,
                ms,
                _deadline(ms),
            )
        )
    return out


# --- the iJw cross-check ---------------------------------------------------------------


def _source_items(db: Path, period: Period, providers: Sequence[str], today: date) -> list[Action]:
    periods = [period.shift(-k) for k in range(SOURCE_PERIODS)]
    check = figures.ijw_kruiscontrole(db, Scope.of(periods, providers, today))
    if check.is_empty():
        return []
    flagged = check.filter(pl.col("bron_klopt_niet").fill_null(False))
    out = []
    for provider in providers:
        rows = flagged.filter(pl.col("aanbieder") == provider).sort("periode", descending=True).to_dicts()
        if not rows:
            continue
        newest = rows[0]
        threshold = newest["drempel_pct"]
        diff = newest["verschil_met_extract_pct"]
        names = {p.label: p.display() for p in periods}
        when = ", ".join(f"{names[r['periode']]} {_signed(r['verschil_met_extract_pct'])}%" for r in rows)
        far = (abs(diff) - threshold) / threshold if threshold else 1.0
        out.append(
            Action(
                SOURCE,
                provider,
                "Starts in de iJw-berichten wijken af van de aanlevering gestart",
                f"{_signed(diff)}%",
                f"drempel {fmt.number(threshold, 0)}%",
                BRON,
                far,
                f"verschil {when}",
                float(len(rows) * _months(period)),
                f"in {len(rows)} van de laatste {SOURCE_PERIODS} perioden",
            )
        )
    return out


# --- register measures -----------------------------------------------------------------


def _answers(r: dict) -> str:
    """`bij aanbeveling 2a van de IGJ (rapport van 12-03-2024)`, short enough for a table
    cell (the report's full title is on the Aanbevelingen page); an agreement: `afspraak uit
    het regieoverleg van JBRR, 12-09-2024`."""
    if r.get("soort") == register.MEETING:
        return f"afspraak uit het regieoverleg van {r['rapport']}"
    short = re.search(r"\(([^()]+)\)\s*$", r["instantie"] or "")
    who = f"de {short.group(1)}" if short else (r["instantie"] or "")
    when = f" (rapport van {fmt.day(r['rapport_datum'])})" if r.get("rapport_datum") else ""
    source = f"{who}{when}" if who else (r["rapport"] or "")
    return f"bij aanbeveling {r['nummer']} van {source}" if r["nummer"] else f"bij {source}"


def _signed(x: float) -> str:
    return fmt.number(x, 1).replace("-", "\u2212")


def _measure_items(measures: pl.DataFrame, on: date) -> list[Action]:
    if measures.is_empty():
        return []
    out = []
    for r in measures.filter(pl.col("te_laat").fill_null(False) | (pl.col("rag") == "rood")).iter_rows(named=True):
        me = _measure(r)
        if r["te_laat"]:
            days = (on - r["deadline"]).days
            far, far_text = days / 365, f"{days} dagen over de deadline"
            duur, status = days / 30.44, definitions.TE_LAAT
            sinds = f"sinds {fmt.day(r['deadline'])}"
        else:  # the indicator missed its target date
            target, value = r["doel"], r["indicator_waarde"]
            shown = indicators.shown(r["cijfer"], value, r["indicator_basis"])
            far = abs(value - target) / abs(target) if target and isinstance(shown, (int, float)) else 1.0
            far_text = "doel van de indicator niet gehaald"
            days = (on - r["doeldatum"]).days
            duur, status, sinds = days / 30.44, ACHTER, f"doel gold vanaf {fmt.day(r['doeldatum'])}"
        out.append(
            Action(
                MEASURE,
                r["adressaat"],
                r["omschrijving"],
                me.status,
                f"deadline {fmt.day(r['deadline'])}",
                status,
                far,
                far_text,
                max(duur, 0.0),
                sinds,
                deadline=r["deadline"],
                context=_answers(r),
                ref=r["id"],
            )
        )
    return out
