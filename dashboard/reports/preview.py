"""A PNG of every page of both reports, for a reviewer to look at.

    uv run python -m dashboard.reports.preview [--periode 2024-Q2] [--briefing-periode 2024-06]
                                               [--uit tests/artifacts/rapporten] [--db PATH]

Without --db it uses the default database, loading the bundled demo data when that is
empty (as `serve` does). Writes the PDFs too. Rendering pages to PNG uses pypdfium2 (a
development dependency)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard import demo, fmt
from dashboard.paths import ROOT, resolve_db
from dashboard.periods import PeriodError, parse_period
from dashboard.reports import briefing, quarterly
from dashboard.reports.common import GeenGegevens

DEFAULT_OUT = ROOT / "tests" / "artifacts" / "rapporten"
DPI = 110


def pages_to_png(pdf: bytes, stem: Path, dpi: int = DPI) -> list[Path]:
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a development dependency
        sys.exit("pypdfium2 ontbreekt: installeer de ontwikkelafhankelijkheden (uv sync)")
    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        path = stem.with_name(f"{stem.name}-p{i + 1:02d}.png")
        doc[i].render(scale=dpi / 72).to_pil().save(path)
        out.append(path)
    doc.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m dashboard.reports.preview", description="PNG's van elke pagina van de wethouderbriefing en de kwartaalrapportage."
    )
    p.add_argument("--periode", help="periode voor beide rapporten (standaard: briefing 2024-06, kwartaal 2024-Q2)")
    p.add_argument("--briefing-periode", default="2024-06")
    p.add_argument("--kwartaal-periode", default="2024-Q2")
    p.add_argument("--uit", default=str(DEFAULT_OUT), help="map voor de PNG's en PDF's")
    p.add_argument("--db", help="database (standaard: de gewone, met demodata als die leeg is)")
    args = p.parse_args(argv)
    try:
        b_period = parse_period(args.periode or args.briefing_periode)
        q_period = parse_period(args.periode or args.kwartaal_periode)
    except PeriodError as e:
        print(f"fout: {e}", file=sys.stderr)
        return 2
    db = resolve_db(args.db)
    if args.db is None and demo.needs_demo(db):
        demo.build(db)
        print(f"lege database: demodata geladen in {db}")
    out = Path(args.uit)
    out.mkdir(parents=True, exist_ok=True)
    for name, period, render in (("briefing", b_period, briefing.render_briefing), ("kwartaal", q_period, quarterly.render_quarterly)):
        start = time.perf_counter()
        try:
            pdf = render(db, period)
        except GeenGegevens:
            print(f"geen gegevens voor {period.label}: geen {name}", file=sys.stderr)
            return 1
        seconds = time.perf_counter() - start
        stem = out / f"{name}-{period.label}"
        stem.with_suffix(".pdf").write_bytes(pdf)
        pngs = pages_to_png(pdf, stem)
        print(
            f"{name} {period.display()}: {len(pngs)} pagina('s) in {fmt.number(seconds, 1)} s -> {stem}.pdf en "
            f"{pngs[0].name} … {pngs[-1].name}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
