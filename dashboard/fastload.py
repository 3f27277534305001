"""The fast road for a large CSV extract that is certainly clean: DuckDB reads the file
itself, the contract's checks run in SQL, and the typed rows go from the file straight
into the raw table in the load's transaction, never through polars.

It only ever says "certainly clean". When its test flags anything, or the file has a
feature it does not handle, it says nothing and the file takes the ordinary road
(`dashboard.validation`), which gives every finding with its exact Dutch message. So its
test is deliberately narrower than the contract: whatever it accepts, the validator
accepts with the same typed rows (tests/test_fastload.py checks that on generated files).

A file takes the fast road when all of these hold (`check`):

- its name is valid, it is a CSV of a kind whose every column the SQL test covers
  (`supported`: codes, yes/no, dates, whole numbers, and text with an ASCII pattern such
  as `client_id`; not `personeel`, `caseload` or `doorlooptijden`), and it is at least
  FAST_MIN_BYTES;
- its bytes are ASCII (so there is no encoding question, no BOM, no Unicode whitespace or
  case rule), without NUL or carriage return; a quote only around a whole cell (`""`,
  `"Noord"`);
- its header is exactly contract column names (lower case, no spaces), each once, every
  required one present, no unknown column (which would be a warning);
- DuckDB reads it with the separator `sniff_separator` picks, every row with
  exactly the header's number of cells, as many rows as the file has lines (so no empty
  line, no line break inside quotes), and every line exactly the header's separators
  (DuckDB's reader drops empty cells at a row's end, so it cannot tell `a,b,` from `a,b`);
- every cell, trimmed of spaces (empty = missing), is in the canonical spelling of its
  type: a code or yes/no value exactly as the contract or register writes it (`intake`,
  `AMBULANT`, `ja`), a date `JJJJ-MM-DD` or `DD-MM-JJJJ` on the calendar, a whole number of
  at most 7 digits, a `client_id` matching its pattern and nothing a BSN could hide in;
- and every rule holds: required cells filled, ranges, dates plausible and not in the
  future, inside the file's period, the row comparisons, the unique key without repeats.

Everything else (other spellings such as `Intake` or `3,0`, CRLF line ends, quoted cells,
a BOM, Windows-1252, an unknown column, any error) takes the ordinary road."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from dashboard import personal, textsafety
from dashboard.contract import CLIENT_ID_PATTERN, KINDS, PERSONAL_NAME_PARTS, Column, Kind
from dashboard.errors import FileRejected
from dashboard.filenames import FileName, parse_file_name
from dashboard.reading import sniff_separator
from dashboard.registers import areas, products_of
from dashboard.validation import _EARLIEST, _FALSE, _LATEST, _TRUE, parse_expr

# Below this the ordinary road is as fast or faster: the fast road has a fixed cost of about
# 0.1 s (measured on a busy machine: 2,000 rows 0.44 s against 0.31 s; 12,000 rows, 0.9 MB,
# about even; 30,000 rows 0.55 s against 0.80 s), and a file that fails it is read twice.
FAST_MIN_BYTES = 1 << 20

# DuckDB's memory while it stores a file (a fixed setting, not input). Without a limit its
# buffers grow well past what its own read_csv into a table takes (1,000,000 rows: peak
# ~500-530 MB against ~330 MB); at 128 MB it stores more slowly (~0.6 s), at 192-256 MB
# as fast as without, the peak ~460 MB (measured on a busy 2-core machine).
LOAD_MEMORY = "192MB"

_SQL_TYPES = {"date": "DATE", "int": "BIGINT", "bool": "BOOLEAN", "code": "VARCHAR", "text": "VARCHAR"}
# Text whose pattern allows only ASCII letters, digits, `_` and `-`: such a value holds no
# whitespace, control or bidirectional character, and DuckDB's regex reads it as polars' does.
_SAFE_PATTERNS = (CLIENT_ID_PATTERN,)
# Up to 7 digits: far below 2**63, and never a BSN (that takes 8 or 9 digits in a row), so
# a whole number needs no BSN test.
_INT_SHAPE = "[0-9]{1,7}"
_ISO_DATE, _DUTCH_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}", "[0-9]{2}-[0-9]{2}-[0-9]{4}"
# The kinds with a rule that needs the store (a measure unique per provider across files).
_NEEDS_STORE = ("doorlooptijden",)
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
# DuckDB's reader told exactly what to do, so it guesses nothing: the header's names and
# order, the separator, no quotes or comments, `\n` rows, and every row exactly as wide.
_READER = (
    "read_csv($path, columns = $columns, delim = $sep, header = true, auto_detect = false, quote = '', escape = '', "
    "comment = '', skip = 0, new_line = '\\n', strict_mode = true, null_padding = false, ignore_errors = false)"
)


def supported(kind: Kind) -> bool:
    """Whether the SQL test covers every column and rule of `kind`."""
    if kind.name in _NEEDS_STORE:
        return False
    # Repeats are found on the stored values, which carry defaults; the validator's on
    # values without them. The same only where no key column has a default.
    if any(kind.column(k).default is not None for k in kind.unique):
        return False
    return all(c.type in ("code", "date", "bool", "int") or (c.type == "text" and c.pattern in _SAFE_PATTERNS) for c in kind.columns)


@dataclass
class Prepared:
    """A file that may take the fast road (plain enough, as set out above), in a private
    copy for DuckDB to read."""

    kind: Kind
    rows: int
    path: Path
    columns: list[str]  # the header, in file order
    sep: str
    params: dict[str, object]
    quoted: bool = True  # a quote somewhere in the file (else no cell needs unquoting)
    fd: int | None = None  # the copy in memory (`_copy_in_memory`), read at /proc/self/fd/<fd>

    def _params(self, statement: str, **more: object) -> dict[str, object]:
        """The values `statement` binds (DuckDB refuses values it does not use)."""
        every = {"path": str(self.path), "columns": dict.fromkeys(self.columns, "VARCHAR"), "sep": self.sep, **self.params, **more}
        used = set(_PARAM.findall(statement))
        return {k: v for k, v in every.items() if k in used}

    def load(self, con: duckdb.DuckDBPyConnection, delivery_id: int) -> bool:
        """Store the typed rows as delivery `delivery_id` when every row is certainly clean;
        else store nothing and say so (False). One pass over the file: each row goes in
        with its verdict (a failing row under the id's negative), and the stored rows are
        then counted and their keys compared.

        Not inside a transaction of the caller's: a statement that fails there (DuckDB
        cannot read the file after all) aborts the whole transaction, here only itself.
        The store's private copy keeps the load all-or-nothing: when anything after this
        fails, the copy is thrown away."""
        kind = self.kind
        table = f"raw_{kind.name}"  # the contract's fixed kinds, never the file's text
        ids = {"id": delivery_id, "bad": -delivery_id}
        statement = _insert_sql(kind, self.columns, self.quoted)
        try:
            # Stored row groups are written out as they fill and the count of keys may
            # spill, so a limit bounds memory without slowing the load (LOAD_MEMORY).
            con.sql(f"SET memory_limit = '{LOAD_MEMORY}'")
            # A copy in memory is named by its descriptor's number, which a later copy may
            # get again: DuckDB must read the file itself, never a cached earlier one.
            con.sql("SET enable_external_file_cache = false")
            # The rows of a delivery have no order that anything reads (the staging tables
            # and marts group and join them; a correction is compared by key): unordered,
            # DuckDB stores them from both cores at once (1,000,000 rows: 1.00 -> 0.78 s,
            # as fast as its own read_csv into a table).
            con.sql("SET preserve_insertion_order = false")
            con.sql(statement, params=self._params(statement, **ids))
            counted = con.sql(_verify_sql(kind, self.columns), params=ids).fetchall()[0]
        except duckdb.Error:
            # Unreadable as DuckDB reads it (the ordinary road says why), or, should the
            # limit not do, out of memory: nothing of it is stored (its own transaction).
            con.sql(f"DELETE FROM {table} WHERE aanlevering_id IN ($id, $bad)", params=ids)
            return False
        finally:
            con.sql("RESET memory_limit")  # the project sets no limit of its own elsewhere
            con.sql("RESET enable_external_file_cache")
            con.sql("RESET preserve_insertion_order")
        if counted[0] == self.rows and counted[1] == 0 and counted[2] == counted[3]:
            return True
        con.sql(f"DELETE FROM {table} WHERE aanlevering_id IN ($id, $bad)", params=ids)
        return False

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        else:
            self.path.unlink(missing_ok=True)


def prepare(
    con: duckdb.DuckDBPyConnection, file: str, data: bytes, scratch: Path, prefix: str, today: date | None = None
) -> Prepared | None:
    """The file ready for the fast road (`Prepared.load`), or None: then it takes the
    ordinary road. The copy DuckDB reads is in memory (`_copy_in_memory`), or else written
    in `scratch`, named `prefix...`, readable by this user only. Never raises for bad input."""
    try:
        name = parse_file_name(file)
    except FileRejected:
        return None
    kind = KINDS.get(name.kind)
    if name.ext != "csv" or kind is None or not supported(kind) or len(data) < FAST_MIN_BYTES:
        return None
    header = _plain_header(data, kind)
    if header is None:
        return None
    sep, columns = header
    params = _params(kind, columns, name, today or date.today())
    if params is None:
        return None
    # One line per row (no empty lines, no carriage returns), less the header. A quoted
    # line break would make DuckDB's count (it reads without quoting) differ from polars':
    # such a cell holds a quote and fails its test.
    expected = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1
    if expected < 1:
        return None  # no rows: the validator warns about that
    # DuckDB's reader drops empty cells at the end of a row (`1,2,3,,` reads as 3 cells)
    # where the contract counts them, and fails on any other row of the wrong width: so
    # every line must hold exactly the header's separators.
    if data.count(sep.encode()) != (expected + 1) * (len(columns) - 1):
        return None
    quoted = b'"' in data  # at memory speed, like the checks above
    in_memory = _copy_in_memory(data)
    if in_memory is not None:
        return Prepared(kind, expected, Path(f"/proc/self/fd/{in_memory}"), columns, sep, params, quoted, fd=in_memory)
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".csv", dir=scratch)
    ready = Prepared(kind, expected, Path(tmp), columns, sep, params, quoted)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError:
        ready.discard()
        return None
    return ready


def _copy_in_memory(data: bytes) -> int | None:
    """The bytes as an anonymous file in memory (Linux `memfd_create`), which DuckDB opens as
    /proc/self/fd/<fd>; None where there is no such thing (then a file in `scratch`).
    Why: writing 84 MB to a new file on disk took 0.3 s of a 1,000,000-row ingest, and to
    memory 0.02 s. The copy is private to this process, is gone when it is closed or the
    process dies (nothing left on disk by a killed ingest), and takes as much memory as the
    page cache held for the file on disk, except that it cannot be evicted meanwhile."""
    if not hasattr(os, "memfd_create") or not Path("/proc/self/fd").is_dir():
        return None
    try:
        fd = os.memfd_create("jeugdmonitor-aanlevering", os.MFD_CLOEXEC)
    except OSError:
        return None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:  # no memory for it: the file on disk
        os.close(fd)
        return None
    return fd


def _plain_header(data: bytes, kind: Kind) -> tuple[str, list[str]] | None:
    """The separator and the header's names, when the bytes and header are as plain as the
    fast road needs; else None."""
    # `isascii` and `in` scan at memory speed; a file failing them would fail a cell's test.
    # (An empty line needs no look: DuckDB then reads fewer rows than lines, or fails.)
    if not data.isascii() or b"\x00" in data or b"\r" in data:
        return None
    end = data.find(b"\n")
    if end < 0:
        return None
    sep = sniff_separator(data[: end + 1])  # the header decides; not a copy of the whole file
    columns = data[:end].decode("ascii").split(sep)
    known = {c.name for c in kind.columns}
    if len(set(columns)) != len(columns) or not set(columns) <= known or not set(kind.required) <= set(columns):
        return None
    if any(part in col for col in columns for part in PERSONAL_NAME_PARTS):
        return None
    return sep, columns


def _finite(col: Column, name: FileName) -> tuple[list[str], list[object]] | None:
    """For a code or yes/no column: the spellings the fast road accepts and each one's
    typed value, both as the validator's own parser gives them."""
    if col.type == "bool":
        candidates = [*_TRUE, *_FALSE]
        allowed: tuple[str, ...] | None = None
    elif col.codes == "@aanbieder":
        candidates, allowed = [name.provider], (name.provider,)
    elif col.codes == "@product":
        candidates = list(products_of(name.provider))
        allowed = tuple(candidates)
    elif col.codes == "@gebied":
        candidates, allowed = list(areas()), None  # the parser maps to the register's spelling
    else:
        candidates = list(col.codes) if isinstance(col.codes, tuple) else []
        allowed = tuple(candidates)
    typed = pl.DataFrame({col.name: candidates}, schema={col.name: pl.String}).select(parse_expr(col).alias(col.name)).to_series().to_list()
    raws: list[str] = []
    values: list[object] = []
    for raw, value in zip(candidates, typed):
        # Only a spelling that parses to a value the validator allows, and that it would not
        # refuse as personal data or unprintable (none of the contract's codes is; checked anyway).
        if value is None or (allowed is not None and value not in allowed) or not raw.isascii() or raw != raw.strip():
            continue
        if re.search(personal.MAY_HOLD, raw) or textsafety.has_forbidden(raw):
            continue
        raws.append(raw)
        values.append(value)
    return (raws, values) if raws else None


