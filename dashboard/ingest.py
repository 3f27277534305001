"""Delivered files into the store: validate, then load each file in one transaction with
its provenance. Rejected files go to quarantine with their error report; the database is
left exactly as it was."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

import duckdb
import polars as pl
from polars.datatypes import DataTypeClass

from dashboard import audit, fastload, fmt, ijw, ijw_load, sql, store, warehouse
from dashboard.contract import KINDS
from dashboard.errors import MAX_LISTED, FileRejected, Finding, shown
from dashboard.filenames import EXTENSIONS, FileName, parse_file_name
from dashboard.paths import quarantine_dir
from dashboard.periods import parse_period
from dashboard.personal import mask_bsn
from dashboard.validation import Validated, validate_many


class Outcome(Enum):
    LOADED = "geladen"
    REPLACED = "geladen; vervangt een eerdere aanlevering"
    DUPLICATE = "al geladen (zelfde inhoud)"
    REJECTED = "afgewezen"


@dataclass
class FileResult:
    file: str
    outcome: Outcome
    rows: int = 0
    errors: list[Finding] = field(default_factory=list)
    error_count: int = 0
    warnings: list[Finding] = field(default_factory=list)
    note: str = ""  # what changed against a replaced delivery, or when it was loaded before

    def __post_init__(self) -> None:
        self.file = shown(self.file)  # a newline in a name once forged a line of the log

    def line(self) -> str:
        """One line per file for the CLI and the upload page."""
        text = f"{self.file}: {self.outcome.value}"
        if self.outcome in (Outcome.LOADED, Outcome.REPLACED):
            text += f" ({self.rows} {'rij' if self.rows == 1 else 'rijen'})"
        if self.note:
            text += f" — {self.note}"
        if self.warnings:
            text += f" — {len(self.warnings)} waarschuwing(en)"
        if self.outcome is Outcome.REJECTED:
            text += f" — {self.error_count} fout(en)"
        return text


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders give their extracts (.csv, .xlsx) and iJw messages (.xml) in
    name order. Within a folder only regular files count: a link or a device named like an
    extract is skipped."""
    out: list[Path] = []
    kept = (*EXTENSIONS, "xml")
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            out.extend(
                sorted(
                    (f for f in p.iterdir() if f.is_file() and not f.is_symlink() and f.suffix.lower().lstrip(".") in kept),
                    key=lambda f: f.name,
                )
            )
        else:
            out.append(p)
    return out


def not_regular(path: Path) -> str | None:
    """Why `path` is not read (a link, a folder link, a device or pipe), or None."""
    try:
        st = os.lstat(path)
    except OSError:
        return "bestaat niet of is niet leesbaar"
    if stat.S_ISLNK(st.st_mode):
        return (
            "is een symbolische link; alleen gewone bestanden worden ingelezen (een link kan naar "
            "iets buiten de aanlevering wijzen). Geef het bestand zelf op"
        )
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return "is geen gewoon bestand (maar bijvoorbeeld een apparaat of pipe) en wordt niet ingelezen"
    return None


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, never through a link (checked on the opened file, so a
    swap after the check does not help)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return f.read()


def check_files(files: list[Path]) -> list[Validated | ijw_load.Checked]:
    """`validate`: the same checks as ingest, writing nothing; iJw messages (XML, told by
    extension or content) by the iJw reader."""
    blobs = [(f.name, read_regular(f)) for f in files]
    xml = [i for i, (name, data) in enumerate(blobs) if ijw.looks_like_xml(name, data)]
    rest = [i for i in range(len(blobs)) if i not in set(xml)]
    out: dict[int, Validated | ijw_load.Checked] = dict(zip(xml, ijw_load.check([blobs[i] for i in xml])))
    out |= dict(zip(rest, validate_many([blobs[i] for i in rest])))
    return [out[i] for i in range(len(blobs))]


