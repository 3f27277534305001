"""Benchmark: reading iJw messages (the demo's 1,648 JW315/301/305/307 files), against the
floor of parsing the same bytes with the same hardened lxml parser and nothing else; and
the demo build with and without them. Target: reading <= 10x the bare parse.

    uv run python tests/benchmarks/bench_ijw.py

Prints figures; asserts nothing (these machines are shared and noisy)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from lxml import etree

from dashboard import demo, ijw, pseudonym
from dashboard.paths import DEMO


def best(runs: int, work) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    blobs = [(f.name, f.read_bytes()) for f in sorted((DEMO / "ijw").glob("*.xml"))]
    key = pseudonym.demo_key()
    parser = ijw._parser()
    floor = best(3, lambda: [etree.fromstring(data, parser=parser) for _, data in blobs])
    read = best(3, lambda: [ijw.read_message(name, data, key) for name, data in blobs])
    print(
        f"{len(blobs)} berichten: kaal parsen {floor:.3f} s, lezen en controleren {read:.3f} s "
        f"({read / len(blobs) * 1000:.2f} ms per bericht), verhouding {read / floor:.1f}x (doel <= 10x)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        full = best(2, lambda: demo.build(db))
        everything = demo.demo_files
        demo.demo_files = lambda: [f for f in everything() if f.parent.name != "ijw"]  # type: ignore[assignment]
        without = best(2, lambda: demo.build(db))
        demo.demo_files = everything  # type: ignore[assignment]
    print(
        f"demo opbouwen: {full:.2f} s met iJw-berichten, {without:.2f} s alleen extracten (+{full - without:.2f} s, {full / without:.2f}x)"
    )


if __name__ == "__main__":
    main()
