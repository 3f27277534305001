"""Fuzz-style: every column of every extract kind fed hostile values (control and bidi
characters, huge and non-finite numbers, very long text, BSN notations, arbitrary Unicode).
Each file gets a clean Dutch rejection or loads safely; afterwards, with everything that
was accepted loaded, every page, both PDFs and `kerncijfers` still work.

Kept fast: a bounded, derandomised number of examples per kind; the expensive part (load,
pages, reports) runs once, over all accepted files together."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import ingest, kerncijfers, reports, textsafety
from dashboard.contract import KINDS
from dashboard.periods import parse_period
from dashboard.personal import has_bsn
from dashboard.validation import validate
from tests.helpers import GOOD, PAGES, assert_clean, open_app, render

CONTROL = [
    "\x00",
    "\x01",
    "\x0b",
    "\x1b",
    "\x7f",
    "\x85",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "\ufffe",
    "\uffff",
    "\U0010fffe",
]
NUMBERS = [
    "1" + "0" * 400,
    "9" * 25,
    str(2**63 - 1),
    str(2**63),
    "-1",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-0",
    "0,0000001",
    "1.000",
    "14,5",
    "3",
]
BSNS = ["123456782", "1234.56.782", "1234 56 782", "1234-56-782", "123.456.782", "BSN123456782", "12345678"]
ENGLISH = ("error", "exception", "could not", "invalid", "failed", "traceback")

hostile = st.one_of(
    st.tuples(st.sampled_from(["Team", "Noord", "OTS", "2024-06", "7"]), st.sampled_from(CONTROL)).map("x".join),
    st.sampled_from(NUMBERS),
    st.sampled_from(BSNS),
    st.text(max_size=24),
    st.text(alphabet="ab é-", min_size=201, max_size=300),
)


def _check(kind: str, changes: dict[tuple[int, str], str], accepted: list[tuple[str, bytes]]) -> None:
    name = GOOD[kind][0]
    data = render(kind, changes).encode("utf-8")
    v = validate(name, data)  # never raises
    if not v.ok:
        assert v.errors and v.frame is None
        for f in v.errors:
            text = f.text()
            assert not textsafety.has_forbidden(text), repr(text)
            assert not has_bsn(text), text
            assert not any(word in f.rule.lower() for word in ENGLISH), f.rule
        return
    for col in KINDS[kind].columns:
        values = v.frame[col.name]
        if values.dtype == pl.String:
            assert not any(textsafety.has_forbidden(x) or has_bsn(x) for x in values.drop_nulls()), col.name
        elif values.dtype in (pl.Int64, pl.Float64):
            for x in values.drop_nulls():
                assert math.isfinite(x) and col.minimum <= x <= col.maximum, (col.name, x)
    accepted.append((name, data))


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_values_are_refused_in_dutch_or_loaded_safely_and_everything_still_works(
    kind: str, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, cols, rows = GOOD[kind]
    accepted: list[tuple[str, bytes]] = []

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(cols)), hostile, min_size=1, max_size=3))
    def explore(changes: dict[tuple[int, str], str]) -> None:
        _check(kind, changes, accepted)

    explore()
    # The good file too, so that something of this kind is surely loaded.
    accepted.append((GOOD[kind][0], render(kind).encode()))
    results = ingest.ingest_blobs(db, accepted[-5:])
    assert all(r.outcome is not ingest.Outcome.REJECTED for r in results), [r.line() for r in results]
    # Then everything still works: kerncijfers, both reports, every page.
    assert kerncijfers.has_data(kerncijfers.build(db, parse_period("2024-06")))
    if kind == "caseload":  # the reports and pages once, after the kind whose names reach the charts
        assert reports.make("briefing", db, "2024-06").startswith(b"%PDF")
        assert reports.make("kwartaal", db, "2024-Q2").startswith(b"%PDF")
        at = open_app(db, monkeypatch, {"periode": "2024-06"})
        for page in [p for p in PAGES if p != "overzicht"]:
            at.switch_page(f"views/{page}.py").run()
            assert_clean(at)