def ingest_files(
    db: Path, files: list[Path], demo: bool = False, fresh: bool = False, progress: Callable[[int, int, str], None] | None = None
) -> list[FileResult]:
    """Load files in order; each file is all-or-nothing. Readers see the new data only
    when all files are done (one atomic swap)."""
    # The list is this call's own: its files' bytes are let go once they are stored, before
    # the staging tables and marts are rebuilt (a large file is not held through that).
    return ingest_blobs(db, [(f.name, read_regular(f)) for f in files], demo=demo, fresh=fresh, progress=progress, _release=True)


def ingest_blobs(
    db: Path,
    blobs: list[tuple[str, bytes]],
    demo: bool = False,
    fresh: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    door: str | None = None,
    _release: bool = False,
) -> list[FileResult]:
    """`ingest_files` for files in memory; `door`: who delivered them (kept with a rejection).
    A disk that is full (or not writable) raises `StorageError`, with the database as it was.
    `_release`: empty `blobs` once the files are stored (for a caller whose list it is)."""
    try:
        with warehouse.writer(db, fresh=fresh) as w:
            results = load(w, db, blobs, demo=demo, progress=progress, door=door)
            if _release:
                blobs.clear()
            return results
    except OSError as e:
        raise StorageError(storage_text(e)) from None


class StorageError(RuntimeError):
    """Nothing could be stored (the message is Dutch); the database is exactly as before."""


def storage_text(e: OSError) -> str:
    why = {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte (quota) is op",
        errno.EACCES: "er zijn geen schrijfrechten",
        errno.EPERM: "er zijn geen schrijfrechten",
        errno.EROFS: "de schijf is alleen-lezen",
    }.get(e.errno or 0, f"schrijven mislukte (foutcode {e.errno})")
    return (
        f"opslaan is niet gelukt: {why}. Er is niets geladen of bewaard en de database is ongewijzigd; "
        "meld dit aan de beheerder en lever daarna opnieuw aan"
    )


def load(
    w: warehouse.Session,
    db: Path,
    blobs: list[tuple[str, bytes]],
    demo: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    door: str | None = None,
    received: Callable[[str, FileName], datetime] | None = None,
) -> list[FileResult]:
    """`ingest_blobs` inside a write session the caller holds (`db` is the live file, for
    its quarantine): the demo loads its extracts and its register in one session, with
    `received` giving each demo file a plausible arrival (a real delivery arrives now)."""
    xml = {i for i, (name, data) in enumerate(blobs) if ijw.looks_like_xml(name, data)}
    extracts = [b for i, b in enumerate(blobs) if i not in xml]
    session = _Session.load(w.con)
    # Validation needs nothing from the store: all files are checked first (files of one
    # provider and kind together), then accepted one by one in order. A large CSV that may
    # be clean is only read here; it is checked as it is stored (`dashboard.fastload`).
    fast, digests = _prepare_fast(w.con, db, extracts)
    try:
        slow = [i for i in range(len(extracts)) if i not in fast]
        checked = dict(zip(slow, validate_many([extracts[i] for i in slow], progress=_shifted(progress, slow, len(extracts)))))
        results: list[FileResult] = []
        for i, (name, data) in enumerate(extracts):
            if i in fast:
                results.append(_accept_fast(w.con, session, db, name, data, fast[i], digests[i], demo, door, received))
                if progress:
                    progress(i, len(extracts), name)
            else:
                results.append(_accept(w.con, session, db, name, data, checked[i], demo, door, received, digest=digests.get(i)))
        records = session.flush(w.con)
    finally:
        for ready in fast.values():
            ready.discard()
    for record in records:
        w.touch(record["aanbieder"], record["soort"], record["periode_start"])
    loaded = iter(results)
    messages, touched = ijw_load.load(w.con, db, [blobs[i] for i in sorted(xml)], demo=demo, door=door)
    for provider, since in touched.items():
        # Kind "ijw": the tables made from raw_ijw, from the earliest date the messages carry.
        w.touch(provider, "ijw", since)
    from_ijw = iter(_from_ijw(o) for o in messages)
    results = [next(from_ijw) if i in xml else next(loaded) for i in range(len(blobs))]
    if progress:
        progress(len(blobs), len(blobs), "")
    return results


