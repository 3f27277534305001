"""The headline figures for one period, per provider side by side: the Overzicht page of
the dashboard, and the briefing the reports reuse.

Each headline figure comes with the same figure for the previous period and a year
earlier, the change against both, its norm (from the register or a signal value, see
`dashboard.definitions`) and a status word. Small numbers are suppressed before anything
is compared or worded, so nothing here can reveal a count under the threshold. Returns
plain data (polars frames in a dataclass), never markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import definitions, figures, fmt, privacy, register, registers
from dashboard.definitions import BOVEN_NORM, ONDER_NORM, STATUS_ICONS
from dashboard.figures import Scope
from dashboard.periods import Period, parse_period

CHANGE, OFF_NORM, MEASURES = "verandering", "buiten norm", "maatregelen"
MUNICIPALITY = "GEMEENTE"
TEAMS_NAMED = 3  # more teams above the caseload norm than this: one summary line per provider


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: `value` is None when it is not shown (suppressed,
    not computable or not delivered); `text` is what a reader sees."""

    value: float | None
    text: str
    note: str = ""


NOT_DELIVERED = Cell(None, "niet geleverd")


@dataclass(frozen=True)
class Headline:
    key: str  # metric key in dashboard.definitions
    kind: str  # extract kind it depends on
    digits: int  # decimals shown
    read: Callable[[_Frames, str, str], Cell]


@dataclass(frozen=True)
class Overzicht:
    periode: Period
    vorige: Period
    vorig_jaar: Period
    aanbieders: tuple[str, ...]
    kerncijfers: pl.DataFrame  # one row per headline figure and provider
    per_product: pl.DataFrame  # waiting per provider and product: now, previous, a year earlier
    samenvatting: pl.DataFrame  # soort (verandering / buiten norm / maatregelen), aanbieder, tekst
    demo: bool
    # Improvement measures from the register per addressee (GEMEENTE first, then the providers):
    # maatregelen, open, te_laat, as they stood at the period's end (register.status_counts).
    maatregelen: pl.DataFrame = field(default_factory=pl.DataFrame)
    maatregelen_op: date | None = None

    @property
    def heeft_data(self) -> bool:
        return self.kerncijfers.filter(pl.col("weergave") != NOT_DELIVERED.text).height > 0


@dataclass
class _Frames:
    """The figures of the three periods, fetched once (one query per mart)."""

    delivered: set[tuple[str, str, str]]
    wachtlijst: pl.DataFrame
    personeel: pl.DataFrame
    caseload: pl.DataFrame
    doorlooptijden: pl.DataFrame

    def row(self, frame: str, period: str, provider: str, **where: Any) -> dict | None:
        df = getattr(self, frame).filter((pl.col("periode") == period) & (pl.col("aanbieder") == provider))
        for k, v in where.items():
            df = df.filter(pl.col(k) == v)
        return df.row(0, named=True) if df.height else None


def count_text(shown: str | int | None) -> str:
    """A count as it may be shown, in Dutch: 6.000, <5, x (privacy.suppress_frame gives '6000')."""
    if isinstance(shown, str) and shown.isdigit():
        return fmt.number(int(shown), 0)
    return fmt.number(shown, 0)


def _count(n: int | None) -> Cell:
    shown = privacy.count(n)
    return Cell(shown if isinstance(shown, int) else None, fmt.number(shown, 0))


def _figure(x: float | None, digits: int = 1, pct: bool = False, note: str = "") -> Cell:
    return Cell(x, fmt.pct(x, digits) if pct else fmt.number(x, digits), note)


def _waitlist(column: str | None, pct: bool = False) -> Callable[[_Frames, str, str], Cell]:
    def read(fr: _Frames, period: str, provider: str) -> Cell:
        w = fr.row("wachtlijst", period, provider)
        if w is None:
            return _count(0) if column is None else _figure(None)
        if column is None:
            return _count(w["wachtenden"])
        return _figure(privacy.figure(w[column], w["wachtenden"]), pct=pct)
    return read


