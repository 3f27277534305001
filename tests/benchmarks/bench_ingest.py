"""Benchmark: validate and load a 1,000,000-row `wachtlijst` file, against DuckDB's own
`read_csv` loading the same file into a table, each in a process of its own (time and peak
memory). Targets (issue 13): time <= 2x, peak memory <= 1.5x.

    uv run python tests/benchmarks/bench_ingest.py [--rows N] [--before COMMIT]

With `--before`, the same file is also ingested by the code of an older commit (a
temporary `git worktree`, see compare.py), so one run prints before and after side by
side against the same baseline.

Prints figures; asserts nothing (these machines are shared and noisy)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
import compare  # noqa: E402

from dashboard import warehouse  # noqa: E402
from dashboard.ingest import Outcome, ingest_files  # noqa: E402


def make_file(folder: Path, rows: int) -> Path:
    """A realistic snapshot: all contract columns, several products and wait reasons."""
    peil = date(2024, 6, 30)
    i = pl.int_range(0, rows, eager=True)
    frame = pl.DataFrame(
        {
            "aanbieder": ["ENVER"] * rows,
            "peildatum": [peil.isoformat()] * rows,
            "client_id": ("EN-" + i.cast(pl.String).str.zfill(8)),
            "product": pl.Series(["AMBULANT", "DIAGNOSTIEK", "VERBLIJF", "PLEEGZORG", "DAGBEHANDELING"]).gather(i % 5),
            "wacht_op": pl.Series(["intake", "diagnostiek", "plaatsing", "plaatsing", "behandeling"]).gather(i % 5),
            "aanmelddatum": pl.Series([(peil - timedelta(days=d)).isoformat() for d in range(700)]).gather(i % 700),
            "urgentie": pl.Series(["regulier"] * 19 + ["spoed"]).gather(i % 20),
            "overbrugging": pl.Series(["ja", "nee", "nee"]).gather(i % 3),
            "gebied": pl.Series(["Delfshaven", "Charlois", "Noord", "Feijenoord", ""]).gather(i % 5),
            "leeftijd": (i % 18).cast(pl.String),
        }
    )
    path = folder / "ENVER_wachtlijst_2024-06.csv"
    frame.write_csv(path)
    return path


def _measure(part: str, path: Path, folder: Path) -> None:
    """One side of the comparison in a process of its own, so each peak memory is its own."""
    cpu = _cpu()
    if part == "baseline":
        con = duckdb.connect(str(folder / "baseline.duckdb"))
        cpu = _cpu()
        t = time.perf_counter()
        con.sql(f"CREATE TABLE w AS SELECT * FROM read_csv('{path}')")
        con.sql("CHECKPOINT")
        seconds = time.perf_counter() - t
        con.close()
    elif part == "empty":
        warehouse.ensure(folder / "jm.duckdb")
        return
    else:
        cpu = _cpu()
        t = time.perf_counter()
        result = ingest_files(folder / "jm.duckdb", [path])[0]
        seconds = time.perf_counter() - t
        assert result.outcome is Outcome.LOADED, result.line()
    cpu = _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak, "code": str(Path(warehouse.__file__).parents[1])}))


def _cpu() -> float:
    """CPU seconds of this process (all threads): steadier than wall time on a busy machine."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _run_part(part: str, path: Path, label: str, code: Path | None = None) -> dict:
    """One side in a child process, in a folder `label` of its own (database, quarantine);
    `code`: the checkout whose `dashboard` it imports (None: this working tree)."""
    folder = path.parent / label
    folder.mkdir()
    target = folder / path.name
    os.link(path, target)  # the same bytes

    def child(part: str) -> str:
        args = [sys.executable, __file__, "--part", part, "--file", str(target)]
        return subprocess.run(args, check=True, capture_output=True, text=True, env=compare.env(code)).stdout

    if part == "ours":
        # The empty database exists before, made by a process of its own: an ingest goes into
        # a database that is there (the baseline's connect to a new file costs nothing).
        child("empty")
    return json.loads(child(part).strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--before", metavar="COMMIT", help="also measure the ingest of this older commit")
    ap.add_argument("--part", choices=["baseline", "empty", "ours"], help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.part:
        _measure(args.part, args.file, args.file.parent)
        return
    rows = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        path = make_file(folder, rows)
        print(f"bestand: {rows:,} rijen, {path.stat().st_size / 1e6:.1f} MB (gemaakt in {time.perf_counter() - t:.1f} s)")
        # The imports each side needs happen before its clock starts.
        side = {"baseline": _run_part("baseline", path, "baseline")}
        if args.before:
            side["before"] = _run_part("ours", path, "before", code=compare.checkout(args.before))
        side["ours"] = _run_part("ours", path, "after")
    base = side["baseline"]
    print(f"DuckDB read_csv naar tabel:              {base['seconds']:6.2f} s   piek {base['peak_mb']:5.0f} MB   cpu {base['cpu']:5.2f} s")
    lines = [("ours", "jeugdmonitor valideren + laden + marts")]
    if "before" in side:
        lines = [("before", f"ervoor ({args.before[:10]})"), ("ours", "erna (deze werkmap)")]
    for key, label in lines:
        ours = side[key]
        print(f"{label + ':':41s}{ours['seconds']:6.2f} s   piek {ours['peak_mb']:5.0f} MB   cpu {ours['cpu']:5.2f} s   ({ours['code']})")
        print(f"  verhouding tijd:                       {ours['seconds'] / base['seconds']:6.2f}x   (doel <= 2x)")
        print(f"  verhouding cpu-tijd:                   {ours['cpu'] / base['cpu']:6.2f}x")
        print(f"  verhouding piekgeheugen:               {ours['peak_mb'] / base['peak_mb']:6.2f}x   (doel <= 1,5x)")


if __name__ == "__main__":
    main()