def _prepare_fast(
    con: duckdb.DuckDBPyConnection, db: Path, extracts: list[tuple[str, bytes]]
) -> tuple[dict[int, fastload.Prepared], dict[int, str]]:
    """The files that may take the fast road, by index; their copies lie beside the
    writer's copy of the database (named so that a crashed writer's are cleared with it).
    Also every large file's digest by index, whichever road it takes."""
    fast: dict[int, fastload.Prepared] = {}
    digests: dict[int, str] = {}
    prefix = f".{db.name}.{os.getpid()}.tmp.snel-"
    # A large file's digest is computed beside its scans (hashlib lets go of the GIL, the
    # scans hold it): 84 MB took 0.03 s of hashing after 0.13 s of scanning.
    with ThreadPoolExecutor(max_workers=1) as pool:
        for i, (name, data) in enumerate(extracts):
            hashing = pool.submit(_digest, data) if len(data) >= fastload.FAST_MIN_BYTES else None
            ready = fastload.prepare(con, name, data, db.parent, prefix)
            if hashing is not None:
                digests[i] = hashing.result()
            if ready is not None:
                fast[i] = ready
    return fast, digests


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shifted(progress: Callable[[int, int, str], None] | None, slow: list[int], total: int) -> Callable[[int, int, str], None] | None:
    """`progress` for the files left to the validator: each heard of by its own index."""
    if progress is None:
        return None
    return lambda i, _n, name: progress(slow[i], total, name)


def _accept_fast(
    con: duckdb.DuckDBPyConnection,
    session: _Session,
    db: Path,
    name: str,
    data: bytes,
    ready: fastload.Prepared,
    digest: str,
    demo: bool,
    door: str | None,
    received: Callable[[str, FileName], datetime] | None,
) -> FileResult:
    """`_accept` for a file on the fast road: stored straight from the file when every row
    is clean; else validated after all, as any other file (the validator words findings)."""
    fn = parse_file_name(name)
    same = session.current_hash.get((fn.provider, fn.kind, fn.period.label))
    if same and same[0] == digest:  # stored once: said so before anything is checked, as ever
        return _accept(con, session, db, name, data, Validated(name, name=fn), demo, door, received, digest=digest)
    if ready.load(con, session.next_id):
        return _accept(con, session, db, name, data, Validated(name, name=fn), demo, door, received, stored=ready.rows, digest=digest)
    return _accept(con, session, db, name, data, validate_many([(name, data)])[0], demo, door, received, digest=digest)


def _from_ijw(o: ijw_load.Outcome) -> FileResult:
    outcome = {"geladen": Outcome.LOADED, "al geladen": Outcome.DUPLICATE}.get(o.status, Outcome.REJECTED)
    return FileResult(o.file, outcome, rows=o.rows, errors=o.errors, error_count=o.error_count, note=o.note)


