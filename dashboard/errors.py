"""Findings about a delivered file, worded in Dutch for the provider who must act on them."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.personal import has_bsn, mask_bsn  # no polars: messages are made anywhere
from dashboard.textsafety import printable

MAX_LISTED = 100  # all errors of a file are counted; this many are listed
# A date written the right way (2024-02-31, 31-02-2024) that is not on the calendar: the
# message says that, not that the format is wrong.
DATE_SHAPE = r"^\s*(\d{4}-(0?[1-9]|1[0-2])-\d{1,2}|\d{1,2}-(0?[1-9]|1[0-2])-\d{4})\s*$"  # a month 1-12
NO_SUCH_DATE = "deze datum bestaat niet (die dag is er niet in die maand)"


@dataclass(frozen=True)
class Finding:
    file: str
    rule: str
    row: int | None = None  # as the provider sees it: the header is row 1
    column: str | None = None
    value: str | None = None
    message: str | None = None  # an iJw message: its kind and BerichtIdentificatie
    element: str | None = None  # an iJw message: the element path

    def __post_init__(self) -> None:
        # Names and values come from the provider: shown, they may never break a line, a
        # table or a terminal (a newline in a file name once forged a line of the log).
        for name in ("file", "rule", "column"):
            text = getattr(self, name)
            if text is not None:
                object.__setattr__(self, name, shown(text))
        if self.value is not None:
            # Whatever the rule: a value holding a BSN is never echoed.
            object.__setattr__(self, "value", None if has_bsn(self.value) else printable(self.value))

    def text(self) -> str:
        where = [self.file]
        if self.message is not None:
            where.append(f"bericht {self.message}")
        if self.element is not None:
            where.append(f"element '{self.element}'")
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{self.column}'")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            where.append(f"waarde '{shown}'")
        return f"{', '.join(where)}: {self.rule}"

    def as_dict(self) -> dict:
        out = {"bestand": self.file, "rij": self.row, "kolom": self.column, "waarde": self.value, "regel": self.rule}
        if self.message is not None or self.element is not None:
            out |= {"bericht": self.message, "element": self.element}
        return out


def shown(text: str) -> str:
    """A provider's text (a file name) as any message may show it: printable, no BSN."""
    return mask_bsn(printable(text))


class FileRejected(Exception):
    """Raised for a problem that stops reading a file at all (name, format, encoding)."""

    def __init__(self, finding: Finding):
        super().__init__(finding.text())
        self.finding = finding
