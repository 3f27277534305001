"""Dutch presentation of numbers and dates: `1.234,5`, `30-06-2024`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal


def r1(x: float | None, digits: int = 1) -> float | None:
    """Round half away from zero (as DuckDB and people do), not to even."""
    if x is None:
        return None
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def number(x: float | int | str | None, digits: int = 1, empty: str = "–") -> str:
    """`1234.5` -> `1.234,5`; text (a suppressed `<5` or `x`) passes through."""
    if x is None:
        return empty
    if isinstance(x, str):
        return x
    if isinstance(x, int) or digits == 0:
        text = f"{round(x):,}"
    else:
        text = f"{r1(x, digits):,.{digits}f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".")


def pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{number(x, digits)}%"


def day(d: date | datetime | None) -> str:
    return "–" if d is None else d.strftime("%d-%m-%Y")
