"""Dutch working days: Monday to Friday except the `holidays` package's default NL list
(Bevrijdingsdag only in lustrum years): the days the process norms count.

The list for FIRST_YEAR..LAST_YEAR is shipped as data/registers/feestdagen.csv, written
from the package (`uv run python -m dashboard.workdays`); a test fails when it drifts from
the installed package. Reading the file instead of computing 71 years of holidays spares
every new database (and so the first `jeugdmonitor serve`) the package's start-up."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dashboard.paths import REGISTERS

FIRST_YEAR, LAST_YEAR = 1990, 2060
HOLIDAYS = REGISTERS / "feestdagen.csv"


@cache
def _shipped() -> tuple[date, ...]:
    lines = HOLIDAYS.read_text(encoding="utf-8").splitlines()[1:]
    return tuple(date.fromisoformat(line.split(",", 1)[0]) for line in lines if line)


def public_holidays(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> list[date]:
    """The calendar table itself is built in SQL (queries/schema/kalender.sql)."""
    return [d for d in _shipped() if first <= d.year <= last]


def working_days_after(received: date, done: date) -> int:
    """Working days after `received` up to and including `done` (for tests and messages)."""
    free = set(public_holidays(received.year, done.year))
    days = (received + timedelta(days=n) for n in range(1, (done - received).days + 1))
    return sum(1 for d in days if d.weekday() < 5 and d not in free)


def add_working_days(after: date, n: int) -> date:
    """The `n`-th working day after `after` (a delivery deadline: `n` working days after a
    period's last day)."""
    free = set(public_holidays(after.year, after.year + 1 + n // 200))
    d, left = after, n
    while left > 0:
        d += timedelta(days=1)
        if d.weekday() < 5 and d not in free:
            left -= 1
    return d


def from_package(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    """The shipped file's text, from the `holidays` package: `datum,naam`, in date order."""
    import holidays

    days = holidays.country_holidays("NL", years=range(first, last + 1), language="nl")
    return "datum,naam\n" + "".join(f"{d.isoformat()},{name}\n" for d, name in sorted(days.items()))


if __name__ == "__main__":
    HOLIDAYS.write_text(from_package(), encoding="utf-8")
    print(f"geschreven: {HOLIDAYS}")