def _staff(column: str) -> Callable[[_Frames, str, str], Cell]:
    def read(fr: _Frames, period: str, provider: str) -> Cell:
        s = fr.row("personeel", period, provider, niveau="aanbieder")
        if s is None:
            return _figure(None)
        note = "geannualiseerd" if column == "verloop_12m_pct" and s["verloop_geannualiseerd"] else ""
        return _figure(s[column], pct=True, note=note)
    return read


def _caseload(column: str, digits: int = 1, pct: bool = False) -> Callable[[_Frames, str, str], Cell]:
    def read(fr: _Frames, period: str, provider: str) -> Cell:
        c = fr.row("caseload", period, provider, niveau="aanbieder")
        if c is None or c[column] is None:
            return _figure(None)
        return Cell(c[column], fmt.pct(c[column]) if pct else fmt.number(c[column], digits))
    return read


def _process(step: str) -> Callable[[_Frames, str, str], Cell]:
    def read(fr: _Frames, period: str, provider: str) -> Cell:
        d = fr.row("doorlooptijden", period, provider, stap=step)
        if d is None:
            return _figure(None)
        return _figure(privacy.figure(d["binnen_norm_pct"], d["beoordeelbaar"]), pct=True)
    return read


HEADLINES: tuple[Headline, ...] = (
    Headline("wachtlijst.wachtenden", "wachtlijst", 0, _waitlist(None)),
    Headline("wachtlijst.mediaan_wachttijd_weken", "wachtlijst", 1, _waitlist("mediaan_wachttijd_weken")),
    Headline("wachtlijst.boven_norm_pct", "wachtlijst", 1, _waitlist("boven_norm_pct", pct=True)),
    Headline("caseload.caseload", "caseload", 1, _caseload("caseload")),
    Headline("caseload.zonder_vaste_casushouder", "caseload", 0, _caseload("zonder_vaste_casushouder", 0)),
    Headline("personeel.verloop_12m_pct", "personeel", 1, _staff("verloop_12m_pct")),
    Headline("personeel.vacaturegraad_pct", "personeel", 1, _staff("vacaturegraad_pct")),
    *(Headline(f"doorlooptijden.{key}", "doorlooptijden", 1, _process(step))
      for step, key in (("beoordeeld", "beoordeeld_2_werkdagen_pct"),
                        ("eerste_contact", "eerste_contact_5_werkdagen_pct"),
                        ("risicotaxatie", "risicotaxatie_14_werkdagen_pct"),
                        ("mdo", "mdo_14_werkdagen_pct"),
                        ("gezinsplan", "gezinsplan_6_weken_pct"))),
)


def _plain(x: float) -> str:
    """A norm as people write it: 14,5 and 20, not 20,0."""
    return fmt.number(x, 0 if float(x).is_integer() else 1)


def _with_unit(text: str, unit: str) -> str:
    if unit == "%":
        return text if text.endswith("%") else f"{text}%"
    if unit == "weken" and text == "1":
        return "1 week"
    return f"{text} {unit}" if unit in ("weken", "per fte", "casussen", "jeugdigen") else text


def near_norm_text(value: float, norm: float | None, digits: int = 1, pct: bool = False) -> str:
    """A value as text, with one more decimal where rounding would make a value off norm look
    equal to it (a caseload of 14,55 against 14,5 is not 'op norm')."""
    shown = digits + 1 if (norm is not None and value != norm
                           and fmt.r1(value, digits) == fmt.r1(norm, digits)) else digits
    return fmt.pct(value, shown) if pct else fmt.number(value, shown)


def _distinct_from_norm(cell: Cell, norm: float | None, digits: int, pct: bool) -> Cell:
    if cell.value is None:
        return cell
    return Cell(cell.value, near_norm_text(cell.value, norm, digits, pct), cell.note)


