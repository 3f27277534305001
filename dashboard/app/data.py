"""Cached access to the figures. Every cache key holds `store.data_version(db)`, which
changes when a writer swaps in a new delivery, so a new delivery shows without a restart
(also one loaded by a separate `jeugdmonitor ingest`), and the periods and providers asked
for, so each period is cached on its own. Nothing here computes a figure."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from dashboard import figures, overview, register, reports
from dashboard.figures import Scope
from dashboard.periods import Period, parse_period

if TYPE_CHECKING:
    from dashboard.app.filters import Filters

Version = tuple[int, int, int] | None
Need = tuple[str, Sequence[Period] | None] | tuple[str, Sequence[Period] | None, dict[str, str]]
PARALLEL = 4

_FIGURES: dict[str, Callable[..., pl.DataFrame]] = {
    f.__name__: f for f in (
        figures.wachtlijst, figures.wachtlijst_per_product, figures.wachtlijst_verdeling,
        figures.wachtlijst_stroom, figures.verwachte_doorlooptijd, figures.gestart,
        figures.gestart_per_product, figures.personeel, figures.caseload, figures.doorlooptijden,
        figures.geleverd, figures.verwachte_aanleveringen)
}


@st.cache_data(show_spinner=False, max_entries=2000)
def _figure(name: str, db: str, version: Version, periods: tuple[str, ...], providers: tuple[str, ...],
            today: date, dimensie: str | None, niveau: str | None, aanbieder: str | None = None) -> pl.DataFrame:
    scope = Scope.of(periods, providers, today)
    # Only the rows asked for, read as such: a trend of providers need not read (and cache) every team.
    extra = {"dimensie": dimensie} if dimensie else {k: v for k, v in (("niveau", niveau), ("aanbieder", aanbieder)) if v}
    return _FIGURES[name](Path(db), scope, **extra)


def figure(name: str, f: Filters, periods: Sequence[Period] | None = None, dimensie: str | None = None,
           niveau: str | None = None, aanbieder: str | None = None) -> pl.DataFrame:
    """`figures.<name>` for the chosen providers and `periods` (default: the chosen period);
    for personeel and caseload optionally only one `niveau` (team, aanbieder, totaal) and
    only one of the chosen providers (`aanbieder`)."""
    labels = tuple(p.label for p in (periods or [f.period]))
    return _figure(name, str(f.db), f.version, labels, f.providers, f.today, dimensie, niveau, aanbieder)


def _parallel(calls: Sequence[Callable[[], object]]) -> None:
    """Run cached calls at once. Each figure opens its own read-only connection, and opening
    one costs more as the database grows; DuckDB does that work outside the GIL, so a page's
    queries overlap instead of queueing."""
    ctx = get_script_run_ctx()

    def run(call: Callable[[], object]) -> object:
        add_script_run_ctx(threading.current_thread(), ctx)  # st.cache_data needs the session
        return call()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        list(pool.map(run, calls))


def prefetch(f: Filters, *needs: Need) -> None:
    """Fetch the figures a page is about to ask for, concurrently; its own calls then hit
    the cache. A need is (mart, periods or None for the chosen period[, {dimensie/niveau}])."""
    _parallel([lambda n=n: figure(n[0], f, n[1], **(n[2] if len(n) > 2 else {})) for n in needs])


@st.cache_data(show_spinner=False, max_entries=200)
def _overview(db: str, version: Version, period: str, providers: tuple[str, ...],
              today: date) -> overview.Overzicht:
    return overview.build(Path(db), parse_period(period), providers, today)


def headline(f: Filters) -> overview.Overzicht:
    assert f.period is not None
    return _overview(str(f.db), f.version, f.period.label, f.providers, f.today)


@st.cache_data(show_spinner=False, max_entries=50)
def _months(db: str, version: Version) -> tuple[str, ...]:
    return tuple(p.label for p in figures.months_with_data(Path(db)))


def months_with_data(db: Path, version: Version) -> tuple[str, ...]:
    # The delivery log is needed on every page too (demo banner): fetch both at once.
    _parallel([lambda: _months(str(db), version), lambda: _deliveries(str(db), version)])
    return _months(str(db), version)


@st.cache_data(show_spinner=False, max_entries=50)
def _deliveries(db: str, version: Version) -> pl.DataFrame:
    return figures.aanleveringen(Path(db))


def deliveries(f: Filters) -> pl.DataFrame:
    """The delivery log of the chosen providers, newest first."""
    log = _deliveries(str(f.db), f.version)
    return log.filter(pl.col("aanbieder").is_in(list(f.providers)))


def is_demo(f: Filters) -> bool:
    log = _deliveries(str(f.db), f.version)
    return bool(log.filter(pl.col("status") == "geladen")["demo"].any()) if log.height else False


@st.cache_data(show_spinner=False, max_entries=100)
def _measures(db: str, version: Version, on: date, addressees: tuple[str, ...]) -> pl.DataFrame:
    return register.measures(Path(db), on, list(addressees))


def measures(f: Filters) -> pl.DataFrame:
    """The register's improvement measures for the municipality and the chosen providers, as
    they stood at the end of the chosen period (or today, if that is earlier)."""
    on = min(f.period.end, f.today) if f.period else f.today
    return _measures(str(f.db), f.version, on, ("GEMEENTE", *f.providers))


def register_on(f: Filters) -> date:
    """The date the register is shown on: the end of the chosen period, or today if earlier."""
    return min(f.period.end, f.today) if f.period else f.today


@st.cache_data(show_spinner=False, max_entries=50)
def _register_tree(db: str, version: Version) -> list[dict]:
    # As exported: every report and recommendation, also those without measures yet.
    return register.tree(Path(db))


def register_tree(f: Filters) -> list[dict]:
    """Reports with their recommendations (current versions), as in the register's export."""
    return _register_tree(str(f.db), f.version)


