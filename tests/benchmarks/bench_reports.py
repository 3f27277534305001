"""Benchmark: render time of the Wethouderbriefing (2024-06) and the Kwartaalrapportage
(2024-Q2) on the bundled demo. Target: quarterly <= 10 s on this machine (2 cores).

    uv run python tests/benchmarks/bench_reports.py [--db PATH] [--runs N]

Builds the demo database in a temporary folder unless --db is given. Prints the time of
the first render in a fresh process (including the one-off start of the chart renderer)
and the best of the following runs; asserts nothing (these machines are shared and noisy)."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

START = time.perf_counter()

from dashboard import demo  # noqa: E402 - timed after START
from dashboard.reports import briefing, quarterly  # noqa: E402

IMPORTS = time.perf_counter() - START


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an existing database with the demo loaded")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "demo.duckdb"
        if not args.db:
            demo.build(db)
        print(f"imports (polars, duckdb, altair, typst, vl-convert): {IMPORTS:.2f} s")
        for name, period, render in (("briefing", "2024-06", briefing.render_briefing),
                                     ("kwartaal", "2024-Q2", quarterly.render_quarterly)):
            times, size = [], 0
            for _ in range(max(1, args.runs)):
                t = time.perf_counter()
                size = len(render(db, period))
                times.append(time.perf_counter() - t)
            rest = f"; best of the next {len(times) - 1}: {min(times[1:]):.2f} s" if len(times) > 1 else ""
            print(f"{name} {period}: first {times[0]:.2f} s{rest} ({size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
