"""The PDFs as a screen reader meets them, read back with pdfium: the document says it is
Dutch and has its title, it is tagged (PDF/UA-1, as Typst makes it), its headings do not
skip a level, and every chart is a tagged figure with a text alternative that says what it
shows, not only its title."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from dashboard.reports import briefing, quarterly, regiekaart


def _text(fn, *args) -> str:
    """A UTF-16 string from a pdfium getter (ask the length, then fill a buffer)."""
    n = fn(*args, None, 0)
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    fn(*args, ctypes.cast(buf, fn.argtypes[len(args)]), n)
    return buf.raw[: n - 2].decode("utf-16-le")


def structure(pdf: bytes) -> dict:
    doc = pdfium.PdfDocument(pdf)
    try:
        figures: dict[str, None] = {}
        headings: list[str] = []

        def walk(el) -> None:
            kind = _text(raw.FPDF_StructElement_GetType, el)
            if kind == "Figure":
                figures[_text(raw.FPDF_StructElement_GetAltText, el)] = None
            if re.fullmatch(r"H\d", kind):
                headings.append(kind)
            for k in range(raw.FPDF_StructElement_CountChildren(el)):
                child = raw.FPDF_StructElement_GetChildAtIndex(el, k)
                if child:
                    walk(child)

        for page in doc:
            tree = raw.FPDF_StructTree_GetForPage(page.raw)
            for i in range(raw.FPDF_StructTree_CountChildren(tree)):
                walk(raw.FPDF_StructTree_GetChildAtIndex(tree, i))
            raw.FPDF_StructTree_Close(tree)
        return {
            "lang": _text(raw.FPDFCatalog_GetLanguage, doc.raw),
            "tagged": bool(raw.FPDFCatalog_IsTagged(doc.raw)),
            "title": doc.get_metadata_dict().get("Title", ""),
            "figures": list(figures),
            "headings": headings,
        }
    finally:
        doc.close()


@pytest.fixture(scope="module")
def reports(demo_db: Path) -> dict:
    return {
        "briefing": structure(briefing.render_briefing(demo_db, "2024-06")),
        "kwartaal": structure(quarterly.render_quarterly(demo_db, "2024-Q2")),
        "regiekaart": structure(regiekaart.render_regiekaart(demo_db, "2024-12", ["JBRR"])),
    }


@pytest.mark.parametrize(
    "kind,title",
    [
        ("briefing", "Wethouderbriefing jeugdhulp — juni 2024"),
        ("kwartaal", "Kwartaalrapportage jeugdhulp — 2e kwartaal 2024"),
        ("regiekaart", "Regiekaart Jeugdbescherming Rotterdam Rijnmond — december 2024"),
    ],
)
def test_the_pdf_says_its_language_and_title_and_is_tagged(reports: dict, kind: str, title: str) -> None:
    r = reports[kind]
    assert r["lang"].lower().startswith("nl") and r["tagged"]
    assert r["title"] == title


@pytest.mark.parametrize("kind", ["briefing", "kwartaal", "regiekaart"])
def test_headings_never_skip_a_level(reports: dict, kind: str) -> None:
    levels = [int(h[1]) for h in reports[kind]["headings"]]
    assert levels and all(b <= a + 1 for a, b in zip([0, *levels], levels)), levels


@pytest.mark.parametrize("kind,charts", [("briefing", 3), ("kwartaal", 5)])
def test_every_chart_has_a_text_alternative_that_says_what_it_shows(reports: dict, kind: str, charts: int) -> None:
    figures = reports[kind]["figures"]
    assert len(figures) >= charts and all(figures), figures
    waiting = next(f for f in figures if f.startswith("Wachtenden"))
    assert "Lijngrafiek van jeugdigen per maand" in waiting
    # The newest month's values in words, as the lines end in the chart.
    assert "In jun 2024: JBRR 60, Enver 541, Wijkteams 278." in waiting


def test_every_sparkline_of_the_regiekaart_says_what_it_shows(reports: dict) -> None:
    figures = reports["regiekaart"]["figures"]
    assert len(figures) == 16, figures  # JBRR: four domains, every figure with its course
    assert "Mediane wachttijd, verloop over het afgelopen jaar: van 34,6 weken naar 4,3 weken; norm 1 week" in figures


def test_the_established_report_keeps_every_charts_text_alternative(demo_db: Path) -> None:
    """The demo's 2024-Q3 is established: its kwartaalrapportage is printed from the data as
    stored then (JSON), and its charts still say what they show, not only their titles."""
    established = quarterly.data(demo_db, "2024-Q3")
    assert established["vastgesteld"]
    figures = structure(quarterly.to_pdf(established))["figures"]
    waiting = next(f for f in figures if f.startswith("Wachtenden"))
    assert "Lijngrafiek van jeugdigen per maand" in waiting and "In sep 2024:" in waiting
