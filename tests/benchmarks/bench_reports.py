"""Benchmark: render time of the Wethouderbriefing (2024-06) and the Kwartaalrapportage
(2024-Q2) on the bundled demo. Target: quarterly <= 10 s on this machine (2 cores).

    uv run python tests/benchmarks/bench_reports.py [--db PATH] [--runs N] [--before COMMIT] [--cli-only]

Builds the demo database in a temporary folder unless --db is given. Prints the time of
the first render in a fresh process (including the one-off start of the chart renderer)
and the best of the following runs; then whole `jeugdmonitor rapport` runs (briefing and
regiekaart) against a trivial Typst compile, each a fresh process, interleaved, with the
processor time they took besides the wall-clock time. `--before COMMIT` runs that commit's
CLI in the same rounds (compare.py), on a demo database it builds itself. Asserts nothing
(these machines are shared and noisy)."""

from __future__ import annotations

import argparse
import os
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

sys.path.insert(0, str(Path(__file__).parent))
import compare  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an existing database with the demo loaded")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--before", metavar="COMMIT", help="also time this commit's CLI, in the same rounds")
    p.add_argument("--cli-only", action="store_true", help="only the whole CLI runs against the Typst floor")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "demo.duckdb"
        if not args.db:
            demo.build(db)
        if not args.cli_only:
            in_process(db, max(1, args.runs))
        dbs = {compare.HERE: db}
        for label, tree in compare.trees(args.before)[1:]:
            dbs[label] = Path(tmp) / f"demo-{label}.duckdb"
            code = f"from pathlib import Path; from dashboard import demo; demo.build(Path({str(dbs[label])!r}))"
            subprocess.run([sys.executable, "-c", code], cwd=tree, env=compare.env(tree), check=True, capture_output=True)
        cli_against_typst(dbs, dict(compare.trees(args.before)), Path(tmp), max(1, args.runs))


def in_process(db: Path, runs: int) -> None:
    print(f"imports (polars, duckdb, altair, typst, vl-convert): {IMPORTS:.2f} s")
    for name, period, render in (
        ("briefing", "2024-06", briefing.render_briefing),
        ("kwartaal", "2024-Q2", quarterly.render_quarterly),
    ):
        times, size = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            size = len(render(db, period))
            times.append(time.perf_counter() - t)
        rest = f"; best of the next {len(times) - 1}: {min(times[1:]):.2f} s" if len(times) > 1 else ""
        print(f"{name} {period}: first {times[0]:.2f} s{rest} ({size / 1024:.0f} KiB)")


def _seconds(cmd: list[str], tree: Path | None = None) -> tuple[float, float]:
    """(wall-clock, processor) seconds of a fresh process and its children."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=tree, env=compare.env(tree))
    wall = time.perf_counter() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def cli_against_typst(dbs: dict[str, Path], trees: dict[str, Path | None], folder: Path, runs: int) -> None:
    """Whole `jeugdmonitor rapport` runs (a fresh process: imports, figures, charts, PDF)
    against the floor of a trivial Typst compile in a fresh process. Issue 13's target: ≤ 3×."""
    (folder / "leeg.typ").write_text("= Leeg\n", encoding="utf-8")
    typst = [sys.executable, "-c", f"import typst; typst.compile({str(folder / 'leeg.typ')!r}, output={str(folder / 'leeg.pdf')!r})"]
    reports = {
        "briefing": ["--soort", "briefing", "--periode", "2024-06"],
        "regiekaart": ["--soort", "regiekaart", "--aanbieder", "ENVER", "--periode", "2024-06"],
    }
    floor: list[tuple[float, float]] = []
    got: dict[tuple[str, str], list[tuple[float, float]]] = {(label, r): [] for label in dbs for r in reports}
    for _ in range(runs):
        floor.append(_seconds(typst))
        for label, db in dbs.items():
            for r, options in reports.items():
                cmd = [sys.executable, "-m", "dashboard.cli", "--db", str(db), "rapport", *options, "--uit", str(folder / f"{r}.pdf")]
                got[(label, r)].append(_seconds(cmd, trees[label]))
    wall = statistics.median(w for w, _ in floor)
    print(f"\ntrivial Typst compile (fresh process): {wall:.2f} s wall, {statistics.median(c for _, c in floor):.2f} s processor")
    for (label, r), times in got.items():
        w, c = statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)
        print(f"{label}: `jeugdmonitor rapport` {r}: {w:.2f} s wall ({c:.2f} s processor); ratio {w / wall:.1f}× (target ≤ 3×)")


if __name__ == "__main__":
    main()
