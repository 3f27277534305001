"""The DuckDB file, shared safely between one writing and many reading processes.

DuckDB lets only one process open a file for writing, and none may open it while one
writes. So no process ever writes the live file: a writer copies it, changes the copy, and
swaps the copy in with an atomic rename. Readers take a cursor on the live file opened
read-only (one shared open per version of the file in a process); a reader that opened
before the swap keeps reading the old file, one that opens after reads the new one, and
nobody ever sees half a delivery or a lock error.
Writers queue on an advisory lock file, so two ingests never lose each other's work.
A process that writes again and again (the server: uploads, the action register) keeps a
standby (`keep_standby`): after each write, a side thread makes the next write's copy
ahead of time, so a write no longer waits for copying a database that keeps growing.
What the file holds (schema, staging, marts) is `dashboard.warehouse`'s business: this
module moves files and opens connections, and imports nothing of the project."""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import duckdb


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
        self.facts: dict[object, object] = {}  # `per_version`
        # Attached in a private in-memory instance rather than `duckdb.connect(path)`: DuckDB
        # hands a connection to a path it already has open the database it opened then, so
        # a read after a swap would see the old file while an older reader was still open.
        import duckdb  # here, not above: `install` (a file copy) needs no database library

        self.base = duckdb.connect(":memory:")
        self.base.sql(f"ATTACH '{_sql_text(str(db))}' AS live (READ_ONLY)")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


_OPENED: dict[str, _Opened] = {}
_OPENED_LOCK = threading.Lock()
_READING: dict[int, _Opened] = {}  # a reader's cursor (by id, while open) -> the version it reads
T = TypeVar("T")


class NoDatabase(FileNotFoundError):
    """There is no database file yet: reading never creates one (`warehouse.ensure` does)."""


def _open(db: Path) -> tuple[_Opened, duckdb.DuckDBPyConnection]:
    """A cursor on the newest version of the file; the version counts one more user."""
    key = str(db.resolve())
    with _OPENED_LOCK:
        version = data_version(db)
        if version is None:
            raise NoDatabase(f"er is nog geen database {db}")
        opened = _OPENED.get(key)
        if opened is None or opened.version != version:
            if opened is not None:
                opened.retired = True
                if opened.users == 0:
                    opened.base.close()
            opened = _OPENED[key] = _Opened(db, version)
            if key in _KEPT:  # another process wrote (a CLI ingest, a replica): its standby is old
                _start_standby(db)
        opened.users += 1
        con = opened.base.cursor()
        _READING[id(con)] = opened
    con.sql("USE live")
    return opened, con


def _release(opened: _Opened, con: duckdb.DuckDBPyConnection) -> None:
    con.close()
    with _OPENED_LOCK:
        _READING.pop(id(con), None)  # `con` is still referenced here: its id not yet reused
        opened.users -= 1
        if opened.retired and opened.users == 0:
            opened.base.close()


class Database:
    """One request's handle on the store (a page run, a report, a CLI command): its first
    read opens the newest version, and every later read through this handle reuses that
    connection, so the request sees one version throughout and opens it once. Close it
    (or use it as a context manager) so that a retired version can be let go."""

    def __init__(self, path: Path):
        self.path = path
        self._held: tuple[_Opened, duckdb.DuckDBPyConnection] | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._held is None:
            self._held = _open(self.path)
        return self._held[1]

    def close(self) -> None:
        if self._held is not None:
            _release(*self._held)
            self._held = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def reader(db: Path | Database) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one use, on the newest version of the file; through a
    `Database`, that handle's connection. A missing file raises `NoDatabase`."""
    if isinstance(db, Database):
        yield db.connection()
        return
    opened, con = _open(db)
    try:
        yield con
    finally:
        _release(opened, con)


@contextmanager
def database(db: Path | Database) -> Iterator[Database]:
    """A handle for several reads: the caller's own, or one for the duration of the block."""
    if isinstance(db, Database):
        yield db
        return
    with Database(db) as handle:
        yield handle


