"""The one reader of "a figure as it may be shown": for a figure of the metric dictionary
(`dashboard.definitions`), one provider and one period, its value, the young people it is
over, the text a reader sees, why it is not shown when it is not, its norm and status word,
and the change against the previous period and a year earlier.

The Overzicht, every page frame, both reports, the register's indicators, the downloads and
`kerncijfers` read figures through here, so that a figure is suppressed, rounded, worded and
judged once. Plain data only: no markup, no streamlit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from dashboard import definitions, figures, fmt, privacy, registers
from dashboard.definitions import STATUS_ICONS, Metric
from dashboard.figures import Scope
from dashboard.periods import Period

# Why a figure is not shown, as a reader sees it. `NOT_OWED` is distinct from both: the
# provider does not deliver this extract under the data contract (e.g. process norms are
# asked of the certified institution only), so nothing is missing.
NOT_DELIVERED, NOT_OWED, DASH = "niet geleverd", "n.v.t.", privacy.DASH
ANNUALISED = "geannualiseerd"  # the note of a turnover over fewer than 12 months of data
mark_meanings, marks_legend = privacy.mark_meanings, privacy.marks_legend
MARTS = ("wachtlijst", "gestart", "personeel", "caseload", "doorlooptijden")


@dataclass(frozen=True)
class Shown:
    """One figure as it may be shown. `value` is the number behind `text` (unrounded, for
    comparisons and charts) and None whenever no number may be shown; `mark` says why not:
    '' (shown), '<5', 'x', '–' (not computable, or too few young people underneath),
    'niet geleverd' or 'n.v.t.'."""

    value: float | None
    text: str
    mark: str = ""
    base: int | None = None
    note: str = ""
    digits: int = 1

    @property
    def suppressed(self) -> bool:
        """Hidden to protect young people (not: not delivered, not owed, not computable)."""
        return self.mark in (privacy.small(), privacy.SECONDARY)

    @property
    def delivered(self) -> bool:
        return self.mark not in (NOT_DELIVERED, NOT_OWED)

    @property
    def rounded(self) -> float | int | None:
        """The number rounded as shown (a count as int): downloads and kerncijfers."""
        if self.value is None:
            return None
        return int(round(self.value)) if self.digits == 0 else fmt.r1(self.value, self.digits)

    @property
    def json(self) -> float | int | str | None:
        """As in `kerncijfers --json`: the rounded number, '<5' or 'x', else null."""
        return self.mark if self.suppressed else self.rounded


def count_text(shown: str | int | None) -> str:
    """A count as it may be shown, in Dutch: 6.000, <5, x (privacy.suppress_frame gives '6000')."""
    if isinstance(shown, str) and shown.isdigit():
        return fmt.number(int(shown), 0)
    return fmt.number(shown, 0)


def _text(m: Metric, value: float | None, digits: int | None = None) -> str:
    d = m.digits if digits is None else digits
    return fmt.pct(value, d) if m.pct else fmt.number(value, d)


def shown_value(m: Metric, value: float | None, base: int | None = None, note: str = "") -> Shown:
    """A raw mart value as it may be shown: a count of young people 1–4 as '<5'; a figure
    over fewer young people than the threshold not at all."""
    if value is None:
        return Shown(None, DASH, DASH, base, note, m.digits)
    if m.is_count:
        n = int(value)
        c = privacy.count(n)
        if isinstance(c, str):
            return Shown(None, c, c, n, note, 0)
        return Shown(float(n), fmt.number(n, 0), "", n, note, 0)
    if m.base is not None and privacy.figure(value, base) is None:
        return Shown(None, DASH, DASH, base, note, m.digits)
    return Shown(float(value), _text(m, value), "", base, note, m.digits)


def breakdown(df: pl.DataFrame, keys: Sequence[str] | Mapping[str, str], by: Sequence[str] | None = None) -> pl.DataFrame:
    """The rows of a breakdown (per product, team, area or period), each figure of `keys`
    as it may be shown, by the rules `shown_value` applies to one: a count of young people
    becomes its text ('6.000', '<5'; with `by`, the first count also gets the secondary 'x'
    within those groups) and keeps its number where it may be drawn as `<column>_getal`; a
    figure over too few young people becomes null; every other figure gets its Dutch text as
    `<column>_tekst` (digits and unit from the dictionary). `keys` maps a figure to its
    column where the mart names it otherwise (default: the figure's column, or its name)."""
    cols = [(definitions.metric(k), c) for k, c in (keys.items() if isinstance(keys, Mapping) else ((k, "") for k in keys))]
    cols = [(m, c or m.column or m.name) for m, c in cols]
    counts = [c for m, c in cols if m.is_count]
    over = {c: m.base for m, c in cols if m.base}
    if df.height == 0:
        out = df.with_columns([pl.lit(None, pl.Int64).alias(f"{c}_getal") for c in counts] + [pl.col(c).cast(pl.String) for c in counts])
    else:
        out = privacy.suppress_frame(df, counts, over, list(by) if by else None)
        out = out.with_columns(pl.col(c).cast(pl.Int64, strict=False).alias(f"{c}_getal") for c in counts)
        out = out.with_columns(pl.Series(c, [count_text(v) for v in out[c]], pl.String) for c in counts)
    return out.with_columns(
        pl.Series(f"{c}_tekst", [DASH if v is None else _text(m, v) for v in out[c]], pl.String) for m, c in cols if not m.is_count
    )


def not_shown(m: Metric, mark: str) -> Shown:
    return Shown(None, mark, mark, None, "", m.digits)


@dataclass
class Frames:
    """The marts of a set of periods and providers, fetched once (one query per mart), and
    which extracts were delivered."""

    delivered: set[tuple[str, str, str]]
    demo: bool
    marts: dict[str, pl.DataFrame]
    waiting_on: dict[tuple[str, str], list[str]]  # (periode, aanbieder) -> what the waiting wait on
    _index: dict[str, dict[tuple[str, str], list[dict]]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, db: Path, scope: Scope, waiting_on: bool = True) -> Frames:
        # Each figure opens its own read-only connection; fetched at once they overlap.
        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = {name: pool.submit(getattr(figures, name), db, scope) for name in ("geleverd", *MARTS)}
            if waiting_on:
                jobs["wacht_op"] = pool.submit(figures.wachtlijst_verdeling, db, scope, "wacht_op")
            got = {name: job.result() for name, job in jobs.items()}
        geleverd = got.pop("geleverd")
        wait = got.pop("wacht_op", None)
        on: dict[tuple[str, str], list[str]] = {}
        if wait is not None and wait.height:
            for (periode, aanbieder), rows in wait.group_by("periode", "aanbieder"):
                on[(periode, aanbieder)] = rows["categorie"].to_list()
        return cls(
            {(r["periode"], r["aanbieder"], r["soort"]) for r in geleverd.iter_rows(named=True)},
            bool(geleverd["demo"].any()) if geleverd.height else False,
            got,
            on,
        )

    def has(self, period: Period, provider: str, kind: str) -> bool:
        return (period.label, provider, kind) in self.delivered

    def row(self, kind: str, period: Period, provider: str, **where: Any) -> dict | None:
        """The first row of `kind` for the period and provider whose columns equal `where`
        (a null equals nothing, as in a filter), or None."""
        for r in self._rows(kind).get((period.label, provider), ()):
            if all(r[k] is not None and r[k] == v for k, v in where.items()):
                return dict(r)  # a copy: the caller may change it
        return None

    def _rows(self, kind: str) -> dict[tuple[str, str], list[dict]]:
        # The mart's rows by period and provider, made on first use: a page or report asks
        # for hundreds of single rows, and a polars filter per row cost more than all the
        # queries (Wat vraagt actie: ~0.3 s of the first Overzicht).
        if kind not in self._index:
            index: dict[tuple[str, str], list[dict]] = {}
            for r in self.marts[kind].iter_rows(named=True):
                index.setdefault((r["periode"], r["aanbieder"]), []).append(r)
            self._index[kind] = index
        return self._index[kind]


def read(fr: Frames, key: str | Metric, period: Period, provider: str) -> Shown:
    """One figure for one provider and period, as it may be shown."""
    m = key if isinstance(key, Metric) else definitions.metric(key)
    if provider != "Totaal" and not registers.owes(provider, m.kind):
        return not_shown(m, NOT_OWED)
    if provider != "Totaal" and not fr.has(period, provider, m.kind):
        return not_shown(m, NOT_DELIVERED)
    row = fr.row(m.kind, period, provider, **dict(m.where))
    if row is None and m.kind in ("wachtlijst", "gestart"):
        # A delivered list without rows: nobody waits, nothing started.
        return shown_value(m, 0 if m.is_count else None)
    if row is None:
        return not_shown(m, DASH)
    note = ANNUALISED if m.key == "personeel.verloop_12m_pct" and row.get("verloop_geannualiseerd") else ""
    return shown_value(m, row.get(m.column), row.get(m.base) if m.base else None, note)


def norm_of(fr: Frames, m: Metric, period: Period, provider: str) -> tuple[float | None, str]:
    """The norm a figure is judged against, and whether it is a register norm ('norm') or a
    signal value of the dashboard ('signaalwaarde')."""
    if m.signal is None:
        return None, ""
    if m.key == "caseload.caseload":
        c = fr.row("caseload", period, provider, niveau="aanbieder")
        return (c["norm"] if c else None), "norm"
    if m.key == "wachtlijst.mediaan_wachttijd_weken":
        w = fr.row("wachtlijst", period, provider)
        keys = fr.waiting_on.get((period.label, provider), [])
        return (m.norm_on(w["peildatum"], keys) if w and keys else None), "norm"
    return m.signal.norm, "signaalwaarde"


def near_norm_text(m: Metric, value: float, norm: float | None) -> str:
    """A value as text, with one more decimal where rounding would make a value off norm look
    equal to it (a caseload of 14,55 against 14,5 is not 'op norm')."""
    digits = m.digits
    if norm is not None and value != norm and fmt.r1(value, digits) == fmt.r1(norm, digits):
        digits += 1
    return _text(m, value, digits)


def change_text(now: float | None, before: float | None, digits: int, pct: bool) -> tuple[float | None, str]:
    """`+3`, `−0,5 %‑punt`, `±0`; `–` when either is not shown."""
    if now is None or before is None:
        return None, DASH
    d = now - before
    text = fmt.number(abs(d), digits)
    nonzero = bool(text.strip("0,."))
    sign = "+" if d > 0 and nonzero else "−" if d < 0 and nonzero else "±"
    # Non-breaking space and hyphen: "−0,5 %-punt" never wraps inside a narrow table cell.
    return d, f"{sign}{text}" + ("\u00a0%\u2011punt" if pct else "")


def norm_display(norm: float, unit: str) -> str:
    """A norm as people write it, with its unit: 14,5 per fte, 20%, 1 week."""
    text = fmt.number(norm, 0 if float(norm).is_integer() else 1)
    return with_unit(text, unit)


def with_unit(text: str, unit: str) -> str:
    if unit == "%":
        return text if text.endswith("%") else f"{text}%"
    if unit == "weken" and text == "1":
        return "1 week"
    return f"{text} {unit}" if unit in ("weken", "per fte", "casussen", "jeugdigen") else text


@dataclass(frozen=True)
class Figure:
    """A figure for one provider in a period, with the previous period and a year earlier,
    the changes, its norm and status word: what every table of headline figures prints."""

    metric: Metric
    provider: str
    now: Shown
    previous: Shown
    year: Shown
    change_previous: tuple[float | None, str]
    change_year: tuple[float | None, str]
    norm: float | None
    norm_kind: str
    status: str | None

    @property
    def norm_text(self) -> str:
        return "" if self.norm is None else norm_display(self.norm, self.metric.unit)

    @property
    def status_text(self) -> str:
        """`▲ boven norm`, or ''."""
        return f"{STATUS_ICONS.get(self.status, '')} {self.status}" if self.status else ""

    def as_row(self) -> dict:
        m = self.metric
        return {
            "indicator": m.key,
            "label": m.label,
            "eenheid": m.unit,
            "aanbieder": self.provider,
            "waarde": self.now.value,
            "weergave": self.now.text,
            "markering": self.now.mark,
            "opmerking": self.now.note,
            "vorige": self.previous.value,
            "vorige_weergave": self.previous.text,
            "verschil_vorige": self.change_previous[0],
            "verschil_vorige_weergave": self.change_previous[1],
            "vorig_jaar": self.year.value,
            "vorig_jaar_weergave": self.year.text,
            "verschil_jaar": self.change_year[0],
            "verschil_jaar_weergave": self.change_year[1],
            "norm": self.norm,
            "norm_soort": self.norm_kind if self.norm is not None else "",
            "norm_weergave": self.norm_text,
            "status": self.status,
            "status_icoon": STATUS_ICONS.get(self.status or "", ""),
        }


def figure(fr: Frames, key: str | Metric, period: Period, provider: str) -> Figure:
    m = key if isinstance(key, Metric) else definitions.metric(key)
    now, before, year = (read(fr, m, p, provider) for p in (period, period.previous(), period.year_earlier()))
    change_previous = change_text(now.value, before.value, m.digits, m.pct)
    change_year = change_text(now.value, year.value, m.digits, m.pct)
    norm, kind = norm_of(fr, m, period, provider) if now.delivered else (None, "")
    if m.key == "caseload.norm":
        norm, kind = None, ""  # the norm itself is not judged against a norm
    status = None
    if now.value is not None and m.signal is not None:
        status = m.signal.status(now.value, norm)
        now = Shown(now.value, near_norm_text(m, now.value, norm), now.mark, now.base, now.note, now.digits)
    return Figure(m, provider, now, before, year, change_previous, change_year, norm, kind, status)


def frames_for(db: Path, period: Period, providers: Sequence[str] | None, today: date | None) -> Frames:
    """The frames `figure` needs: the period, the previous one and a year earlier."""
    return Frames.load(db, Scope.of([period, period.previous(), period.year_earlier()], providers, today))


# --- iJw: the municipality's own message traffic (README: "A second source") -------------

# The chain request → allocation → start → stop, in the dictionary's order; the cross-check
# of the two sources after it.
IJW = tuple(m for m in definitions.METRICS if m.section == "ijw" and m.column)
IJW_DIFFERENCE, IJW_FLAG = definitions.metric("ijw.verschil_met_extract_pct"), definitions.metric("ijw.bron_klopt_niet")
IJW_CHAIN = (*IJW, IJW_DIFFERENCE, IJW_FLAG)


def _ijw_figures(row: dict[str, Any] | None) -> dict[str, Shown]:
    row = row or {}
    # A count the mart does not list is 0 (no message of that kind in the period).
    return {
        m.name: shown_value(m, row.get(m.column) or 0) if m.is_count else shown_value(m, row.get(m.column), row.get(m.base or "") or 0)
        for m in IJW
    }


def ijw_difference(check: dict[str, Any]) -> Shown:
    """The cross-check's difference as it may be shown: not when either count is 1 to 4,
    for the difference would give it away."""
    t = privacy.threshold()
    small = any(v is not None and 0 < v < t for v in (check["starts"], check["gestart_extract"]))
    value = None if small else check["verschil_met_extract_pct"]
    return Shown(None, DASH, DASH) if value is None else Shown(float(value), _text(IJW_DIFFERENCE, value))


def ijw_flag(check: dict[str, Any]) -> Shown:
    flag = check["bron_klopt_niet"]
    return not_shown(IJW_FLAG, DASH) if flag is None else Shown(float(flag), "ja" if flag else "nee", digits=0)


@dataclass(frozen=True)
class IjwSection:
    """One provider's iJw figures in a period, each as it may be shown, with the per-product
    breakdown (each count suppressed as a breakdown of the provider's total)."""

    figures: dict[str, Shown]
    per_product: dict[str, dict[str, Shown]]

    def text(self, key: str) -> str:
        return self.figures[key].text

    def as_json(self) -> dict[str, Any]:
        """As in `kerncijfers --json`: numbers rounded as shown, '<5'/'x', null; the flag a boolean."""
        out: dict[str, Any] = {k: s.json for k, s in self.figures.items()}
        flag = self.figures[IJW_FLAG.name]
        out[IJW_FLAG.name] = None if flag.value is None else bool(flag.value)
        out["per_product"] = {p: {k: s.json for k, s in f.items()} for p, f in self.per_product.items()}
        return out


def ijw_section(ij: pl.DataFrame, kc: pl.DataFrame, provider: str) -> IjwSection | None:
    """The iJw figures of one provider (frames of one period): None before its message
    traffic began."""
    checks = kc.filter(pl.col("aanbieder") == provider)
    check = checks.row(0, named=True) if checks.height else None
    if not check or not check["ijw_verkeer"]:
        return None
    t = privacy.threshold()
    mine = ij.filter(pl.col("aanbieder") == provider)
    totals = mine.filter(pl.col("product").is_null())
    total = totals.row(0, named=True) if totals.height else {}
    shown = _ijw_figures(total) | {IJW_DIFFERENCE.name: ijw_difference(check), IJW_FLAG.name: ijw_flag(check)}
    rows = {r["product"]: r for r in mine.filter(pl.col("product").is_not_null()).iter_rows(named=True)}
    per_product = {name: _ijw_figures(r) for name, r in sorted(rows.items())}
    for m in IJW:
        if not m.is_count:
            continue
        cells = privacy.breakdown(
            {name: r.get(m.column) or 0 for name, r in rows.items()}, total_shown=(total.get(m.column) or 0) >= t, t=t
        )
        for name, cell in cells.items():
            per_product[name][m.name] = (
                Shown(None, cell, cell, None, "", 0) if isinstance(cell, str) else Shown(float(cell), fmt.number(cell, 0), "", cell, "", 0)
            )
    return IjwSection(shown, per_product)
