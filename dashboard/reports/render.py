"""Typst turns a report's data (one JSON document of finished Dutch strings and SVG charts)
into a PDF, in-process and offline: the compiler ships inside the `typst` wheel, so no
system library, browser or network is needed.

Fonts: DejaVu Sans (on Debian and most Linux machines) for readable print, falling back to
Liberation Sans and then to Libertinus Serif, which the Typst compiler carries itself, so a
machine without any system font still renders every Dutch letter (ë, é, ï) and dash."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import typst

from dashboard import textsafety
from dashboard.reports.svg import Svg

TEMPLATES = Path(__file__).parent / "templates"
PDF_STANDARDS: tuple[Literal["ua-1"], ...] = ("ua-1",)


def _source(template: str) -> bytes:
    return ((TEMPLATES / "basis.typ").read_text(encoding="utf-8") + "\n" + (TEMPLATES / template).read_text(encoding="utf-8")).encode(
        "utf-8"
    )


def _printable(value: Any) -> Any:
    """Every text of the report data without control characters: a database written before
    they were refused may still hold one, and a PDF/UA document refuses a glyph it cannot show."""
    if isinstance(value, str):
        return textsafety.printable(value, prose=True) if textsafety.has_forbidden(value, prose=True) else value
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def _inputs(data: dict) -> dict[str, str]:
    return {"data": json.dumps(_printable(data), ensure_ascii=False)}


def with_alt(value: Any) -> Any:
    """Every chart of the report data (a dict with an `svg` made by `charts`, an `Svg`) gets its text
    alternative as `alt`: the chart's title and what it shows, in words."""
    if isinstance(value, list):
        return [with_alt(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: with_alt(v) for k, v in value.items()}
    svg = value.get("svg")
    if isinstance(svg, Svg) and "alt" not in value:
        title = str(value.get("titel") or "")
        out["alt"] = " ".join(x for x in (f"{title}." if title else "", svg.alt) if x)
    return out


def pdf(template: str, data: dict) -> bytes:
    """The PDF, tagged and PDF/UA-1: its language (nl), title, a structure of headings,
    tables and figures, and a text alternative for every chart (Typst refuses a document
    that breaks the standard, e.g. a skipped heading level)."""
    return typst.compile(_source(template), sys_inputs=_inputs(with_alt(data)), pdf_standards=list(PDF_STANDARDS))


def pages(template: str, data: dict) -> int:
    """How many pages the document gets (the template states it in `<paginas>`)."""
    return int(typst.query(_source(template), "<paginas>", field="value", one=True, sys_inputs=_inputs(data)))


def first_fitting(template: str, candidates: Sequence[dict]) -> dict:
    """The first of `candidates` (each holding less than the one before) that fits on one
    page, else the last. The fullest is tried first (it often fits); the rest are halved,
    so a handful of candidates costs a few trial layouts instead of one each."""
    if pages(template, candidates[0]) == 1:
        return candidates[0]
    low, high = 1, len(candidates) - 1
    while low < high:
        middle = (low + high) // 2
        if pages(template, candidates[middle]) == 1:
            high = middle
        else:
            low = middle + 1
    return candidates[low]