@dataclass
class _Session:
    """One write session: what the store held at its start plus the deliveries accepted
    since. Accepted files are fully validated before they are kept here, and all are
    written in one transaction at the end, so each file is all-or-nothing and per-file
    database round-trips do not dominate a folder of small files."""

    current: dict[tuple[str, str, str], int]  # (provider, kind, period) -> current delivery id
    current_hash: dict[tuple[str, str, str], tuple[str, str, datetime]]  # -> (sha256, file, received)
    next_id: int
    deliveries: dict[int, dict] = field(default_factory=dict)
    frames: dict[int, tuple[str, pl.DataFrame]] = field(default_factory=dict)  # not those already stored
    replaced_in_store: dict[int, int] = field(default_factory=dict)
    # Per provider: the doorlooptijden measures of the store's current rows (read once),
    # and per month (`YYYY-MM`) those of the newest delivery of this session covering it.
    stored_measures: dict[str, pl.DataFrame] = field(default_factory=dict)
    session_measures: dict[str, dict[str, pl.DataFrame]] = field(default_factory=dict)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> _Session:
        rows = sql.query(con, "ingest/aanleveringen_alle").rows()
        current = [r for r in rows if r[6] == "geladen"]
        return cls(
            {(r[3], r[4], r[5]): r[7] for r in current},
            {(r[3], r[4], r[5]): (r[0], r[1], r[2]) for r in current},
            max((r[7] for r in rows), default=0) + 1,
        )

    def rows_of(self, con: duckdb.DuckDBPyConnection, kind: str, delivery_id: int) -> pl.DataFrame:
        if delivery_id in self.frames:
            return self.frames[delivery_id][1]
        cols = ", ".join(c.name for c in KINDS[kind].columns)
        # Table and column names come from the contract's fixed lists, never from input.
        return con.sql(f"SELECT {cols} FROM raw_{kind} WHERE aanlevering_id = $id", params={"id": delivery_id}).pl()

    def add(self, record: dict, kind: str, frame: pl.DataFrame | None) -> None:
        """A delivery and its rows; `frame` None: its rows are in the raw table already."""
        new_id, old_id = record["id"], record["vervangt"]
        if old_id in self.deliveries:
            self.deliveries[old_id].update(status="vervangen", vervangen_door=new_id)
        elif old_id is not None:
            self.replaced_in_store[old_id] = new_id
        self.deliveries[new_id] = record
        if frame is not None:
            self.frames[new_id] = (kind, frame.with_columns(aanlevering_id=pl.lit(new_id, pl.Int32)))
        key = (record["aanbieder"], kind, record["periode"])
        if kind == "doorlooptijden":
            assert frame is not None, "doorlooptijden never take the fast road (their rule needs the store)"
            mine = frame.select(
                "maatregel_id", maand=pl.col("ontvangstdatum").dt.strftime("%Y-%m"), bestand=pl.lit(record["bestand"], pl.String)
            )
            by_month = mine.partition_by("maand", as_dict=True)
            months = self.session_measures.setdefault(record["aanbieder"], {})
            for month in parse_period(record["periode"]).months:
                months[month] = by_month.get((month,), mine.clear())
        self.current[key] = new_id
        self.current_hash[key] = (record["sha256"], record["bestand"], record["ontvangen_op"])
        self.next_id += 1

    def flush(self, con: duckdb.DuckDBPyConnection) -> list[dict]:
        """Write every accepted delivery with its rows in one transaction; returns them. The
        rows of the fast road are in already: should this fail, the write session's copy
        of the database is thrown away with them (`store.writer`)."""
        if not self.deliveries:
            return []
        con.begin()
        try:
            self._write(con)
            con.commit()
        except Exception:
            con.rollback()
            raise
        return list(self.deliveries.values())

    def _write(self, con: duckdb.DuckDBPyConnection) -> None:
        con.register("_deliveries", pl.DataFrame(list(self.deliveries.values()), schema=_DELIVERY_SCHEMA))
        sql.query(con, "ingest/aanlevering_invoegen")
        con.unregister("_deliveries")
        for old_id, new_id in self.replaced_in_store.items():
            sql.query(con, "ingest/aanlevering_vervangen", new=new_id, old=old_id)
        for kind in KINDS:
            frames = [f for k, f in self.frames.values() if k == kind]
            if not frames:
                continue
            rows = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
            # In slices of one DuckDB row group: each is handed over (as Arrow) and stored
            # before the next, so a large file is never held a second time at once.
            for start in range(0, rows.height, INSERT_ROWS):
                incoming = rows.slice(start, INSERT_ROWS)  # noqa: F841 - read by DuckDB's replacement scan
                # The table name comes from the contract's fixed kinds, never from input.
                con.sql(f"INSERT INTO raw_{kind} BY NAME SELECT * FROM incoming")


INSERT_ROWS = 122_880  # DuckDB's row group


