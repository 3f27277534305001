"""Typst turns a report's data (one JSON document of finished Dutch strings and SVG charts)
into a PDF, in-process and offline: the compiler ships inside the `typst` wheel, so no
system library, browser or network is needed.

Fonts: DejaVu Sans (on Debian and most Linux machines) for readable print, falling back to
Liberation Sans and then to Libertinus Serif, which the Typst compiler carries itself, so a
machine without any system font still renders every Dutch letter (ë, é, ï) and dash."""

from __future__ import annotations

import json
from pathlib import Path

import typst

TEMPLATES = Path(__file__).parent / "templates"


def _source(template: str) -> bytes:
    return ((TEMPLATES / "basis.typ").read_text(encoding="utf-8") + "\n" + (TEMPLATES / template).read_text(encoding="utf-8")).encode(
        "utf-8"
    )


def _inputs(data: dict) -> dict[str, str]:
    return {"data": json.dumps(data, ensure_ascii=False)}


def pdf(template: str, data: dict) -> bytes:
    return typst.compile(_source(template), sys_inputs=_inputs(data))


def pages(template: str, data: dict) -> int:
    """How many pages the document gets (the template states it in `<paginas>`)."""
    return int(typst.query(_source(template), "<paginas>", field="value", one=True, sys_inputs=_inputs(data)))
