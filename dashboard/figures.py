"""The figures of metrics.md as small typed functions returning polars frames.

Every function runs one named mart from queries/marts for a list of periods and a provider
scope. The dashboard, the reports and `kerncijfers` all call these, so they cannot
disagree. Results are raw (unsuppressed) numbers; what may be shown is decided by
`dashboard.privacy` at the edge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import sql, store
from dashboard.periods import Period, parse_period
from dashboard.registers import provider_codes


@dataclass(frozen=True)
class Scope:
    """What a caller may see and asks for: periods and providers."""

    periods: tuple[Period, ...]
    providers: tuple[str, ...] = field(default_factory=provider_codes)
    today: date = field(default_factory=date.today)

    @classmethod
    def of(cls, periods: Sequence[Period | str], providers: Sequence[str] | None = None,
           today: date | None = None) -> "Scope":
        ps = tuple(p if isinstance(p, Period) else parse_period(p) for p in periods)
        return cls(ps, tuple(providers) if providers else provider_codes(), today or date.today())


def _mart(db: Path, name: str, scope: Scope, **extra: object) -> pl.DataFrame:
    params = {"labels": [p.label for p in scope.periods], "starts": [p.start for p in scope.periods],
              "ends": [p.end for p in scope.periods], "aanbieders": list(scope.providers),
              "vandaag": scope.today, **extra}
    with store.reader(db) as con:
        wanted = sql.params_of(f"marts/{name}")
        return sql.query(con, f"marts/{name}", **{k: v for k, v in params.items() if k in wanted})


def wachtlijst(db: Path, scope: Scope) -> pl.DataFrame:
    """Per period and provider (+ 'Totaal'): peildatum, wachtenden, mediaan/p90 wachttijd
    in weeks, boven norm and met overbrugging (counts and %)."""
    return _mart(db, "wachtlijst", scope)


def wachtlijst_per_product(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "wachtlijst_per_product", scope)


DIMENSIONS = ("wachttijd", "gebied", "leeftijd", "wacht_op", "product")


def wachtlijst_verdeling(db: Path, scope: Scope, dimensie: str) -> pl.DataFrame:
    """Counts of who waits by wait band, area, age band, what they wait on, or product."""
    if dimensie not in DIMENSIONS:
        raise ValueError(f"onbekende indeling {dimensie!r}")
    return _mart(db, "wachtlijst_verdeling", scope, dimensie=dimensie)


def wachtlijst_stroom(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "wachtlijst_stroom", scope)


def verwachte_doorlooptijd(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "verwachte_doorlooptijd", scope)


def gestart(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "gestart", scope)


def gestart_per_product(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "gestart_per_product", scope)


def personeel(db: Path, scope: Scope) -> pl.DataFrame:
    """Levels `team`, `aanbieder` and `totaal` in the column `niveau`."""
    return _mart(db, "personeel", scope)


def caseload(db: Path, scope: Scope) -> pl.DataFrame:
    """Levels `team`, `aanbieder` and `totaal` in the column `niveau`."""
    return _mart(db, "caseload", scope)


def doorlooptijden(db: Path, scope: Scope) -> pl.DataFrame:
    """Per period, provider (+ 'Totaal') and process step."""
    return _mart(db, "doorlooptijden", scope)


def geleverd(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "geleverd", scope)


def aanleveringen(db: Path, providers: Sequence[str] | None = None) -> pl.DataFrame:
    with store.reader(db) as con:
        return sql.query(con, "marts/aanleveringen", aanbieders=list(providers or provider_codes()))


def months_with_data(db: Path) -> list[Period]:
    with store.reader(db) as con:
        frame = sql.query(con, "marts/maanden_met_data")
    return [parse_period(f"{d:%Y-%m}") for d in frame["maand"].to_list()]
