"""Aanlevertermijnen (issue 12, item 6): a deadline per extract kind in
data/registers/aanlevertermijnen.csv, in Dutch working days after the period's end, and for
every delivery that was due whether it came on time, late or not at all ("herinneringen")."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from dashboard import deadlines, ingest, registers, warehouse
from dashboard.filenames import FileName
from dashboard.periods import parse_period


def wachtlijst(provider: str, month: str) -> str:
    p = parse_period(month)
    rows = "".join(f"{provider},{p.end},{provider[:2]}-T-{i:04d},{_product(provider)},intake,{p.start},nee\n" for i in range(1, 7))
    return "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum,overbrugging\n" + rows


def _product(provider: str) -> str:
    return registers.products_of(provider)[0]


def load(db: Path, files: dict[str, tuple[str, datetime]]) -> None:
    """Deliveries that arrived when the test says (a real one arrives now)."""
    arrivals = {name: when for name, (_, when) in files.items()}
    with warehouse.writer(db) as w:
        results = ingest.load(w, db, [(n, t.encode()) for n, (t, _) in files.items()], received=lambda name, fn: arrivals[name])
    assert all(r.outcome is not ingest.Outcome.REJECTED for r in results), [r.line() for r in results]


@pytest.mark.parametrize(
    ("kind", "period", "deadline"),
    [
        ("wachtlijst", "2024-06", date(2024, 7, 12)),  # June ends on a Sunday: two weekends in between
        ("wachtlijst", "2024-04", date(2024, 5, 15)),  # Hemelvaartsdag (9 May) is no working day
        ("caseload", "2024-12", date(2025, 1, 15)),  # Nieuwjaarsdag neither
        ("personeel", "2024-Q3", date(2024, 10, 14)),  # a quarter: from the quarter's last day
    ],
)
def test_the_deadline_is_ten_working_days_after_the_period(kind: str, period: str, deadline: date) -> None:
    assert deadlines.due(kind, parse_period(period)) == deadline


@pytest.fixture
def edited_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "registers"
    shutil.copytree(registers.REGISTERS, folder)
    monkeypatch.setattr(registers, "REGISTERS", folder)
    registers.deadline_workdays.cache_clear()
    yield folder / "aanlevertermijnen.csv"
    registers.deadline_workdays.cache_clear()


def test_the_municipality_changes_a_deadline_in_the_register(edited_register: Path) -> None:
    text = edited_register.read_text(encoding="utf-8").replace("caseload,10,", "caseload,5,")
    edited_register.write_text(text, encoding="utf-8")
    assert deadlines.due("caseload", parse_period("2024-06")) == date(2024, 7, 5)
    assert deadlines.due("wachtlijst", parse_period("2024-06")) == date(2024, 7, 12)
    assert "5 of 10 werkdagen" in deadlines.rule_text()


def test_on_time_late_missing_and_open_deliveries(db: Path) -> None:
    load(
        db,
        {
            # On the deadline itself, which Hemelvaartsdag pushed to 15 May: on time.
            "JBRR_wachtlijst_2024-04.csv": (wachtlijst("JBRR", "2024-04"), datetime(2024, 5, 15, 16, 30)),
            "JBRR_wachtlijst_2024-05.csv": (wachtlijst("JBRR", "2024-05"), datetime(2024, 6, 3, 9, 0)),
            # Deadline Friday 12 July; Monday the 15th is one working day late, not three days.
            "JBRR_wachtlijst_2024-06.csv": (wachtlijst("JBRR", "2024-06"), datetime(2024, 7, 15, 9, 0)),
            "ENVER_wachtlijst_2024-07.csv": (wachtlijst("ENVER", "2024-07"), datetime(2024, 8, 1, 9, 0)),
        },
    )
    # A correction of May long after its deadline: the first arrival counts, May stays on time.
    load(db, {"JBRR_wachtlijst_2024-05.csv": (wachtlijst("JBRR", "2024-05").replace("-T-0006", "-T-0009"), datetime(2024, 8, 5))})

    rows = {(d.provider, d.kind, d.period.label): d for d in deadlines.overview(db, ("JBRR", "ENVER"), today=date(2024, 8, 20))}
    assert rows["JBRR", "wachtlijst", "2024-04"].state == deadlines.ON_TIME
    assert rows["JBRR", "wachtlijst", "2024-05"].state == deadlines.ON_TIME
    june = rows["JBRR", "wachtlijst", "2024-06"]
    assert (june.state, june.working_days_late, june.deadline) == (deadlines.LATE, 1, date(2024, 7, 12))
    assert june.text() == "JBRR — wachtlijst juni 2024: te laat ontvangen op 15-07-2024, 1 werkdag(en) na de termijn (12-07-2024)."
    july = rows["JBRR", "wachtlijst", "2024-07"]  # ENVER delivered July: JBRR's is expected too
    assert (july.state, july.deadline, july.working_days_late) == (deadlines.MISSING, date(2024, 8, 14), 4)
    assert july.text() == "JBRR — wachtlijst juli 2024: ontbreekt; de termijn verstreek op 14-08-2024 (4 werkdag(en) geleden)."
    assert rows["ENVER", "wachtlijst", "2024-07"].state == deadlines.ON_TIME
    assert ("ENVER", "wachtlijst", "2024-06") not in rows  # before ENVER's first delivery
    # A kind the provider owes but never delivered is missing from its first delivery on.
    assert rows["JBRR", "doorlooptijden", "2024-04"].state == deadlines.MISSING
    assert ("ENVER", "doorlooptijden", "2024-07") not in rows  # not owed by ENVER

    # Before July's deadline it is still open, not missing; reminders list the overdue first.
    early = deadlines.reminders(db, ("JBRR",), today=date(2024, 8, 10))
    assert [(d.kind, d.period.label, d.state) for d in early][-1] == ("wachtlijst", "2024-07", deadlines.OPEN)
    assert early[0].state == deadlines.MISSING and early[0].deadline == min(d.deadline for d in early)
    # A provider's reminders are its own.
    assert {d.provider for d in deadlines.reminders(db, ("ENVER",), today=date(2024, 8, 20))} <= {"ENVER"}
    late = deadlines.late(db, ("JBRR", "ENVER"), [parse_period("2024-Q2")])
    assert [(d.provider, d.period.label) for d in late] == [("JBRR", "2024-06")]


def test_the_demo_has_plausible_arrivals_and_some_late_ones(demo_db: Path) -> None:
    rows = deadlines.overview(demo_db, registers.provider_codes())
    states = {d.state for d in rows}
    assert deadlines.LATE in states and deadlines.ON_TIME in states
    on_time = [d for d in rows if d.state == deadlines.ON_TIME]
    assert all(d.period.end < d.received.date() <= d.deadline for d in on_time)
    assert sum(d.state == deadlines.LATE for d in rows) < len(rows) / 5
    fn = FileName("ENVER", "wachtlijst", parse_period("2024-05"), "csv")
    original = deadlines.demo_received("ENVER_wachtlijst_2024-05.csv", fn.kind, fn.period)
    correction = deadlines.demo_received("ENVER_wachtlijst_2024-05.csv", fn.kind, fn.period, correction=True)
    assert original < correction
