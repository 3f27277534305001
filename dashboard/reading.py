"""Bytes of a delivered file -> a frame of text cells with normalised headers.

Every cell stays text here; types are the validator's job, so that a bad value can be
reported with the exact text the provider wrote."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

from dashboard import fmt, textsafety
from dashboard.errors import FileRejected, Finding


# A panic in the Rust readers reaches Python as pyo3's PanicException, a BaseException: a
# file that makes the reader panic is unreadable, not a reason for a traceback.
def rust_panics() -> tuple[type[BaseException], ...]:
    """Each Rust extension has its own PanicException class; asked when one is raised."""
    return tuple(t for t in BaseException.__subclasses__() if t.__name__ == "PanicException")


BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_csv(data: bytes) -> tuple[bytes, str]:
    """UTF-8 (with or without BOM) or Windows-1252, returned as UTF-8 bytes. UTF-16 (what
    Excel's "Unicode text" writes) is refused: read as either, it would be garbage."""
    if data.startswith(UTF16_BOMS) or data[:64].count(0) >= 16:
        raise UnicodeError("UTF-16")
    if data.startswith(BOM):
        return data[len(BOM) :], "UTF-8 met BOM"
    if _is_utf8(data):
        return data, "UTF-8"
    # cp1252 leaves five bytes undefined; a file using them is neither encoding.
    return data.decode("cp1252").encode("utf-8"), "Windows-1252"


def _is_utf8(data: bytes) -> bool:
    """Checked in slices, so a large file is never held twice as Python text (an 84 MB
    file as one str is +237 MB at peak); a slice ending inside a character carries on."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 22
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def sniff_separator(data: bytes) -> str:
    header = data.split(b"\n", 1)[0]
    return ";" if header.count(b";") > header.count(b",") else ","


# A CSV larger than this is read in chunks of CHUNK_ROWS rows, each checked and let go
# before the next is read, so a file of a million rows is never held whole as text.
STREAM_BYTES = 4 * 1024 * 1024
CHUNK_ROWS = 100_000


@dataclass
class Extract:
    """A file's header (normalised names) and its rows as trimmed text, chunk by chunk.
    `streamed`: read while it is checked, so a broken row may still be found (FileRejected)."""

    columns: list[str]
    chunks: Iterator[pl.DataFrame]
    streamed: bool = False


def read_csv(name: str, data: bytes) -> pl.DataFrame:
    """The whole file as one frame of text cells, as polars names the header."""
    columns, chunks, _ = _csv_chunks(name, data)
    return _concat(list(chunks), columns)


def _csv_chunks(name: str, data: bytes) -> tuple[list[str], Iterator[pl.DataFrame], bool]:
    try:
        utf8, _ = decode_csv(data)
    except UnicodeDecodeError:
        raise FileRejected(Finding(name, "tekencodering onbekend: lever UTF-8 of Windows-1252")) from None
    except UnicodeError:
        raise FileRejected(
            Finding(
                name,
                "het bestand is opgeslagen als UTF-16 (Unicode-tekst); die "
                "tekencodering wordt niet aangenomen. Sla het op als CSV UTF-8 "
                "(of lever .xlsx)",
            )
        ) from None
    if not utf8.strip():
        raise FileRejected(Finding(name, "het bestand is leeg: er is zelfs geen kopregel"))
    sep = sniff_separator(utf8)
    # polars renames a repeated header silently; the provider must hear about it. The
    # header is read from the first record only, not from the whole text.
    try:
        header = next(csv.reader(io.StringIO(_first_record(utf8)), delimiter=sep), [])
    except csv.Error:  # a lone carriage return inside the header, or a name past 128 KB
        raise FileRejected(Finding(name, HEADER_UNREADABLE, row=1)) from None
    _check_header(name, header)
    try:
        if len(utf8) <= STREAM_BYTES:
            frame = pl.read_csv(utf8, separator=sep, infer_schema=False, raise_if_empty=False)
            return frame.columns, iter([frame]), False
        scan = pl.scan_csv(utf8, separator=sep, infer_schema=False, raise_if_empty=False)
        columns = scan.collect_schema().names()
    except _unreadable():
        raise FileRejected(_locate_csv_problem(name, utf8.decode("utf-8"), sep, len(header))) from None
    return columns, _streamed(name, utf8, sep, len(header), scan, columns), True


HEADER_UNREADABLE = (
    "kopregel: niet te lezen als een regel met kolomnamen (een los regeleinde-teken midden in de regel, "
    "of een kolomnaam van duizenden tekens); sla het bestand opnieuw op als CSV UTF-8"
)


def _unreadable() -> tuple[type[BaseException], ...]:
    return (pl.exceptions.ComputeError, pl.exceptions.NoDataError, *rust_panics())


def _streamed(name: str, utf8: bytes, sep: str, width: int, scan: pl.LazyFrame, columns: list[str]) -> Iterator[pl.DataFrame]:
    """The rows in chunks as the parser reaches them (at least one chunk, maybe empty); a
    row the parser cannot read is reported as `read_csv` would report it."""
    seen = False
    try:
        for chunk in scan.collect_batches(chunk_size=CHUNK_ROWS):
            seen = True
            yield chunk
    except _unreadable():
        raise FileRejected(_locate_csv_problem(name, utf8.decode("utf-8"), sep, width)) from None
    if not seen:
        yield pl.DataFrame(schema=dict.fromkeys(columns, pl.String))


def _concat(frames: list[pl.DataFrame], columns: list[str]) -> pl.DataFrame:
    if not frames:
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical")


def _first_record(utf8: bytes) -> str:
    """The header line; longer when a quoted header cell holds a line break."""
    end = -1
    while True:
        end = utf8.find(b"\n", end + 1)
        if end < 0:
            return utf8.decode("utf-8")
        head = utf8[:end]
        if head.count(b'"') % 2 == 0:
            return head.decode("utf-8")


# The widest kind has 12 columns; a provider's system may add its own (each a warning).
# Far more is a wrong separator or a hostile file, and checking every unknown column cost
# about 2 ms each (10,000 columns in an 89 kB file: 20 s of a server's processor).
MAX_COLUMNS = 200


def _check_header(name: str, header: list) -> None:
    if len(header) > MAX_COLUMNS:
        raise FileRejected(
            Finding(
                name,
                f"de kopregel heeft {fmt.number(len(header), 0)} kolommen, meer dan de {MAX_COLUMNS} die een "
                "aanlevering kan hebben; lever alleen de kolommen van het contract",
                row=1,
            )
        )
    seen: set[str] = set()
    for col in header:
        clean = str(col or "").replace("\ufeff", "").strip().lower()
        if textsafety.has_forbidden(clean):
            raise FileRejected(Finding(name, f"kopregel: kolomnaam {textsafety.RULE}", row=1))
        if clean and clean in seen:
            raise FileRejected(Finding(name, "kolom staat twee keer in de kopregel", row=1, column=clean))
        seen.add(clean)


def _locate_csv_problem(name: str, text: str, sep: str, width: int) -> Finding:
    """polars says what is wrong but not where: find the first row whose number of cells
    differs from the header's, so the provider can find it."""
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
            if row and len(row) != width:
                return Finding(
                    name,
                    f"het bestand is geen leesbare CSV: deze rij heeft {len(row)} cellen, "
                    f"de kopregel {width}; controleer scheidingstekens en aanhalingstekens",
                    row=number,
                )
    except csv.Error:
        pass
    return Finding(name, "het bestand is geen leesbare CSV (controleer scheidingstekens en aanhalingstekens)")


# A workbook is a zip of XML: a few MB can unpack to gigabytes (a "zip bomb"), and the
# reader holds every cell in memory. Checked before reading, on what the zip really holds.
MAX_INFLATED_MB = 400
MAX_RATIO = 100  # real workbooks unpack to 5-20 times their size
MAX_CELLS = 12_000_000  # Excel's 1,048,576 rows times the widest kind's 12 columns, roughly


def check_workbook_size(name: str, data: bytes) -> None:
    """Refuse a workbook that unpacks too large or holds too many cells, counting while
    unpacking in chunks (the sizes a zip declares may lie), so the check itself stays small."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # noqa: BLE001 - not a zip, or a damaged directory (several error types)
        return  # the reader says it is no workbook
    limit = min(MAX_INFLATED_MB * 1024 * 1024, max(len(data), 1024 * 1024) * MAX_RATIO)
    total = cells = 0
    for member in members:
        sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        far_row = far_col = 0  # per sheet
        try:
            with archive.open(member) as f:
                tail = b""
                while chunk := f.read(1024 * 1024):
                    total += len(chunk)
                    if total > limit:
                        raise FileRejected(
                            Finding(
                                name,
                                (
                                    f"het Excel-bestand is uitgepakt groter dan {fmt.number(limit / 2**20, 0)} MB (het is "
                                    f"{fmt.number(len(data) / 2**20, 1)} MB ingepakt); zo'n bestand wordt niet gelezen. "
                                    "Lever het in delen aan of als CSV"
                                ),
                            )
                        )
                    if sheet:
                        both = tail + chunk  # a tag split over two chunks is seen whole
                        cells += both.count(b"<c ") + both.count(b"<c>") - tail.count(b"<c ") - tail.count(b"<c>")
                        # The reader sizes a sheet by its farthest cell, not by how many there
                        # are: one cell at XFD1048576 in a 5 kB file asks for 512 GB.
                        for m in _REF.finditer(both):
                            letters, row = m.group(1) or m.group(4), int(m.group(2) or m.group(3) or m.group(5))
                            far_row = max(far_row, row)
                            far_col = max(far_col, _column_number(letters) if letters else 1)
                        tail = chunk[-64:]
                        if cells > MAX_CELLS:
                            raise FileRejected(
                                Finding(
                                    name,
                                    (
                                        f"het Excel-bestand bevat meer dan {fmt.number(MAX_CELLS, 0)} cellen; zo'n bestand "
                                        "wordt niet gelezen. Lever het in delen aan of als CSV"
                                    ),
                                )
                            )
                        if far_row * far_col > MAX_CELLS:
                            raise FileRejected(
                                Finding(
                                    name,
                                    (
                                        f"een werkblad loopt tot rij {fmt.number(far_row, 0)} en kolom {fmt.number(far_col, 0)}"
                                        f": meer dan {fmt.number(MAX_CELLS, 0)} cellen, ook als de meeste leeg zijn; zo'n "
                                        "bestand wordt niet gelezen. Verwijder wat buiten de tabel staat (ook opmaak) "
                                        "of lever CSV"
                                    ),
                                )
                            )
        except FileRejected:
            raise
        except Exception:  # noqa: BLE001 - damaged (zlib, LZMA, a bad header: each its own error) or encrypted
            return  # the reader then says it is no readable workbook


# A cell's reference (`<c r="XFD1048576"`), a row's number (`<row r="9">`) or a sheet's
# declared extent (`<dimension ref="A1:J99"/>`).
_REF = re.compile(
    rb'<c\b[^>]{0,200}?\br="([A-Z]{1,3})([0-9]{1,7})"|<row\b[^>]{0,200}?\br="([0-9]{1,7})"'
    rb'|<dimension ref="[A-Z]{0,3}[0-9]{0,7}:?([A-Z]{1,3})([0-9]{1,7})"'
)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def read_xlsx(name: str, data: bytes, kind: str) -> pl.DataFrame:
    """The sheet named after the kind when there is one, else the first sheet."""
    import fastexcel

    check_workbook_size(name, data)
    unreadable: tuple[type[BaseException], ...] = (Exception, *rust_panics())  # fastexcel raises its own exception types for corrupt files
    try:
        reader = fastexcel.read_excel(data)
        sheets = reader.sheet_names
        sheet = next((s for s in sheets if s.strip().lower() == kind), sheets[0])
        first_row = reader.load_sheet(sheet, header_row=None, n_rows=1, dtypes="string").to_polars()
        frame = reader.load_sheet(sheet, header_row=0, dtypes="string").to_polars()
    except unreadable:
        raise FileRejected(
            Finding(name, "het bestand is geen leesbaar Excel-bestand (.xlsx); sla het opnieuw op als Excel-werkmap of lever CSV")
        ) from None
    _check_header(name, list(first_row.row(0)) if first_row.height else [])
    # Excel shows date cells as dates; as text they carry a midnight time we do not need.
    return frame.with_columns(pl.col(pl.String).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "${1}"))


def read_extract(name: str, data: bytes, ext: str, kind: str) -> pl.DataFrame:
    """The whole file: normalised header, trimmed text cells."""
    extract = read_chunks(name, data, ext, kind)
    return _concat(list(extract.chunks), extract.columns)


def read_chunks(name: str, data: bytes, ext: str, kind: str) -> Extract:
    """The file with a normalised header and trimmed text cells, in chunks (a large CSV is
    read while its chunks are taken, a large workbook trimmed then; the rest is read and
    trimmed here, whole)."""
    if ext == "csv":
        columns, chunks, streamed = _csv_chunks(name, data)
        small = not streamed
    else:
        frame = read_xlsx(name, data, kind)
        # A workbook is read whole; it is checked (and trimmed) in slices all the same.
        columns, streamed, small = frame.columns, False, frame.height <= CHUNK_ROWS
        chunks = iter([frame]) if small else frame.iter_slices(CHUNK_ROWS)
    renamed: list[str] = []
    for col in columns:
        clean = col.replace("\ufeff", "").strip().lower()
        if clean in renamed:
            raise FileRejected(Finding(name, f"kolom '{clean}' staat twee keer in de kopregel", row=1, column=clean))
        renamed.append(clean)
    cleaned = (_trimmed(_renamed(chunk, renamed)) for chunk in chunks)
    # A small file is trimmed here, whole (in the reading thread); a large one chunk by chunk.
    return Extract(renamed, iter(list(cleaned)) if small else cleaned, streamed)


def _renamed(frame: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    frame.columns = names  # in place: no pass over the data
    return frame


def _trimmed(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell trimmed; an empty cell is a missing value. Column by column, and a column
    none of whose cells changes is kept as it is: a large file is then never held twice."""
    for col, dtype in frame.schema.items():
        text = pl.col(col) if dtype == pl.String else pl.col(col).cast(pl.String)
        trimmed = text.str.strip_chars()
        changes = (trimmed.str.len_bytes() != text.str.len_bytes()) | (text == "")
        if dtype != pl.String or frame.select(changes.any()).item():
            frame = frame.with_columns(trimmed.replace("", None))
    return frame
