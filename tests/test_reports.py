"""The printed reports: the one-page Wethouderbriefing and the Kwartaalrapportage.

Both are rendered once per scenario (module-scoped fixtures) and read back the way a
reader gets them: the text extracted from the PDF. Two scenarios:

- the bundled demo (briefing 2024-06, quarterly 2024-Q2), rendered through the CLI;
- tests/fixtures/reports/ontbrekend, a few tiny extracts for May and June 2024 where
  ENVER's caseload for June is missing (it delivered May), WIJKTEAMS never delivered a
  caseload, WIJKTEAMS has 3 young people waiting in June (6 in May), 3 started, and JBRR
  has 3 measures in its June process file (too few for a percentage); plus one rejected
  file (tests/fixtures/reports/afgewezen).
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from dashboard import cli
from dashboard.ingest import Outcome, expand, ingest_files
from dashboard.periods import parse_period
from dashboard.reports import GeenGegevens, briefing, charts, common, preview, quarterly
from tests.helpers import CODES, MEASURE_ID

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
A4 = (595.28, 841.89)  # points


def read_pdf(pdf: bytes) -> dict:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = [doc[i].get_textpage().get_text_range().replace("\r", "") for i in range(len(doc))]
        sizes = [tuple(round(x, 2) for x in doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()
    return {"pages": pages, "sizes": sizes, "text": "\n".join(pages), "bytes": pdf}


def segment(text: str, start: str, end: str) -> str:
    """The text from `start` up to the next `end`."""
    i = text.index(start)
    return text[i : text.index(end, i + len(start))]


def flat(text: str) -> str:
    """Text with its line breaks (and the spaces around them) as single spaces."""
    return re.sub(r"\s+", " ", text)


def chapter(made: dict, title: str) -> str:
    """A numbered chapter of the quarterly report (not its line in the table of contents)."""
    body = "\n".join(made["pages"][1:])
    i = body.index(f"\n{title}\n")
    nxt = re.search(r"\n\d\. [A-Z][a-z]+", body[i + len(title) + 2 :])
    return body[i : i + len(title) + 2 + nxt.start()] if nxt else body[i:]


@pytest.fixture(scope="module")
def demo(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Both demo reports, made through the CLI as a user would."""
    out = tmp_path_factory.mktemp("rapporten")
    made = {}
    for soort, periode in (("briefing", "2024-06"), ("kwartaal", "2024-Q2")):
        path = out / f"{soort}.pdf"
        assert cli.run(["--db", str(demo_db), "rapport", "--soort", soort, "--periode", periode, "--uit", str(path)]) == 0
        made[soort] = read_pdf(path.read_bytes())
    return made