_DELIVERY_SCHEMA: dict[str, pl.DataType | DataTypeClass] = {
    "id": pl.Int32,
    "bestand": pl.String,
    "aanbieder": pl.String,
    "soort": pl.String,
    "periode": pl.String,
    "periode_start": pl.Date,
    "periode_eind": pl.Date,
    "sha256": pl.String,
    "bytes": pl.Int64,
    "ontvangen_op": pl.Datetime("us"),
    "rijen": pl.Int32,
    "status": pl.String,
    "vervangt": pl.Int32,
    "vervangen_door": pl.Int32,
    "wijzigingen": pl.String,
    "waarschuwingen": pl.String,
    "demo": pl.Boolean,
}


def _accept(
    con: duckdb.DuckDBPyConnection,
    session: _Session,
    db: Path,
    name: str,
    data: bytes,
    v: Validated,
    demo: bool,
    door: str | None = None,
    received: Callable[[str, FileName], datetime] | None = None,
    stored: int | None = None,
    digest: str | None = None,
) -> FileResult:
    """One validated file: a duplicate, a rejection (quarantined) or a delivery for the
    session; `stored`: its rows are already in the raw table (the fast road), as the
    session's next delivery, and `v` has no frame."""
    digest = digest or _digest(data)
    # The same bytes as the current delivery for this provider, kind and period: stored once.
    # (Identical bytes for another period, such as two header-only files, are other deliveries;
    # re-sending an older, replaced version makes it current again.)
    same = session.current_hash.get((v.name.provider, v.name.kind, v.name.period.label)) if v.name else None
    if same and same[0] == digest:
        return FileResult(name, Outcome.DUPLICATE, note=f"dezelfde inhoud is op {same[2]:%d-%m-%Y %H:%M} geladen als {same[1]}")
    if v.ok and stored is None:  # the fast road never takes a kind with a rule across files
        v = _check_against_store(con, session, v)
    if not v.ok:
        _quarantine(db, name, data, digest, v, door)
        return FileResult(name, Outcome.REJECTED, errors=v.errors, error_count=v.error_count, warnings=v.warnings)
    assert v.name is not None and (v.frame is not None or stored is not None)
    fn = v.name
    count = stored if stored is not None else v.rows
    old_id = session.current.get((fn.provider, fn.kind, fn.period.label))
    note = ""
    if old_id:
        # A replacement is compared row by row: the fast road's rows are read back for it.
        new = v.frame if v.frame is not None else session.rows_of(con, fn.kind, session.next_id)
        note = _describe_change(fn.kind, old_id, session.rows_of(con, fn.kind, old_id), new)
    session.add(
        {
            "id": session.next_id,
            "bestand": name,
            "aanbieder": fn.provider,
            "soort": fn.kind,
            "periode": fn.period.label,
            "periode_start": fn.period.start,
            "periode_eind": fn.period.end,
            "sha256": digest,
            "bytes": len(data),
            "ontvangen_op": received(name, fn) if received else datetime.now().replace(microsecond=0),
            "rijen": count,
            "status": "geladen",
            "vervangt": old_id,
            "vervangen_door": None,
            "wijzigingen": note or None,
            "waarschuwingen": json.dumps([f.as_dict() for f in v.warnings], ensure_ascii=False),
            "demo": demo,
        },
        fn.kind,
        v.frame,
    )
    return FileResult(name, Outcome.REPLACED if old_id else Outcome.LOADED, rows=count, warnings=v.warnings, note=note)


def _check_against_store(con: duckdb.DuckDBPyConnection, session: _Session, v: Validated) -> Validated:
    """Rules that need earlier deliveries: a maatregel_id is unique per provider, so it may
    not appear in a current row of a month this delivery does not replace (stored, or
    accepted earlier in this session)."""
    assert v.name is not None and v.frame is not None and v.row_numbers is not None
    if v.name.kind != "doorlooptijden" or v.frame.height == 0:
        return v
    months = set(v.name.period.months)
    others = _current_measures(con, session, v.name.provider).filter(~pl.col("maand").is_in(months))
    ids = v.frame.select("maatregel_id").with_columns(rij=v.row_numbers)
    clash = ids.join(others, on="maatregel_id", how="inner").sort("rij")
    if clash.height:
        v.errors = [
            Finding(
                v.file, f"maatregel_id is uniek per aanbieder, maar staat al in {r['bestand']}", r["rij"], "maatregel_id", r["maatregel_id"]
            )
            for r in clash.head(MAX_LISTED).iter_rows(named=True)
        ]
        v.error_count = clash.height
        v.frame = None
    return v


