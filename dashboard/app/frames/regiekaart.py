"""De regiekaart shaped for the page: per domain the figures with their sparkline (an SVG
string from dashboard.sparkline), and the measures as rows. Plain data, no streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import definitions, sparkline
from dashboard.regiekaart import Card, Domain, Tile


@dataclass(frozen=True)
class Figure:
    label: str
    short: str  # the label where room is short (a 1024-pixel projector)
    value: str
    status: str | None
    norm: str
    previous: str  # the previous period: "was 7,3 (−3,0)"
    svg: str  # an <img> of the sparkline, or ''
    delivered: bool


@dataclass(frozen=True)
class Block:
    title: str
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]
    explanations: tuple[tuple[str, str], ...] = ()  # (heading, text as typed)


def figure(t: Tile) -> Figure:
    svg = sparkline.img(t.series, t.norm_value, t.trend_label, width=80, height=28) if t.delivered else ""
    previous = " · ".join(x for x in (t.previous if t.delivered else "", t.note) if x)
    return Figure(t.label, definitions.metric(t.key).short_label, t.value, t.status, t.norm, previous, svg, t.delivered)


def block(d: Domain) -> Block:
    return Block(d.title, tuple(figure(t) for t in d.tiles), d.notes, d.explanations)


def blocks(card: Card) -> list[Block]:
    return [block(d) for d in card.domains]


def caption(card: Card) -> str:
    return (
        f"Per cijfer: de waarde in {card.period.display()} met de status tegen de norm of signaalwaarde; "
        f"„was” = {card.period.previous().display()}, met het verschil (bij percentages in procentpunten); "
        f"het lijntje: het verloop {card.span} (stippellijn: de norm). Alleen wat {card.short_name} "
        "volgens de aanleverspecificatie aanlevert."
    )


def measure_rows(card: Card) -> list[tuple[str, str, str, str, str, str]]:
    return [(m.omschrijving, m.kind, m.owner, m.deadline, m.status + (", te laat" if m.late else ""), m.rag) for m in card.measures]