@pytest.fixture(scope="module")
def ontbrekend(tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("ontbrekend") / "jm.duckdb"
    loaded = ingest_files(db, expand([FIXTURES / "ontbrekend"]))
    assert all(r.outcome is Outcome.LOADED for r in loaded), [(r.file, r.errors) for r in loaded]
    assert [r.outcome for r in ingest_files(db, expand([FIXTURES / "afgewezen"]))] == [Outcome.REJECTED]
    bd, qd = briefing.data(db, "2024-06"), quarterly.data(db, "2024-Q2")
    return {
        "db": db,
        "briefing_data": bd,
        "kwartaal_data": qd,
        "briefing": read_pdf(briefing.to_pdf(bd)),
        "kwartaal": read_pdf(quarterly.to_pdf(qd)),
    }


# --------------------------------------------------------------------------------------
# Wethouderbriefing
# --------------------------------------------------------------------------------------


def test_briefing_is_exactly_one_a4_page(demo: dict, ontbrekend: dict) -> None:
    for made in (demo["briefing"], ontbrekend["briefing"]):
        assert len(made["pages"]) == 1
        assert made["sizes"][0] == pytest.approx(A4, abs=0.5)
        assert made["bytes"].startswith(b"%PDF")


def test_briefing_shows_headline_figures_with_status_and_change(demo: dict) -> None:
    text = demo["briefing"]["text"]
    assert "Wethouderbriefing jeugdhulp — juni 2024" in text
    # Same figures as kerncijfers: JBRR 60 waiting (85 in May), ENVER 541, WIJKTEAMS 278.
    assert "Wachtenden (jeugdigen) geen norm 60 was 85 (−25) 541 was 538 (+3) 278 was 262 (+16)" in flat(text)
    # Status in symbol and word, never colour alone; the caseload shows one more decimal
    # where rounding would make it look on norm (14,55 against 14,5).
    caseload = segment(text, "Caseload (per fte)", "Zonder vaste casushouder")
    assert "14,55 ! let op" in caseload and "norm: JBRR 14,5 per fte" in caseload
    assert "▲ boven norm" in text and "✓ op norm" in text
    assert "Procesnormen JBRR" in text and "81,7% ! let op" in text


def test_briefing_text_says_what_improved_and_worsened(demo: dict) -> None:
    text = demo["briefing"]["text"]
    improved = segment(text, "Verbeterd", "Verslechterd")
    assert "De wachtlijst jeugdreclassering bij JBRR is weggewerkt: 0, was 112 in juni 2023." in flat(improved)
    worsened = segment(text, "Verslechterd", "Wat vraagt actie")
    assert "Risicotaxatie binnen 14 werkdagen bij JBRR: 82,1%, was 93,0% in mei 2024." in flat(worsened)


def test_briefing_ranks_what_needs_action_with_owner_measure_and_deadline(demo: dict, demo_db: Path) -> None:
    """The action list of the dashboard (dashboard.actions), its first items on the page in
    the same order, each with its owner by name; the rest counted; the register's counts."""
    from dashboard import actions

    items = actions.build(demo_db, parse_period("2024-06"), today=date.today()).items
    part = flat(segment(demo["briefing"]["text"], "Wat vraagt actie", "Kerncijfers per aanbieder"))
    shown = [a for a in items if f"{a.owner_name} {a.what.split()[0]}" in part]
    assert len(shown) >= 3 and [items.index(a) for a in shown] == list(range(len(shown)))
    assert "Extra capaciteit ambulante hulp en diagnostiek inkopen bij Enver (Gemeente) 31-12-2024" in part
    assert f"En nog {len(items) - len(shown)} punt(en)" in part
    assert "10 maatregelen in het register" in part and "te laat (stand op 30-06-2024)" in part


def test_briefing_has_three_trend_charts(demo: dict) -> None:
    text = demo["briefing"]["text"]
    for title in ("Wachtenden", "Caseload tegen de norm", "Verloop (12 maanden)"):
        assert title in text
    assert "norm JBRR" in text and "signaalwaarde 15%" in text  # the labelled reference lines
    assert "jun 2023 t/m jun 2024" in text


# --------------------------------------------------------------------------------------
# Kwartaalrapportage
# --------------------------------------------------------------------------------------


def test_quarterly_has_every_theme_and_appendix(demo: dict) -> None:
    made = demo["kwartaal"]
    assert len(made["pages"]) > 5
    assert all(size == pytest.approx(A4, abs=0.5) for size in made["sizes"])
    for chapter in (
        "1. Wachtlijsten",
        "2. Personeel",
        "3. Caseload",
        "4. Procesnormen",
        "5. Aanbevelingen",
        "6. Definities en normen",
        "7. Aanleveringen",
        "8. Datakwaliteit",
    ):
        assert chapter in made["pages"][0]  # the table of contents


def test_quarterly_figures_for_the_quarter_previous_and_year_earlier(demo: dict) -> None:
    waiting = flat(chapter(demo["kwartaal"], "1. Wachtlijsten"))
    assert "Indicator 2e kw. 2024 1e kw. 2024 2e kw. 2023 Verschil t.o.v. vorige Verschil t.o.v. vorig jaar" in waiting
    jbrr = segment(waiting, "JBRR — Jeugdbescherming Rotterdam Rijnmond", "Wachtenden per product")  # up to the next provider or section
    assert "Wachtenden (jeugdigen) 60 148 284 −88 −224" in jbrr
    assert "Mediane wachttijd (weken) 13,6 28,7 34,4 −15,1 −20,8 norm 1 week ▲ boven norm" in jbrr
    caseload = flat(chapter(demo["kwartaal"], "3. Caseload"))
    assert "Cluster 7 JBRR 320 17,8 18,0 14,5" in segment(caseload, "Teams boven de caseloadnorm", "Gemaakt op")
    assert "Caseload (per fte) 14,55 14,6 14,9" in caseload


def test_quarterly_states_definitions_norms_and_deliveries(demo: dict) -> None:
    defs = flat(chapter(demo["kwartaal"], "6. Definities en normen"))
    assert "Treeknorm" in defs and "Caseloadnorm JBRR (ondertoezichtstelling)" in defs
    assert "14,5 casussen per fte altijd" in defs and "12 casussen per fte 01-01-2025" in defs
    deliveries = chapter(demo["kwartaal"], "7. Aanleveringen")
    assert "JBRR_wachtlijst_2024-06.csv" in deliveries and "ENVER_personeel_2024-Q2.xlsx" in deliveries
    # The correction: the re-delivered ENVER waitlist for May, and the one it replaced.
    assert re.search(r"ENVER_wachtlijst_2024-05\.csv \S+ 543 vervangen vervangen door aanlevering \d+", flat(deliveries))
    assert "543 → 538 rijen" in flat(deliveries)
    quality = chapter(demo["kwartaal"], "8. Datakwaliteit")
    assert "Geen: elke verwachte aanlevering voor deze periodes is binnen." in quality
    assert "ENVER_wachtlijst_2024-05.csv (ontvangen" in flat(quality)
    # Judged against the deadline register; the demo's files have plausible arrivals, a few late.
    assert "Termijn: 10 werkdagen na afloop van de periode" in flat(quality)
    assert "JBRR: 6 aanlevering(en) te laat ontvangen" in flat(quality)
    assert "niet beoordeeld" not in flat(quality)


def test_demodata_is_marked_on_every_page(demo: dict, ontbrekend: dict) -> None:
    for made in (demo["briefing"], demo["kwartaal"]):
        assert all("DEMODATA — fictieve cijfers" in page for page in made["pages"])
    for made in (ontbrekend["briefing"], ontbrekend["kwartaal"]):
        assert "DEMODATA" not in made["text"]


# --------------------------------------------------------------------------------------
# Missing, late and rejected deliveries
# --------------------------------------------------------------------------------------


def test_missing_deliveries_are_named(ontbrekend: dict) -> None:
    quality = flat(chapter(ontbrekend["kwartaal"], "8. Datakwaliteit"))
    # Expected from what ENVER delivered before (May), and by the data contract.
    assert "Enver caseload: juni 2024 ontbreekt (per maand)." in quality
    assert "Wijkteams caseload: mei en juni 2024 ontbreken (nooit aangeleverd" in quality
    assert "JBRR: 10 aanlevering(en) te laat ontvangen" in quality
    assert "ENVER_personeel_2024-04.csv (Enver, personeel, april 2024)" in quality
    assert "afgewezen met 1 fout(en): kolom 'aanbieder'" in quality
    assert "'JBRR'" not in quality  # a rejected file's values are never shown
    briefing_text = flat(ontbrekend["briefing"]["text"])
    assert "Ontbreekt: Enver caseload: juni 2024 ontbreekt (per maand)." in briefing_text
    assert "niet geleverd" in briefing_text


# --------------------------------------------------------------------------------------
# Small-number suppression
# --------------------------------------------------------------------------------------


def test_a_count_under_five_is_shown_as_less_than_five_never_as_the_number(ontbrekend: dict) -> None:
    cells = {r["label"]: r["cellen"] for r in ontbrekend["briefing_data"]["kerncijfers"]}
    wijk = ontbrekend["briefing_data"]["aanbieders"].index("Wijkteams")
    assert cells["Wachtenden (jeugdigen)"][wijk]["waarde"] == "<5"
    assert cells["Wachtenden (jeugdigen)"][wijk]["was"] == "was 6"  # May's 6 is shown; no change against a hidden 3
    row = segment(flat(ontbrekend["briefing"]["text"]), "Wachtenden (jeugdigen) geen norm", "Mediane wachttijd")
    assert row.strip() == "Wachtenden (jeugdigen) geen norm 10 was 6 (+4) 7 was 6 (+1) <5 was 6"
    waiting = flat(chapter(ontbrekend["kwartaal"], "1. Wachtlijsten"))
    wijkteams = segment(waiting, "Wijkteams — Rotterdamse wijkteams", "Wachtenden per product")
    assert "Wachtenden (jeugdigen) <5 niet geleverd niet geleverd – –" in wijkteams
    assert "Gestart in de periode (trajecten) <5 niet geleverd" in wijkteams
    assert not re.search(r"(?<![\d,.\-–<])3(?![\d,.\-])", wijkteams), "a hidden count shown"
    assert "Wijkteams Ondersteuning door het wijkteam <5" in segment(waiting, "Wachtenden per product", "Gemaakt op")


def test_figures_on_fewer_than_five_young_people_are_not_shown(ontbrekend: dict) -> None:
    cells = {r["label"]: r["cellen"] for r in ontbrekend["briefing_data"]["kerncijfers"]}
    wijk = ontbrekend["briefing_data"]["aanbieders"].index("Wijkteams")
    assert cells["Mediane wachttijd (weken)"][wijk]["waarde"] == "–"
    assert cells["Boven de wachttijdnorm (%)"][wijk]["waarde"] == "–"
    # JBRR's June process file holds 3 measures: no percentage, in either report.
    assert [c["waarde"] for c in ontbrekend["briefing_data"]["procesnormen"][0]["cellen"]] == ["–"] * 5
    # In the quarter the same provider has 5 measures (2 in May, 3 in June): shown.
    process = flat(chapter(ontbrekend["kwartaal"], "4. Procesnormen"))
    assert "Beoordeeld 2 werkdagen 5 0" in process
    waiting = flat(chapter(ontbrekend["kwartaal"], "1. Wachtlijsten"))
    wijkteams = segment(waiting, "Wijkteams — Rotterdamse wijkteams", "Wachtenden per product")
    assert "Gestart binnen de norm (%) – niet geleverd" in wijkteams
    assert "Boven de wachttijdnorm (%) – niet geleverd" in wijkteams


def test_charts_mark_suppressed_points_and_say_so(ontbrekend: dict) -> None:
    b = common.basis(ontbrekend["db"], "2024-06")
    series = common.trends(b, common.months_until(b.period, 13))["wachtenden"]
    assert ("2024-06-01", "WIJKTEAMS") not in {(p["maand"], p["aanbieder"]) for p in series.points}
    assert {"maand": "2024-05-01", "aanbieder": "WIJKTEAMS", "waarde": 6} in series.points
    assert all(not 0 < p["waarde"] < 5 for p in series.points)
    assert series.omitted == ["Wijkteams jun 2024"]
    assert "<5 = te weinig jeugdigen om te tonen (1 tot 4): Wijkteams jun 2024." in flat(ontbrekend["briefing"]["text"])
    # Not silently absent: the chart marks the point on its baseline with its mark, and says it in words.
    assert series.hidden == [{"maand": "2024-06-01", "aanbieder": "WIJKTEAMS", "tekst": "<5"}]
    waiting = next(g for g in ontbrekend["briefing_data"]["grafieken"] if g["titel"] == "Wachtenden")
    assert ">&lt;5<" in waiting["svg"] and "Wijkteams <5" in waiting["svg"].alt


def test_the_summary_never_words_a_suppressed_count(ontbrekend: dict) -> None:
    lines = [line for part in ontbrekend["briefing_data"]["samenvatting"].values() for line in part]
    lines += [line for part in ontbrekend["kwartaal_data"]["samenvatting"].values() for line in part]
    for line in lines:
        if "WIJKTEAMS" in line:
            assert not re.search(r"(?<![\d,])3(?![\d,])", line), line


# --------------------------------------------------------------------------------------
# Formats, language, scope and interfaces
# --------------------------------------------------------------------------------------


def test_reports_are_in_dutch_with_dutch_numbers_and_dates(demo: dict) -> None:
    for made in (demo["briefing"], demo["kwartaal"]):
        text = made["text"]
        assert not re.search(r"(?<![\w.])\d+\.\d{1,2}(?!\d)", text), "a raw decimal point"
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date"
        for word in ("None", "null", "NaN", "True", "False", "January", "June", "Total", "year-month", "Page "):
            assert word not in text, word
    assert "30-06-2024" in demo["kwartaal"]["text"]
    assert "1.002" in demo["kwartaal"]["text"]  # WIJKTEAMS started in 2024-Q1, with a thousands dot


def test_a_provider_can_be_chosen(ontbrekend: dict) -> None:
    d = briefing.data(ontbrekend["db"], "2024-06", ["JBRR"])
    assert d["aanbieders"] == ["JBRR"] and all(len(r["cellen"]) == 1 for r in d["kerncijfers"])
    assert "ENVER" not in str(d["samenvatting"]) and "WIJKTEAMS" not in str(d["samenvatting"])


def test_quarterly_report_also_takes_a_month(ontbrekend: dict) -> None:
    d = quarterly.data(ontbrekend["db"], "2024-06")
    assert (d["titel"], d["kolommen"]) == ("Maandrapportage jeugdhulp", ["juni 2024", "mei 2024", "juni 2023"])


def test_cli_exit_codes(ontbrekend: dict, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    db, out = str(ontbrekend["db"]), str(tmp_path / "r.pdf")
    assert cli.run(["--db", db, "rapport", "--soort", "briefing", "--periode", "2019-01", "--uit", out]) == 1
    assert "geen gegevens voor periode 2019-01" in capsys.readouterr().err
    assert cli.run(["--db", db, "rapport", "--soort", "kwartaal", "--periode", "2024-Q5", "--uit", out]) == 2
    assert cli.run(["--db", db, "rapport", "--soort", "briefing", "--periode", "2024-06", "--uit", out, "--aanbieder", "XYZ"]) == 2
    assert (
        cli.run(["--db", db, "rapport", "--soort", "briefing", "--periode", "2024-06", "--uit", str(tmp_path / "nergens" / "r.pdf")]) == 2
    )
    with pytest.raises(SystemExit) as exit_:
        cli.run(["--db", db, "rapport", "--soort", "jaar", "--periode", "2024-06", "--uit", out])
    assert exit_.value.code == 2
    assert not Path(out).exists()
    with pytest.raises(GeenGegevens):
        quarterly.data(ontbrekend["db"], "2019-Q1")


def test_reports_do_not_import_streamlit() -> None:
    code = (
        "import sys, dashboard.reports.briefing, dashboard.reports.quarterly, dashboard.reports.preview; "
        "sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_preview_writes_a_png_per_page(demo: dict, tmp_path: Path) -> None:
    pngs = preview.pages_to_png(demo["briefing"]["bytes"], tmp_path / "briefing", dpi=40)
    assert [p.name for p in pngs] == ["briefing-p01.png"]
    assert pngs[0].read_bytes().startswith(b"\x89PNG")


def test_end_labels_that_would_overlap_are_pushed_apart_in_order() -> None:
    points = [
        {"maand": "2024-06-01", "aanbieder": "ENVER", "waarde": 52.2},
        {"maand": "2024-06-01", "aanbieder": "WIJKTEAMS", "waarde": 52.0},
        {"maand": "2024-06-01", "aanbieder": "JBRR", "waarde": 20.0},
    ]
    reference = [{"maand": "2024-01-01", "waarde": 51.0, "label": "norm"}]
    labels = charts.end_labels(points, zero=True, reference=reference, height=120, font_size=10, domain=(0, 60))
    assert [x["tekst"] for x in labels] == ["JBRR", "norm", "Wijkteams", "Enver"]
    line = (10 + 1.5) * 60 / 120  # a line of text, in data units
    places = [x["waarde"] for x in labels]
    assert all(b - a >= line - 1e-9 for a, b in zip(places, places[1:]))
    assert places[0] == 20.0 and [x["echt"] for x in labels] == [20.0, 51.0, 52.0, 52.2]


def test_demo_reports_have_no_label_over_another(demo: dict) -> None:
    from tests.pdf_layout import clashes

    assert clashes(demo["briefing"]["bytes"]) == [] and clashes(demo["kwartaal"]["bytes"]) == []


@pytest.mark.parametrize("soort", ["briefing", "kwartaal"])
def test_reports_name_providers_products_and_sources_not_codes(demo: dict, soort: str) -> None:
    # File names in the list of deliveries are the codes by design ("WIJKTEAMS_caseload_…"):
    # `\b` does not split them, so they are not flagged.
    text = MEASURE_ID.sub("", demo[soort]["text"])
    found = {m.group(0): text[max(0, m.start() - 60) : m.end() + 20] for m in CODES.finditer(text)}
    assert not found, found


# --------------------------------------------------------------------------------------
# Regiekaart
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regiekaarten(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("regiekaart")
    made = {}
    for provider in ("JBRR", "ENVER"):
        path = out / f"regiekaart-{provider}.pdf"
        args = [
            "--db",
            str(demo_db),
            "rapport",
            "--soort",
            "regiekaart",
            "--aanbieder",
            provider,
            "--periode",
            "2024-12",
            "--uit",
            str(path),
        ]
        assert cli.run(args) == 0
        made[provider] = read_pdf(path.read_bytes())
    return made


def test_regiekaart_is_one_a4_page_about_one_provider_by_name(regiekaarten: dict) -> None:
    from tests.pdf_layout import clashes

    for provider, name in (("JBRR", "Jeugdbescherming Rotterdam Rijnmond"), ("ENVER", "Enver")):
        made = regiekaarten[provider]
        assert len(made["pages"]) == 1 and made["sizes"][0] == pytest.approx(A4, abs=0.5)
        text = flat(made["text"])
        assert f"Regiekaart {name} — december 2024" in text
        found = {m.group(0): text[max(0, m.start() - 60) : m.end() + 20] for m in CODES.finditer(MEASURE_ID.sub("", text))}
        assert not found, found
        assert clashes(made["bytes"]) == []
    jbrr, enver = flat(regiekaarten["JBRR"]["text"]), flat(regiekaarten["ENVER"]["text"])
    # Every domain with its figures, status and norm; process norms only where owed.
    for heading in ("Wachtlijst", "Caseload", "Personeel", "Doorlooptijden", "Wat vraagt actie", "Maatregelen en afspraken"):
        assert heading in jbrr
    assert "Mediane wachttijd 4,3 weken" in jbrr and "▲ boven norm · norm 1 week" in jbrr and "was 7,3 (−3,0)" in jbrr
    assert "Doorlooptijden" not in enver and "Gezinsplan" not in enver
    assert "Alle twintig wachtenden hebben een overbrugger" in jbrr  # its toelichting, beside the figures
    # Its own measures, not another provider's.
    assert "Werkwijze voor netwerkonderzoek" in enver and "Cluster 7" not in enver and "Cluster 7" in jbrr
    assert "Aanleveringen voor december 2024: Geleverd: wachtlijst, gestart, personeel, caseload" in enver
    assert "Vaststelling 4e kwartaal 2024: Het 4e kwartaal 2024 is nog niet vastgesteld" in enver and "Oordeel van Enver: bezwaar" in enver


def test_regiekaart_needs_one_provider(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "r.pdf"
    assert cli.run(["--db", str(demo_db), "rapport", "--soort", "regiekaart", "--periode", "2024-12", "--uit", str(out)]) == 2
    assert "één aanbieder" in capsys.readouterr().err and not out.exists()
    assert (
        cli.run(
            ["--db", str(demo_db), "rapport", "--soort", "regiekaart", "--aanbieder", "ENVER", "--periode", "2019-01", "--uit", str(out)]
        )
        == 1
    )


def test_every_kind_of_report_chart_is_a_valid_vega_lite_spec_and_draws(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report charts are written as plain dicts (no Altair objects to check them): each
    kind, with and without its options, must be valid against Vega-Lite's own schema
    (a misspelt property would otherwise be dropped without a word) and draw an SVG."""
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads((files("altair") / "vegalite" / "v6" / "schema" / "vega-lite-schema.json").read_text(encoding="utf-8"))
    check = jsonschema.validators.validator_for(schema)(schema)
    drawn: list[tuple[dict, str]] = []
    real = charts.vlc.vegalite_to_svg
    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", lambda spec: drawn.append((spec, svg := real(spec))) or svg)

    points = [
        {"maand": f"2024-0{m}-01", "aanbieder": a, "waarde": v * m + 0.5} for m in range(1, 7) for a, v in (("JBRR", 3), ("ENVER", 7))
    ]
    norm = [{"maand": "2024-01-01", "waarde": 14.5, "label": "norm 14,5"}, {"maand": "2024-04-01", "waarde": 15.0, "label": "norm 15"}]
    hidden = [{"maand": "2024-03-01", "aanbieder": "ENVER", "tekst": "<5"}]
    charts.trend(points, ["JBRR", "ENVER"], "jeugdigen")
    charts.trend(
        points,
        ["JBRR", "ENVER"],
        "percentage",
        percent=True,
        reference=norm,
        hidden=hidden,
        zero=False,
        months=("2023-12-01", "2024-07-01"),
    )
    charts.trend([], ["JBRR"], "jeugdigen", hidden=hidden)
    rows = [{"onderdeel": "Eerste contact", "periode": p, "waarde": w} for p, w in (("Q1", 40.0), ("Q2", 55.5))]
    charts.dots(rows, "onderdeel", "binnen de termijn", "periode", ["Q1", "Q2"], reference=90.0, reference_label="signaalwaarde 90%")
    charts.dots(rows, "onderdeel", "binnen de termijn", "periode", ["Q1", "Q2"])
    teams = [{"team": "Noord", "waarde": 12.0, "tekst": "12"}, {"team": "Zuid", "waarde": 30.0, "tekst": "30"}]
    charts.bars(teams, "team", "caseload", reference=14.5, reference_label="norm 14,5")
    charts.bars(teams, "team", "caseload")

    assert len(drawn) == 7
    for spec, svg in drawn:
        assert [e.message for e in check.iter_errors(spec)] == []
        assert svg.lstrip().startswith("<svg")
    typo = json.loads(json.dumps(drawn[0][0]))
    typo["layer"][0]["mark"]["strokeWidht"] = 2  # what the check is for
    assert list(check.iter_errors(typo))
