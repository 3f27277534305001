"""Benchmark: peak memory while reading (validating) files up to the upload limit, accepted
and rejected, CSV and Excel, and a zip bomb. The floor, measured in the same run on the
same machine: polars reading the same CSV as text (what reading cannot do without).

    uv run python tests/benchmarks/bench_memory.py [--mb 100]

Each file is validated in a fresh child process that reports its peak resident memory
above what it holds before the read (the imports and the file's bytes). Prints figures; asserts nothing (shared, noisy machines)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import polars as pl
import xlsxwriter

from dashboard.ingest import MAX_UPLOAD_MB

CHILD = r"""
import json, sys
from pathlib import Path
import polars as pl
from dashboard.validation import validate
import fastexcel  # noqa: F401  (imports counted in the baseline, not in the read)

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])

mode, path = sys.argv[1], Path(sys.argv[2])
data = path.read_bytes()
open("/proc/self/clear_refs", "w").write("5")  # the peak starts again from here (Linux)
base = status("VmRSS:")
if mode == "floor":
    pl.read_csv(data, infer_schema=False)
    out = {}
else:
    v = validate(path.name, data)
    out = {"ok": v.ok, "fouten": v.error_count, "eerste": v.errors[0].rule[:70] if v.errors else ""}
print(json.dumps(out | {"mb": (status("VmHWM:") - base) / 1024}))
"""


def wachtlijst(rows: int, bad: bool = False) -> pl.DataFrame:
    i = pl.int_range(0, rows, eager=True)
    return pl.DataFrame(
        {
            "aanbieder": ["ENVER"] * rows,
            "peildatum": ["2024-06-30"] * rows,
            "client_id": "EN-" + i.cast(pl.String).str.zfill(8),
            "product": pl.Series(["AMBULANT", "DIAGNOSTIEK", "VERBLIJF"]).gather(i % 3),
            "wacht_op": pl.Series(["intake", "diagnostiek", "behandeling"]).gather(i % 3),
            "aanmelddatum": ["2024-05-01" if not bad else "2024-13-01"] * rows,
            "urgentie": ["regulier"] * rows,
            "overbrugging": ["nee"] * rows,
            "gebied": pl.Series(["Delfshaven", "Charlois", "Noord", "Feijenoord", ""]).gather(i % 5),
            "leeftijd": (i % 18).cast(pl.String),
        }
    )


def csv_of(folder: Path, mb: float, bad: bool) -> Path:
    sample = wachtlijst(10_000, bad).write_csv().encode()
    rows = int(mb * 1024 * 1024 / (len(sample) / 10_000))
    path = folder / ("afgewezen" if bad else "geldig") / "ENVER_wachtlijst_2024-06.csv"
    path.parent.mkdir()
    wachtlijst(rows, bad).write_csv(path)
    return path


def xlsx_of(folder: Path, rows: int) -> Path:
    """An Excel workbook of `rows` wachtlijst rows (constant-memory writer)."""
    path = folder / "ENVER_wachtlijst_2024-06.xlsx"
    frame = wachtlijst(rows)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("wachtlijst")
    ws.write_row(0, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=1):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def bomb_of(folder: Path) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<c r='A1' t='inlineStr'><is><t>x</t></is></c>" * 20_000
            for _ in range(5_000):  # about 4.5 GB unpacked
                sheet.write(block)
    path = folder / "ENVER_wachtlijst_2024-07.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def measure(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=MAX_UPLOAD_MB)
    ap.add_argument("--xlsx-rows", type=int, default=300_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good, bad = csv_of(folder, args.mb, False), csv_of(folder, args.mb, True)
        floor = measure("floor", good)["mb"]
        print(f"vloer: polars leest {good.stat().st_size / 2**20:.0f} MB CSV als tekst: {floor:.0f} MB")
        for label, path in (
            ("CSV geldig", good),
            ("CSV afgewezen (elke rij fout)", bad),
            (f"XLSX geldig ({args.xlsx_rows:,} rijen)", xlsx_of(folder, args.xlsx_rows)),
            ("XLSX zip-bom", bomb_of(folder)),
        ):
            m = measure("read", path)
            size = path.stat().st_size / 2**20
            print(
                f"{label}: {size:.1f} MB bestand, piek {m['mb']:.0f} MB boven de basis "
                f"({m['mb'] / max(size, 1):.1f}x het bestand, {m['mb'] / max(floor, 1):.2f}x de vloer); "
                f"geldig={m['ok']} fouten={m['fouten']} {m['eerste']}"
            )


if __name__ == "__main__":
    main()