def _params(kind: Kind, columns: list[str], name: FileName, today: date) -> dict[str, object] | None:
    """The values the SQL test binds: code lists, ranges, the file's period. None when a
    column has no spelling the fast road accepts."""
    params: dict[str, object] = {
        "earliest": _EARLIEST,
        "latest": min(today, _LATEST),
        "period_start": name.period.start,
        "period_end": name.period.end,
        "bsn": personal.MAY_HOLD,
    }
    for i, col in enumerate(kind.columns):
        if col.type in ("code", "bool"):
            finite = _finite(col, name)
            if finite is None:
                return None
            params[f"r{i}"], params[f"t{i}"] = finite
        if col.type == "int":
            params[f"min{i}"] = col.minimum if col.minimum is not None else -(10**7)
            params[f"max{i}"] = col.maximum if col.maximum is not None else 10**7
        if col.type == "text":
            params[f"pat{i}"] = col.pattern
        if col.default is not None:
            params[f"d{i}"] = col.default
    return params


def _q(identifier: str) -> str:
    """A contract column name as an SQL identifier (the names are fixed lower-case words)."""
    assert re.fullmatch(r"[a-z][a-z0-9_]*", identifier), identifier
    return f'"{identifier}"'


def _raw(name: str) -> str:
    return _q(f"{name}__tekst")


