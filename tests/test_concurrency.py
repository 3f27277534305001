"""A separate `jeugdmonitor ingest` process while the dashboard reads (issue: ingest,
point 6): no lock errors on either side, and readers see the old data or the new, never
half of a delivery batch."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from dashboard.ingest import ingest_files
from tests.helpers import open_files, write_extract

ROWS = 3000
BATCH = 3  # files per ingest process

READER = r"""
import json, sys, time
from pathlib import Path
from dashboard import store
db, stop = Path(sys.argv[1]), Path(sys.argv[2])
seen, errors, end = [], [], time.time() + 120
last = False
while not last and time.time() < end:
    last = stop.exists()  # after the writers finish: one more read, then stop
    try:
        with store.reader(db) as con:
            deliveries, rows_logged = con.sql(
                "SELECT count(*), coalesce(sum(rijen), 0) FROM aanlevering").fetchall()[0]
            rows_stored = con.sql("SELECT count(*) FROM raw_wachtlijst").fetchall()[0][0]
            current = con.sql("SELECT count(*) FROM stg_wachtlijst").fetchall()[0][0]
        seen.append([deliveries, int(rows_logged), rows_stored, current])
    except Exception as e:  # any lock or I/O error is a failure of the design
        errors.append(f"{type(e).__name__}: {e}")
print(json.dumps({"seen": seen, "errors": errors}))
"""


def _waitlist(folder: Path, month: int) -> Path:
    lines = ["aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum"]
    lines += [f"JBRR,2024-{month:02d}-28,C{month:02d}-{i:06d},OTS,jeugdbeschermer,2024-{month:02d}-01" for i in range(ROWS)]
    return write_extract(folder, f"JBRR_wachtlijst_2024-{month:02d}.csv", "\n".join(lines) + "\n")


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_reader_sees_old_or_new_never_half_and_no_lock_errors(tmp_path: Path, db: Path) -> None:
    """While three ingest processes (two of them at the same time) each load a batch of
    three files, a reading process never fails and only ever sees whole batches."""
    first = tmp_path / "batch0"
    first.mkdir()
    ingest_files(db, [_waitlist(first, m) for m in (1, 2, 3)])
    batches = []
    for b, months in enumerate(((4, 5, 6), (7, 8, 9), (10, 11, 12)), start=1):
        folder = tmp_path / f"batch{b}"
        folder.mkdir()
        for m in months:
            _waitlist(folder, m)
        batches.append(folder)

    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    writers = [_cli("--db", str(db), "ingest", str(batches[0]))]
    writers[0].wait(timeout=120)
    # Two writers at once queue on the write lock; neither may lose the other's work.
    writers += [_cli("--db", str(db), "ingest", str(f)) for f in batches[1:]]
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, out + err
        assert "Traceback" not in out + err
    stop.touch()
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    result = json.loads(out)

    assert result["errors"] == []
    seen = result["seen"]
    assert len(seen) > 20, "the reader should have read many times during the ingests"
    for deliveries, rows_logged, rows_stored, current in seen:
        assert deliveries % BATCH == 0, f"half a batch visible: {deliveries} deliveries"
        assert rows_logged == rows_stored == current == deliveries * ROWS
    counts = [s[0] for s in seen]
    assert counts == sorted(counts), "a reader never goes back to older data"
    assert counts[0] == 3 and counts[-1] == 12, counts


def test_reader_keeps_its_snapshot_across_a_swap(tmp_path: Path, db: Path) -> None:
    """A connection opened before an ingest keeps reading the data it opened; the next
    reader sees the new delivery."""
    from dashboard import store

    ingest_files(db, [_waitlist(tmp_path, 1)])
    with store.reader(db) as con:
        before = con.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0]
        ingest_files(db, [_waitlist(tmp_path, 2)])
        during = con.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0]
    with store.reader(db) as con:
        after = con.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0]
    assert (before, during, after) == (1, 1, 2)


def test_a_reader_after_a_swap_sees_the_new_file_while_an_old_reader_is_still_open(db: Path, tmp_path: Path) -> None:
    """In one process (the dashboard): a figure still being read from the old file must not
    make a new read, after a delivery was swapped in, see the old file too (DuckDB shares
    an open database between connections to the same path)."""
    from dashboard import store

    header = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"
    rows = "".join(f"JBRR,2024-06-30,JB-{i:05d},OTS,jeugdbeschermer,2024-05-01\n" for i in range(7))
    ingest_files(db, [write_extract(tmp_path, "JBRR_wachtlijst_2024-06.csv", header + rows)])
    with store.reader(db) as old:
        assert old.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] == 1
        ingest_files(db, [write_extract(tmp_path, "JBRR_wachtlijst_2024-07.csv", header + rows.replace("06-30", "07-31"))])
        with store.reader(db) as new:
            assert new.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] == 2
        assert old.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] == 1  # the old one reads on, unharmed
    with store.reader(db) as after:
        assert after.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] == 2


def _open_copies(db: Path) -> list[str]:
    """The writer's private copies this process still holds open."""
    return [t for t in open_files() if f".{db.name}." in t and ".tmp" in t]


def test_a_write_session_leaves_no_copy_open_or_on_disk_whether_it_swaps_or_fails(db: Path, tmp_path: Path) -> None:
    # The writer writes its copy to disk in a side thread while the session works
    # (store._Flush); that thread's handle on the copy must be gone when the session ends,
    # also when the session fails, or every upload would keep a deleted copy of the whole
    # database on disk for as long as the server runs.
    from dashboard import store

    ingest_files(db, [_waitlist(tmp_path, 1)])
    threads = {t.name for t in threading.enumerate()}
    ingest_files(db, [_waitlist(tmp_path, 2)])
    assert not _open_copies(db)
    try:
        with store.writer(db) as w:
            w.con.sql("CREATE TABLE kapot (x INTEGER)")
            w.changed = True
            raise RuntimeError("halverwege")
    except RuntimeError:
        pass
    assert not _open_copies(db)
    assert not list(db.parent.glob(f".{db.name}.*.tmp*"))
    assert {t.name for t in threading.enumerate()} <= threads
    with store.reader(db) as con:  # the failed session changed nothing; both deliveries are in
        assert con.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'kapot'").fetchall() == [(0,)]
        assert con.sql("SELECT count(*) FROM aanlevering").fetchall() == [(2,)]


def test_what_a_reader_remembers_of_a_version_is_asked_again_of_the_next(db: Path, tmp_path: Path) -> None:
    """Which tables a version has, and when its marts were computed, are asked once per
    version (`store.per_version`): a page's fifty figures would ask them fifty times. A
    newer version is asked again, and a writer's connection is never answered from memory."""
    from dashboard import store, warehouse

    warehouse.ensure(db)
    with store.reader(db) as con:
        assert store.has_table(con, "aanlevering") and not store.has_table(con, "nieuw_hier")
    with warehouse.writer(db) as w:
        w.con.sql("CREATE TABLE nieuw_hier (x INTEGER)")
        assert store.has_table(w.con, "nieuw_hier")  # the writer's own copy, asked each time
        w.writer.changed = True
    with store.reader(db) as con:
        assert store.has_table(con, "nieuw_hier")  # the new version, asked anew
        assert store.per_version(con, "vraag", lambda: 1) == 1
        assert store.per_version(con, "vraag", lambda: 2) == 1  # remembered for this version
    with store.reader(db) as con:
        assert store.per_version(con, "vraag", lambda: 3) == 1  # another reader, the same version
