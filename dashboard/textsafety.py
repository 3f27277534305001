"""Characters no delivered text may hold, and how text that holds them is shown anyway.

Control characters (C0 and C1, including tab and line breaks: no contract column holds
more than one line), Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two
code points of every plane), line and paragraph separators, and the bidirectional
overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text read differently
from what it is. They crash the chart renderer (a Rust panic that aborts the process),
split log lines and disguise values; they are never part of a team name, an area or a code.

The pattern is written in the syntax Python's `re` and polars' Rust regex share."""

from __future__ import annotations

import re

_NONCHARACTERS = "".join(f"\\U{(plane << 16) | 0xFFFE:08x}\\U{(plane << 16) | 0xFFFF:08x}" for plane in range(1, 17))
_OTHERS = "\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ufdd0-\\ufdef\\ufffe\\uffff" + _NONCHARACTERS
FORBIDDEN = "[\\x00-\\x1f" + _OTHERS + "]"
# Prose (the register's verbatim recommendation texts) keeps its tabs and line breaks.
FORBIDDEN_IN_PROSE = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f" + _OTHERS + "]"
RULE = "bevat een stuurteken of onzichtbaar leesrichtingsteken (bijvoorbeeld een tab, regeleinde of U+202E); verwijder het"

_FORBIDDEN, _FORBIDDEN_IN_PROSE = re.compile(FORBIDDEN), re.compile(FORBIDDEN_IN_PROSE)


def has_forbidden(text: str, prose: bool = False) -> bool:
    return (_FORBIDDEN_IN_PROSE if prose else _FORBIDDEN).search(text) is not None


def printable(text: str, prose: bool = False) -> str:
    """`text` with every forbidden character written as its code (`\\u001b`), so a message
    that must name a value or file can never break a line, a table or a terminal. In prose,
    tabs and line breaks stay."""
    return (_FORBIDDEN_IN_PROSE if prose else _FORBIDDEN).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