_PARSERS: dict[str, Callable[[int, str], str]] = {
    "code": lambda i, v: f"list_extract($t{i}, list_position($r{i}, {v}))",
    "bool": lambda i, v: f"list_extract($t{i}, list_position($r{i}, {v}))",
    "date": lambda i, v: (
        f"CASE WHEN regexp_full_match({v}, '{_ISO_DATE}') THEN CAST(try_strptime({v}, '%Y-%m-%d') AS DATE) "
        f"WHEN regexp_full_match({v}, '{_DUTCH_DATE}') THEN CAST(try_strptime({v}, '%d-%m-%Y') AS DATE) END"
    ),
    "int": lambda i, v: f"CASE WHEN regexp_full_match({v}, '{_INT_SHAPE}') THEN CAST({v} AS BIGINT) END",
    "text": lambda i, v: v,
}


def _unquoted(cell: str) -> str:
    """A cell as the CSV standard reads it, where that is certain: DuckDB reads the file
    without quoting, so a cell is exactly the bytes between two separators. A cell quoted
    whole (`"Noord"`, `""`) is its inside; a cell with any other quote (`"a""b"`,
    ` "Noord"`, `"Noord" `) stays as it is, quotes and all, and so fails every test below,
    since no value the fast road accepts holds a quote. (DuckDB's own quoting reads
    ` "Noord"` as `Noord` where polars keeps the space and quotes: hence not that.)"""
    inside = f"substr({cell}, 2, length({cell}) - 2)"
    return f"CASE WHEN strpos({cell}, '\"') = 0 THEN {cell} WHEN regexp_full_match({cell}, '\"[^\"]*\"') THEN {inside} ELSE {cell} END"


