"""What is inside the database: the schema, the shipped registers, and the staging tables
and marts derived from the delivered rows. `store` only moves files (lock, copy, swap,
read-only opens); this module decides what a write session builds in its copy.

The build order is read from `queries/staging/`: each file creates one table (or macro),
and the tables it reads (`FROM`/`JOIN`) come first. A staging table whose file says
`-- refresh: aanbieder, <date column>` can be refreshed in part: its rows of one provider
dated on or after a day depend only on that provider's rows up to their own date (never on
later data), so a delivery rebuilds just the rows of its provider from its first month on.
Marts follow the same rule per period: a period's figures read data up to the period's
end (trailing windows look back, never ahead), so only periods ending on or after the
delivery's first month are computed again; a mart marked `-- by snapshot` (the waitlist
marts: a period's figures follow from each provider's newest snapshot in it) is computed
once for periods that share those snapshots, a quarter and its last month mostly, and its
rows copied to the others (`_same_snapshots`). A table that reads `raw_<kind>` (directly or
through another table) uses only deliveries of that kind, so a delivery of another kind
leaves it alone. Anything else (a new or copied-from-old database, edited SQL or
registers, a fresh build) rebuilds everything; `tests/test_incremental.py` checks that
both roads give the same tables."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from dashboard import registers, sql, store, workdays
from dashboard.paths import QUERIES, REGISTERS
from dashboard.periods import Period, parse_period
from dashboard.registers import provider_codes

# Marts computed at write time for every month and quarter with data and all providers,
# so a page reads a few prepared rows whatever the length of history. Listed rather than
# read from the folder: a mart may only be here if a period's rows never depend on later
# data (`aanleveringen_verwacht` does: it expects deliveries up to the newest month).
MATERIALIZED = (
    "wachtlijst",
    "wachtlijst_per_product",
    "wachtlijst_verdeling",
    "wachtlijst_stroom",
    "verwachte_doorlooptijd",
    "gestart",
    "gestart_per_product",
    "personeel",
    "caseload",
    "doorlooptijden",
    "geleverd",
)
ORDER = "__volgorde"  # a mart row's place within its period, as the mart's ORDER BY gave it

_CREATES = re.compile(r"CREATE\s+OR\s+REPLACE\s+(TABLE|VIEW|MACRO)\s+(\w+)", re.I)
_READS = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)", re.I)
_REFRESH = re.compile(r"^-- refresh: (\w+), (\w+)\s*$", re.M)
_BY_SNAPSHOT = re.compile(r"^-- by snapshot\b", re.M)
_SELECT = re.compile(r"CREATE\s+OR\s+REPLACE\s+TABLE\s+\w+\s+AS\s+(.*?);?\s*$", re.I | re.S)
_DELIVERIES = "aanlevering"  # every delivery's provenance: a table reading it serves all kinds


@dataclass(frozen=True)
class Derived:
    """One file of queries/staging or queries/marts and what it reads."""

    query: str  # `staging/stg_wachtlijst`
    name: str  # the table, view or macro it creates (for a mart: the file's name)
    reads: frozenset[str]
    refresh: tuple[str, str] | None = None  # (provider column, date column)
    creates: str = "TABLE"  # TABLE, VIEW or MACRO
    # A mart whose rows for a period follow from the providers' newest snapshots in it
    # alone (`-- by snapshot`): periods with the same snapshots get the same rows.
    by_snapshot: bool = False

    @property
    def select(self) -> str:
        """The SELECT that fills the table (a staging file is one CREATE TABLE ... AS)."""
        match = _SELECT.search(_without_comments(sql.text(self.query)))
        assert match, f"{self.query} is not one CREATE OR REPLACE TABLE ... AS"
        return match.group(1)


def _without_comments(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text)


def _parse(query: str, name: str | None = None) -> Derived:
    text = sql.text(query)
    body = _without_comments(text)
    created = _CREATES.findall(body)
    if name is None:
        assert len(created) == 1, f"{query}: one table or macro per file"
        name = created[0][1]
    refresh = _REFRESH.search(text)
    reads = frozenset(r.lower() for r in _READS.findall(body)) - {name}
    creates = created[0][0].upper() if created else "TABLE"
    by_snapshot = bool(_BY_SNAPSHOT.search(text))
    return Derived(query, name, reads, (refresh.group(1), refresh.group(2)) if refresh else None, creates, by_snapshot)


def _build(con: duckdb.DuckDBPyConnection, d: Derived) -> None:
    """Run a staging file. A table that became a view (or the other way round) in a newer
    version is dropped first: CREATE OR REPLACE does not replace one kind by the other."""
    if d.creates == "VIEW" and store.has_table(con, d.name):
        con.sql(f"DROP TABLE {d.name}")  # the name is a staging file's own, never input
    elif d.creates == "TABLE" and sql.query(con, "meta/view_bestaat", naam=d.name).height:
        con.sql(f"DROP VIEW {d.name}")
    sql.run(con, d.query)


@cache
def staging() -> tuple[Derived, ...]:
    """The staging files in build order: each after the tables and macros it reads."""
    found = {d.name: d for d in (_parse(f"staging/{p.stem}") for p in sorted((QUERIES / "staging").glob("*.sql")))}
    done: list[Derived] = []
    visiting: set[str] = set()

    def visit(d: Derived) -> None:
        if d in done:
            return
        assert d.name not in visiting, f"queries/staging: {d.name} reads itself through {sorted(visiting)}"
        visiting.add(d.name)
        for dep in sorted(d.reads & found.keys()):
            visit(found[dep])
        visiting.discard(d.name)
        done.append(d)

    for d in found.values():
        visit(d)
    return tuple(done)


@cache
def marts() -> tuple[Derived, ...]:
    return tuple(_parse(f"marts/{name}", name) for name in MATERIALIZED)


@cache
def _kinds(name: str) -> frozenset[str] | None:
    """The delivery kinds a staging table or mart is made from; None: every kind (it reads
    the delivery log itself). An empty set: no delivery at all (registers only)."""
    if name.startswith("raw_"):
        return frozenset({name.removeprefix("raw_")})
    derived = {d.name: d for d in staging()}.get(name) or {d.name: d for d in marts()}.get(name)
    if derived is None:
        return None if name == _DELIVERIES else frozenset()
    specific: set[str] = set()
    every = False
    for dep in derived.reads:
        kinds = _kinds(dep)
        if kinds is None:
            every = True
        else:
            specific |= kinds
    return frozenset(specific) if specific or not every else None


def _touched_by(name: str, kinds: set[str]) -> bool:
    made_of = _kinds(name)
    return made_of is None or bool(made_of & kinds)


@cache
def fingerprint() -> str:
    """Changes when the SQL or a shipped register changes: then every derived table is
    rebuilt, since rows kept from before would follow the old definitions."""
    digest = hashlib.sha256()
    for path in sorted([*QUERIES.rglob("*.sql"), *REGISTERS.glob("*.csv")]):
        digest.update(path.relative_to(path.parents[1]).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


# --- write sessions ----------------------------------------------------------------------


@dataclass
class Session:
    """A write session on the warehouse: the store's private copy, and what changed in it.
    `touch` records a delivery's provider, kind and first day; the session then rebuilds
    only what those can change (or everything when it must)."""

    writer: store.Writer
    full: bool = False  # rebuild every derived table
    touched: dict[str, tuple[date, set[str]]] = field(default_factory=dict)  # provider -> (from, kinds)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        return self.writer.con

    @property
    def changed(self) -> bool:
        return self.writer.changed

    @changed.setter
    def changed(self, value: bool) -> None:
        self.writer.changed = value

    def touch(self, provider: str, kind: str, first_day: date) -> None:
        self.changed = True
        since, kinds = self.touched.get(provider, (first_day, set()))
        self.touched[provider] = (min(since, first_day), kinds | {kind})


@contextmanager
def writer(db: Path, fresh: bool = False) -> Iterator[Session]:
    """A write session: the store's copy with the schema and registers in place, whose
    staging tables and marts are brought up to date before the copy is swapped in."""
    with store.writer(db, fresh=fresh) as w:
        init_schema(w.con)
        session = Session(w, full=w.is_new or _built_with(w.con) != fingerprint())
        yield session
        if session.full:
            refresh_all(w.con)
            w.changed = True
        elif session.touched:
            refresh_touched(w.con, session.touched)


def ensure(db: Path) -> None:
    """Create an empty database with the schema when none exists yet."""
    if not db.exists():
        with writer(db):
            pass


def outdated(db: Path) -> bool:
    """Whether `db` was built by another version of the SQL (a new column or table in the
    schema, changed definitions): then a write brings it up to date."""
    if not db.exists():
        return False
    with store.reader(db) as con:
        return _built_with(con) != fingerprint()


def upgrade(db: Path) -> bool:
    """Bring a database made by an earlier version up to date (schema and every derived
    table), as the next delivery would; True when it was needed."""
    if not outdated(db):
        return False
    with writer(db):
        pass
    return True


def rebuild(db: Path) -> None:
    """Every staging table and mart of `db` built again from the raw rows."""
    with writer(db) as session:
        session.full = True


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    sql.run(con, "schema/tables")
    sql.run(con, "schema/register")
    sql.run(con, "schema/ijw")
    sql.run(con, "schema/vaststelling")
    # Registers and calendar are shipped data: reload them so an edited register applies.
    for table, frame in (("norm", registers.norms()), ("aanbieder", registers.providers()), ("product", registers.products())):
        con.sql(f"DELETE FROM {table}")  # table names are constants here, never user input
        con.register("_incoming", frame)
        con.sql(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        con.unregister("_incoming")
    if sql.query(con, "meta/kalender_dagen")["dagen"][0] == 0:
        con.sql(
            sql.text("schema/kalender"),
            params={
                "feestdagen": workdays.public_holidays(),
                "van": date(workdays.FIRST_YEAR, 1, 1),
                "tot": date(workdays.LAST_YEAR, 12, 31),
            },
        )


def _built_with(con: duckdb.DuckDBPyConnection) -> str | None:
    if not store.has_table(con, "mart_meta"):
        return None
    if "vingerafdruk" not in sql.query(con, "meta/mart_meta_kolommen")["column_name"].to_list():
        return None
    rows = sql.query(con, "meta/vingerafdruk")["vingerafdruk"].to_list()
    return rows[0] if rows else None


def refresh_all(con: duckdb.DuckDBPyConnection, today: date | None = None) -> None:
    """Rebuild every staging table and mart from the raw history. Done at write time so
    that pages only read small prepared tables."""
    for d in staging():
        _build(con, d)
    _materialize(con, _periods(con), MATERIALIZED, today or date.today())


def refresh_touched(con: duckdb.DuckDBPyConnection, touched: dict[str, tuple[date, set[str]]], today: date | None = None) -> None:
    """Rebuild what the touched deliveries can change: per provider its rows dated from
    its first touched day on, in the tables made from its kinds; then those marts for every
    period ending on or after the earliest such day (and for periods that had not ended when
    the marts were last computed, as their evaluation date moved with today)."""
    today = today or date.today()
    kinds = set().union(*(k for _, k in touched.values()))
    for d in staging():
        if not _touched_by(d.name, kinds):
            continue
        if d.refresh is None:  # no declared key: the whole table (or view, or macro) again
            _build(con, d)
            continue
        provider_col, date_col = d.refresh
        # Names come from the query files, values are bound.
        where = f"{provider_col} = $aanbieder AND {date_col} >= $vanaf"
        for provider, (since, its_kinds) in touched.items():
            if not _touched_by(d.name, its_kinds):
                continue
            params = {"aanbieder": provider, "vanaf": since}
            con.sql(f"DELETE FROM {d.name} WHERE {where}", params=params)
            con.sql(f"INSERT INTO {d.name} SELECT * FROM ({d.select}) WHERE {where}", params=params)
    since = min(s for s, _ in touched.values())
    computed = sql.query(con, "meta/berekend_op")["berekend_op"].to_list()
    last = computed[0] if computed else date.min
    periods = [p for p in _periods(con) if p.end >= since or p.end > last]
    _materialize(con, periods, tuple(m.name for m in marts() if _touched_by(m.name, kinds)), today, replace_only=True)


def _periods(con: duckdb.DuckDBPyConnection) -> list[Period]:
    months = [parse_period(f"{d:%Y-%m}") for d in sql.query(con, "meta/maanden_met_rijen")["maand"].to_list()]
    return sorted(set(months) | {p.quarter() for p in months})


def mart_params(
    name: str, periods: list[Period] | tuple[Period, ...], providers: list[str] | tuple[str, ...], today: date
) -> dict[str, object]:
    """The bound parameters of a mart that it uses: periods, providers, evaluation day."""
    wanted = sql.params_of(f"marts/{name}")
    return {k: v for k, v in _period_params(periods, providers, today).items() if k in wanted}


def _period_params(periods: list[Period] | tuple[Period, ...], providers: list[str] | tuple[str, ...], today: date) -> dict[str, object]:
    return {
        "labels": [p.label for p in periods],
        "starts": [p.start for p in periods],
        "ends": [p.end for p in periods],
        "aanbieders": list(providers),
        "vandaag": today,
    }


def _same_snapshots(con: duckdb.DuckDBPyConnection, periods: list[Period], providers: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Each period whose providers' newest snapshots are those of an earlier period (a
    quarter and its last month, mostly), mapped to that period's label. A mart marked
    `-- by snapshot` is computed for the others only, and their rows copied: at a large
    delivery, every waitlist mart read each of its rows twice (month and quarter)."""
    # sql.query binds only the parameters the query uses (not `vandaag`).
    found = sql.query(con, "meta/momentopnamen_per_periode", **_period_params(periods, providers, date.min))
    snapshots: dict[str, set[tuple[str, date]]] = {p.label: set() for p in periods}
    for label, provider, day in found.iter_rows():
        snapshots[label].add((provider, day))
    first: dict[frozenset[tuple[str, date]], str] = {}
    same = {}
    for label in sorted(snapshots):
        key = frozenset(snapshots[label])
        if key in first:
            same[label] = first[key]
        else:
            first[key] = label
    return same


