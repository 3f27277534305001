"""A frame as text for the screen: Dutch numbers (1.234,5) and dates (30-06-2024), so a
table never shows 1234.5 or 2024-06-30. Downloads keep real numbers and dates."""

from __future__ import annotations

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
