"""The server's standby copy of the database (`store.keep_standby`): the next write starts
from it instead of copying the whole file, and it is only ever taken while it is a copy of
the version that is live. A wrong standby would silently undo deliveries, so these tests
check what a user would see: every delivery is in, after writes by this process and by
others."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import store
from dashboard.ingest import Outcome, ingest_files
from tests.helpers import write_extract


@pytest.fixture(autouse=True)
def _own_standbys(monkeypatch: pytest.MonkeyPatch) -> None:
    # A test's keep_standby must not outlive it.
    monkeypatch.setattr(store, "_KEPT", set())
    monkeypatch.setattr(store, "_STANDBY_THREADS", {})


def _waitlist(folder: Path, month: int, rows: int = 30) -> Path:
    lines = ["aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum"]
    lines += [f"JBRR,2024-{month:02d}-28,C{month:02d}-{i:06d},OTS,jeugdbeschermer,2024-{month:02d}-01" for i in range(rows)]
    return write_extract(folder, f"JBRR_wachtlijst_2024-{month:02d}.csv", "\n".join(lines) + "\n")


def _months(db: Path) -> list[str]:
    with store.reader(db) as con:
        rows = con.sql("SELECT DISTINCT strftime(peildatum, '%Y-%m') FROM stg_wachtlijst ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def _standbys(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.standby.*"))


def _no_copying(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the write copied the database although a standby was ready")

    monkeypatch.setattr(store.shutil, "copyfile", refuse)


def test_the_next_write_starts_from_the_standby_and_ends_as_a_write_without_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept, plain = tmp_path / "kept" / "jm.duckdb", tmp_path / "plain" / "jm.duckdb"
    files = [_waitlist(tmp_path, m) for m in (1, 2, 3)]
    for db in (kept, plain):
        ingest_files(db, files[:1])
    store.keep_standby(kept)
    store.wait_for_standby(kept)
    (standby,) = _standbys(kept)
    assert standby.read_bytes() == kept.read_bytes()

    with monkeypatch.context() as m:
        _no_copying(m)
        for file in files[1:]:
            (result,) = ingest_files(kept, [file])
            assert result.outcome is Outcome.LOADED, result.line()
            store.wait_for_standby(kept)  # the next standby, of the version just written
    ingest_files(plain, files[1:])

    assert _months(kept) == _months(plain) == ["2024-01", "2024-02", "2024-03"]
    (standby,) = _standbys(kept)  # one standby on disk, of the live version; older ones gone
    assert standby.read_bytes() == kept.read_bytes()
    assert not _standbys(plain)  # a process that does not keep one leaves none


def test_a_standby_of_an_older_version_is_never_taken(tmp_path: Path) -> None:
    """Another process (here a CLI ingest) writes after this process made its standby: the
    standby is then a copy of an older version and must not be written on, or that other
    delivery would be lost."""
    db = tmp_path / "jm.duckdb"
    ingest_files(db, [_waitlist(tmp_path, 1)])
    store.keep_standby(db)
    store.wait_for_standby(db)
    (stale,) = _standbys(db)
    cli = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), "ingest", str(_waitlist(tmp_path, 2))], capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr

    ingest_files(db, [_waitlist(tmp_path, 3)])
    assert _months(db) == ["2024-01", "2024-02", "2024-03"]
    assert not stale.exists()


def test_after_another_process_wrote_the_next_read_makes_a_standby_of_the_new_version(tmp_path: Path) -> None:
    db = tmp_path / "jm.duckdb"
    ingest_files(db, [_waitlist(tmp_path, 1)])
    store.keep_standby(db)
    store.wait_for_standby(db)
    cli = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), "ingest", str(_waitlist(tmp_path, 2))], capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert not _standbys(db)  # the other writer dropped the old one
    assert _months(db) == ["2024-01", "2024-02"]  # a page reads
    store.wait_for_standby(db)
    (standby,) = _standbys(db)
    assert standby.read_bytes() == db.read_bytes()


def test_the_demo_installed_over_the_database_makes_its_standby_stale(tmp_path: Path) -> None:
    db, other = tmp_path / "jm.duckdb", tmp_path / "other" / "jm.duckdb"
    ingest_files(db, [_waitlist(tmp_path, 1)])
    ingest_files(other, [_waitlist(tmp_path, 5)])
    store.keep_standby(db)
    store.wait_for_standby(db)
    store.install(db, other)
    store.wait_for_standby(db)
    ingest_files(db, [_waitlist(tmp_path, 6)])
    assert _months(db) == ["2024-05", "2024-06"]


def test_a_failed_write_leaves_the_data_as_it_was_and_a_standby_for_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "jm.duckdb"
    ingest_files(db, [_waitlist(tmp_path, 1)])
    store.keep_standby(db)
    store.wait_for_standby(db)
    with pytest.raises(RuntimeError):
        with store.writer(db) as w:
            w.con.sql("DELETE FROM raw_wachtlijst")
            w.changed = True
            raise RuntimeError("halverwege")
    store.wait_for_standby(db)
    (standby,) = _standbys(db)  # the failed write used the standby and wrote on it: made anew
    assert standby.read_bytes() == db.read_bytes()
    with monkeypatch.context() as m:
        _no_copying(m)
        ingest_files(db, [_waitlist(tmp_path, 2)])
    assert _months(db) == ["2024-01", "2024-02"]


def test_leftovers_and_standbys_of_other_versions_are_removed_and_never_taken(tmp_path: Path) -> None:
    """What a killed maker leaves (half a copy), and a standby named for a version that is
    not live (say, left by a process killed between writes): the next write takes neither,
    so no delivery since is lost, and removes both."""
    db = tmp_path / "jm.duckdb"
    ingest_files(db, [_waitlist(tmp_path, 1)])
    older = tmp_path / "older.duckdb"
    shutil.copyfile(db, older)
    ingest_files(db, [_waitlist(tmp_path, 2)])
    half = db.with_name(f".{db.name}.4242.tmp.standby")
    half.write_bytes(db.read_bytes()[:4096])
    wrong = db.with_name(f".{db.name}.standby.1.2.3")
    shutil.copyfile(older, wrong)
    ingest_files(db, [_waitlist(tmp_path, 3)])
    assert not half.exists() and not wrong.exists()
    assert _months(db) == ["2024-01", "2024-02", "2024-03"]
