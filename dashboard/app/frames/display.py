"""A frame as text for the screen: Dutch numbers (1.234,5) and dates (30-06-2024), so a
table never shows 1234.5 or 2024-06-30. Downloads keep real numbers and dates."""

from __future__ import annotations

import html
import re

import polars as pl

from dashboard import fmt, registers

_NUMBER_TEXT = re.compile(r"^(<\d+|x|–|[-−+±]?[\d.]+(,\d+)?( ?%(-punt)?)?)$")


def _digits(series: pl.Series) -> int:
    return 0 if series.dtype.is_integer() else 1


NAMED = ("Aanbieder", "Adressaat")  # columns of codes that people read as names


def named(frame: pl.DataFrame) -> pl.DataFrame:
    """Provider and addressee codes by the names people use (Enver, Gemeente): on the
    screen and in every download."""
    return frame.with_columns(
        pl.Series(col, [None if v is None else registers.short_name(v) for v in frame[col]], pl.String)
        for col in NAMED
        if col in frame.columns and frame.schema[col] == pl.String
    )


def dutch_frame(frame: pl.DataFrame) -> pl.DataFrame:
    out = []
    frame = named(frame)
    for col in frame.columns:
        s = frame[col]
        if s.dtype.is_numeric():
            out.append(pl.Series(col, [fmt.number(v, _digits(s)) for v in s], pl.String))
        elif s.dtype == pl.Date:
            out.append(pl.Series(col, [fmt.day(v) for v in s], pl.String))
        elif s.dtype == pl.Datetime:
            out.append(pl.Series(col, ["–" if v is None else v.strftime("%d-%m-%Y %H:%M") for v in s], pl.String))
        elif s.dtype == pl.Boolean:
            out.append(pl.Series(col, [None if v is None else ("ja" if v else "nee") for v in s], pl.String))
        else:
            out.append(s)
    return pl.DataFrame(out)


def numeric_columns(frame: pl.DataFrame) -> list[str]:
    """Columns that hold numbers, also as text ('<5', '12,0%'): aligned right."""
    cols = []
    for col in frame.columns:
        s = frame[col]
        if (
            s.dtype.is_numeric()
            or s.dtype == pl.String
            and s.drop_nulls().len()
            and all(_NUMBER_TEXT.match(v) for v in s.drop_nulls().to_list())
        ):
            cols.append(col)
    return cols


# A table up to this many rows and columns is sent as a plain HTML table: light to send
# and draw (no canvas grid, no pandas), read cell by cell by a screen reader, Dutch
# throughout. Longer tables (the Aanleveringen log of every rejected file) and wider ones
# (the register of measures, 13 columns) stay Streamlit's grid, which scrolls both ways,
# searches and sorts without drawing every row or squeezing columns into word stacks.
HTML_ROWS = 100
HTML_COLUMNS = 12


def as_html(frame: pl.DataFrame) -> bool:
    return frame.height <= HTML_ROWS and frame.width <= HTML_COLUMNS


VISIBLE_ROWS = 15  # the rest scrolls inside the table (its header stays in view)


def html_table(frame: pl.DataFrame, label: str) -> str:
    """`frame` (a frame as `dutch_frame` makes it) as a `<table class="jm-grid">`: every
    value escaped, an empty cell for a missing value, number columns right-aligned. It sits
    in a region named `label` that takes keyboard focus, so a table wider than a projector's
    screen scrolls sideways with the arrow keys (a scrolling area must be reachable without
    a mouse); past VISIBLE_ROWS it scrolls down inside that region too."""
    e = html.escape
    right = set(numeric_columns(frame))
    classes = {c: " ".join(_cell_kinds(frame, c, c in right)) for c in frame.columns}

    def cell(tag: str, col: str, text: str) -> str:
        return f'<{tag} class="{classes[col]}">{text}</{tag}>' if classes[col] else f"<{tag}>{text}</{tag}>"

    head = "".join(cell("th", c, e(c)) for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(cell("td", c, "" if v is None else e(str(v))) for c, v in zip(frame.columns, r)) + "</tr>"
        for r in frame.iter_rows()
    )
    table = f'<table class="jm-grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    tall = " jm-grid-tall" if frame.height > VISIBLE_ROWS else ""
    return f'<div class="jm-grid-wrap{tall}" tabindex="0" role="region" aria-label="{e(label)}">{table}</div>'


SHORT_CELL = 24  # characters: a date, a month, a team, a number or a verdict stays on one line
LONG_CELL = 40  # characters: past this a text is a sentence, with room to read as lines


def _cell_kinds(frame: pl.DataFrame, col: str, numeric: bool) -> list[str]:
    """A column's classes in `html_table`: right-aligned numbers; short values on one line
    (a squeezed table broke 30-06-2024 over two lines and stacked "op of onder de norm"
    one word per line, every row four lines tall); longer texts a minimum width, so they
    wrap into a few lines rather than a column of single words. Where the table is then
    wider than the screen, it scrolls sideways in its region."""
    kinds = ["jm-num"] if numeric else []
    longest = frame[col].cast(pl.String).str.len_chars().max() if frame.height else 0
    longest = int(longest) if isinstance(longest, int) else 0
    if numeric or longest <= SHORT_CELL:
        kinds.append("jm-kort")
    else:
        kinds.append("jm-lang" if longest > LONG_CELL else "jm-zin")
    return kinds
