"""The DuckDB file, shared safely between one writing and many reading processes.

DuckDB lets only one process open a file for writing, and none may open it while one
writes. So no process ever writes the live file: a writer copies it, changes the copy, and
swaps the copy in with an atomic rename. Readers take a cursor on the live file opened
read-only (one shared open per version of the file in a process); a reader that opened
before the swap keeps reading the old file, one that opens after reads the new one, and
nobody ever sees half a delivery or a lock error.
Writers queue on an advisory lock file, so two ingests never lose each other's work."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from dashboard import registers, sql, workdays

STAGING = ("staging/huidige_aanlevering", "staging/stg_wachtlijst", "staging/stg_snapshot",
           "staging/stg_gestart", "staging/stg_personeel", "staging/stg_caseload",
           "staging/stg_doorlooptijden")


def data_version(db: Path) -> tuple[int, int, int] | None:
    """Changes whenever a writer swaps in a new file: the key for caches of figures."""
    try:
        st = os.stat(db)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class _Opened:
    """One version of the live file, opened read-only and shared by the readers of this
    process (each gets its own cursor), closed when a newer version is in and nobody still
    reads it."""

    def __init__(self, db: Path, version: tuple[int, int, int] | None):
        self.version, self.users, self.retired = version, 0, False
        # Attached in a private in-memory instance rather than `duckdb.connect(path)`: DuckDB
        # hands a connection to a path it already has open the database it opened then, so
        # a read after a swap would see the old file while an older reader was still open.
        self.base = duckdb.connect(":memory:")
        self.base.sql(f"ATTACH '{_sql_text(str(db))}' AS live (READ_ONLY)")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


_OPENED: dict[str, _Opened] = {}
_OPENED_LOCK = threading.Lock()


@contextmanager
def reader(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one use, on the newest version of the file. Creates an
    empty database when there is none."""
    if not db.exists():
        ensure(db)
    key = str(db.resolve())
    with _OPENED_LOCK:
        version = data_version(db)
        opened = _OPENED.get(key)
        if opened is None or opened.version != version:
            if opened is not None:
                opened.retired = True
                if opened.users == 0:
                    opened.base.close()
            opened = _OPENED[key] = _Opened(db, version)
        opened.users += 1
        con = opened.base.cursor()
    try:
        con.sql("USE live")
        yield con
    finally:
        con.close()
        with _OPENED_LOCK:
            opened.users -= 1
            if opened.retired and opened.users == 0:
                opened.base.close()


@contextmanager
def writer(db: Path, fresh: bool = False) -> Iterator[Writer]:
    """Exclusive write access to a private copy, swapped in only if `Writer.changed`.
    `fresh` starts from an empty database instead of a copy (rebuilding the demo)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        if db.exists() and not fresh:
            shutil.copyfile(db, tmp)
        con = duckdb.connect(str(tmp))
        w = Writer(con, is_new=fresh or not db.exists())
        try:
            init_schema(con)
            yield w
            if w.refresh or w.is_new:
                refresh_derived(con)
            if w.changed or w.is_new:
                con.sql("CHECKPOINT")
            con.close()
            if w.changed or w.is_new:
                os.replace(tmp, db)
                _fsync_dir(db.parent)
        finally:
            try:
                con.close()
            except Exception:  # already closed
                pass
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)


class Writer:
    def __init__(self, con: duckdb.DuckDBPyConnection, is_new: bool):
        self.con = con
        self.is_new = is_new
        self.changed = False  # swap the copy in
        self.refresh = False  # extracts changed: rebuild staging and marts first


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.sql("SELECT 1 FROM duckdb_tables() WHERE table_name = $t", params={"t": name}).fetchall())


def ensure(db: Path) -> None:
    """Create an empty database with the schema when none exists yet."""
    with writer(db):
        pass


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    sql.run(con, "schema/tables")
    sql.run(con, "schema/register")
    # Registers and calendar are shipped data: reload them so an edited register applies.
    for table, frame in (("norm", registers.norms()), ("aanbieder", registers.providers()),
                         ("product", registers.products())):
        con.sql(f"DELETE FROM {table}")  # table names are constants here, never user input
        con.register("_incoming", frame)
        con.sql(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        con.unregister("_incoming")
    if con.sql("SELECT count(*) FROM kalender").fetchall()[0][0] == 0:
        con.sql(sql.text("schema/kalender"), params={
            "feestdagen": workdays.public_holidays(), "van": date(workdays.FIRST_YEAR, 1, 1),
            "tot": date(workdays.LAST_YEAR, 12, 31)})


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the staging tables (current rows, cleaned, with norms joined) from the raw
    history. Done at write time so that pages only read small prepared tables."""
    from dashboard import figures  # figures reads through this module; import late

    for name in STAGING:
        sql.run(con, name)
    figures.materialize(con)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
