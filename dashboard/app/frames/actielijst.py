"""Wat vraagt actie: the ranked action list (dashboard.actions) shaped for the page's
table, its caption and its download. Plain data, no streamlit."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import fmt
from dashboard.actions import Actielijst, Action

SHOWN_FIRST = 6  # items on the first screen; the rest opens below them


@dataclass(frozen=True)
class Line:
    rank: int
    owner: str
    what: str
    value: str
    status: str
    norm: str
    far: str
    since: str
    measure: str  # '' when no measure or agreement is linked
    deadline: str


def line(rank: int, a: Action) -> Line:
    return Line(rank, a.owner_name, a.what, a.value, a.status, a.norm, a.afwijking_text, a.sinds, a.measure_text, a.deadline_text)


def lines(al: Actielijst) -> list[Line]:
    return [line(i, a) for i, a in enumerate(al.items, 1)]


def caption(al: Actielijst) -> str:
    severe = sum(a.severe for a in al.items)
    watch = len(al.items) - severe
    parts = [f"{severe} buiten de norm, te laat of achter op schema"] + ([f"{watch} om op te letten"] if watch else [])
    return (
        f"{len(al.items)} punten voor {al.period.display()} ({', '.join(parts)}); maatregelen zoals het register er op "
        f"{fmt.day(al.on)} voor stond. Eerst wat buiten de norm is, dan wat 'let op' is; daarbinnen hoe ver van de "
        "norm (als deel van de norm) en hoe lang al (tot een jaar terug)."
    )