def _materialize(
    con: duckdb.DuckDBPyConnection, periods: list[Period], names: tuple[str, ...], today: date, replace_only: bool = False
) -> None:
    """Compute the marts `names` for `periods` and all providers. With `replace_only`
    those periods' rows replace the stored ones; otherwise the tables are made anew."""
    providers = provider_codes()
    if not periods:
        return  # no data yet: no marts, and the next write builds them all
    by_snapshot = {d.name for d in marts() if d.by_snapshot}
    same = _same_snapshots(con, periods, providers) if by_snapshot & set(names) else {}

    def compute(name: str) -> pl.DataFrame:
        asked = [p for p in periods if same.get(p.label, p.label) == p.label] if name in by_snapshot else periods
        cursor = con.cursor()  # a connection of its own to the same database, for this thread
        try:
            frame = sql.query(cursor, f"marts/{name}", **mart_params(name, asked, providers, today))
        finally:
            cursor.close()
        frame = frame.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("periode").alias(ORDER))
        if name not in by_snapshot:
            return frame
        # Every period its first look-alike's rows (in the order ORDER BY periode gives).
        labels = sorted(p.label for p in periods)
        return pl.concat(
            [frame.filter(pl.col("periode") == same.get(label, label)).with_columns(periode=pl.lit(label, pl.String)) for label in labels],
            how="vertical_relaxed",
        )

    if names:
        # The marts only read the staging tables: computed side by side (DuckDB runs a
        # query outside the GIL), then stored one by one.
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            frames = dict(zip(names, pool.map(compute, names)))
        for name in names:
            con.register("_mart", frames[name])
            table = f"mart_{name}"  # from the fixed MATERIALIZED list, never from input
            if replace_only:
                con.sql(f"DELETE FROM {table} WHERE list_contains($labels, periode)", params={"labels": [p.label for p in periods]})
                con.sql(f"INSERT INTO {table} BY NAME SELECT * FROM _mart")
            else:
                con.sql(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _mart")
            con.unregister("_mart")
    sql.query(con, "meta/mart_meta_schrijven", d=today, f=fingerprint())
