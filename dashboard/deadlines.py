"""Delivery deadlines (aanlevertermijnen, issue 12): per extract kind a number of working days
after the period's end (data/registers/aanlevertermijnen.csv; 10 when a kind is not listed),
and for every delivery that was due whether it came on time, late, or not at all. Streamlit-
free: the Aanleveringen page, the reports and the regiekaart read it from here.

A delivery is judged on its first arrival: a later correction of the same period does not
make it late. Expected are the deliveries the Aanleveringen page expects (every kind a
provider delivered before, monthly or per quarter as it did, up to the newest month with
data; a kind it owes but never delivered from its first delivery of any kind)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

from dashboard import fmt, registers, sql, store, workdays
from dashboard.periods import Period, parse_period

ON_TIME, LATE, MISSING, OPEN = "op tijd", "te laat", "ontbreekt", "nog niet binnen"


def due(kind: str, period: Period) -> date:
    """The last day on which the delivery of `kind` for `period` is on time."""
    return workdays.add_working_days(period.end, registers.deadline_days(kind))


def _period(start: date, quarterly: bool) -> Period:
    return parse_period(f"{start.year}-Q{(start.month - 1) // 3 + 1}" if quarterly else f"{start:%Y-%m}")


def _working_days_between(after: date, until: date) -> int:
    return workdays.working_days_after(after, until) if until > after else 0


@dataclass(frozen=True)
class Due:
    provider: str
    kind: str
    period: Period
    deadline: date
    received: datetime | None
    file: str | None
    state: str  # ON_TIME, LATE, MISSING (deadline passed), OPEN (deadline not yet passed)
    working_days_late: int | None  # LATE: after the deadline; MISSING: since the deadline (up to today)

    def text(self) -> str:
        """`Enver — caseload oktober 2024: ontbreekt; de termijn verstreek op 14-11-2024 (12 werkdagen geleden).`"""
        what = f"{registers.short_name(self.provider)} — {self.kind} {self.period.display()}"
        if self.state == LATE:
            assert self.received is not None
            return (
                f"{what}: te laat ontvangen op {fmt.day(self.received)}, {self.working_days_late} werkdag(en) na de termijn "
                f"({fmt.day(self.deadline)})."
            )
        if self.state == MISSING:
            return f"{what}: ontbreekt; de termijn verstreek op {fmt.day(self.deadline)} ({self.working_days_late} werkdag(en) geleden)."
        if self.state == OPEN:
            return f"{what}: nog niet binnen; de termijn is {fmt.day(self.deadline)}."
        return f"{what}: op tijd ontvangen op {fmt.day(self.received)}."


def overview(db: Path | store.Database, providers: tuple[str, ...] | list[str], today: date | None = None) -> list[Due]:
    """Every delivery of `providers` that was expected, with its deadline and state."""
    today = today or date.today()
    owed = [f"{p}/{k}" for p in providers for k in registers.kinds_owed(p)]
    with store.reader(db) as con:
        if not store.has_table(con, "huidige_aanlevering"):
            return []
        frame = sql.query(con, "marts/aanlevertermijnen", aanbieders=list(providers), verschuldigd=owed)
    out = []
    for r in frame.iter_rows(named=True):
        period = _period(r["periode_start"], r["per_kwartaal"])
        deadline = due(r["soort"], period)
        received = r["eerst_ontvangen"]
        if received is not None:
            late = received.date() > deadline
            state, days = (LATE, _working_days_between(deadline, received.date())) if late else (ON_TIME, None)
        elif today > deadline:
            state, days = MISSING, _working_days_between(deadline, today)
        else:
            state, days = OPEN, None
        out.append(Due(r["aanbieder"], r["soort"], period, deadline, received, r["bestand"], state, days))
    return out


def reminders(db: Path | store.Database, providers: tuple[str, ...] | list[str], today: date | None = None) -> list[Due]:
    """What to remind providers of (herinneringen): deliveries whose deadline passed without
    them, the longest overdue first; then those still open, the first due first."""
    rows = overview(db, providers, today)
    missing = sorted((d for d in rows if d.state == MISSING), key=lambda d: (d.deadline, d.provider, d.kind))
    still_open = sorted((d for d in rows if d.state == OPEN), key=lambda d: (d.deadline, d.provider, d.kind))
    return missing + still_open


def late(db: Path | store.Database, providers: tuple[str, ...] | list[str], periods: list[Period] | None = None) -> list[Due]:
    """Deliveries that arrived after their deadline (of `periods`' months, or all), newest first."""
    rows = [d for d in overview(db, providers) if d.state == LATE]
    if periods is not None:
        months = {m for p in periods for m in p.months}
        rows = [d for d in rows if set(d.period.months) & months]
    return sorted(rows, key=lambda d: (d.period.start, d.provider, d.kind), reverse=True)


def frame(rows: list[Due]) -> pl.DataFrame:
    """The deliveries as a table (for pages and downloads)."""
    return pl.DataFrame(
        [
            {
                "Aanbieder": registers.short_name(d.provider),
                "Soort": d.kind,
                "Periode": d.period.display(),
                "Termijn": d.deadline,
                "Ontvangen": d.received,
                "Stand": d.state,
                "Werkdagen te laat": d.working_days_late if d.state in (LATE, MISSING) else None,
            }
            for d in rows
        ],
        schema={
            "Aanbieder": pl.String,
            "Soort": pl.String,
            "Periode": pl.String,
            "Termijn": pl.Date,
            "Ontvangen": pl.Datetime("us"),
            "Stand": pl.String,
            "Werkdagen te laat": pl.Int64,
        },
    )


def rule_text() -> str:
    """How the deadline is set, for captions and reports."""
    days = sorted(set(registers.deadline_workdays().values()))
    n = " of ".join(str(d) for d in days) if days else str(registers.DEFAULT_DEADLINE_WORKDAYS)
    return (
        f"Termijn: {n} werkdagen na afloop van de periode (maandag tot en met vrijdag, zonder feestdagen), per soort "
        "vastgelegd in het register aanlevertermijnen van de gemeente. Een correctie achteraf telt niet als te laat: "
        "de eerste aanlevering telt."
    )


def demo_received(name: str, kind: str, period: Period, correction: bool = False) -> datetime:
    """A plausible arrival for a demo file (the demo's own files have no real one): most a few
    working days before the deadline, one in nine a few working days after it; a correction
    some weeks later. Deterministic, from the file's name."""
    import hashlib

    n = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    deadline = due(kind, period)
    if correction:
        day = workdays.add_working_days(deadline, 15 + n % 10)
    elif n % 9 == 0:
        day = workdays.add_working_days(deadline, 1 + n % 4)
    else:
        day = deadline - timedelta(days=n % 7)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, 9 + n % 8, n % 60)
