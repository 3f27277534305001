"""One definition per figure, everywhere: every single-valued figure of the metric catalogue
for the demo's June 2024, read once through `dashboard.catalogue`, and then as each surface
shows it — the Overzicht page (AppTest), `kerncijfers --json` (the CLI), the wethouderbriefing
and the kwartaalrapportage (their data and their PDF text) — must agree on value,
suppression and status word. A surface that rounds, suppresses or judges a figure on its
own makes this fail."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pytest

from dashboard import catalogue, cli, definitions, overview, registers
from dashboard.periods import parse_period
from dashboard.reports import briefing, common, quarterly
from tests.helpers import capture_downloads, download, headline_cell, open_app

PERIOD = parse_period("2024-06")
PROVIDERS = registers.provider_codes()
SINGLE = [m for m in definitions.METRICS if m.column and m.kind in catalogue.MARTS]


@pytest.fixture(scope="module")
def reference(demo_db: Path) -> dict[tuple[str, str], catalogue.Figure]:
    fr = catalogue.frames_for(demo_db, PERIOD, None, date.today())
    return {(m.key, p): catalogue.figure(fr, m, PERIOD, p) for m in SINGLE for p in PROVIDERS}


def _pdf_text(blob: bytes) -> str:
    doc = pdfium.PdfDocument(blob)
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).split())
    finally:
        doc.close()


def test_the_reference_covers_suppression_not_owed_and_status(reference: dict) -> None:
    """The demo month exercises what the surfaces must agree on (else the test proves little)."""
    marks = {f.now.mark for f in reference.values()}
    assert {"", catalogue.NOT_OWED, catalogue.DASH} <= marks
    assert {f.status for f in reference.values()} >= {definitions.OP_NORM, definitions.BOVEN_NORM}


def test_kerncijfers_json_agrees(reference: dict, demo_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.run(["--db", str(demo_db), "kerncijfers", "--periode", PERIOD.label, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for (key, p), f in reference.items():
        m = f.metric
        section = out["aanbieders"][p][m.section]
        if section is None:
            assert not f.now.delivered or f.now.mark == catalogue.DASH, (key, p)
            continue
        assert section[m.name] == f.now.json, (key, p)


def test_the_overzicht_page_agrees(reference: dict, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": PERIOD.label})
    for key in overview.HEADLINES:
        m = definitions.metric(key)
        shown = headline_cell(at, m.heading)
        assert shown == [reference[(key, p)].now.text for p in PROVIDERS], key
    body = "".join(str(h.proto.body) for h in at.get("html"))
    for key in overview.HEADLINES:
        for p in PROVIDERS:
            f = reference[(key, p)]
            if f.status:  # the badge beside the value carries the same status word
                assert re.search(
                    rf'<span class="jm-value">{re.escape(f.now.text)}</span>[^<]*<span[^>]*>'
                    rf"[^<]*{re.escape(f.status)}",
                    body,
                ), (key, p)


def _as_number(text: str) -> float:
    """A value as the screen shows it ('1.234', '14,5', '12,3%'), as a number."""
    return float(text.replace(".", "").replace(",", ".").rstrip("%"))


def test_the_kerncijfers_download_agrees(reference: dict, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Overzicht's Kerncijfers as CSV and Excel: the same number as on the screen (a
    numeric cell), a hidden figure as its mark with the flag, the same status word."""
    kept = capture_downloads(monkeypatch)
    at = open_app(demo_db, monkeypatch, {"periode": PERIOD.label})
    files = {name: blob for blob, name in (download(kept, b) for b in at.get("download_button"))}
    stem = f"kerncijfers_{PERIOD.label}_{'-'.join(PROVIDERS)}"
    text = files[f"{stem}.csv"].decode("utf-8-sig")
    assert "# Periode: juni 2024" in text
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("#"))), delimiter=";"))
    sheet = pl.read_excel(io.BytesIO(files[f"{stem}.xlsx"]), sheet_name="gegevens")
    assert sheet.height == len(rows)
    by_label = {definitions.metric(k).label: k for k in overview.HEADLINES}
    names = {registers.short_name(p): p for p in PROVIDERS}
    seen = set()
    for row, cell in zip(rows, sheet.iter_rows(named=True)):
        f = reference[(by_label[row["Indicator"]], names[row["Aanbieder"]])]
        seen.add((f.metric.key, f.provider))
        assert row["Status"] == (f.status or ""), (f.metric.key, f.provider)
        assert row["Waarde afgeschermd"] == ("ja" if f.now.suppressed else "nee")
        if f.now.value is None:  # a mark: '<5', 'x', '–', 'n.v.t.', 'niet geleverd'
            assert row["Waarde"] == cell["Waarde"] == f.now.mark, (f.metric.key, f.provider)
        else:
            assert row["Waarde"] == f.now.text.replace(".", "").rstrip("%"), (f.metric.key, f.provider)
            assert float(cell["Waarde"]) == pytest.approx(_as_number(f.now.text)), (f.metric.key, f.provider)
    assert seen == {(k, p) for k in overview.HEADLINES for p in PROVIDERS}


