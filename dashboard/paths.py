"""Where the project's files live. The package is installed editable, so the repo root is
one level above this package."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
REGISTERS = DATA / "registers"
DEMO = DATA / "demo"
DEFAULT_DB = DATA / "jeugdmonitor.duckdb"


def resolve_db(cli_value: str | os.PathLike | None = None) -> Path:
    """`--db`, else `$JEUGDMONITOR_DB`, else `data/jeugdmonitor.duckdb` (interfaces.md)."""
    value = cli_value or os.environ.get("JEUGDMONITOR_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


def quarantine_dir(db: Path) -> Path:
    """Rejected files are kept beside the database, never inside it: a rejection leaves the
    database byte for byte as it was."""
    return db.parent / f"{db.stem}_quarantaine"
