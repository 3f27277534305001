"""De regiekaart: one provider's whole picture for the regie meeting, on one screen and on
one printed page. Every domain the provider delivers under the data contract (waitlist,
caseload, staff, process norms only where owed), each figure with its value as it may be
shown, status, norm, the change against the previous period and its course over the last
year (a sparkline); the register's measures for it; what needs action (the provider's part
of `dashboard.actions`); and which of its extracts for the period arrived.

The card is a list of sections, so more can be added beside the figures (a provider's
explanation per domain goes in `Domain.notes`, further blocks in `Card.sections`).

Plain data, no streamlit; figures only through `dashboard.catalogue`, the register
through `dashboard.register`, scope through `dashboard.selection.Selection`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import actions, catalogue, deadlines, definitions, fmt, kerncijfers, notes, register, registers
from dashboard.actions import Action
from dashboard.periods import Period
from dashboard.selection import Selection

# Domain -> its figures, in the order a meeting reads them. A figure of an extract kind the
# provider does not owe is left out (doorlooptijden: the certified institution only).
DOMAINS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "wachtlijst",
        "Wachtlijst",
        ("wachtlijst.wachtenden", "wachtlijst.mediaan_wachttijd_weken", "wachtlijst.boven_norm_pct", "gestart.binnen_norm_pct"),
    ),
    ("caseload", "Caseload", ("caseload.caseload", "caseload.zonder_vaste_casushouder", "caseload.contact_3m_pct")),
    (
        "personeel",
        "Personeel",
        ("personeel.verloop_12m_pct", "personeel.vacaturegraad_pct", "personeel.verzuim_pct", "personeel.inhuur_pct"),
    ),
    ("doorlooptijden", "Doorlooptijden", tuple(m.key for m in definitions.PROCESS_STEPS.values())),
)
DONE = ("gerealiseerd", "doorgewerkt", "vervallen")


@dataclass(frozen=True)
class Tile:
    """One figure on the card."""

    key: str
    label: str
    value: str  # with its unit: "4,3 weken", "niet geleverd"
    status: str | None
    norm: str  # "norm 1 week", "signaalwaarde 20%", ""
    previous: str  # "was 7,3 (−3,0)": the previous period
    series: tuple[float | None, ...]  # oldest first, None where nothing may be shown
    norm_value: float | None
    delivered: bool
    note: str = ""

    @property
    def trend_label(self) -> str:
        """What the sparkline shows, in words (its text alternative)."""
        known = [v for v in self.series if v is not None]
        if len(known) < 2:
            return f"{self.label}: te weinig gegevens voor een verloop"
        m = definitions.metric(self.key)
        first, last = (catalogue.with_unit(catalogue.near_norm_text(m, v, None), m.unit) for v in (known[0], known[-1]))
        return f"{self.label}, verloop over het afgelopen jaar: van {first} naar {last}"


@dataclass(frozen=True)
class Domain:
    key: str
    title: str
    tiles: tuple[Tile, ...]
    notes: tuple[str, ...] = ()  # lines under the figures (teams above the norm)
    # The provider's or the municipality's explanation of these figures (dashboard.notes):
    # (heading with who and when, the text as typed).
    explanations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MeasureLine:
    """A register measure (or agreement) on the card."""

    omschrijving: str
    kind: str  # "afspraak" (of a regie meeting) or "maatregel" (answering a recommendation)
    owner: str  # name
    deadline: str
    status: str  # "in uitvoering"
    rag: str  # "✗ achter op schema"
    late: bool


@dataclass(frozen=True)
class Section:
    """A further block of the card: a title and its lines."""

    title: str
    lines: tuple[str, ...]
    empty: str = ""


@dataclass(frozen=True)
class Card:
    provider: str
    period: Period
    periods: tuple[Period, ...]  # the sparklines' periods, oldest first
    domains: tuple[Domain, ...]
    measures: tuple[MeasureLine, ...]
    actions: tuple[Action, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    on: date | None = None  # the register's date
    demo: bool = False

    @property
    def name(self) -> str:
        return registers.provider_name(self.provider)

    @property
    def short_name(self) -> str:
        return registers.short_name(self.provider)

    @property
    def has_data(self) -> bool:
        return any(t.delivered for d in self.domains for t in d.tiles)

    @property
    def span(self) -> str:
        """`dec 2023 t/m dec 2024`: what the sparklines cover."""
        return f"{self.periods[0].short()} t/m {self.periods[-1].short()}"


def for_selection(sel: Selection, provider: str) -> Card:
    """The card of `provider` for this viewer: only a provider within its scope."""
    assert sel.period is not None
    if provider not in sel.providers:
        raise PermissionError(f"geen toegang tot de regiekaart van {registers.short_name(provider)}")
    return build(sel.db, sel.period, provider, sel.today, sel.addressees, sel.register_on)


def build(
    db: Path,
    period: Period,
    provider: str,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> Card:
    """`adressaten`: whose register measures may be shown (None: the municipality's and
    the provider's own)."""
    today = today or date.today()
    on = register_op or min(period.end, today)
    wanted = [actions.MUNICIPALITY, provider] if adressaten is None else [a for a in adressaten if a in (actions.MUNICIPALITY, provider)]
    frames = actions.history_frames(db, period, [provider], today)
    measures = register.measures(db, on, wanted) if wanted else pl.DataFrame()
    todo = actions.build(db, period, [provider], today, wanted, on, frames=frames, measures=measures)
    periods = tuple(actions.history(period))
    mine = _about(measures, provider)
    ids = set(mine["id"].to_list()) if not mine.is_empty() else set()
    said = notes.for_providers(db, [provider], period)
    domains = tuple(
        _domain(frames, key, title, keys, period, periods, provider, todo, said) for key, title, keys in DOMAINS if _owes(provider, keys)
    )
    general = [_explained(x) for x in said if x.thema == "algemeen"]
    sections = (
        *([Section("Toelichting algemeen", tuple(f"{text} ({head})" for head, text in general))] if general else []),
        _deliveries(db, frames, period, provider, today),
        _establishment(db, period, provider, today),
    )
    return Card(
        provider,
        period,
        periods,
        domains,
        tuple(_measures(mine)),
        tuple(a for a in todo.items if a.owner == provider or (a.kind == actions.MEASURE and a.ref in ids)),
        sections,
        on,
        frames.demo,
    )


def _owes(provider: str, keys: Sequence[str]) -> bool:
    return any(registers.owes(provider, definitions.metric(k).kind) for k in keys)


def _tile(fr: catalogue.Frames, key: str, period: Period, periods: Sequence[Period], provider: str) -> Tile:
    f = catalogue.figure(fr, key, period, provider)
    m = f.metric
    series = tuple(catalogue.read(fr, m, p, provider).value for p in periods)
    value = catalogue.with_unit(f.now.text, m.unit) if f.now.delivered and f.now.value is not None else f.now.text
    # The unit of a change in a percentage (%-punt) is said once, in the card's caption.
    change = f.change_previous[1].replace("\u00a0%\u2011punt", "")
    previous = f"was {f.previous.text}" + (f" ({change})" if f.change_previous[0] is not None else "")
    norm = f"{f.norm_kind} {f.norm_text}" if f.norm is not None else ""
    return Tile(key, m.label, value, f.status, norm, previous, series, f.norm, f.now.delivered, f.now.note)


def _domain(
    fr: catalogue.Frames,
    key: str,
    title: str,
    keys: Sequence[str],
    period: Period,
    periods: Sequence[Period],
    provider: str,
    todo: actions.Actielijst,
    said: Sequence[notes.Explanation],
) -> Domain:
    tiles = tuple(_tile(fr, k, period, periods, provider) for k in keys if registers.owes(provider, definitions.metric(k).kind))
    lines: tuple[str, ...] = ()
    if key == "caseload":
        lines = tuple(f"{a.what}: {a.value} ({a.norm})" for a in todo.items if a.kind == actions.TEAM)
    return Domain(key, title, tiles, lines, tuple(_explained(x) for x in said if x.thema == key))


def _explained(x: notes.Explanation) -> tuple[str, str]:
    return f"{x.kop} ({x.wie_wanneer})", x.tekst


def _about(measures: pl.DataFrame, provider: str) -> pl.DataFrame:
    """The register's measures that belong on the provider's card: its own, the municipality's
    judged on its figures, and the agreements of its regie meetings (whoever owns them)."""
    if measures.is_empty():
        return measures
    meeting = [register.meeting_ids(provider, d)[0] if d else "" for d in measures["rapport_datum"].to_list()]
    return measures.filter(
        (pl.col("adressaat") == provider)
        | (pl.col("indicator_aanbieder") == provider)
        | ((pl.col("soort") == register.MEETING) & (pl.col("rapport_id") == pl.Series(meeting, dtype=pl.String)))
    )


def _measures(mine: pl.DataFrame) -> list[MeasureLine]:
    """Open ones first (late first), then those done."""
    if mine.is_empty():
        return []
    rows = sorted(mine.iter_rows(named=True), key=lambda r: (r["status"] in DONE, not r["te_laat"], r["deadline"]))
    return [
        MeasureLine(
            r["omschrijving"],
            "afspraak" if r["soort"] == register.MEETING else "maatregel",
            registers.short_name(r["adressaat"]),
            fmt.day(r["deadline"]),
            register.STATUS_LABELS[r["status"]].split(" (")[0],
            definitions.rag_text(r["rag"]),
            bool(r["te_laat"]),
        )
        for r in rows
    ]


def _deliveries(db: Path, fr: catalogue.Frames, period: Period, provider: str, today: date) -> Section:
    """The provider's deliveries for the period against their deadlines (dashboard.deadlines):
    what came late, what is missing or still open; and reminders of earlier periods that are
    still missing."""
    owed = registers.kinds_owed(provider)
    got = [k for k in owed if fr.has(period, provider, k)]
    months = set(period.months)
    due = deadlines.overview(db, [provider], today)
    here = [d for d in due if set(d.period.months) & months]
    lines = [f"Geleverd: {', '.join(got)}." if got else "Nog niets geleverd."]
    lines += [d.text() for d in here if d.state != deadlines.ON_TIME]
    if here and all(d.state == deadlines.ON_TIME for d in here):
        lines.append("Alles op tijd binnen.")
    earlier = [d for d in deadlines.reminders(db, [provider], today) if d.state == deadlines.MISSING and d not in here]
    lines += [f"Herinnering: {d.text()}" for d in earlier[:3]]
    if len(earlier) > 3:
        lines.append(f"En nog {len(earlier) - 3} ontbrekende aanlevering(en): zie Aanleveringen.")
    return Section(f"Aanleveringen voor {period.display()}", tuple(lines))


def _establishment(db: Path, period: Period, provider: str, today: date) -> Section:
    """Whether the quarter (of the period) is established (`vastgesteld`), revised since, and
    the provider's own akkoord or bezwaar on it (the `stand` of kerncijfers)."""
    quarter = period.quarter()
    stand = kerncijfers.build(db, quarter, [provider], today)["stand"]
    name = quarter.display()
    if stand["status"] == "vastgesteld":
        on = fmt.day(date.fromisoformat(stand["vastgesteld_op"]))
        lines = [f"Het {name} is vastgesteld op {on} door {stand['vastgesteld_door']}."]
        if stand["herzien_na_vaststelling"]:
            lines.append("Herzien na vaststelling: de cijfers wijken nu af van de vastgestelde (zie Vaststellen).")
    else:
        lines = [f"Het {name} is nog niet vastgesteld: de cijfers zijn voorlopig."]
    verdict = (stand.get("oordelen") or {}).get(provider)
    if verdict:
        reason = f" — {verdict['reden']}" if verdict.get("reden") else ""
        said = f"Oordeel van {registers.short_name(provider)}: {verdict['oordeel']}{reason}"
        lines.append(said if said.endswith(".") else f"{said}.")
    else:
        lines.append(f"{registers.short_name(provider)} gaf nog geen oordeel (akkoord of bezwaar) over het {name}.")
    return Section(f"Vaststelling {name}", tuple(lines))