@contextmanager
def writer(db: Path, fresh: bool = False) -> Iterator[Writer]:
    """Exclusive write access to a private copy, swapped in only if `Writer.changed`.
    `fresh` starts from an empty database instead of a copy (rebuilding the demo)."""
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        lock_path = db.with_name(db.name + ".lock")
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
            # Holding the lock, every other writer's copy is a dead writer's (killed mid-write):
            # full copies of the database that would otherwise stay forever.
            for left in db.parent.glob(f".{glob.escape(db.name)}.*.tmp*"):
                left.unlink(missing_ok=True)
            con = None
            flushing = None
            try:
                # The standby is a synced copy of this very version: nothing left to copy or flush.
                if db.exists() and not fresh and not _take_standby(db, tmp):
                    shutil.copyfile(db, tmp)  # inside the try: a full disk leaves no partial copy
                    flushing = _Flush(tmp)
                _drop_standbys(db)  # any other is a copy of an older version: a file's worth of disk
                import duckdb

                con = duckdb.connect(str(tmp))
                w = Writer(con, is_new=fresh or not db.exists())
                yield w
                if w.changed or w.is_new:
                    con.sql("CHECKPOINT")
                con.close()
                if w.changed or w.is_new:
                    os.replace(tmp, db)
                    _fsync_dir(db.parent)
            finally:
                try:
                    if con is not None:
                        con.close()
                except Exception:  # already closed
                    pass
                if flushing is not None:
                    flushing.wait()
                tmp.unlink(missing_ok=True)
                Path(str(tmp) + ".wal").unlink(missing_ok=True)
    finally:
        if str(db.resolve()) in _KEPT:  # failed or not, once the lock is let go (the thread takes it)
            _start_standby(db)