def test_the_briefing_agrees(reference: dict, demo_db: Path) -> None:
    d = briefing.data(demo_db, PERIOD, None, date.today())
    rows = {r["label"]: r["cellen"] for r in d["kerncijfers"]}
    for m in briefing.KEYS:
        key = m.key
        for p, cell in zip(PROVIDERS, rows[m.heading]):
            f = reference[(key, p)]
            assert cell["waarde"] == f.now.text + (" *" if f.now.note else ""), (key, p)
            assert cell["status"] == f.status_text, (key, p)
    text = _pdf_text(briefing.to_pdf(d))
    for m in briefing.KEYS:
        for p in PROVIDERS:
            f = reference[(m.key, p)]
            assert f"{f.now.text} {f.status_text}".strip() in text, (m.key, p)
    jbrr = [reference[(m.key, "JBRR")] for m in briefing.PROCESS]
    assert [c["waarde"] for c in d["procesnormen"][0]["cellen"]] == [f.now.text for f in jbrr]


def test_the_kwartaalrapportage_agrees(demo_db: Path) -> None:
    quarter = PERIOD.quarter()
    fr = catalogue.frames_for(demo_db, quarter, None, date.today())
    b = common.basis(demo_db, quarter, None, date.today())
    fig = common.Figures(b)
    text = _pdf_text(quarterly.render_quarterly(demo_db, quarter, None, date.today()))
    for _, _, keys, _ in quarterly.THEMES:
        for key in keys:
            for p in PROVIDERS:
                f = catalogue.figure(fr, key, quarter, p)
                row = fig.row(key, p)
                assert (row.texts[0], row.status_word) == (f.now.text, f.status), (key, p)
                if f.now.delivered and f.now.mark != catalogue.DASH:
                    assert f.now.text in text, (key, p)


def test_a_breakdown_is_shown_by_the_rules_of_one_figure() -> None:
    """Per product within a provider: a count of 1-4 is '<5' and the smallest other count of
    that provider 'x' (or it could be recovered from the total); a median over fewer than 5
    young people is not shown; numbers read as the dictionary says (digits, %)."""
    rows = pl.DataFrame(
        {
            "periode": ["2024-06"] * 4,
            "aanbieder": ["ENVER", "ENVER", "ENVER", "JBRR"],
            "product": ["A", "B", "C", "A"],
            "wachtenden": [3, 12, 40, 0],
            "mediaan_wachttijd_weken": [9.25, 4.04, 6.0, None],
            "boven_norm_pct": [50.0, 8.333333333333334, 12.5, None],
        }
    )
    keys = ("wachtlijst.wachtenden", "wachtlijst.mediaan_wachttijd_weken", "wachtlijst.boven_norm_pct")
    out = catalogue.breakdown(rows, keys, by=["periode", "aanbieder"])
    assert out["wachtenden"].to_list() == ["<5", "x", "40", "0"]
    assert out["wachtenden_getal"].to_list() == [None, None, 40, 0]  # a chart can never plot the hidden ones
    assert out["mediaan_wachttijd_weken_tekst"].to_list() == ["–", "4,0", "6,0", "–"]
    assert out["boven_norm_pct_tekst"].to_list() == ["–", "8,3%", "12,5%", "–"]
    # Without the breakdown's groups only the small count is hidden; its figures stay hidden.
    flat = catalogue.breakdown(rows, keys)
    assert flat["wachtenden"].to_list() == ["<5", "12", "40", "0"]
    assert flat["mediaan_wachttijd_weken"].to_list()[0] is None


def test_every_heading_names_its_unit_once() -> None:
    """Tables, tooltips, reports and kerncijfers print a figure under one heading."""
    headings = {m.key: m.heading for m in definitions.METRICS}
    assert headings["wachtlijst.mediaan_wachttijd_weken"] == "Mediane wachttijd (weken)"
    assert headings["caseload.caseload"] == "Caseload (per fte)"
    assert headings["personeel.bezetting_fte"] == "Bezetting (fte)"  # the label says it already
    assert all(h.count("(") <= 1 for h in headings.values()), headings
