"""The bundled demo: real contract files in data/demo, loaded along the same road as a
real delivery and flagged as demo data."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.paths import DEMO, REGISTERS

if TYPE_CHECKING:
    from datetime import datetime

    from dashboard.filenames import FileName
    from dashboard.ingest import FileResult
    from dashboard.periods import Period

# The loading modules are imported when a build starts: `serve` and the dashboard's entry
# point need only the marker functions below, and must not wait for polars and DuckDB.


def demo_files() -> list[Path]:
    """The monthly extracts first, then the corrections that replace some of them, then the
    iJw messages of the same journeys (data/demo/ijw)."""
    from dashboard.ingest import expand

    return expand([DEMO]) + expand([d for d in (DEMO / "correcties", DEMO / "ijw") if d.exists()])


REGISTER = REGISTERS / "aanbevelingen.yaml"
REGISTER_DEMO = DEMO / "aanbevelingen_demo.yaml"
NOTES_DEMO = DEMO / "toelichtingen_demo.yaml"
DEMO_USER = "demodata"
# The demo's established quarter (issue 12), with the providers' verdicts; the quarter after
# it is still voorlopig, with one provider's objection.
ESTABLISHED = "2024-Q3"
VERDICTS = (
    ("2024-Q3", "JBRR", "akkoord", None),
    ("2024-Q3", "ENVER", "akkoord", None),
    ("2024-Q3", "WIJKTEAMS", "akkoord", None),
    ("2024-Q4", "JBRR", "akkoord", None),
    (
        "2024-Q4",
        "ENVER",
        "bezwaar",
        "DEMODATA: de wachtlijst van december telt aanmeldingen die in januari zijn ingetrokken nog mee; een correctie volgt.",
    ),
)


def build(db: Path, progress: Callable[[int, int, str], None] | None = None) -> list[FileResult]:
    """(Re)build `db` from the demo files, then the register: the real recommendations
    and the demo measures with their history; then the demo's toelichtingen and briefing
    texts, the providers' verdicts, and the established quarter."""
    results = load(db, progress)
    establish(db)
    return results


def load(db: Path, progress: Callable[[int, int, str], None] | None = None) -> list[FileResult]:
    """Everything of the demo but its establishment, in one write session (one swap): the
    deliveries with their figures, the register, the toelichtingen and the verdicts."""
    from dashboard import deadlines, ingest, notes, register, vaststelling, warehouse
    from dashboard.periods import parse_period

    files = demo_files()
    blobs = [(f.name, f.read_bytes()) for f in files]
    seen: set[str] = set()

    def received(name: str, fn: FileName) -> datetime:
        # The demo's files have no real arrival: a plausible one, a few of them late. A name
        # seen before is a correction (data/demo/correcties, loaded after the originals).
        correction = name in seen
        seen.add(name)
        return deadlines.demo_received(name, fn.kind, fn.period, correction=correction)

    # One write session for all three: the schema loaded once, the figures rebuilt once, one swap.
    with warehouse.writer(db, fresh=True) as w:
        results = ingest.load(w, db, blobs, demo=True, progress=progress, received=received)
        register.import_yaml(db, REGISTER.read_bytes(), DEMO_USER, source=REGISTER.name, writer=w)
        register.import_yaml(db, REGISTER_DEMO.read_bytes(), DEMO_USER, source=REGISTER_DEMO.name, demo=True, writer=w)
        notes.import_demo(db, NOTES_DEMO.read_bytes(), DEMO_USER, writer=w)
        for period, provider, verdict, reason in VERDICTS:
            vaststelling.record_verdict(db, parse_period(period), provider, verdict, reason, DEMO_USER, demo=True, writer=w)
    return results


def establish(db: Path) -> None:
    """The demo's established quarter, from the database as loaded, like any establishment."""
    from dashboard import vaststellen

    vaststellen.establish(db, established_period(), DEMO_USER, demo=True)


def needs_demo(db: Path) -> bool:
    """A database that does not exist yet or holds no deliveries gets the demo on `serve`."""
    if not db.exists():
        return True
    from dashboard import sql, store

    with store.reader(db) as con:
        return bool(sql.query(con, "ingest/aantal_aanleveringen").item() == 0)


def marker(db: Path) -> Path:
    """Present while `serve` loads the demo's deliveries and figures, so the dashboard waits
    instead of showing an empty database."""
    return db.with_name(db.name + ".demo-wordt-geladen")


def establishing_marker(db: Path) -> Path:
    """Present while `serve` establishes the demo's quarter after its figures are in: the
    dashboard shows the figures and says, in Dutch, that the establishment follows."""
    return db.with_name(db.name + ".demo-wordt-vastgesteld")


def established_period() -> Period:
    from dashboard.periods import parse_period

    return parse_period(ESTABLISHED)


def _mark(path: Path) -> None:
    """A marker holds the process id of the `serve` that made it, so a marker left behind
    by a `serve` that was killed is known as such."""
    path.write_text(str(os.getpid()), encoding="ascii")


