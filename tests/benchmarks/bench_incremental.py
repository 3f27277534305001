"""Benchmark: one small monthly delivery into the demo and into 100× the demo, against
copying the database file and syncing that copy to disk (the floor every write pays: it
works on a private copy, which must be on disk before it is swapped in). Goal 1 of issue 13: the 100×
ingest within 1.2× of the demo ingest.

    uv run python tests/benchmarks/bench_incremental.py [--scale 100] [--keep DIR] [--before COMMIT]

The delivery is `JBRR_caseload_2025-01.csv`: the demo's December caseload (20 rows) moved
to January 2025, i.e. a new month as it arrives in practice. It is also timed as a
correction of an old month (`2023-06`, which every later trailing window reads). Each
ingest runs on a fresh copy of the database, in-process (imports excluded) and as a CLI
run, and in-process as the server writes: from the standby copy it keeps ready
(`store.keep_standby`), made after its previous write. Prints figures; asserts nothing
(these machines are shared and noisy).

`--before COMMIT` times that commit's code as well (compare.py), on its own copies of both
databases (rebuilt by its code first, so neither side pays a full rebuild in the timing):
each in-process series then runs in a fresh process per side, after a warm-up ingest."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dashboard import demo, ingest, store, warehouse
from dashboard.paths import ROOT

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
import compare  # noqa: E402
from bench_pages import databases  # noqa: E402

REPEATS = 3


def delivery(folder: Path) -> tuple[Path, Path]:
    text = (demo.DEMO / "JBRR_caseload_2024-12.csv").read_text(encoding="utf-8")
    new = folder / "JBRR_caseload_2025-01.csv"
    new.write_text(text.replace("2024-12-31", "2025-01-31"), encoding="utf-8")
    old_text = (demo.DEMO / "JBRR_caseload_2023-06.csv").read_text(encoding="utf-8")
    lines = old_text.splitlines()
    first = lines[1].split(",")
    first[4] = str(int(first[4]) + 1)  # one more case: a correction
    lines[1] = ",".join(first)
    old = folder / "JBRR_caseload_2023-06.csv"
    old.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return new, old


def timed_ingest(db: Path, file: Path, work: Path, cli: bool, standby: bool = False) -> tuple[float, float, float]:
    """(seconds to copy the database, to copy it and sync the copy to disk, to ingest) on a
    fresh copy. A write's floor is the second: its copy must be on disk before the swap.
    `standby`: as the server writes, which keeps the next write's copy ready
    (store.keep_standby, made after its previous write or at its start)."""
    target = work / "kopie.duckdb"
    for f in work.glob("kopie.duckdb*"):
        f.unlink()
    t = time.perf_counter()
    shutil.copyfile(db, target)
    copy = time.perf_counter() - t
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    synced = time.perf_counter() - t
    if standby:
        store.keep_standby(target)
        store.wait_for_standby(target)
    t = time.perf_counter()
    if cli:
        subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "--db", str(target), "ingest", str(file)], check=True, capture_output=True, cwd=ROOT
        )
    else:
        result = ingest.ingest_files(target, [file])[0]
        assert result.outcome in (ingest.Outcome.LOADED, ingest.Outcome.REPLACED), result.line()
    seconds = time.perf_counter() - t
    if standby:
        store.stop_standby(target)  # waits for the next standby: not this ingest's time, the disk's
    return copy, synced, seconds


_SERIES = """
import json, shutil, sys, time
from pathlib import Path
from dashboard import ingest
db, file, work, repeats = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
ingest.ingest_files(work / "opwarmen.duckdb", [file])
times = []
for _ in range(repeats):
    for f in work.glob("kopie.duckdb*"):
        f.unlink()
    shutil.copyfile(db, work / "kopie.duckdb")
    t = time.perf_counter()
    result = ingest.ingest_files(work / "kopie.duckdb", [file])[0]
    times.append(time.perf_counter() - t)
    assert result.outcome in (ingest.Outcome.LOADED, ingest.Outcome.REPLACED), result.line()