def _in(p: Period) -> str:
    """'in juni 2024' / 'in het 2e kwartaal 2024'."""
    return f"in het {p.display()}" if p.is_quarter else f"in {p.display()}"


def _change(now: Cell, before: Cell, digits: int, pct: bool) -> tuple[float | None, str]:
    if now.value is None or before.value is None:
        return None, "–"
    d = now.value - before.value
    text = fmt.number(abs(d), digits)
    sign = "+" if d > 0 and text.strip("0,.") else "−" if d < 0 and text.strip("0,.") else "±"
    # Non-breaking space and hyphen: "−0,5 %-punt" never wraps inside a narrow table cell.
    return d, f"{sign}{text}" + ("\u00a0%\u2011punt" if pct else "")


def _norm(h: Headline, fr: _Frames, period: Period, provider: str,
          waiting_on: dict[str, list[str]]) -> tuple[float | None, str]:
    """The norm a headline figure is judged against, and whether it is a register norm or
    a signal value."""
    m = definitions.metric(h.key)
    if m.signal is None:
        return None, ""
    if h.key == "caseload.caseload":
        c = fr.row("caseload", period.label, provider, niveau="aanbieder")
        return (c["norm"] if c else None), "norm"
    if h.key == "wachtlijst.mediaan_wachttijd_weken":
        w = fr.row("wachtlijst", period.label, provider)
        keys = waiting_on.get(provider, [])
        return (m.norm_on(w["peildatum"], keys) if w and keys else None), "norm"
    return m.signal.norm, "signaalwaarde"


def build(db: Path, period: Period, providers: list[str] | tuple[str, ...] | None = None,
          today: date | None = None, adressaten: Sequence[str] | None = None) -> Overzicht:
    """The headline figures of `period` for `providers`; the register's measures counted for
    `adressaten` (default: the municipality and those providers)."""
    previous, year_earlier = period.previous(), period.year_earlier()
    scope = Scope.of([period, previous, year_earlier], providers, today)
    span = 12 if not period.is_quarter else 4
    history = Scope.of([period.shift(-k) for k in range(span + 1)], scope.providers, scope.today)
    # Each figure opens its own read-only connection; fetched at once they overlap.
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = {name: pool.submit(getattr(figures, name), db, scope)
                for name in ("geleverd", "wachtlijst", "personeel", "caseload", "doorlooptijden")}
        jobs["per_product"] = pool.submit(figures.wachtlijst_per_product, db, history)
        on = min(period.end, scope.today)
        jobs["maatregelen"] = pool.submit(register.status_counts, db, on,
                                          [MUNICIPALITY, *scope.providers] if adressaten is None else list(adressaten))
        jobs["wacht_op"] = pool.submit(figures.wachtlijst_verdeling, db, Scope.of([period], providers, today),
                                       "wacht_op")
        got = {name: job.result() for name, job in jobs.items()}
    delivered = got["geleverd"]
    frames = _Frames(
        delivered={(r["periode"], r["aanbieder"], r["soort"]) for r in delivered.iter_rows(named=True)},
        wachtlijst=got["wachtlijst"], personeel=got["personeel"], caseload=got["caseload"],
        doorlooptijden=got["doorlooptijden"])
    waiting_on = {p: rows["categorie"].to_list() for (p,), rows in got["wacht_op"].group_by("aanbieder")}
    demo = bool(delivered["demo"].any()) if delivered.height else False

    def cell(h: Headline, p: Period, provider: str) -> Cell:
        if (p.label, provider, h.kind) not in frames.delivered:
            return NOT_DELIVERED
        return h.read(frames, p.label, provider)

    rows = []
    for h in HEADLINES:
        m = definitions.metric(h.key)
        pct = m.unit == "%"
        for provider in scope.providers:
            now, before, year = (cell(h, p, provider) for p in (period, previous, year_earlier))
            d_prev, d_prev_text = _change(now, before, h.digits, pct)
            d_year, d_year_text = _change(now, year, h.digits, pct)
            norm, norm_kind = _norm(h, frames, period, provider, waiting_on)
            now = _distinct_from_norm(now, norm, h.digits, pct)
            status = m.signal.status(now.value, norm) if m.signal and now is not NOT_DELIVERED else None
            rows.append({
                "indicator": h.key, "label": m.label, "eenheid": m.unit, "aanbieder": provider,
                "waarde": now.value, "weergave": now.text, "opmerking": now.note,
                "vorige": before.value, "vorige_weergave": before.text,
                "verschil_vorige": d_prev, "verschil_vorige_weergave": d_prev_text,
                "vorig_jaar": year.value, "vorig_jaar_weergave": year.text,
                "verschil_jaar": d_year, "verschil_jaar_weergave": d_year_text,
                "norm": norm, "norm_soort": norm_kind if norm is not None else "",
                "norm_weergave": _with_unit(_plain(norm), m.unit) if norm is not None else "",
                "status": status, "status_icoon": STATUS_ICONS.get(status or "", ""),
            })
    headline = pl.DataFrame(rows, schema_overrides={c: pl.Float64 for c in (
        "waarde", "vorige", "vorig_jaar", "verschil_vorige", "verschil_jaar", "norm")}, infer_schema_length=None)
    per_product, product_lines = _per_product(got["per_product"], period)
    lines = product_lines + _waiting_lines(headline, previous, year_earlier) + _off_norm_lines(headline, frames, period)
    lines += _measure_lines(got["maatregelen"], on)
    summary = pl.DataFrame(lines, schema={"soort": pl.String, "aanbieder": pl.String, "tekst": pl.String}, orient="row")
    return Overzicht(period, previous, year_earlier, scope.providers, headline, per_product, summary, demo,
                     got["maatregelen"], on)


