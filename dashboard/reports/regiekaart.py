"""Regiekaart: one A4 page about one provider for the regie meeting, the same card as the
dashboard's Regiekaart page (`dashboard.regiekaart`): every domain it delivers with value,
status, norm, the previous period and a sparkline per figure; what needs action; its
measures and agreements; its deliveries for the period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dashboard import definitions, regiekaart, registers, sparkline
from dashboard.actions import MEASURE, Action
from dashboard.periods import Period
from dashboard.regiekaart import Card
from dashboard.reports import common, render
from dashboard.reports.common import GeenGegevens

# How many action items and measures the page lists, from roomy to tight: the first that
# keeps the page to one page is used (the rest is counted, and on the dashboard).
FITS = ((10, 8), (8, 6), (6, 5), (5, 4), (4, 3), (3, 2), (2, 2), (1, 1))


def _figure(t: regiekaart.Tile) -> dict:
    return {
        "label": t.label,
        "waarde": t.value,
        "status": f"{definitions.STATUS_ICONS[t.status]} {t.status}" if t.status else "",
        "norm": t.norm,
        "was": t.previous if t.delivered else "",
        "geleverd": t.delivered,
        "svg": sparkline.svg(t.series, t.norm_value, t.trend_label, width=110, height=30) if t.delivered else "",
        "alt": t.trend_label + (f"; {t.norm}" if t.norm else ""),
    }


def _action(rank: int, a: Action) -> dict:
    return {
        "rang": str(rank),
        "wat": a.what,
        "nu": f"{a.value} {a.icon} {a.status}",
        "norm": a.norm,
        "hoe_ver": a.afwijking_short,
        "hoe_lang": a.since_short,
        "maatregel": "; ".join(m.omschrijving for m in a.measures) or ("–" if a.kind == MEASURE else "geen"),
        "deadline": a.deadline_text,
    }


def card_data(card: Card, today: date) -> dict:
    return {
        "soort": "regiekaart",
        "titel": f"Regiekaart {card.name}",
        "periode": card.period.display(),
        "ondertitel": f"Stand {common.period_word(card.period)}; verloop {card.span}; „was” = {card.period.previous().display()}",
        "gemaakt": common.generated_on(today),
        "demo": card.demo,
        "domeinen": [
            {
                "titel": d.title,
                "cijfers": [_figure(t) for t in d.tiles],
                "noten": list(d.notes),
                "toelichting": [{"kop": h, "tekst": t} for h, t in d.explanations],
            }
            for d in card.domains
        ],
        "acties": [_action(i, a) for i, a in enumerate(card.actions, 1)],
        "acties_meer": 0,
        "maatregelen": [
            {"omschrijving": m.omschrijving, "soort": m.kind, "van": m.owner, "deadline": m.deadline, "status": m.status, "oordeel": m.rag}
            for m in card.measures
        ],
        "maatregelen_meer": 0,
        "register": f"Register van aanbevelingen, stand op {card.on:%d-%m-%Y}." if card.on else "",
        "secties": [{"titel": s.title, "regels": list(s.lines or (s.empty,))} for s in card.sections],
        "leeswijzer": common.short_legend(),
    }


def data(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> dict:
    """The page's data for exactly one provider (`providers`); GeenGegevens when it delivered
    nothing for the period. `adressaten` None: its own measures and the municipality's."""
    b = common.basis(db, period, providers, today, None, register_op)
    if not providers or len(b.providers) != 1:
        raise ValueError("een regiekaart is over één aanbieder: geef --aanbieder CODE")
    card = regiekaart.build(b.db, b.period, b.providers[0], b.today, adressaten, b.on())
    if not card.has_data:
        raise GeenGegevens(f"geen gegevens van {registers.short_name(card.provider)} voor {b.period.display()}")
    return card_data(card, b.today)


def fit(full: dict, todo: int, measures: int) -> dict:
    out = dict(full)
    out["acties"], out["acties_meer"] = full["acties"][:todo], max(len(full["acties"]) - todo, 0)
    out["maatregelen"], out["maatregelen_meer"] = full["maatregelen"][:measures], max(len(full["maatregelen"]) - measures, 0)
    return out


def to_pdf(full: dict) -> bytes:
    """Always one A4 page: the lists cut as far as needed."""
    return render.pdf("regiekaart.typ", render.first_fitting("regiekaart.typ", [fit(full, *limits) for limits in FITS]))


def render_regiekaart(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> bytes:
    return to_pdf(data(db, period, providers, today, adressaten, register_op))


__all__ = ["GeenGegevens", "data", "render_regiekaart", "to_pdf"]