def _trimmed(cell: str) -> str:
    """`trim(cell)`, which takes DuckDB as long per column as reading it (1,000,000 cells:
    0.05 s), only where there is a space to trim. The same value: on ASCII (all the fast
    road reads) `trim` removes spaces and nothing else."""
    return f"CASE WHEN strpos({cell}, ' ') = 0 THEN {cell} ELSE trim({cell}) END"


def _typed_sql(kind: Kind, columns: list[str], quoted: bool = True) -> str:
    """Every contract column typed (absent ones missing), beside the trimmed text of each
    present one (`__tekst`) and its parsed value before any default (`__waarde`: what the
    checks judge, as the validator's do); defaults filled as the validator fills them.
    `quoted`: the file holds a quote somewhere; without one, no cell needs `_unquoted`."""
    cells = ", ".join(f"nullif({_trimmed(_unquoted(_q(c)) if quoted else _q(c))}, '') AS {_raw(c)}" for c in columns)
    parsed, typed = [], []
    for i, col in enumerate(kind.columns):
        value = _PARSERS[col.type](i, _raw(col.name)) if col.name in columns else f"CAST(NULL AS {_SQL_TYPES[col.type]})"
        parsed.append(f"{value} AS {_parsed(col.name)}")
        final = _parsed(col.name)
        if col.default is not None:
            final = f"coalesce({final}, CAST($d{i} AS {_SQL_TYPES[col.type]}))"
        typed.append(f"{final} AS {_q(col.name)}")
    inner = f"SELECT *, {', '.join(parsed)} FROM (SELECT {cells} FROM {_READER})"
    return f"SELECT *, {', '.join(typed)} FROM ({inner})"