def _measure_lines(counts: pl.DataFrame, on: date) -> list[tuple[str, str, str]]:
    """The municipality's own overdue measures: it is not a column of the side-by-side table."""
    own = counts.filter(pl.col("adressaat") == MUNICIPALITY)
    if own.is_empty() or not own["te_laat"][0]:
        return []
    late, still_open = int(own["te_laat"][0]), int(own["open"][0])
    what = "verbetermaatregel" if late == 1 else "verbetermaatregelen"
    return [(MEASURES, MUNICIPALITY, f"Gemeente zelf: {late} {what} te laat op {fmt.day(on)} (deadline verstreken, "
                                     f"niet afgerond); {still_open} open in totaal.")]


def _per_product(raw: pl.DataFrame, period: Period) -> tuple[pl.DataFrame, list[tuple[str, str, str]]]:
    """Waiting per product now, previous period and a year earlier (suppressed as a
    breakdown of each provider's total), and the lines for lists that emptied or began;
    `raw` holds the periods back to a year earlier (for the peak a list had)."""
    names = registers.products().select("aanbieder", "product", pl.col("omschrijving").alias("product_naam"))
    shown = (privacy.suppress_frame(raw.with_columns(pl.col("wachtenden").alias("n")), ["wachtenden"],
                                    breakdown_by=["periode", "aanbieder"])
             .with_columns(pl.col("wachtenden").map_elements(count_text, return_dtype=pl.String))
             .join(names, on=["aanbieder", "product"], how="left"))

    def at(p: Period) -> pl.DataFrame:
        return shown.filter(pl.col("periode") == p.label).select("aanbieder", "product", "wachtenden", "n")

    table = (at(period).join(at(period.previous()), on=["aanbieder", "product"], how="full", coalesce=True,
                             suffix="_vorige")
             .join(at(period.year_earlier()), on=["aanbieder", "product"], how="full", coalesce=True,
                   suffix="_vorig_jaar")
             .join(names, on=["aanbieder", "product"], how="left")
             .rename({"wachtenden": "nu"}).sort("aanbieder", "product"))
    lines: list[tuple[str, str, str]] = []
    history = shown.filter(pl.col("periode") != period.label)
    before = _in(period.previous())
    for r in table.iter_rows(named=True):
        if r["n"] is None or r["n_vorige"] is None:
            continue
        name, provider = _lower_first(r["product_naam"] or r["product"]), r["aanbieder"]
        if r["n"] == 0 and r["n_vorige"] > 0:
            # "Was" the highest count of the past year, unless that cell is hidden to protect another.
            peak = (history.filter((pl.col("aanbieder") == provider) & (pl.col("product") == r["product"]))
                    .sort(["n", "periode"], descending=[True, True]).row(0, named=True))
            was = (f"{peak['wachtenden']} {_in(parse_period(peak['periode']))}"
                   if peak["wachtenden"] != privacy.SECONDARY else f"{r['wachtenden_vorige']} {before}")
            lines.append((CHANGE, provider, f"De wachtlijst {name} bij {provider} is weggewerkt: 0, was {was}."))
        elif r["n"] > 0 and r["n_vorige"] == 0:
            lines.append((CHANGE, provider, f"Nieuwe wachtlijst {name} bij {provider}: {r['nu']}, was 0 {before}."))
    table = table.drop("n", "n_vorige", "n_vorig_jaar").with_columns(
        pl.col("nu", "wachtenden_vorige", "wachtenden_vorig_jaar").fill_null("–"))
    return table, lines