def _current_measures(con: duckdb.DuckDBPyConnection, session: _Session, provider: str) -> pl.DataFrame:
    """maatregel_id, maand (`YYYY-MM`) and file of every current doorlooptijden row of the
    provider: the stored ones, overlaid month by month by this session's deliveries."""
    if provider not in session.stored_measures:
        schema = {"maatregel_id": pl.String, "maand": pl.String, "bestand": pl.String}
        stored = (
            sql.query(con, "ingest/huidige_maatregelen", aanbieder=provider)
            if store.has_table(con, "huidige_aanlevering")
            else pl.DataFrame(schema=schema)
        )
        session.stored_measures[provider] = stored.select(schema.keys()).cast(schema)  # type: ignore[arg-type]
    stored = session.stored_measures[provider]
    months = session.session_measures.get(provider, {})
    if not months:
        return stored
    return pl.concat([stored.filter(~pl.col("maand").is_in(list(months))), *months.values()])


def _describe_change(kind: str, old_id: int, old: pl.DataFrame, new: pl.DataFrame) -> str:
    """`vervangt aanlevering 12: 230 -> 225 rijen (0 nieuw, 5 vervallen, 3 gewijzigd)`."""
    k = KINDS[kind]
    cols = [c.name for c in k.columns]
    old = old.select(cols)
    keys = list(k.unique)
    added = new.join(old, on=keys, how="anti", nulls_equal=True).height
    gone = old.join(new, on=keys, how="anti", nulls_equal=True).height
    both = new.join(old, on=keys, how="inner", nulls_equal=True, suffix="__oud")
    others = [c for c in cols if c not in keys]
    changed = both.filter(pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}__oud")) for c in others)).height if others else 0
    return f"vervangt aanlevering {old_id}: {old.height} → {new.height} rijen ({added} nieuw, {gone} vervallen, {changed} gewijzigd)"


def _quarantine(db: Path, name: str, data: bytes, digest: str, v: Validated, door: str | None = None) -> None:
    """Keep what the provider sent, and why it was refused. Nothing is silently dropped.
    Private to the service user (the files may hold what must not be seen), and whole: the
    copy and its report are both there, or neither (a full disk leaves nothing behind)."""
    folder = quarantine_dir(db)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # also a folder made before it was private
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = folder / f"{stamp}_{digest[:8]}_{safe_file_name(name)}"
    report = {
        "bestand": shown(name),
        "sha256": digest,
        "bytes": len(data),
        "ontvangen_op": datetime.now().replace(microsecond=0).isoformat(),
        "status": "afgewezen",
        "aanbieder": v.name.provider if v.name else None,
        "soort": v.name.kind if v.name else None,
        "periode": v.name.period.label if v.name else None,
        "aantal_fouten": v.error_count,
        "fouten": [f.as_dict() for f in v.errors],
        "meldingen": [f.text() for f in v.errors],
        "waarschuwingen": [f.as_dict() for f in v.warnings],
        "door": door,
    }
    text = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    copy, rep = base, Path(str(base) + ".fouten.json")
    try:
        _write_private(copy, data)
        _write_private(rep, text)  # last: the report is what makes the copy visible
    except OSError:
        copy.unlink(missing_ok=True)
        rep.unlink(missing_ok=True)
        raise


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by the service user only, atomically (via a .tmp beside it)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def safe_file_name(name: str) -> str:
    """A delivered file's name as it may be stored: its last part only, no characters a
    file system or a terminal takes specially, no BSN, at most 120 characters (the stamp and
    the report's suffix come on top, within the file system's 255)."""
    shown = mask_bsn(Path(name.replace("\x00", "")).name)
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", shown).strip("._") or "bestand"
    if len(clean) > 120:
        stem, dot, ext = clean.rpartition(".")
        clean = (stem[:110] + "." + ext[:8]) if dot and len(ext) <= 8 else clean[:120]
    return clean


