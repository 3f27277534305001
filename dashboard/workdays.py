"""Dutch working days: Monday to Friday except the `holidays` package's default NL list
(Bevrijdingsdag only in lustrum years), as metrics.md prescribes."""

from __future__ import annotations

from datetime import date

import holidays
import polars as pl

FIRST_YEAR, LAST_YEAR = 1990, 2060


def public_holidays(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[date]:
    """The calendar table itself is built in SQL (queries/schema/kalender.sql)."""
    return sorted(holidays.NL(years=range(first, last + 1)))


def working_days_after(received: date, done: date) -> int:
    """Working days after `received` up to and including `done` (for tests and messages)."""
    free = holidays.NL(years=range(received.year, done.year + 1))
    days = pl.date_range(received, done, eager=True)[1:]
    return sum(1 for d in days if d.weekday() < 5 and d not in free)
