"""The figures of the metric dictionary (dashboard/definitions.py) as small typed
functions returning polars frames.

Every function runs one named mart from queries/marts for a list of periods and a provider
scope. The dashboard, the reports and `kerncijfers` all call these, so they cannot
disagree. Results are raw (unsuppressed) numbers; what may be shown is decided by
`dashboard.privacy` at the edge."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from dashboard import sql, store, warehouse
from dashboard.periods import Period, parse_period
from dashboard.registers import provider_codes


@dataclass(frozen=True)
class Scope:
    """What a caller may see and asks for: periods and providers."""

    periods: tuple[Period, ...]
    providers: tuple[str, ...] = field(default_factory=provider_codes)
    today: date = field(default_factory=date.today)

    @classmethod
    def of(cls, periods: Sequence[Period | str], providers: Sequence[str] | None = None, today: date | None = None) -> Scope:
        ps = tuple(p if isinstance(p, Period) else parse_period(p) for p in periods)
        # None: every provider; an empty selection stays empty (a scope never widens by itself).
        return cls(ps, provider_codes() if providers is None else tuple(providers), today or date.today())


def _mart(db: Path, name: str, scope: Scope, **where: str | None) -> pl.DataFrame:
    if not scope.periods:
        raise ValueError("geen periode gekozen")
    with store.reader(db) as con:
        return mart_on(con, name, scope, **where)


def mart_on(con: duckdb.DuckDBPyConnection, name: str, scope: Scope, **where: str | None) -> pl.DataFrame:
    """A mart on an open connection, for callers that read several figures at once
    (opening a connection costs more than a prepared mart's rows). `where`: only the rows
    with these values (niveau, aanbieder), for marts whose team rows grow with the data."""
    if not scope.periods:
        raise ValueError("geen periode gekozen")
    wanted = {k: v for k, v in where.items() if v is not None}
    if name in warehouse.MATERIALIZED and set(scope.providers) >= set(provider_codes()):
        prepared = _prepared(con, name, scope, wanted)
        if prepared is not None:
            return prepared
    frame = sql.query(con, f"marts/{name}", **warehouse.mart_params(name, scope.periods, scope.providers, scope.today))
    return frame.filter(**wanted) if wanted else frame


def _prepared(con: duckdb.DuckDBPyConnection, name: str, scope: Scope, where: dict[str, str]) -> pl.DataFrame | None:
    """The materialised rows, when they answer the question exactly: same providers, and
    every period already ended when they were computed and on `today` (so the evaluation
    date, the period's end or today if earlier, is the same)."""
    meta = store.per_version(
        con, "berekend_op", lambda: sql.query(con, "meta/berekend_op")["berekend_op"].to_list() if store.has_table(con, "mart_meta") else []
    )
    # A period that ended by both dates was evaluated on its own end date either way.
    if not meta or any(p.end > meta[0] or p.end > scope.today for p in scope.periods):
        return None
    table = f"mart_{name}"  # from the fixed MATERIALIZED list, never from input
    query = f"SELECT * EXCLUDE ({warehouse.ORDER}) FROM {table} WHERE list_contains($labels, periode)"
    params: dict[str, object] = {"labels": [p.label for p in scope.periods]}
    for column in ("niveau", "aanbieder"):  # fixed column names, bound values
        if column in where:
            query += f" AND {column} = ${column}"
            params[column] = where[column]
    # Marts order by period first; within one, the stored order is the mart's own.
    return con.sql(query + f" ORDER BY periode, {warehouse.ORDER}", params=params).pl()


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
    frame = _mart(db, "wachtlijst_verdeling", scope)
    return frame.filter(pl.col("dimensie") == dimensie).drop("dimensie")


def wachtlijst_stroom(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "wachtlijst_stroom", scope)


def verwachte_doorlooptijd(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "verwachte_doorlooptijd", scope)


def gestart(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "gestart", scope)


def gestart_per_product(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "gestart_per_product", scope)


def personeel(db: Path, scope: Scope, niveau: str | None = None, aanbieder: str | None = None) -> pl.DataFrame:
    """Levels `team`, `aanbieder` and `totaal` in the column `niveau` (or only `niveau`;
    only one provider's rows with `aanbieder`)."""
    return _mart(db, "personeel", scope, niveau=niveau, aanbieder=aanbieder)


def caseload(db: Path, scope: Scope, niveau: str | None = None, aanbieder: str | None = None) -> pl.DataFrame:
    """Levels `team`, `aanbieder` and `totaal` in the column `niveau` (or only `niveau`;
    only one provider's rows with `aanbieder`)."""
    return _mart(db, "caseload", scope, niveau=niveau, aanbieder=aanbieder)


def doorlooptijden(db: Path, scope: Scope) -> pl.DataFrame:
    """Per period, provider (+ 'Totaal') and process step."""
    return _mart(db, "doorlooptijden", scope)


def geleverd(db: Path, scope: Scope) -> pl.DataFrame:
    return _mart(db, "geleverd", scope)


def aanleveringen(db: Path, providers: Sequence[str] | None = None) -> pl.DataFrame:
    with store.reader(db) as con:
        return sql.query(con, "marts/aanleveringen", aanbieders=list(provider_codes() if providers is None else providers))


def months_with_data(db: Path) -> list[Period]:
    with store.reader(db) as con:
        return months_on(con)


def months_on(con: duckdb.DuckDBPyConnection) -> list[Period]:
    frame = sql.query(con, "marts/maanden_met_data")
    return [parse_period(f"{d:%Y-%m}") for d in frame["maand"].to_list()]


def verwachte_aanleveringen(db: Path, scope: Scope) -> pl.DataFrame:
    """Per period, provider and kind: the months a delivery was expected (derived from what
    the provider delivered before, monthly or per quarter) and the months that arrived."""
    return _mart(db, "aanleveringen_verwacht", scope)


def ijw(db: Path, scope: Scope) -> pl.DataFrame:
    """iJw message traffic (metrics v2, README "A second source") per period, provider (+ 'Totaal') and product
    (null = all products): counts, and the young people under each median or percentage."""
    return _mart(db, "ijw", scope)


def ijw_kruiscontrole(db: Path, scope: Scope) -> pl.DataFrame:
    """Per period and provider: iJw starts against the `gestart` extract, the difference in
    % and `bron_klopt_niet` when it exceeds the norm `ijw_extract_verschil_pct`."""
    return _mart(db, "ijw_kruiscontrole", scope)