def _live(path: Path) -> bool:
    """The marker exists and its `serve` still runs (a marker without an id counts as live)."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except OSError:
        return False
    if not text.isdigit():
        return True
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, under another user
        return True
    return True


def mark_start(db: Path) -> None:
    """Both markers, before Streamlit starts: its first page waits for the figures."""
    db.parent.mkdir(parents=True, exist_ok=True)
    _mark(marker(db))
    _mark(establishing_marker(db))


def establishing_notice(db: Path) -> str | None:
    """While `serve` still establishes the demo's quarter: what the dashboard says of it."""
    if not _live(establishing_marker(db)):
        return None
    quarter = established_period().display()
    return (
        f"De demodata zijn geladen; {quarter} wordt nog vastgesteld (dat duurt even). "
        f"Tot dan staat {quarter} hier als voorlopig; vernieuw de pagina straks."
    )


def build_marked(db: Path, on_loaded: Callable[[], None] | None = None) -> str | None:
    """`build` for `serve`: the figures first, under `marker` (the dashboard waits), then the
    establishment under `establishing_marker`, at a lower priority so the first pages a
    visitor opens meanwhile keep the processor. Returns None, or why the establishment was
    refused (someone established the quarter, or delivered, in those seconds), in Dutch."""
    from dashboard.vaststelling import VaststellingError

    mark_start(db)
    try:
        try:
            key = version_key()
            if not _from_kept_copy(db, key):
                load(db)
                _keep_copy(db, key)  # before the dashboard is let in: nothing but the demo in it
        finally:
            marker(db).unlink(missing_ok=True)
        if on_loaded is not None:
            on_loaded()
        _lower_priority()
        try:
            establish(db)
        except VaststellingError as e:
            return str(e)
    finally:
        establishing_marker(db).unlink(missing_ok=True)
    return None


# --- a kept copy of the loaded demo ---------------------------------------------------------
# `serve` on an empty database loads the demo (its figures, before the dashboard shows them)
# once per version of the code and data and per day, and keeps a copy in the user's cache
# folder; the next empty database gets that copy (a file copy instead of a build). The
# quarter is established after it either way.


def cache_dir() -> Path:
    """`$JEUGDMONITOR_CACHE`, else `$XDG_CACHE_HOME/jeugdmonitor`, else `~/.cache/jeugdmonitor`."""
    if value := os.environ.get("JEUGDMONITOR_CACHE"):
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder known: the system's temporary folder
            import tempfile

            base = tempfile.gettempdir()
    return Path(base) / "jeugdmonitor"


def version_key() -> str:
    """Everything the loaded demo depends on: the package's code, the SQL, the registers,
    the demo files (their bytes), Python's and the libraries' versions, the suppression
    threshold and today's date (the stamps of the register, notes and verdicts)."""
    import hashlib
    import sys
    from importlib.metadata import version

    from dashboard.paths import PACKAGE, QUERIES

    digest = hashlib.sha256()
    for root in (PACKAGE, QUERIES, REGISTERS, DEMO):
        for folder, subfolders, names in os.walk(root):  # os.walk: a third of rglob's time on ~2,000 files
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for name in sorted(names):
                path = Path(folder, name)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    libraries = ",".join(f"{name} {version(name)}" for name in ("duckdb", "polars", "pyarrow"))
    threshold = os.environ.get("JEUGDMONITOR_DREMPEL", "")  # as dashboard.privacy reads it, without its imports
    digest.update(f"{sys.version}|{libraries}|{threshold}|{date.today().isoformat()}".encode())
    return digest.hexdigest()[:20]


def _kept(key: str) -> tuple[Path, Path]:
    """The kept database and its audit trail (the register imports are in it)."""
    folder = cache_dir()
    return folder / f"demo-{key}.duckdb", folder / f"demo-{key}_audit.jsonl"


def _from_kept_copy(db: Path, key: str) -> bool:
    from dashboard import audit, store

    copy, trail = _kept(key)
    if not copy.is_file():
        return False
    try:
        lines = trail.read_text(encoding="utf-8") if trail.is_file() else ""
        store.install(db, copy)
    except OSError:
        return False
    if lines:
        with audit.log_path(db).open("a", encoding="utf-8") as f:
            f.write(lines)
    return True


def _keep_copy(db: Path, key: str) -> None:
    """A copy of the just loaded demo in the cache folder, the copies of other versions
    removed; nothing when the folder cannot be written (the next start loads again)."""
    from dashboard import audit

    copy, trail = _kept(key)
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        for old in copy.parent.glob("demo-*"):
            old.unlink(missing_ok=True)
        for source, target in ((db, copy), (audit.log_path(db), trail)):
            if source.is_file():
                part = target.with_name(target.name + f".{os.getpid()}.deel")
                shutil.copyfile(source, part)
                os.replace(part, target)
    except OSError:
        copy.unlink(missing_ok=True)


def _lower_priority() -> None:
    try:
        os.nice(10)
    except (AttributeError, OSError):  # not on this platform, or not allowed: keep the priority
        pass


def wait_until_built(db: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while _live(marker(db)) and time.monotonic() < deadline:
        time.sleep(0.05)
