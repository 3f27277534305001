"""The short plain-Dutch text of the reports, generated from the figures: what improved,
what worsened, and what needs a decision.

It reads only what `dashboard.overview` made shown-ready (suppressed values are None and
their text is `<5` or `–`), the register's measures and the missing deliveries, so it can
never word a number that the tables may not show."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from dashboard import definitions
from dashboard.definitions import BOVEN_NORM, ONDER_NORM
from dashboard.overview import CHANGE, OFF_NORM, Overzicht
from dashboard.registers import short_name
from dashboard.reports.common import period_word

MIN_RELATIVE = 0.05  # a change of at least 5% of the earlier value counts as a change
MIN_POINTS = 1.0  # for percentages: at least 1 percentage point


@dataclass
class Summary:
    verbeterd: list[str] = field(default_factory=list)
    verslechterd: list[str] = field(default_factory=list)
    besluit: list[str] = field(default_factory=list)

    def as_dict(self, limit: int | None = None) -> dict[str, list[str]]:
        cut = (lambda xs: xs[:limit]) if limit else (lambda xs: xs)
        return {"verbeterd": cut(self.verbeterd), "verslechterd": cut(self.verslechterd), "besluit": cut(self.besluit)}


def _direction(key: str) -> str:
    m = definitions.metric(key)
    return m.signal.direction if m.signal else "lager"


def _with_unit(text: str, unit: str) -> str:
    if unit == "%" or text in ("–", "<5", "x"):
        return text
    if unit == "weken":
        return "1 week" if text == "1" else f"{text} weken"
    if unit in ("per fte", "casussen"):
        return f"{text} {unit}"
    return text


def _label(r: dict) -> str:
    return r["label"] if r["indicator"] != "wachtlijst.wachtenden" else "Wachtenden"


def _score(r: dict) -> float | None:
    """How large the change against the previous period is, or None when it is too small
    to mention."""
    now, before = r["waarde"], r["vorige"]
    if now is None or before is None:
        return None
    d = now - before
    if r["eenheid"] == "%":
        return abs(d) if abs(d) >= MIN_POINTS else None
    if before == 0:
        return 100.0 if d else None
    rel = abs(d) / abs(before)
    return rel * 100 if rel >= MIN_RELATIVE and r["verschil_vorige_weergave"][1:].strip("0,.") else None


def build(ov: Overzicht, measures: list[dict], missing: list[dict]) -> Summary:
    s = Summary()
    previous = period_word(ov.vorige)
    _changes(s, ov, previous)
    _decisions(s, ov, measures, missing, previous)
    return s


def _changes(s: Summary, ov: Overzicht, previous: str) -> None:
    """What improved and what got worse since the previous period, the largest change first."""
    ranked_up: list[tuple[float, str]] = []
    ranked_down: list[tuple[float, str]] = []
    for r in ov.kerncijfers.iter_rows(named=True):
        score = _score(r)
        if score is None:
            continue
        better = (r["waarde"] < r["vorige"]) == (_direction(r["indicator"]) == "lager")
        line = (
            f"{_label(r)} bij {short_name(r['aanbieder'])}: {_with_unit(r['weergave'], r['eenheid'])}, "
            f"was {_with_unit(r['vorige_weergave'], r['eenheid'])} in {previous}."
        )
        (ranked_up if better else ranked_down).append((score, line))
    for soort, _, tekst in ov.samenvatting.iter_rows():
        if soort == CHANGE and "weggewerkt" in tekst:
            s.verbeterd.append(tekst)
        elif soort == CHANGE and tekst.startswith("Nieuwe wachtlijst"):
            s.verslechterd.append(tekst)
    s.verbeterd += [line for _, line in sorted(ranked_up, key=lambda x: -x[0])]
    s.verslechterd += [line for _, line in sorted(ranked_down, key=lambda x: -x[0])]


def _decisions(s: Summary, ov: Overzicht, measures: list[dict], missing: list[dict], previous: str) -> None:
    """What needs a decision: measures overdue or off target, figures outside the norm that did
    not improve, teams above the caseload norm, and deliveries that are missing."""
    for m in measures:
        if m["te_laat"]:
            s.besluit.append(
                f"Maatregel '{m['omschrijving']}' ({short_name(m['adressaat'])}) is te laat: deadline {m['deadline']}, "
                f"status {m['status']}. Nieuwe termijn of bijsturing nodig."
            )
        elif m["rag"] == "rood":
            s.besluit.append(
                f"Maatregel '{m['omschrijving']}' ({short_name(m['adressaat'])}) haalt het doel niet ({m['indicator']}). Bijsturing nodig."
            )
    off = ov.kerncijfers.filter(pl.col("status").is_in([BOVEN_NORM, ONDER_NORM]))
    worse, stuck = [], []
    for r in off.iter_rows(named=True):
        norm = f"{r['norm_soort']} {r['norm_weergave']}"
        value = _with_unit(r["weergave"], r["eenheid"])
        if r["vorige"] is None or r["waarde"] is None:
            continue
        lower = _direction(r["indicator"]) == "lager"
        if (r["waarde"] > r["vorige"]) if lower else (r["waarde"] < r["vorige"]):
            worse.append(
                f"{r['label']} bij {short_name(r['aanbieder'])}: {value} ({norm}), verder van de norm dan in "
                f"{previous} ({_with_unit(r['vorige_weergave'], r['eenheid'])})."
            )
        elif r["waarde"] == r["vorige"] or _score(r) is None:
            stuck.append(f"{r['label']} bij {short_name(r['aanbieder'])} blijft {r['status']}: {value} ({norm}).")
    teams = [t for soort, _, t in ov.samenvatting.iter_rows() if soort == OFF_NORM and t.startswith("Caseload ")]
    s.besluit += teams + worse + stuck
    if missing:
        s.besluit.append(
            "Aanlevering ontbreekt: "
            + "; ".join(m["tekst"].rstrip(".") for m in missing[:3])
            + (f"; en nog {len(missing) - 3}" if len(missing) > 3 else "")
            + ". Aanbieder aanspreken."
        )
