"""Provider-supplied team names are text, everywhere: a team named `<img src=x
onerror=alert(1)>`, `**vet**`, `:red[rood] $x^2$` or `=1+1` (tests/fixtures/vijandig) is
shown as typed on the pages, in their tables, charts and downloads, and in the printed
reports. Never HTML, Markdown, a formula or a Streamlit directive; never an Excel formula
in a download. (The real-browser side is in test_browser.py.)"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pytest

from dashboard import ingest, reports
from dashboard.app import components
from dashboard.paths import ROOT
from tests.helpers import assert_clean, capture_downloads, dataframes, download, open_app, show_all_tables, shown

FIXTURES = ROOT / "tests" / "fixtures" / "vijandig"
IMG = "<img src=x onerror=alert(1)>"
TEAMS = [IMG, "**vet**", ":red[rood] $x^2$", "=1+1"]
QUERY = {"periode": "2025-01", "aanbieders": "JBRR"}


@pytest.fixture(scope="module")
def hostile_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("vijandig") / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    results = ingest.ingest_files(db, sorted(FIXTURES.glob("*.csv")))
    assert [r.outcome for r in results] == [ingest.Outcome.LOADED] * 2
    return db


def _markdown_sources(at) -> list[str]:  # noqa: ANN001
    return [e.value for e in [*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error]] + [e.label for e in at.expander]


@pytest.mark.parametrize("page", ["caseload", "personeel"])
def test_team_names_are_shown_as_typed_on_the_pages(page: str, hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = capture_downloads(monkeypatch)
    at = open_app(hostile_db, monkeypatch, QUERY, page)
    assert_clean(at)
    # Charts: the names travel as data values of the spec, which Vega draws as text.
    charts = " ".join(str(c.proto) for c in at.get("vega_lite_chart"))
    assert "**vet**" in charts
    show_all_tables(at)
    assert_clean(at)
    # Tables: the names as data, exactly.
    in_tables = {v for df in dataframes(at) for c in df.columns if df[c].dtype == pl.String for v in df[c].to_list()}
    assert set(TEAMS) <= in_tables
    # HTML parts (comparison tables, lists, cards): escaped, so the tag is text.
    bodies = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "<img" not in bodies
    # Anything rendered as Markdown: every special character escaped (shown as typed).
    for source in _markdown_sources(at):
        for team in TEAMS:
            if team in shown(source):
                assert team not in source, source
    # Downloads: CSV cannot start a formula in Excel; the workbook holds the name as text.
    csvs = [download(kept, b) for b in at.get("download_button") if b.proto.label == "Download CSV"]
    text = "\n".join(blob.decode("utf-8-sig") for blob, _ in csvs)
    assert "'=1+1" in text and "\n=1+1" not in text and ";=1+1" not in text
    assert "**vet**" in text and IMG in text
    xlsx = [download(kept, b) for b in at.get("download_button") if b.proto.label == "Download Excel"]
    cells = {
        v
        for blob, _ in xlsx
        for df in [pl.read_excel(io.BytesIO(blob))]
        for c in df.columns
        if df[c].dtype == pl.String
        for v in df[c].to_list()
    }
    assert set(TEAMS) <= cells


def _pdf_text(blob: bytes) -> str:
    pdf = pdfium.PdfDocument(blob)
    return " ".join(" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf)))


@pytest.mark.parametrize("render", [reports.render_briefing, reports.render_quarterly])
def test_reports_print_team_names_as_typed(render, hostile_db: Path) -> None:  # noqa: ANN001
    text = _pdf_text(render(hostile_db, "2025-01", ["JBRR"]))
    assert IMG in text and "**vet**" in text
    assert not re.search(r"(?<!\*)\bvet\b(?!\*)", text)  # never bold "vet" without its asterisks


def test_literal_leaves_no_markdown_special_unescaped() -> None:
    for team in TEAMS:
        escaped = components.literal(team)
        assert not re.search(r"(?<!\\)[*<>\[\]$:]", escaped), escaped
        assert shown(escaped) == team
        assert "\u200b" not in escaped  # nothing invisible added: a copied name is the name