print(json.dumps(times))
"""


def series_in(tree: Path | None, db: Path, file: Path, work: Path, cli: bool) -> float:
    """The median of REPEATS ingests of `file` into fresh copies of `db`, by `tree`'s code."""
    if cli:
        runs = []
        for _ in range(REPEATS):
            target = work / "kopie.duckdb"
            for f in work.glob("kopie.duckdb*"):
                f.unlink()
            shutil.copyfile(db, target)
            t = time.perf_counter()
            cmd = [sys.executable, "-m", "dashboard.cli", "--db", str(target), "ingest", str(file)]
            subprocess.run(cmd, check=True, capture_output=True, cwd=tree or ROOT, env=compare.env(tree))
            runs.append(time.perf_counter() - t)
        return statistics.median(runs)
    cmd = [sys.executable, "-c", _SERIES, str(db), str(file), str(work), str(REPEATS)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=tree or ROOT, env=compare.env(tree))
    return statistics.median(json.loads(out.stdout.strip().splitlines()[-1]))


def before_and_after(args, small: Path, large: Path, scratch: Path, files: dict[str, tuple[Path, bool]]) -> None:
    """Every series for the working tree and for `--before`, each side on databases its own
    code built the derived tables of."""
    sides = {}
    for label, tree in compare.trees(args.before):
        own = scratch / label
        own.mkdir()
        dbs = []
        for db in (small, large):
            copy = own / db.name
            shutil.copyfile(db, copy)
            code = f"from pathlib import Path; from dashboard import warehouse; warehouse.rebuild(Path({str(copy)!r}))"
            subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=tree or ROOT, env=compare.env(tree))
            dbs.append(copy)
        sides[label] = (tree, dbs, own)
    print(f"\none small delivery, median of {REPEATS} (fresh copy each time), working tree and {args.before}")
    print(f"{'what':<34}{'side':>14}{'demo':>8}{f'× {args.scale}':>9}{'ratio':>8}")
    for what, (file, cli) in files.items():
        for label, (tree, (s_db, l_db), own) in sides.items():
            base = series_in(tree, s_db, file, own, cli)
            big = series_in(tree, l_db, file, own, cli)
            print(f"{what:<34}{label:>14}{base:>7.2f}s{big:>8.2f}s{big / base:>7.2f}×")


def main() -> int:
    args, small, large = databases(__doc__)
    for db in (small, large):  # kept databases may be from an older version of the SQL: build them anew
        with store.reader(db) as con:
            current = warehouse._built_with(con) == warehouse.fingerprint()
        if not current:
            warehouse.rebuild(db)
    print(f"database sizes: demo {small.stat().st_size / 1e6:.0f} MB, × {args.scale} {large.stat().st_size / 1e6:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="jm_inc_") as tmp:
        scratch = Path(tmp)
        new, old = delivery(scratch)
        if args.before:
            series = {
                "new month, in-process": (new, False),
                "new month, CLI": (new, True),
                "correction of 2023-06, in-process": (old, False),
            }
            before_and_after(args, small, large, scratch, series)
            return 0
        ingest.ingest_files(scratch / "warmup.duckdb", [new])  # imports and first-use costs
        print(f"\none small delivery, median of {REPEATS} (fresh copy each time)")
        print(f"{'what':<38}{'demo':>8}{f'× {args.scale}':>9}{'ratio':>8}   floor at × {args.scale}: copy, copy + sync to disk")
        ratios = {}
        for label, file, cli, standby in (
            ("new month, in-process", new, False, False),
            ("new month, in the server", new, False, True),
            ("new month, CLI", new, True, False),
            ("correction of 2023-06, in-process", old, False, False),
            ("correction of 2023-06, in the server", old, False, True),
        ):
            runs = {db: [timed_ingest(db, file, scratch, cli, standby) for _ in range(REPEATS)] for db in (small, large)}
            base = statistics.median(r[2] for r in runs[small])
            big = statistics.median(r[2] for r in runs[large])
            floor = statistics.median(r[0] for r in runs[large])
            synced = statistics.median(r[1] for r in runs[large])
            ratios[label] = big / base
            print(f"{label:<38}{base:>7.2f}s{big:>8.2f}s{big / base:>7.2f}×   {floor:.2f} s, {synced:.2f} s")
    print()
    for where in ("in-process", "in the server", "CLI"):
        goal = ratios[f"new month, {where}"]
        print(
            f"goal: × {args.scale} within 1.2× of the demo (new month, {where}): {goal:.2f}× {'gehaald' if goal <= 1.2 else 'NIET gehaald'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
