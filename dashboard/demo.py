"""The bundled demo: real contract files in data/demo, loaded along the same road as a
real delivery and flagged as demo data."""

from __future__ import annotations

from pathlib import Path

from dashboard import store
from dashboard.ingest import FileResult, expand, ingest_files
from dashboard.paths import DEMO


def demo_files() -> list[Path]:
    """The monthly extracts first, then the corrections that replace some of them."""
    return expand([DEMO]) + expand([DEMO / "correcties"]) if (DEMO / "correcties").exists() else expand([DEMO])


def build(db: Path, progress=None) -> list[FileResult]:
    """(Re)build `db` from the demo files only, swapped in atomically."""
    return ingest_files(db, demo_files(), demo=True, fresh=True, progress=progress)


def ensure_demo(db: Path) -> bool:
    """Load the demo into a database that does not exist yet or holds no deliveries.
    Returns whether it did."""
    if db.exists():
        with store.reader(db) as con:
            if con.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] > 0:
                return False
    build(db)
    return True
