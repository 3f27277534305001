"""First-render time of every dashboard page, on the demo and on a database 100× the demo.

    uv run python tests/benchmarks/bench_pages.py [--scale 100] [--keep DIR]

The large database is built the way real data arrives: every demo extract is rewritten
with 100× the rows (each copy with its own client_ids, maatregel_ids and team names; the
first copy keeps the original ones) into a temporary folder, in the provider's own format
(encoding, separator, date style, xlsx), the whole folder is loaded with the normal ingest,
and the demo's recommendations register is imported as `demo` does. `--keep DIR` keeps
both databases there and reuses them on the next run.

A "first render" is AppTest opening the page with Streamlit's data cache cleared, in a
process that has already imported everything (one warm-up round over all pages), so it
measures the page and its queries, not Python's imports. Targets: every page ≤ 1 s on the
demo, and on 100× within 1,5× of its demo time."""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from dashboard import demo, ingest, register
from dashboard.paths import ROOT

PAGES = ["overzicht", "wachtlijsten", "personeel", "caseload", "doorlooptijden", "aanbevelingen", "aanleveringen", "definities"]
MAIN = ROOT / "dashboard" / "app" / "main.py"
ID_COLUMNS = ("client_id", "maatregel_id")
TEAM_COLUMN = "team"
REPEATS = 5  # median of five cold renders per page (a 2-core VM is noisy)


def _suffix(value: str, column: str, k: int) -> str:
    if k == 0 or not value:
        return value
    return f"{value}-x{k:02d}" if column in ID_COLUMNS else f"{value} ({k + 1})"


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def scale_csv(data: bytes, times: int) -> bytes:
    text, encoding = _decode(data)
    sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    header, body = rows[0], [r for r in rows[1:] if r]
    columns = [c.strip().lower() for c in header]
    renamed = [i for i, c in enumerate(columns) if c in (*ID_COLUMNS, TEAM_COLUMN)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for k in range(times):
        for r in body:
            r = list(r)
            for i in renamed:
                r[i] = _suffix(r[i], columns[i], k)
            writer.writerow(r)
    return out.getvalue().encode(encoding)


def scale_xlsx(data: bytes, times: int, sheet: str) -> bytes:
    frame = pl.read_excel(io.BytesIO(data), sheet_name=sheet, infer_schema_length=0)
    copies = [
        frame.with_columns(
            pl.col(c).map_elements(lambda v, c=c, k=k: _suffix(v, c, k), return_dtype=pl.String)
            for c in frame.columns
            if c.lower() in (*ID_COLUMNS, TEAM_COLUMN)
        )
        for k in range(times)
    ]
    buffer = io.BytesIO()
    pl.concat(copies).write_excel(buffer, worksheet=sheet)
    return buffer.getvalue()


def build_scaled(db: Path, times: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, src in enumerate(demo.demo_files()):
        data = src.read_bytes()
        if src.suffix == ".xml":  # iJw messages are one journey each: loaded as they are
            scaled = data
        elif src.suffix == ".xlsx":
            scaled = scale_xlsx(data, times, src.name.split("_")[1])
        else:
            scaled = scale_csv(data, times)
        # Keep the demo's load order (corrections last) while keeping the real file name.
        target = folder / f"{i:04d}" / src.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(scaled)
        files.append(target)
    started = time.perf_counter()
    results = ingest.ingest_files(db, files, demo=True, fresh=True)
    rejected = [r.line() for r in results if r.outcome is ingest.Outcome.REJECTED]
    if rejected:
        raise SystemExit("scaled demo rejected:\n" + "\n".join(rejected))
    rows = sum(r.rows for r in results)
    print(f"  {len(files)} files, {rows:,} rows ingested in {time.perf_counter() - started:.0f} s".replace(",", "."))
    # The same recommendations register as the demo (its indicators then read the large figures).
    register.import_yaml(db, demo.REGISTER.read_bytes(), demo.DEMO_USER, source=demo.REGISTER.name)
    register.import_yaml(db, demo.REGISTER_DEMO.read_bytes(), demo.DEMO_USER, source=demo.REGISTER_DEMO.name, demo=True)


def time_pages(db: Path) -> dict[str, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["JEUGDMONITOR_DB"] = str(db)
    at = AppTest.from_file(str(MAIN), default_timeout=120)
    at.query_params["periode"] = "2024-06"
    at.run()
    for page in PAGES:  # warm-up: imports and altair's schema, not the figures
        at.switch_page(f"views/{page}.py").run()
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    for _ in range(REPEATS):
        for page in PAGES:
            st.cache_data.clear()
            started = time.perf_counter()
            at.switch_page(f"views/{page}.py").run()
            times[page].append(time.perf_counter() - started)
            if at.exception:
                raise SystemExit(f"{page}: {at.exception[0].message}")
    return {p: statistics.median(t) for p, t in times.items()}


def databases(description: str) -> tuple[argparse.Namespace, Path, Path]:
    """The command line (`--scale`, `--keep`) and the demo and scaled databases, built
    when not kept from an earlier run; shared by the benchmarks that compare the two."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the databases in")
    parser.add_argument("--before", metavar="COMMIT", help="bench_incremental: also time this commit (compare.py)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="jm_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    small, large = work / "demo.duckdb", work / f"demo_x{args.scale}.duckdb"
    if not small.exists():
        print("building the demo database")
        demo.build(small)
    if not large.exists():
        print(f"building the demo × {args.scale} database")
        build_scaled(large, args.scale, work / f"extracten_x{args.scale}")
    return args, small, large


def main() -> int:
    args, small, large = databases(__doc__)
    print(f"database sizes: demo {small.stat().st_size / 1e6:.0f} MB, × {args.scale} {large.stat().st_size / 1e6:.0f} MB")

    base, big = time_pages(small), time_pages(large)
    print(f"\nfirst render per page (cold data cache, median of {REPEATS}), period 2024-06, all providers")
    print(f"{'pagina':<16}{'demo':>9}{f'× {args.scale}':>9}{'factor':>9}   doel")
    ok = True
    for page in PAGES:
        ratio = big[page] / base[page]
        good = base[page] <= 1.0 and ratio <= 1.5
        ok &= good
        print(f"{page:<16}{base[page]:>8.2f}s{big[page]:>8.2f}s{ratio:>8.2f}×   {'gehaald' if good else 'NIET gehaald'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
