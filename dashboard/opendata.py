"""Downloads as open-data files: what a table shows, as numbers a spreadsheet can sum.

A column the screen shows as Dutch number texts ('1.234', '12,3%', '<5', 'x', '–') is
written as numbers; only the cells that are not shown keep their mark ('<5' = 1 to 4 young
people, 'x' = hidden to protect another cell, '–' = not computable or too few young people
underneath), and a flag column `<kolom> afgeschermd` says ja/nee for each row. Decimal
figures are rounded as shown (one decimal). Every file says what it is: subject, period,
peildatum, the deliveries it rests on, the legend and whether it is demo data — in an
Excel sheet `toelichting`, and in `#` lines above the CSV header. Plain data: no streamlit."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from dashboard import privacy

_NUMBER = re.compile(r"^[-−+±]?\d{1,3}(\.\d{3})*(,\d+)?( ?%)?$|^[-−+±]?\d+(,\d+)?( ?%)?$")
DASH = "–"
_FORMULA_START = re.compile(r"^[=+@\t\r]")


@dataclass(frozen=True)
class About:
    """What a downloaded file is about."""

    onderwerp: str
    periode: str = ""
    peildatum: str = ""
    aanbieders: str = ""
    bronnen: tuple[str, ...] = ()
    demo: bool = False
    gemaakt: date = field(default_factory=date.today)

    def lines(self) -> list[tuple[str, str]]:
        privacy.threshold()
        out = [
            ("Onderwerp", self.onderwerp),
            ("Periode", self.periode),
            ("Peildatum", self.peildatum),
            ("Aanbieders", self.aanbieders),
            ("Bron", "; ".join(self.bronnen) if self.bronnen else "aanleveringen van de aanbieders"),
            (
                "Legenda",
                privacy.marks_legend(quoted=False) + "; kolom '… afgeschermd' = ja waar een cel niet getoond mag worden",
            ),
            ("Demodata", "ja — fictieve cijfers" if self.demo else "nee"),
            ("Gemaakt op", self.gemaakt.strftime("%d-%m-%Y")),
        ]
        return [(k, v) for k, v in out if v]


def _marks() -> set[str]:
    return {privacy.small(), privacy.SECONDARY, DASH, "niet geleverd", "n.v.t."}


def _number(text: str) -> float | int:
    plain = text.replace("−", "-").replace("±", "").replace("%", "").strip().replace(".", "").replace(",", ".")
    value = float(plain)
    return int(value) if "," not in text and value.is_integer() else value


def number_columns(frame: pl.DataFrame) -> list[str]:
    """Text columns that hold numbers as shown (with at least one number among them)."""
    marks, out = _marks(), []
    for col, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        values = [v for v in frame[col].to_list() if v is not None]
        if values and any(_NUMBER.match(v) for v in values) and all(_NUMBER.match(v) or v in marks for v in values):
            out.append(col)
    return out


def cells(frame: pl.DataFrame) -> tuple[list[str], list[list[object]]]:
    """The header and rows as they go into a file: numbers as numbers (decimals rounded to
    one), marks only in the cells that are not shown, a flag column after each such column."""
    converted = set(number_columns(frame))
    header: list[str] = []
    for col in frame.columns:
        header.append(col)
        if col in converted:
            header.append(f"{col} afgeschermd")
    rows: list[list[object]] = []
    hidden = {privacy.small(), privacy.SECONDARY}
    for row in frame.iter_rows(named=True):
        out: list[object] = []
        for col in frame.columns:
            v = row[col]
            if col in converted:
                out.append(None if v is None else (_number(v) if _NUMBER.match(v) else v))
                out.append("ja" if v in hidden else "nee")
            elif isinstance(v, float):
                out.append(round(v, 1))
            else:
                out.append(v)
        rows.append(out)
    return header, rows


def _csv_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, float):
        text = f"{v:.2f}".rstrip("0")  # as shown: one decimal, two where the screen shows two
        return (text + "0" if text.endswith(".") else text).replace(".", ",")
    if isinstance(v, datetime):
        return v.strftime("%d-%m-%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    text = str(v)
    # Text that Excel would run as a formula gets a leading apostrophe (CSV injection).
    if _FORMULA_START.match(text) or (text.startswith("-") and not re.match(r"^-[\d.,]+$", text)):
        text = "'" + text
    if any(c in text for c in ';"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(frame: pl.DataFrame, about: About | None = None) -> bytes:
    """';'-separated, decimal comma, dates dd-mm-jjjj, with BOM (as Dutch Excel opens it);
    the `About` lines first, each starting with '#'."""
    header, rows = cells(frame)
    lines = [f"# {k}: {v}" for k, v in (about.lines() if about else [])]
    lines.append(";".join(_csv_text(h) for h in header))
    lines += [";".join(_csv_text(v) for v in r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def excel_bytes(frame: pl.DataFrame, about: About | None = None, sheet: str = "gegevens") -> bytes:
    """Numbers in numeric cells (one decimal shown), marks as text in their own cells, and a
    sheet `toelichting` with what the file is about."""
    import xlsxwriter

    header, rows = cells(frame)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    moment = book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    decimal = book.add_format({"num_format": "0.0"})
    ws = book.add_worksheet(sheet[:31])
    for j, h in enumerate(header):
        ws.write_string(0, j, h, bold)
    widths = [len(h) for h in header]
    for i, r in enumerate(rows, start=1):
        for j, v in enumerate(r):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_string(i, j, "ja" if v else "nee")
            elif isinstance(v, (int, float)):
                ws.write_number(i, j, v, decimal if isinstance(v, float) else None)
            elif isinstance(v, datetime):
                ws.write_datetime(i, j, v, moment)
            elif isinstance(v, date):
                ws.write_datetime(i, j, datetime(v.year, v.month, v.day), day)
            else:
                ws.write_string(i, j, str(v))
            widths[j] = max(widths[j], min(len(str(v)), 60))
    for j, w in enumerate(widths):
        ws.set_column(j, j, w + 2)
    if about is not None:
        info = book.add_worksheet("toelichting")
        for i, (k, v) in enumerate(about.lines()):
            info.write_string(i, 0, k, bold)
            info.write_string(i, 1, v)
        info.set_column(0, 0, 14)
        info.set_column(1, 1, 100)
    book.close()
    return buffer.getvalue()


def slug(title: str) -> str:
    """`Wachtenden per gebied` -> `wachtenden_per_gebied` (for a file name)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "gegevens"


def file_stem(subject: str, period: str | None, providers: tuple[str, ...] | list[str]) -> str:
    """`wachtenden_per_product_2024-06_JBRR-ENVER`: two months or provider choices never
    overwrite each other in a downloads folder."""
    parts = [subject]
    if period and period not in subject:
        parts.append(period)
    if providers:
        parts.append("-".join(providers))
    return "_".join(parts)
