"""Benchmark: render time of the Wethouderbriefing (2024-06) and the Kwartaalrapportage
(2024-Q2) on the bundled demo. Target: quarterly <= 10 s on this machine (2 cores).

    uv run python tests/benchmarks/bench_reports.py [--db PATH] [--runs N]

Builds the demo database in a temporary folder unless --db is given. Prints the time of
the first render in a fresh process (including the one-off start of the chart renderer)
and the best of the following runs; asserts nothing (these machines are shared and noisy)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
        for name, period, render in (
            ("briefing", "2024-06", briefing.render_briefing),
            ("kwartaal", "2024-Q2", quarterly.render_quarterly),
        ):
            times, size = [], 0
            for _ in range(max(1, args.runs)):
                t = time.perf_counter()
                size = len(render(db, period))
                times.append(time.perf_counter() - t)
            rest = f"; best of the next {len(times) - 1}: {min(times[1:]):.2f} s" if len(times) > 1 else ""
            print(f"{name} {period}: first {times[0]:.2f} s{rest} ({size / 1024:.0f} KiB)")
        cli_against_typst(db, Path(tmp), max(1, args.runs))


def _seconds(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def cli_against_typst(db: Path, folder: Path, runs: int) -> None:
    """A whole `jeugdmonitor rapport` run (a fresh process: imports, figures, charts, PDF)
    against the floor of a trivial Typst compile in a fresh process. Issue 13's target: ≤ 3×."""
    (folder / "leeg.typ").write_text("= Leeg\n", encoding="utf-8")
    typst = [sys.executable, "-c", f"import typst; typst.compile({str(folder / 'leeg.typ')!r}, output={str(folder / 'leeg.pdf')!r})"]
    cli = [
        sys.executable,
        "-m",
        "dashboard.cli",
        "--db",
        str(db),
        "rapport",
        "--soort",
        "briefing",
        "--periode",
        "2024-06",
        "--uit",
        str(folder / "briefing.pdf"),
    ]
    floor = statistics.median(_seconds(typst) for _ in range(runs))
    whole = statistics.median(_seconds(cli) for _ in range(runs))
    print(
        f"trivial Typst compile (fresh process): {floor:.2f} s; `jeugdmonitor rapport` briefing: {whole:.2f} s; "
        f"ratio {whole / floor:.1f}× (target ≤ 3×)"
    )


if __name__ == "__main__":
    main()
