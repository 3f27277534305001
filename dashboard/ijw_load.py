"""iJw messages into the store, inside the same write session as the extracts.

Each message is all-or-nothing. The raw file is never stored and never quarantined: a
rejected message leaves only its Dutch error report in the quarantine folder (it carries
no personal value), so the municipality can see what was refused and why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from dashboard import ijw, pseudonym, sql
from dashboard.errors import Finding
from dashboard.paths import quarantine_dir


@dataclass
class Checked:
    """`validate` of an iJw file: the same checks as ingest, nothing written."""

    file: str
    read: ijw.Read

    @property
    def ok(self) -> bool:
        return self.read.ok

    @property
    def rows(self) -> int:
        return len(self.read.message.products) if self.read.message else 0

    @property
    def errors(self) -> list[Finding]:
        return self.read.errors

    @property
    def error_count(self) -> int:
        return self.read.error_count

    warnings: list[Finding] = field(default_factory=list)


def key_for(demo: bool) -> bytes:
    """The demo's public key for demo data only; otherwise the municipality's (KeyProblem)."""
    return pseudonym.demo_key() if demo else pseudonym.municipal_key()


def read_all(blobs: list[tuple[str, bytes]], demo: bool = False) -> list[ijw.Read]:
    try:
        key = key_for(demo)
    except pseudonym.KeyProblem as e:
        return [ijw.Read(ijw.safe_name(name), errors=[Finding(ijw.safe_name(name), str(e))], error_count=1) for name, _ in blobs]
    return [ijw.read_message(name, data, key) for name, data in blobs]


def check(blobs: list[tuple[str, bytes]]) -> list[Checked]:
    return [Checked(r.file, r) for r in read_all(blobs)]


@dataclass
class Outcome:
    file: str
    status: str  # geladen | al geladen | afgewezen
    rows: int = 0
    errors: list[Finding] = field(default_factory=list)
    error_count: int = 0
    note: str = ""


def load(
    con: duckdb.DuckDBPyConnection, db: Path, blobs: list[tuple[str, bytes]], demo: bool = False, door: str | None = None
) -> tuple[list[Outcome], dict[str, date]]:
    """Read, check against the store, and insert the accepted messages in one transaction.
    Returns each file's outcome and, per provider with new messages, the earliest date they
    carry (a correction dated today can change a start of months ago)."""
    reads = read_all(blobs, demo)
    stored = sql.query(con, "ingest/ijw_berichten")
    by_ident = {(a, i): (d, b, t) for a, i, d, b, t, _ in stored.iter_rows()}
    next_id = max(stored["id"].to_list(), default=0) + 1
    now = datetime.now().replace(microsecond=0)
    messages: list[dict] = []
    lines: list[dict] = []
    outcomes: list[Outcome] = []
    touched: dict[str, date] = {}
    for r in reads:
        m = r.message
        if not r.ok or m is None:
            _report(db, r.file, r.errors, r.error_count, None, None, None, door)
            outcomes.append(Outcome(r.file, "afgewezen", errors=r.errors, error_count=r.error_count))
            continue
        digest = m.digest()
        earlier = by_ident.get((m.agb_code, m.identificatie))
        if earlier and earlier[0] == digest:
            outcomes.append(
                Outcome(r.file, "al geladen", note=f"hetzelfde bericht is op {earlier[2]:%d-%m-%Y %H:%M} geladen als {earlier[1]}")
            )
            continue
        if earlier:
            f = Finding(
                r.file,
                f"BerichtIdentificatie '{m.identificatie}' van deze afzender is al geladen "
                f"({earlier[1]}) met een andere inhoud; een bericht krijgt een eigen identificatie",
                message=m.label,
                element="Bericht/Header/BerichtIdentificatie/Identificatie",
            )
            _report(db, r.file, [f], 1, m.provider, m.kind, m.dagtekening.strftime("%Y-%m"), door)
            outcomes.append(Outcome(r.file, "afgewezen", errors=[f], error_count=1))
            continue
        by_ident[(m.agb_code, m.identificatie)] = (digest, r.file, now)
        messages.append(
            {
                "id": next_id,
                "bestand": r.file,
                "soort": m.kind,
                "berichtcode": m.code,
                "identificatie": m.identificatie,
                "dagtekening": m.dagtekening,
                "aanbieder": m.provider,
                "agb_code": m.agb_code,
                "gemeente": m.municipality,
                "inhoud_sha256": digest,
                "producten": len(m.products),
                "ontvangen_op": now,
                "demo": demo,
            }
        )
        for p in m.products:
            lines.append(
                {
                    "bericht_id": next_id,
                    "soort": m.kind,
                    "aanbieder": m.provider,
                    "dagtekening": m.dagtekening,
                    "client": m.client,
                    "leeftijd": m.age,
                    **p,
                }
            )
        next_id += 1
        dates = [m.dagtekening, *(p[c] for p in m.products for c in ijw.COLUMNS if c.endswith("datum") and p[c])]
        touched[m.provider] = min([*dates, touched.get(m.provider, m.dagtekening)])
        statuses = {p["status_aanlevering"] for p in m.products}
        note = " — ".join(
            t for s, t in (("2", "met correctie (StatusAanlevering 2)"), ("3", "met intrekking (StatusAanlevering 3)")) if s in statuses
        )
        outcomes.append(Outcome(r.file, "geladen", rows=len(m.products), note=note))
    if messages:
        _insert(con, messages, lines)
    return outcomes, touched


_MESSAGE_SCHEMA: dict[str, Any] = {
    "id": pl.Int32,
    "bestand": pl.String,
    "soort": pl.String,
    "berichtcode": pl.String,
    "identificatie": pl.String,
    "dagtekening": pl.Date,
    "aanbieder": pl.String,
    "agb_code": pl.String,
    "gemeente": pl.String,
    "inhoud_sha256": pl.String,
    "producten": pl.Int32,
    "ontvangen_op": pl.Datetime("us"),
    "demo": pl.Boolean,
}
_LINE_SCHEMA: dict[str, Any] = {
    "bericht_id": pl.Int32,
    "volgnr": pl.Int32,
    "soort": pl.String,
    "aanbieder": pl.String,
    "dagtekening": pl.Date,
    "client": pl.String,
    "leeftijd": pl.Int32,
    **{c: pl.Date if c.endswith("datum") else pl.String for c in ijw.COLUMNS},
}


def _insert(con: duckdb.DuckDBPyConnection, messages: list[dict], lines: list[dict]) -> None:
    con.begin()
    try:
        con.register("_ijw_berichten", pl.DataFrame(messages, schema=_MESSAGE_SCHEMA))
        con.register("_ijw_regels", pl.DataFrame(lines, schema=_LINE_SCHEMA))
        sql.run(con, "ingest/ijw_bericht_invoegen")
        sql.run(con, "ingest/ijw_regels_invoegen")
        con.commit()
    except Exception:
        con.rollback()
        raise
    finally:
        con.unregister("_ijw_berichten")
        con.unregister("_ijw_regels")


def _report(
    db: Path, file: str, errors: list[Finding], count: int, provider: str | None, kind: str | None, period: str | None, door: str | None
) -> None:
    """Only the error report is kept: the file itself holds personal data."""
    folder = quarantine_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now()
    base = folder / f"{now:%Y%m%dT%H%M%S%f}_ijw_{Path(file).name}"
    report = {
        "bestand": file,
        "sha256": None,
        "bytes": None,
        "ontvangen_op": now.replace(microsecond=0).isoformat(),
        "status": "afgewezen",
        "aanbieder": provider,
        "soort": kind,
        "periode": period,
        "aantal_fouten": count,
        "fouten": [f.as_dict() for f in errors],
        "meldingen": [f.text() for f in errors],
        "waarschuwingen": [],
        "door": door,
        "bestand_bewaard": False,
    }
    Path(str(base) + ".fouten.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
