"""The audit trail: logins, uploads, register edits, downloads and report renders, with
who, when and what. Append-only JSON lines beside the database (one event must not rewrite
the store), written under a lock with O_APPEND so concurrent writers never interleave."""

from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

EVENTS = ("inloggen", "upload", "registerwijziging", "toelichting", "download", "rapport", "geweigerd", "oordeel", "vaststelling")


def log_path(db: Path) -> Path:
    return db.parent / f"{db.stem}_audit.jsonl"


def record(db: Path, who: str, event: str, what: str) -> None:
    if event not in EVENTS:
        raise ValueError(f"onbekende gebeurtenis {event!r}")
    line = (
        json.dumps(
            {"tijd": datetime.now().isoformat(timespec="seconds"), "wie": who, "gebeurtenis": event, "wat": what}, ensure_ascii=False
        )
        + "\n"
    )
    path = log_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def read(db: Path) -> pl.DataFrame:
    """Newest first."""
    import polars as pl  # here: recording and the log's path need no data frames

    path = log_path(db)
    schema = {"tijd": pl.String, "wie": pl.String, "gebeurtenis": pl.String, "wat": pl.String}
    if not path.exists() or path.stat().st_size == 0:
        return pl.DataFrame(schema=schema)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pl.DataFrame(rows, schema=schema).reverse()
