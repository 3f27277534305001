"""Reporting periods: a month `YYYY-MM` or a quarter `YYYY-Qn`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    """A closed date range [start, end] that is one month or one quarter."""

    start: date
    end: date
    label: str

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.label

    @property
    def months(self) -> list[str]:
        """The `YYYY-MM` months the period covers."""
        y, m = self.start.year, self.start.month
        n = 3 if self.is_quarter else 1
        return [f"{y}-{m + i:02d}" for i in range(n)]

    def shift(self, steps: int) -> Period:
        """The period `steps` months or quarters later (negative: earlier)."""
        months = steps * (3 if self.is_quarter else 1)
        total = self.start.year * 12 + self.start.month - 1 + months
        y, m = divmod(total, 12)
        if self.is_quarter:
            return parse_period(f"{y}-Q{m // 3 + 1}")
        return parse_period(f"{y}-{m + 1:02d}")

    def quarter(self) -> Period:
        """The quarter the period lies in (a quarter: itself)."""
        return parse_period(f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}")

    def previous(self) -> Period:
        return self.shift(-1)

    def year_earlier(self) -> Period:
        return self.shift(-4 if self.is_quarter else -12)

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def display(self) -> str:
        """Dutch label: `juni 2024` or `2e kwartaal 2024`."""
        if self.is_quarter:
            return f"{self.label[-1]}e kwartaal {self.start.year}"
        return f"{MAANDEN[self.start.month - 1]} {self.start.year}"

    def __str__(self) -> str:
        return self.label


MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]


def parse_period(text: str) -> Period:
    text = text.strip()
    if m := _MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise PeriodError(f"'{text}' is geen geldige maand (maand {mo} bestaat niet)")
        last = calendar.monthrange(y, mo)[1]
        return Period(date(y, mo, 1), date(y, mo, last), f"{y}-{mo:02d}")
    if m := _QUARTER.match(text):
        y, q = int(m[1]), int(m[2])
        first = 3 * (q - 1) + 1
        last = calendar.monthrange(y, first + 2)[1]
        return Period(date(y, first, 1), date(y, first + 2, last), f"{y}-Q{q}")
    raise PeriodError(f"'{text}' is geen geldige periode (verwacht JJJJ-MM of JJJJ-Qn)")


def month_of(d: date) -> str:
    return f"{d.year}-{d.month:02d}"