def _parsed(name: str) -> str:
    return _q(f"{name}__waarde")


def _accepts(i: int, col: Column) -> str:
    """SQL true where a filled cell of `col` is certainly clean, judged on its value before
    any default (a refused `Spoed` must not pass as the default `regulier`)."""
    t = _parsed(col.name)
    if col.type in ("code", "bool"):
        return f"{t} IS NOT NULL"
    if col.type == "date":
        return f"{t} BETWEEN $earliest AND $latest"
    if col.type == "int":
        return f"{t} BETWEEN $min{i} AND $max{i}"
    return f"regexp_matches({t}, $pat{i}) AND NOT regexp_matches({t}, $bsn)"


def _ok_sql(kind: Kind, columns: list[str]) -> str:
    """SQL true where a row is certainly clean: every cell (`__tekst` its trimmed text,
    `__waarde` its value) and every rule of the row; never null."""
    ok = []
    for i, col in enumerate(kind.columns):
        if col.name not in columns:
            continue
        v = _raw(col.name)
        if col.required:
            ok.append(f"{v} IS NOT NULL")
        ok.append(f"({v} IS NULL OR ({_accepts(i, col)}))")
    pc = _parsed(kind.period_column)
    ok.append(f"({pc} IS NULL OR {pc} BETWEEN $period_start AND $period_end)")
    for cmp in kind.compares:
        if cmp.left in columns and cmp.right in columns:
            left, right = _parsed(cmp.left), _parsed(cmp.right)
            ok.append(f"({left} IS NULL OR {right} IS NULL OR {left} {cmp.op} {right})")
    return f"coalesce({' AND '.join(ok)}, false)"


def _insert_sql(kind: Kind, columns: list[str], quoted: bool = True) -> str:
    names = ", ".join(_q(c.name) for c in kind.columns)
    verdict = f"CAST(CASE WHEN {_ok_sql(kind, columns)} THEN $id ELSE $bad END AS INTEGER)"
    typed = _typed_sql(kind, columns, quoted)
    return f"INSERT INTO raw_{kind.name} BY NAME SELECT {verdict} AS aanlevering_id, {names} FROM ({typed})"


def _verify_sql(kind: Kind, columns: list[str]) -> str:
    """Rows stored, rows failing, distinct unique keys, rows with a whole unique key."""
    distinct, keyed = "0", "false"
    if kind.unique and all(k in columns for k in kind.unique):
        keys = ", ".join(_q(k) for k in kind.unique)
        keyed = " AND ".join(f"{_q(k)} IS NOT NULL" for k in kind.unique)
        # On a hash of the key: two keys sharing one count as a repeat, which only ever
        # sends a clean file down the ordinary road (cheaper than comparing the keys).
        distinct = f"count(DISTINCT hash({keys})) FILTER (WHERE {keyed})"
    return (
        f"SELECT count(*), count(*) FILTER (WHERE aanlevering_id = $bad), {distinct}, count(*) FILTER (WHERE {keyed}) "
        f"FROM raw_{kind.name} WHERE aanlevering_id IN ($id, $bad)"
    )