@st.cache_data(show_spinner=False, max_entries=200)
def _history(db: str, version: Version, ids: tuple[str, ...]) -> pl.DataFrame:
    return register.history(Path(db), list(ids))


def history(f: Filters, ids: Sequence[str]) -> pl.DataFrame:
    """The status history of measures, oldest first (who and when recorded each entry)."""
    return _history(str(f.db), f.version, tuple(ids))


# --- register changes: the page never sees a RegisterError, only its Dutch problems -------

REGISTER_ACTIONS: dict[str, Callable[..., object]] = {
    "status": register.add_status, "maatregel": register.add_measure, "indicator": register.link_indicator,
    "rapport": register.add_report, "aanbeveling": register.add_recommendation}
STATUSES, STATUS_LABELS, ADDRESSEES = register.STATUSES, register.STATUS_LABELS, register.ADDRESSEES


def change_register(f: Filters, action: str, door: str, *target: str, **fields: object) -> list[str]:
    """Apply one change from a form; the problems as Dutch texts (none: it was saved). The
    caches follow by themselves: the write changes the data version."""
    try:
        REGISTER_ACTIONS[action](f.db, door, *target, **fields)
    except register.RegisterError as e:
        return [p.text() for p in e.problems]
    return []


def export_register(f: Filters) -> str:
    return register.export_yaml(f.db)


def import_register(f: Filters, blob: bytes, door: str, name: str) -> tuple[dict | None, list[str]]:
    """(rows added per kind, problems)."""
    try:
        return register.import_yaml(f.db, blob, door, source=name), []
    except register.RegisterError as e:
        return None, [p.text() for p in e.problems]


# --- printed reports --------------------------------------------------------------------

REPORTS = {"briefing": reports.render_briefing, "kwartaal": reports.render_quarterly}


@st.cache_data(show_spinner=False, max_entries=20)
def _report(kind: str, db: str, version: Version, period: str, providers: tuple[str, ...], today: date) -> bytes:
    return REPORTS[kind](Path(db), period, list(providers), today=today)


def report_period(f: Filters, kind: str) -> Period:
    """The period a report is about: the chosen one; for the kwartaalrapportage with a month
    chosen, that month's quarter."""
    assert f.period is not None
    if kind == "kwartaal" and not f.period.is_quarter:
        start = f.period.start
        return parse_period(f"{start.year}-Q{(start.month - 1) // 3 + 1}")
    return f.period


def report(f: Filters, kind: str) -> tuple[bytes | None, str]:
    """The PDF (cached per data version, period and providers), or why there is none."""
    period = report_period(f, kind)
    try:
        return _report(kind, str(f.db), f.version, period.label, f.providers, f.today), ""
    except reports.GeenGegevens as e:
        return None, str(e) or f"Geen gegevens voor {period.display()}."