def rejected(db: Path, providers: Sequence[str] | None = None, unattributed: bool = True, door: str | None = None) -> list[dict]:
    """The quarantine's reports, newest first. With `providers`: only files of those
    providers, plus files whose provider could not be read when `unattributed` (or, for
    `door`, those this person uploaded)."""
    folder = quarantine_dir(db)
    if not folder.exists():
        return []
    reports = [r for p in folder.glob("*.fouten.json") if (r := _read_report(p)) is not None]
    if providers is not None:
        reports = [
            r
            for r in reports
            if r.get("aanbieder") in providers
            or (not r.get("aanbieder") and (unattributed or (door is not None and r.get("door") == door)))
        ]
    return sorted(reports, key=lambda r: r["ontvangen_op"], reverse=True)


def _read_report(path: Path) -> dict | None:
    """One rejection report, shown safely: reports written before names and values were
    made printable and BSNs hidden get the same treatment; a truncated one (a disk that was
    full before reports were written whole) is skipped, its copy kept."""
    try:
        r = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    r["bestand"] = shown(str(r.get("bestand", path.name)))
    r["meldingen"] = [shown(str(m)) for m in r.get("meldingen", [])]
    r["kopie"] = str(path)[: -len(".fouten.json")]
    return r


# --- uploads in the dashboard -------------------------------------------------------------

MAX_UPLOAD_MB = 100


def upload_refusal(name: str, size: int, providers: Sequence[str] | None) -> str | None:
    """Why an upload is refused before it is read (too large, another provider's file), or
    None. Such a file is not kept: it was never a delivery."""
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return (
            f"het bestand is {fmt.number(size / 1024 / 1024, 1)} MB; de grens voor uploaden is {MAX_UPLOAD_MB} MB. "
            "Lever het extract in delen aan (bijvoorbeeld per maand) of laat de beheerder het inlezen "
            "met jeugdmonitor ingest."
        )
    if providers is not None:
        try:
            provider = parse_file_name(name).provider
        except FileRejected:
            if any(Path(name).name.startswith(f"{p}_") for p in providers):
                return None  # its own file with a faulty name: the ingest reports that, in quarantine
            own = providers[0] if providers else "AANBIEDER"
            return (
                f"de bestandsnaam moet beginnen met uw aanbiedercode en de afspraak volgen: "
                f"{own}_soort_periode.csv of .xlsx, bijvoorbeeld {own}_wachtlijst_2024-06.csv"
            )
        if provider not in providers:
            return f"u mag alleen extracten van {', '.join(providers)} aanleveren; dit bestand is volgens de naam van {provider}"
    return None


def upload(
    db: Path,
    blobs: list[tuple[str, bytes]],
    door: str,
    providers: Sequence[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[FileResult]:
    """Files uploaded in the dashboard by `door`: the upload rules first (`upload_refusal`;
    `providers` None = any provider), then the same ingest as the CLI. Every file's
    outcome goes to the audit trail."""
    refused = {
        i: FileResult(name, Outcome.REJECTED, errors=[Finding(name, why)], error_count=1)
        for i, (name, data) in enumerate(blobs)
        if (why := upload_refusal(name, len(data), providers))
    }
    accepted = [b for i, b in enumerate(blobs) if i not in refused]
    try:
        loaded = iter(ingest_blobs(db, accepted, progress=progress, door=door) if accepted else [])
    except StorageError as e:
        loaded = iter([FileResult(name, Outcome.REJECTED, errors=[Finding(name, str(e))], error_count=1) for name, _ in accepted])
    results = [refused[i] if i in refused else next(loaded) for i in range(len(blobs))]
    for r in results:
        audit.record(db, door, "upload", r.line())
    return results
