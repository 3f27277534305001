"""Check a delivered file against the data contract and type its cells.

All checks are vectorised polars expressions over the whole file, so a million rows are
checked in about a second, and every error of a file is counted (the first MAX_LISTED are
listed) instead of stopping at the first."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
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
from dashboard.reading import read_extract
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


def _date(c: pl.Expr) -> pl.Expr:
    """`YYYY-MM-DD` or `DD-MM-YYYY` (also Excel's `D-M-YYYY`). A two-digit year such as
    `30-06-24` parses to year 24 or 30 in either format; years before 1000 count as
    unparseable rather than as dates."""
    d = pl.coalesce(c.str.strptime(pl.Date, "%Y-%m-%d", strict=False), c.str.strptime(pl.Date, "%d-%m-%Y", strict=False))
    return pl.when(d.dt.year() >= 1000).then(d)


FILE = "__bestand"  # a row's file within a batch: its index in the batch


class _Collector:
    """Checks are planned as expressions and evaluated together: one pass counts every
    check's failures per file, and only failing checks are revisited to list their rows.
    The files of a batch share a header, so each file's findings are those it would get
    when checked alone: the same checks in the same order, MAX_LISTED listed per file."""

    def __init__(self, files: list[str]):
        self.files = files
        self.count = [0] * len(files)
        self.findings: list[list[Finding]] = [[] for _ in files]
        self.planned: list[tuple[pl.Expr, str | None, Rule, str | None]] = []

    def add(self, finding: Callable[[str], Finding]) -> None:
        """A finding about the header, which every file of the batch has."""
        for j, file in enumerate(self.files):
            self.count[j] += 1
            if len(self.findings[j]) < MAX_LISTED:
                self.findings[j].append(finding(file))

    def rows(self, mask: pl.Expr, column: str | None, rule: Rule, value_col: str | None = None, echo: bool = True) -> None:
        """Plan a check: one finding per row where `mask` holds; the shown value is the raw
        text, unless `echo` is False (the value may be personal data, or unprintable).
        `rule` is the Dutch rule, or gives it for a file (by its index in the batch)."""
        self.planned.append((mask.fill_null(False), column, rule, (value_col or column) if echo else None))

    def run(self, frame: pl.DataFrame) -> None:
        if not self.planned:
            return
        sums = [m.sum().alias(str(i)) for i, (m, *_) in enumerate(self.planned)]
        if len(self.files) == 1:
            counts = {0: frame.select(sums).row(0)}
        else:
            counts = {row[0]: row[1:] for row in frame.group_by(FILE).agg(sums).iter_rows()}
        for i, (mask, column, rule, vcol) in enumerate(self.planned):
            room: dict[int, int] = {}
            for j, n in ((j, c[i]) for j, c in counts.items() if c[i]):
                self.count[j] += n
                if len(self.findings[j]) < MAX_LISTED:
                    room[j] = MAX_LISTED - len(self.findings[j])
            if not room:
                continue
            cols = [FILE, ROW] + ([vcol] if vcol else [])
            # The first rows of each file, in file order, as many as it has room for.
            failing = frame.filter(mask & pl.col(FILE).is_in(list(room)))
            failing = failing.filter(pl.int_range(pl.len()).over(FILE) < max(room.values()))
            for rec in failing.select(cols).iter_rows():
                j = rec[0]
                if room[j] <= 0:
                    continue
                room[j] -= 1
                value = rec[2] if vcol else None
                self.findings[j].append(
                    Finding(
                        self.files[j], rule if isinstance(rule, str) else rule(j), rec[1], column, None if value is None else str(value)
                    )
                )
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

    def read(i: int) -> pl.DataFrame | None:
        file, data = blobs[i]
        try:
            results[i].name = name = parse_file_name(file)
            return read_extract(file, data, name.ext, name.kind)
        except FileRejected as e:
            results[i].errors, results[i].error_count = [e.finding], 1
            return None

    batches: dict[tuple[str, str, tuple[str, ...]], list[tuple[int, pl.DataFrame]]] = {}
    # Reading is mostly polars' CSV parser, which releases the GIL: files are read side by side.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1, len(blobs) or 1)) as pool:
        for i, raw in enumerate(pool.map(read, range(len(blobs)))):
            if progress:
                progress(i, len(blobs), blobs[i][0])
            name = results[i].name
            if raw is not None and name is not None:
                batches.setdefault((name.provider, name.kind, tuple(raw.columns)), []).append((i, raw))
    for members in batches.values():
        _validate_batch([results[i] for i, _ in members], [raw for _, raw in members])
    return results


def _validate_batch(results: list[Validated], raws: list[pl.DataFrame]) -> None:
    """Files of one provider and kind with the same header, checked together."""
    names = [r.name for r in results if r.name is not None]
    assert len(names) == len(results), "a batch holds only files with a valid name"
    name = names[0]
    kind = KINDS[name.kind]
    files = [r.file for r in results]
    found = _Collector(files)
    raw = _numbered(raws)
    # Rows left entirely empty by a spreadsheet are not data.
    data_cols = [c for c in raw.columns if c not in (ROW, FILE)]
    if data_cols:
        raw = raw.filter(~pl.all_horizontal(pl.col(data_cols).is_null()))

    known = {c.name for c in kind.columns}
    _check_header(data_cols, kind, results, found)

    # The eleven-test is costly to plan; only columns that may hold a BSN need it. Date and
    # yes/no columns cannot hold one without failing their type (and echo nothing like it).
    scan = [c for c in data_cols if c not in known or kind.column(c).type not in ("date", "month", "bool")]
    candidates = raw.select(personal.may_hold_bsn(pl.col(c)).any() for c in scan).row(0) if scan else ()
    for col, maybe in zip(scan, candidates):
        if maybe:
            found.rows(personal.bsn_inside(pl.col(f"{col}__raw")), col, personal.BSN_RULE, echo=False)

    present = [c for c in kind.columns if c.name in raw.columns]
    typed = raw.with_columns(parse_expr(c).alias(c.name) for c in present)
    # Raw text beside typed values, so findings quote exactly what the provider wrote.
    both = raw.select(FILE, ROW, *[pl.col(c).alias(f"{c}__raw") for c in data_cols]).hstack(typed.select([c.name for c in present]))
    for c in present:
        _check_column(c, name, found, date.today())
    _check_rows(set(both.columns), kind, names, found)
    found.run(both)

    accepted = [j for j in range(len(results)) if not found.count[j]]
    complete = _complete(typed, kind) if accepted else typed.clear()
    parts = complete.partition_by(FILE, as_dict=True, include_key=False) if len(raws) > 1 and accepted else {(0,): complete}
    for j, result in enumerate(results):
        result.warnings.sort(key=lambda f: (f.row or 0, f.column or ""))
        if found.count[j]:
            result.errors = sorted(found.findings[j], key=lambda f: (f.row or 0, f.column or ""))
            result.error_count = found.count[j]
            continue
        part = parts.get((j,), complete.clear())
        result.frame = part.drop(FILE, ROW, strict=False)
        result.row_numbers = part[ROW]
        if result.frame.height == 0:
            result.warnings.append(Finding(result.file, "het bestand bevat geen gegevensrijen (alleen een kopregel)"))


def _numbered(raws: list[pl.DataFrame]) -> pl.DataFrame:
    """The files' rows as one frame, each with its row number as the provider sees it (the
    header is row 1) and its file's index."""
    raw = (pl.concat(raws, how="vertical") if len(raws) > 1 else raws[0]).with_row_index(ROW, offset=2)
    if len(raws) == 1:
        return raw.with_columns(pl.col(ROW).cast(pl.Int64), pl.lit(0, pl.Int32).alias(FILE))
    heights = pl.Series([r.height for r in raws], dtype=pl.Int64)
    index = pl.select(pl.int_range(len(raws), dtype=pl.Int32).repeat_by(heights).explode()).to_series()
    return raw.with_columns(index.alias(FILE)).with_columns((pl.int_range(pl.len(), dtype=pl.Int64).over(FILE) + 2).alias(ROW))


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
    if kind.unique and all(k in cols for k in kind.unique):
        key = pl.struct([FILE, *kind.unique])  # duplicates within a file, not across files
        found.rows(
            ~key.is_first_distinct() & pl.all_horizontal(pl.col(list(kind.unique)).is_not_null()),
            kind.unique[-1],
            f"dubbele rij: {kind.unique_text}",
            f"{kind.unique[-1]}__raw",
            echo=kind.column(kind.unique[-1]).echo,
        )


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