class _Flush:
    """Writes a fresh copy of the database to disk in a side thread while the write session
    works on it. The session's CHECKPOINT syncs the file before the swap anyway, but then
    it also waits for every page of the copy (at 100× the demo: 0.07 s of a 0.35 s ingest,
    the part that grew with the database besides the copy itself). Started at once, that
    disk write overlaps the session's checks and computations, and the checkpoint's sync
    finds little left to write. Durability is unchanged: the checkpoint still syncs, and
    the copy is only swapped in after it."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY)
        self._thread = threading.Thread(target=self._sync, name="jm-kopie-naar-schijf", daemon=True)
        self._thread.start()

    def _sync(self) -> None:
        try:
            os.fsync(self._fd)
        except OSError:  # a failing disk fails the checkpoint's own sync, with its own message
            pass

    def wait(self) -> None:
        self._thread.join()
        os.close(self._fd)


# --- the standby -----------------------------------------------------------------------
# A standby is named for the version of the live file it copies (`data_version`), so a
# writer takes it only while that version is live: a write by any other process (a CLI
# ingest, another replica, `install`) swaps in a new version, and the standby is then an
# old one, never taken and dropped by the next writer. It is made under the writer's lock
# (a writer waits for a copy in progress and then takes it), written under a name the
# writer's clean-up removes when its maker was killed halfway, synced, then renamed. The
# cost: one more copy of the database on disk, and the copy's disk time after each write
# instead of inside the next.
_KEPT: set[str] = set()
_STANDBY_THREADS: dict[str, threading.Thread] = {}


def keep_standby(db: Path) -> None:
    """From now on this process keeps a standby of `db`: one now, and one after each of
    its writes. For long-running processes only (a CLI run would exit while copying)."""
    _KEPT.add(str(db.resolve()))
    _start_standby(db)


def stop_standby(db: Path) -> None:
    """No more standbys of `db` in this process; the one on disk is removed."""
    _KEPT.discard(str(db.resolve()))
    wait_for_standby(db)
    _drop_standbys(db)


def wait_for_standby(db: Path) -> None:
    """Until the standby thread of `db` (if any) has finished."""
    thread = _STANDBY_THREADS.get(str(db.resolve()))
    if thread is not None:
        thread.join()


def _standby_path(db: Path, version: tuple[int, int, int]) -> Path:
    return db.with_name(f".{db.name}.standby.{version[0]}.{version[1]}.{version[2]}")


def _standbys(db: Path) -> list[Path]:
    return list(db.parent.glob(f".{glob.escape(db.name)}.standby.*"))


def _drop_standbys(db: Path) -> None:
    for old in _standbys(db):
        old.unlink(missing_ok=True)


def _take_standby(db: Path, tmp: Path) -> bool:
    """Move the standby of the live version to `tmp` (the writer holds the lock)."""
    version = data_version(db)
    if version is None:
        return False
    try:
        os.replace(_standby_path(db, version), tmp)
    except FileNotFoundError:
        return False
    return True


def _start_standby(db: Path) -> None:
    key = str(db.resolve())
    thread = threading.Thread(target=_make_standby, args=(db,), name="jm-reservekopie", daemon=True)
    _STANDBY_THREADS[key] = thread
    thread.start()


def _make_standby(db: Path) -> None:
    """A synced copy of the live version as its standby, unless there is one already."""
    with open(db.with_name(db.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            live = open(db, "rb")  # noqa: SIM115 - closed below; fstat'ed to name the very bytes copied
        except FileNotFoundError:
            return
        part = db.with_name(f".{db.name}.{os.getpid()}.tmp.standby")
        with live:
            st = os.fstat(live.fileno())
            target = _standby_path(db, (st.st_ino, st.st_mtime_ns, st.st_size))
            if target.exists():
                return
            try:
                _drop_standbys(db)
                with open(part, "wb") as out:
                    _copy_all(live.fileno(), out.fileno(), st.st_size)
                    os.fsync(out.fileno())
                os.replace(part, target)
                _fsync_dir(db.parent)
            except OSError:  # a full disk: no standby, the next write copies as before
                part.unlink(missing_ok=True)


def _copy_all(source: int, target: int, size: int) -> None:
    """`size` bytes from one descriptor to another, in the kernel (as `shutil.copyfile`)."""
    done = 0
    while done < size:
        sent = os.sendfile(target, source, done, size - done)
        if sent == 0:
            raise OSError("kopie onvolledig")
        done += sent


def install(db: Path, source: Path) -> None:
    """Replace `db` by a copy of `source`, a complete database file (a kept copy of the
    demo, `dashboard.demo`), as a write would: under the writer's lock, copied beside it
    and swapped in at once."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, db)
            _fsync_dir(db.parent)
            _drop_standbys(db)
        finally:
            tmp.unlink(missing_ok=True)
    if str(db.resolve()) in _KEPT:
        _start_standby(db)


class Writer:
    def __init__(self, con: duckdb.DuckDBPyConnection, is_new: bool):
        self.con = con
        self.is_new = is_new
        self.changed = False  # swap the copy in


def per_version(con: duckdb.DuckDBPyConnection, key: object, compute: Callable[[], T]) -> T:
    """A fact of the version a reader's `con` reads (which tables it has, when its marts
    were computed), computed once per version in this process: a swapped-in file is never
    changed. Why: a page reads some fifty figures, each on a cursor of its own, and asking
    these again each time was two statements per figure, a third of the Overzicht's first
    render. On any other connection (a writer's), computed every time."""
    with _OPENED_LOCK:
        opened = _READING.get(id(con))
    if opened is None:
        return compute()
    if key not in opened.facts:
        opened.facts[key] = compute()  # two threads may both compute it: the same value
    return opened.facts[key]  # type: ignore[return-value]


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return per_version(
        con,
        ("has_table", name),
        lambda: bool(con.sql("SELECT 1 FROM duckdb_tables() WHERE table_name = $t", params={"t": name}).fetchall()),
    )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
