"""Check a delivered file against the data contract and type its cells.

All checks are vectorised polars expressions over the whole file, so a million rows are
checked in about a second, and every error of a file is counted (the first MAX_LISTED are
listed) instead of stopping at the first."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import polars as pl
from polars.datatypes import DataTypeClass

from dashboard import personal, textsafety
from dashboard.contract import KINDS, PERSONAL_NAME_PARTS, Column, Kind
from dashboard.errors import DATE_SHAPE, MAX_LISTED, NO_SUCH_DATE, FileRejected, Finding
from dashboard.filenames import FileName, parse_file_name
from dashboard.reading import CHUNK_ROWS, Extract, read_chunks
from dashboard.registers import AREA_PREFIX, AREA_SEPARATORS, area_key, areas, products_of
from dashboard.workdays import FIRST_YEAR, LAST_YEAR

ROW = "__rij"
_EARLIEST, _LATEST = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
_DECIMAL = r"^-?(\d+([.,]\d*)?|[.,]\d+)$"
_TRUE = ("ja", "j", "true", "waar", "1", "yes")
_FALSE = ("nee", "n", "false", "onwaar", "0", "no")
Rule = str | Callable[[int], str]

TYPE_RULES = {
    "date": "geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)",
    "month": "geen geldige maand (verwacht JJJJ-MM)",
    "int": "geen geheel getal",
    "decimal": "geen getal (gebruik een punt of een komma als decimaalteken, geen duizendtallen)",
    "bool": "geen geldige ja/nee-waarde (verwacht ja of nee, true of false, 1 of 0)",
}
DTYPES = {
    "date": pl.Date,
    "month": pl.Date,
    "int": pl.Int64,
    "decimal": pl.Float64,
    "bool": pl.Boolean,
    "code": pl.String,
    "text": pl.String,
}


@dataclass
class Validated:
    file: str
    name: FileName | None = None
    frame: pl.DataFrame | None = None  # typed rows in contract column order; None when rejected
    errors: list[Finding] = field(default_factory=list)
    error_count: int = 0
    warnings: list[Finding] = field(default_factory=list)
    row_numbers: pl.Series | None = None  # each frame row's number as the provider sees it

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def rows(self) -> int:
        return 0 if self.frame is None else self.frame.height


def parse_expr(col: Column) -> pl.Expr:
    """Raw text -> typed value; null where the text does not parse."""
    c = pl.col(col.name)
    if col.type == "date":
        return _date(c)
    if col.type == "month":
        # `2024-06`, or a full date from a spreadsheet that turned the month into a date.
        return (
            pl.when(c.str.contains(r"^\d{4}-\d{1,2}$"))
            .then((c + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False))
            .otherwise(_date(c).dt.month_start())
        )
    if col.type == "int":
        # Spreadsheets may write a whole number as `3,0`; `1.000` is a Dutch thousand, not 1.
        return pl.coalesce(c.cast(pl.Int64, strict=False), c.str.replace(r"^(-?\d+)[.,]0$", "${1}").cast(pl.Int64, strict=False))
    if col.type == "decimal":
        return pl.when(c.str.contains(_DECIMAL)).then(c.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False))
    if col.type == "bool":
        low = c.str.to_lowercase()
        return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)
    if col.type == "code":
        if col.codes == "@gebied":
            key = c.str.to_lowercase().str.replace_all(AREA_SEPARATORS, "-").str.replace(AREA_PREFIX, "")
            return key.replace_strict({area_key(a): a for a in areas()}, default=None, return_dtype=pl.String)
        return c.str.to_uppercase() if col.codes in ("@aanbieder", "@product") else c.str.to_lowercase()
    return c


def _parsed(raw: pl.DataFrame, col: Column) -> pl.Expr:
    """`parse_expr` of a column of `raw`, computed once per distinct text where a column
    repeats its values (codes, dates, ages): parsing is per value, so the rows then only
    look their value up."""
    if col.type == "text":
        return parse_expr(col)
    distinct = raw.select(pl.col(col.name).unique().drop_nulls())
    if distinct.height > raw.height // 2:
        return parse_expr(col)
    values = distinct.select(pl.col(col.name), parse_expr(col).alias("__waarde"))
    return pl.col(col.name).replace_strict(values[col.name], values["__waarde"], default=None, return_dtype=DTYPES[col.type])


def _date(c: pl.Expr) -> pl.Expr:
    """`YYYY-MM-DD` or `DD-MM-YYYY` (also Excel's `D-M-YYYY`). A two-digit year such as
    `30-06-24` parses to year 24 or 30 in either format; years before 1000 count as
    unparseable rather than as dates."""
    d = pl.coalesce(c.str.strptime(pl.Date, "%Y-%m-%d", strict=False), c.str.strptime(pl.Date, "%d-%m-%Y", strict=False))
    return pl.when(d.dt.year() >= 1000).then(d)


FILE = "__bestand"  # a row's file within a batch: its index in the batch
REPEATED = "__herhaald"  # a row whose unique key an earlier row of its file has


@dataclass
class _Check:
    mask: pl.Expr
    column: str | None
    rule: Rule
    value_col: str | None
    unless: pl.Expr | None = None  # a chunk where this never holds has no failing rows (skipped)
    at_end: bool = False  # run on the frame of every row's key, once each chunk is checked
    listed: list[list[tuple[int, object]]] = field(default_factory=list)  # per file: (row, value)


class _Collector:
    """Checks are planned as expressions and evaluated together on each chunk of rows: one
    pass counts every check's failures per file, and only failing checks are revisited to
    note their first rows. The files of a batch share a header, so each file's findings
    are those it would get when checked alone: the same checks in the same order,
    MAX_LISTED listed per file, the first rows of each check first (`finish`)."""

    def __init__(self, files: list[str]):
        self.files = files
        self.count = [0] * len(files)
        self.findings: list[list[Finding]] = [[] for _ in files]
        self.planned: list[_Check] = []

    def add(self, finding: Callable[[str], Finding]) -> None:
        """A finding about the header, which every file of the batch has."""
        for j, file in enumerate(self.files):
            self.count[j] += 1
            if len(self.findings[j]) < MAX_LISTED:
                self.findings[j].append(finding(file))

    def rows(
        self,
        mask: pl.Expr,
        column: str | None,
        rule: Rule,
        value_col: str | None = None,
        echo: bool = True,
        unless: pl.Expr | None = None,
        at_end: bool = False,
    ) -> None:
        """Plan a check: one finding per row where `mask` holds; the shown value is the raw
        text, unless `echo` is False (the value may be personal data, or unprintable).
        `rule` is the Dutch rule, or gives it for a file (by its index in the batch).
        `unless`: a chunk where it never holds is skipped (the mask cannot hold there);
        `at_end`: checked once on the keys of all rows (`run(..., at_end=True)`)."""
        listed: list[list[tuple[int, object]]] = [[] for _ in self.files]
        vcol = (value_col or column) if echo else None
        self.planned.append(_Check(mask.fill_null(False), column, rule, vcol, unless, at_end, listed))

    def run(self, frame: pl.DataFrame, at_end: bool = False) -> None:
        """Count the failing rows of one chunk (or, `at_end`, of the keys) and note the
        first ones of each check and file."""
        checks = [c for c in self.planned if c.at_end == at_end]
        guards = [c.unless.any() for c in checks if c.unless is not None]
        if guards and frame.height:
            hold = iter(frame.select(guards).row(0))
            checks = [c for c in checks if c.unless is None or next(hold)]
        if not checks or frame.height == 0:
            return
        sums = [c.mask.sum().alias(str(i)) for i, c in enumerate(checks)]
        if len(self.files) == 1:
            counts = {0: frame.select(sums).row(0)}
        else:
            counts = {row[0]: row[1:] for row in frame.group_by(FILE).agg(sums).iter_rows()}
        for i, check in enumerate(checks):
            room: dict[int, int] = {}
            for j, n in ((j, c[i]) for j, c in counts.items() if c[i]):
                self.count[j] += n
                if len(check.listed[j]) < MAX_LISTED:
                    room[j] = MAX_LISTED - len(check.listed[j])
            if not room:
                continue
            cols = [FILE, ROW] + ([check.value_col] if check.value_col else [])
            # The first rows of each file, in file order, as many as it has room for.
            failing = frame.filter(check.mask & pl.col(FILE).is_in(list(room)))
            failing = failing.filter(pl.int_range(pl.len()).over(FILE) < max(room.values()))
            for rec in failing.select(cols).iter_rows():
                j = rec[0]
                if room[j] <= 0:
                    continue
                room[j] -= 1
                check.listed[j].append((rec[1], rec[2] if check.value_col else None))

    def finish(self) -> None:
        """The noted rows as findings, check by check, as many as each file has room for."""
        for check in self.planned:
            for j, listed in enumerate(check.listed):
                room = max(MAX_LISTED - len(self.findings[j]), 0)
                for row, value in listed[:room]:
                    rule = check.rule if isinstance(check.rule, str) else check.rule(j)
                    self.findings[j].append(Finding(self.files[j], rule, row, check.column, None if value is None else str(value)))
        self.planned.clear()


def validate(file: str, data: bytes) -> Validated:
    """Validate one delivered file. Never raises for bad input: problems become findings."""
    return validate_many([(file, data)])[0]


def validate_many(blobs: Sequence[tuple[str, bytes]], progress: Callable[[int, int, str], None] | None = None) -> list[Validated]:
    """Validate delivered files, each with exactly the outcome it gets alone. Files of one
    provider and kind with the same header are checked together in one pass: a folder of
    small monthly files costs a few passes instead of one per file. `progress` hears of
    each file as it is read."""
    results = [Validated(file) for file, _ in blobs]

    def read(i: int) -> Extract | None:
        file, data = blobs[i]
        try:
            results[i].name = name = parse_file_name(file)
            return read_chunks(file, data, name.ext, name.kind)
        except FileRejected as e:
            results[i].errors, results[i].error_count = [e.finding], 1
            return None

    batches: dict[tuple[str, str, tuple[str, ...], int], list[tuple[int, Extract]]] = {}
    # Reading is mostly polars' CSV parser, which releases the GIL: files are read side by
    # side. A large CSV is read while it is checked, in a batch of its own.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1, len(blobs) or 1)) as pool:
        for i, extract in enumerate(pool.map(read, range(len(blobs)))):
            if progress:
                progress(i, len(blobs), blobs[i][0])
            name = results[i].name
            if extract is not None and name is not None:
                key = (name.provider, name.kind, tuple(extract.columns), i if extract.streamed else -1)
                batches.setdefault(key, []).append((i, extract))
    for key in list(batches):
        members = batches.pop(key)  # a batch's rows are let go once it is checked
        _validate_batch([results[i] for i, _ in members], [extract for _, extract in members])
    return results


def _validate_batch(results: list[Validated], extracts: list[Extract]) -> None:
    """Files of one provider and kind with the same header, checked together chunk by
    chunk: only one chunk's rows are held as text, beside the typed rows for the store."""
    names = [r.name for r in results if r.name is not None]
    assert len(names) == len(results), "a batch holds only files with a valid name"
    name = names[0]
    kind = KINDS[name.kind]
    files = [r.file for r in results]
    found = _Collector(files)
    data_cols = list(extracts[0].columns)
    present = [c for c in kind.columns if c.name in data_cols]
    unique = _plan(data_cols, kind, names, results, found)

    parts: list[pl.DataFrame] = []  # typed rows in contract order, while a file may be accepted
    keys: list[pl.DataFrame] = []  # every row's unique key, for the check across chunks
    shown = [f"{unique[-1]}__raw"] if unique and kind.column(unique[-1]).echo else []
    try:
        for raw in _chunks(extracts):
            if data_cols:  # rows left entirely empty by a spreadsheet are not data
                raw = raw.filter(~pl.all_horizontal(pl.col(data_cols).is_null()))
            typed = raw.with_columns(_parsed(raw, c).alias(c.name) for c in present)
            # Raw text beside typed values, so findings quote exactly what the provider wrote.
            both = raw.select(FILE, ROW, *[pl.col(c).alias(f"{c}__raw") for c in data_cols]).hstack(typed.select([c.name for c in present]))
            del raw
            found.run(both)
            if unique:
                keys.append(both.select(FILE, ROW, *unique, *shown))
            del both
            if not all(found.count):
                parts.append(_complete(typed, kind))
            del typed
    except FileRejected as e:  # a streamed file (alone in its batch) with a row that cannot be read
        results[0].errors, results[0].error_count, results[0].warnings = [e.finding], 1, []
        return
    if unique:
        every = _concat(keys)
        keys.clear()
        found.run(every.with_columns(_repeated(every, [FILE, *unique])), at_end=True)
        del every
    found.finish()

    accepted = [j for j in range(len(results)) if not found.count[j]]
    complete = _concat(parts) if accepted else None
    parts.clear()
    _hand_out(results, found, complete)


def _plan(data_cols: list[str], kind: Kind, names: list[FileName], results: list[Validated], found: _Collector) -> list[str]:
    """Every check of the batch, in the order its findings are listed; the unique key when
    it is checked."""
    known = {c.name for c in kind.columns}
    _check_header(data_cols, kind, results, found)
    # The eleven-test is costly; only a chunk with a value that may hold a BSN needs it.
    # Date and yes/no columns cannot hold one without failing their type (and echo nothing
    # like it).
    for col in data_cols:
        if col not in known or kind.column(col).type not in ("date", "month", "bool"):
            text = pl.col(f"{col}__raw")
            found.rows(personal.bsn_inside(text), col, personal.BSN_RULE, echo=False, unless=personal.may_hold_bsn(text))
    for c in kind.columns:
        if c.name in data_cols:
            _check_column(c, names[0], found, date.today())
    unique = list(kind.unique) if kind.unique and all(k in data_cols for k in kind.unique) else []
    _check_rows({*data_cols, *({REPEATED} if unique else set())}, kind, names, found)
    return unique


def _hand_out(results: list[Validated], found: _Collector, complete: pl.DataFrame | None) -> None:
    """Each file its findings, or its typed rows (`complete`: those of the batch)."""
    split = complete.partition_by(FILE, as_dict=True, include_key=False) if complete is not None and len(results) > 1 else {}
    for j, result in enumerate(results):
        result.warnings.sort(key=lambda f: (f.row or 0, f.column or ""))
        if found.count[j]:
            result.errors = sorted(found.findings[j], key=lambda f: (f.row or 0, f.column or ""))
            result.error_count = found.count[j]
            continue
        assert complete is not None
        part = split.get((j,), complete.clear()) if len(results) > 1 else complete
        result.frame = part.drop(FILE, ROW, strict=False)
        result.row_numbers = part[ROW]
        if result.frame.height == 0:
            result.warnings.append(Finding(result.file, "het bestand bevat geen gegevensrijen (alleen een kopregel)"))


def _chunks(extracts: list[Extract]) -> Iterator[pl.DataFrame]:
    """The files' rows in chunks of about CHUNK_ROWS (small files together), each row with
    its row number as the provider sees it (the header is row 1) and its file's index."""
    waiting: list[pl.DataFrame] = []
    size = 0
    for j, extract in enumerate(extracts):
        offset = 2
        for chunk in extract.chunks:
            index = pl.int_range(pl.len(), dtype=pl.Int64) + offset
            waiting.append(chunk.with_columns(index.alias(ROW), pl.lit(j, pl.Int32).alias(FILE)))
            offset += chunk.height
            size += chunk.height
            if size >= CHUNK_ROWS:
                yield _concat(waiting)
                waiting, size = [], 0
    if waiting:
        yield _concat(waiting)


def _concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical")


def _check_header(data_cols: list[str], kind: Kind, results: list[Validated], found: _Collector) -> None:
    """Columns that hint at personal data, required columns missing, unknown columns."""
    known = {c.name for c in kind.columns}
    for col in data_cols:
        if any(part in col for part in PERSONAL_NAME_PARTS):
            found.add(
                partial(
                    Finding,
                    rule="kolomnaam wijst op persoonsgegevens (BSN, naam, adres of "
                    "geboortedatum); die worden nooit aangenomen. Verwijder de kolom.",
                    row=1,
                    column=col,
                )
            )
        elif col not in known:
            for r in results:
                r.warnings.append(Finding(r.file, "onbekende kolom; genegeerd", 1, col))
    for col in kind.required:
        if col not in data_cols:
            found.add(partial(Finding, rule=f"verplichte kolom ontbreekt in de kopregel ({kind.name})", row=1, column=col))


def _check_column(col: Column, name: FileName, found: _Collector, today: date) -> None:
    raw, val, c = pl.col(f"{col.name}__raw"), pl.col(col.name), col.name

    def rows(mask: pl.Expr, rule: str, echo: bool = col.echo) -> None:
        found.rows(mask, c, rule, f"{c}__raw", echo=echo)

    # Never echoed: the value itself is what must not be shown.
    rows(raw.str.contains(textsafety.FORBIDDEN), textsafety.RULE, echo=False)
    if col.required:
        rows(raw.is_null(), "verplicht veld is leeg")
    # A whole number too large for 64 bits is a number, just out of range (below).
    too_big = raw.str.contains(r"^\d{19,}$") if col.type == "int" else pl.lit(False)
    _check_type(col, rows, too_big)
    if col.type == "date":
        rows((val < _EARLIEST) | (val > _LATEST), f"datum is niet aannemelijk (verwacht tussen {_EARLIEST:%d-%m-%Y} en {_LATEST:%d-%m-%Y})")
    if col.type in ("date", "month"):
        rows((val > today) & (val <= _LATEST), f"datum ligt in de toekomst (na vandaag, {today:%d-%m-%Y}); lever alleen wat al gebeurd is")
    if col.minimum is not None:
        rows(val < col.minimum, f"waarde is kleiner dan {_num(col.minimum)}")
    if col.maximum is not None:
        # Also infinity (an FTE of 1 followed by 400 zeros) and numbers beyond 64 bits.
        rows((val > col.maximum) | too_big, f"waarde is groter dan {_num(col.maximum)}")
    if col.type == "code":
        _check_code(col, name, rows)
    if col.type == "text":
        if col.pattern:
            rows(val.is_not_null() & ~val.str.contains(col.pattern), f"ongeldige waarde: {col.pattern_text}")
        else:
            rows(val.str.len_chars() > col.max_length, f"tekst is langer dan {col.max_length} tekens")
            rows(raw.str.contains(personal.DATE_IN_TEXT), personal.DATE_RULE, echo=False)


def _check_type(col: Column, rows: Callable[..., None], too_big: pl.Expr) -> None:
    raw, val = pl.col(f"{col.name}__raw"), pl.col(col.name)
    if col.type == "date":
        # Written the right way but not on the calendar (31-02-2024): say so, not the format.
        shaped = raw.str.contains(DATE_SHAPE)
        rows(raw.is_not_null() & val.is_null() & shaped, NO_SUCH_DATE)
        rows(raw.is_not_null() & val.is_null() & ~shaped, TYPE_RULES[col.type])
    elif col.type in TYPE_RULES:
        rows(raw.is_not_null() & val.is_null() & ~too_big, TYPE_RULES[col.type])


def _check_code(col: Column, name: FileName, rows: Callable[..., None]) -> None:
    raw, val = pl.col(f"{col.name}__raw"), pl.col(col.name)
    allowed: tuple[str, ...]
    if col.codes == "@gebied":
        # Parsed to the register's spelling; anything else (a name, an address) is refused.
        rows(raw.is_not_null() & val.is_null(), "onbekend gebied; toegestaan: " + ", ".join(areas()), echo=False)
        return
    if col.codes == "@aanbieder":
        allowed = (name.provider,)
        rule = f"aanbieder moet gelijk zijn aan die in de bestandsnaam ({name.provider})"
    elif col.codes == "@product":
        allowed = products_of(name.provider)
        rule = f"onbekend product voor {name.provider}; toegestaan: {', '.join(allowed)}"
    else:
        allowed = col.codes if isinstance(col.codes, tuple) else ()
        rule = f"onbekende code; toegestaan: {', '.join(allowed)}"
    rows(val.is_not_null() & ~val.is_in(list(allowed)), rule)


def _check_rows(cols: set[str], kind: Kind, names: list[FileName], found: _Collector) -> None:
    pc = kind.period_column
    if pc in cols:
        periods = [n.period for n in names]

        def outside(j: int) -> str:
            p = periods[j]
            where = "de maand" if not p.is_quarter else "het kwartaal"
            return f"valt buiten de periode van het bestand ({where} {p.label}: {p.start:%d-%m-%Y} t/m {p.end:%d-%m-%Y})"

        start, end = _per_file([p.start for p in periods], pl.Date), _per_file([p.end for p in periods], pl.Date)
        found.rows((pl.col(pc) < start) | (pl.col(pc) > end), pc, outside, f"{pc}__raw")
    for cmp in kind.compares:
        if cmp.left in cols and cmp.right in cols:
            bad = pl.col(cmp.left) > pl.col(cmp.right) if cmp.op == "<=" else pl.col(cmp.left) < pl.col(cmp.right)
            is_date = kind.column(cmp.left).type == "date"
            found.rows(bad, cmp.left, f"{cmp.words(is_date)} {cmp.right}", f"{cmp.left}__raw")
    if REPEATED in cols:
        found.rows(
            pl.col(REPEATED) & pl.all_horizontal(pl.col(list(kind.unique)).is_not_null()),
            kind.unique[-1],
            f"dubbele rij: {kind.unique_text}",
            f"{kind.unique[-1]}__raw",
            echo=kind.column(kind.unique[-1]).echo,
            at_end=True,
        )


def _repeated(frame: pl.DataFrame, keys: list[str]) -> pl.Series:
    """Rows whose key an earlier row has (`~pl.struct(keys).is_first_distinct()`), found
    on a 64-bit hash of the key: a file without repeats costs one pass over small numbers
    instead of a copy of its key columns. Only rows whose hash repeats are compared on the
    key itself (all rows of a key share its hash, so their order among them is the file's)."""
    hashed = frame.select(pl.struct(keys).hash()).to_series()
    ordered = hashed.sort()  # sorted, a repeated hash is next to itself: no hash table
    twice = ordered.filter(ordered == ordered.shift(1))
    suspects = hashed.is_in(twice.unique().implode()).arg_true() if twice.len() else pl.Series([], dtype=pl.UInt32)
    repeated = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).alias(REPEATED)
    if suspects.len() == 0:
        return repeated
    same = ~frame.select(keys)[suspects].select(pl.struct(keys).is_first_distinct()).to_series()
    return repeated.scatter(suspects.filter(same), True)


def _per_file(values: list, dtype: pl.DataType | DataTypeClass) -> pl.Expr:
    """Each row's value of a per-file list (the rows' FILE indexes into it)."""
    if len(set(values)) == 1:
        return pl.lit(values[0], dtype)
    return pl.lit(pl.Series(values, dtype=dtype)).gather(pl.col(FILE))


def _complete(typed: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Contract columns in order, typed, optional ones filled with their default (and the
    batch's FILE and ROW, to split it per file)."""
    exprs = []
    for c in kind.columns:
        e = pl.col(c.name) if c.name in typed.columns else pl.lit(None)
        if c.default is not None:
            e = e.fill_null(c.default)
        exprs.append(e.cast(DTYPES[c.type]).alias(c.name))
    return typed.select(*exprs, FILE, ROW)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")