def _waiting_lines(headline: pl.DataFrame, previous: Period, year_earlier: Period) -> list[tuple[str, str, str]]:
    out = []
    rows = headline.filter((pl.col("indicator") == "wachtlijst.wachtenden") & (pl.col("weergave") != NOT_DELIVERED.text))
    for r in rows.iter_rows(named=True):
        text = (f"Wachtenden bij {r['aanbieder']}: {r['weergave']} ({previous.display()}: {r['vorige_weergave']}; "
                f"{year_earlier.display()}: {r['vorig_jaar_weergave']}).")
        out.append((CHANGE, r["aanbieder"], text))
    return out


def _team_text(t: dict) -> str:
    return f"{t['team']}: {fmt.number(t['caseload'], 1)} per fte, norm {fmt.number(t['norm'], 1)}"


def _off_norm_lines(headline: pl.DataFrame, fr: _Frames, period: Period) -> list[tuple[str, str, str]]:
    out = []
    teams = fr.caseload.filter((pl.col("periode") == period.label) & (pl.col("niveau") == "team")
                               & pl.col("boven_norm").fill_null(False)).sort("caseload", descending=True)
    for (provider,), above in teams.group_by("aanbieder", maintain_order=True):
        if above.height <= TEAMS_NAMED:
            for t in above.iter_rows(named=True):
                text = (f"Caseload {t['team']} ({provider}): {fmt.number(t['caseload'], 1)} per fte, "
                        f"norm {fmt.number(t['norm'], 1)}.")
                out.append((OFF_NORM, provider, text))
        else:  # many teams: one line, naming the highest
            highest = "; ".join(_team_text(t) for t in above.head(TEAMS_NAMED).iter_rows(named=True))
            out.append((OFF_NORM, provider, f"{above.height} teams van {provider} boven de caseloadnorm; hoogste: {highest}."))
    for r in headline.filter(pl.col("status").is_in([BOVEN_NORM, ONDER_NORM])).iter_rows(named=True):
        value = _with_unit(r["weergave"], r["eenheid"]) + (f" ({r['opmerking']})" if r["opmerking"] else "")
        text = f"{r['label']} bij {r['aanbieder']}: {value}; {r['norm_soort']} {r['norm_weergave']}."
        out.append((OFF_NORM, r["aanbieder"], text))
    return out


def _lower_first(text: str) -> str:
    return text if text[:2].isupper() else text[:1].lower() + text[1:]
