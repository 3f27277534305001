"""Where the project's files live. In a checkout (and the editable install `uv run` makes)
queries/ and data/ are folders beside this package; an installed wheel carries copies of
them inside the package, under `_shipped/` (pyproject: force-include). Code reads them
through these names only, so it runs the same from either."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("dashboard")))
_CHECKOUT = PACKAGE.parent
INSTALLED = not ((_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "queries").is_dir())
# The folder holding queries/, data/ and .streamlit/.
ROOT = PACKAGE / "_shipped" if INSTALLED else _CHECKOUT
QUERIES = ROOT / "queries"
DATA = ROOT / "data"
REGISTERS = DATA / "registers"
DEMO = DATA / "demo"
# Installed, the database is never written inside the package: data/ of the working folder.
DEFAULT_DB = Path("data").resolve() / "jeugdmonitor.duckdb" if INSTALLED else DATA / "jeugdmonitor.duckdb"
APP = PACKAGE / "app" / "main.py"  # what `serve` hands to Streamlit


def resolve_db(cli_value: str | os.PathLike | None = None) -> Path:
    """`--db`, else `$JEUGDMONITOR_DB`, else `data/jeugdmonitor.duckdb` (README, "Command line")."""
    value = cli_value or os.environ.get("JEUGDMONITOR_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


def quarantine_dir(db: Path) -> Path:
    """Rejected files are kept beside the database, never inside it: a rejection leaves the
    database byte for byte as it was."""
    return db.parent / f"{db.stem}_quarantaine"
