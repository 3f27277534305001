"""What personal data looks like inside a delivered value, so it is refused wherever it is
written, and never echoed back in a message (data/aanleverspecificatie.md, "Persoonsgegevens
worden nooit aangenomen").

A BSN is recognised as people write it: 9 digits (a whole value may be 8, when a
spreadsheet dropped the leading zero), or grouped `1234.56.782` / `123.456.782` with dots, spaces or dashes, on its
own or inside other text, never as part of a longer number, and passing the eleven-test;
or any number after the word `BSN`/`burgerservicenummer` (`BSN123456782`). A date inside
free text (a team name) may be a birth date and is refused too."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
# Shared by Python's `re` and polars' Rust regex (no look-around).
# Inside other text 9 digits, not starting `00` (zero-padded counters in pseudonyms such as
# `EN-000012345` are no BSN); a whole value may also be 8 digits (`eleven_test`).
WRITTEN = r"(?:^|[^0-9])(\d{4}[ .-]\d{2}[ .-]\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3}|[1-9]\d{8}|0[1-9]\d{7})(?:[^0-9]|$)"
LABELLED = r"(?i)(bsn|burgerservicenummer)[^a-z0-9]*\d"
DATE_IN_TEXT = (
    r"(?:^|[^0-9])(\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})|(19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})(?:[^0-9]|$)"
    r"|(?i:\bgeb(oren|oortedatum|\.))"
)
BSN_RULE = (
    "waarde lijkt een BSN (negen cijfers die de elfproef doorstaan, ook met punten, spaties of streepjes, "
    "of na 'BSN'); persoonsgegevens worden nooit aangenomen. Gebruik een pseudoniem."
)
DATE_RULE = "tekst bevat een datum (mogelijk een geboortedatum); persoonsgegevens worden nooit aangenomen. Laat de datum weg."

_WRITTEN, _LABELLED = re.compile(WRITTEN), re.compile(LABELLED)


def eleven_test(c: pl.Expr) -> pl.Expr:
    """True where a value is 8 or 9 digits passing the eleven-test (spreadsheets drop a
    BSN's leading zero, so 8 digits count too)."""
    import polars as pl

    digits = c.str.strip_chars().str.zfill(9)
    total = sum(digits.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(_WEIGHTS))
    return (c.str.strip_chars().str.contains(r"^\d{8,9}$") & (total % 11 == 0) & (total != 0)).fill_null(False)


def bsn_inside(c: pl.Expr) -> pl.Expr:
    """True where a text holds a BSN in any of the notations above."""
    import polars as pl

    runs = c.str.extract_all(WRITTEN).list.eval(eleven_test(pl.element().str.replace_all(r"[^0-9]", "")))
    return (eleven_test(c) | runs.list.any() | c.str.contains(LABELLED)).fill_null(False)


def may_hold_bsn(c: pl.Expr) -> pl.Expr:
    """The cheap first look: a column where this never holds needs no eleven-test. One
    pattern, so a column is read once: `WRITTEN`, `LABELLED` or a whole value of 8 or 9
    digits (each a group of its own, so LABELLED's flag stays inside it)."""
    return c.str.contains(MAY_HOLD)


# Also DuckDB's regex (RE2) reads it alike on ASCII text: the fast load (dashboard.fastload)
# refuses a file whose pseudonyms it matches.
MAY_HOLD = f"(?:{WRITTEN})|(?i:{LABELLED.removeprefix('(?i)')})|(?:^\\s*\\d{{8,9}}\\s*$)"


def _passes(run: str) -> bool:
    digits = re.sub(r"[^0-9]", "", run).zfill(9)
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS))
    return len(digits) == 9 and total % 11 == 0 and total != 0


def has_bsn(text: str) -> bool:
    """`bsn_inside` for one Python string (a value about to be shown in a message)."""
    return (
        bool(_LABELLED.search(text))
        or bool(re.fullmatch(r"\s*\d{8,9}\s*", text) and _passes(text))
        or any(_passes(run) for m in re.finditer(_RUN, text) for run in _WRITTEN.findall(m.group()))
    )


def mask_bsn(text: str) -> str:
    """`text` with every BSN in it replaced, for a file name or rule that must be shown."""
    if not has_bsn(text):
        return text
    text = re.sub(r"(?i)(bsn|burgerservicenummer)[^a-z0-9]*[0-9 .-]*\d", MASK, text)
    return re.sub(_RUN, lambda m: MASK if any(_passes(r) for r in _WRITTEN.findall(m.group())) else m.group(), text)


MASK = "[BSN verborgen]"
_RUN = r"\d(?:[ .-]?\d)*"
