"""Reporting periods: a month `YYYY-MM` or a quarter `YYYY-Qn`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
# The years a period may fall in: a figure compares with a year earlier and a window of 12
# months before it, which must still be dates; year 0000 is none at all.
FIRST_YEAR, LAST_YEAR = 1900, 2999


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

    def phrase(self) -> str:
        """In a sentence: `juni 2024` / `het 2e kwartaal 2024` ('in het 2e kwartaal')."""
        return f"het {self.display()}" if self.is_quarter else self.display()

    def short(self) -> str:
        """For column headers and chart axes: `jun 2024` / `2e kw. 2024`."""
        if self.is_quarter:
            return f"{self.label[-1]}e kw. {self.start.year}"
        return f"{MAANDEN_KORT[self.start.month - 1]} {self.start.year}"

    def __str__(self) -> str:
        return self.label


# The Dutch month names, once: every page, chart locale, report and download reads these.
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]
MAANDEN_KORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def _year(text: str, y: int) -> int:
    if not FIRST_YEAR <= y <= LAST_YEAR:
        raise PeriodError(f"'{text}' is geen geldige periode (het jaar ligt niet tussen {FIRST_YEAR} en {LAST_YEAR})")
    return y


def parse_period(text: str) -> Period:
    text = text.strip()
    if m := _MONTH.match(text):
        y, mo = _year(text, int(m[1])), int(m[2])
        if not 1 <= mo <= 12:
            raise PeriodError(f"'{text}' is geen geldige maand (maand {mo} bestaat niet)")
        last = calendar.monthrange(y, mo)[1]
        return Period(date(y, mo, 1), date(y, mo, last), f"{y}-{mo:02d}")
    if m := _QUARTER.match(text):
        y, q = _year(text, int(m[1])), int(m[2])
        first = 3 * (q - 1) + 1
        last = calendar.monthrange(y, first + 2)[1]
        return Period(date(y, first, 1), date(y, first + 2, last), f"{y}-Q{q}")
    raise PeriodError(f"'{text}' is geen geldige periode (verwacht JJJJ-MM of JJJJ-Qn)")


def month_of(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


def names_list(items: list[str] | tuple[str, ...]) -> str:
    """`JBRR, Enver en Wijkteams`."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def months_text(months: list[Period]) -> str:
    """`april, mei en juni 2024`, or `2e kwartaal 2024` when a whole quarter."""
    months = sorted(months)
    if (
        len(months) == 3
        and months[0].start.month % 3 == 1
        and len({m.start.year for m in months}) == 1
        and months[2].start.month == months[0].start.month + 2
    ):
        return months[0].quarter().display()
    by_year: dict[int, list[str]] = {}
    for m in months:
        by_year.setdefault(m.start.year, []).append(MAANDEN[m.start.month - 1])
    return "; ".join(f"{names_list(ms)} {y}" for y, ms in by_year.items())
