"""The words beside the figures (issue 12, items 3 and 7): a toelichting per provider,
period and theme, written on the dashboard or with `jeugdmonitor toelichting`, shown on the
theme's page and in the kwartaalrapportage; the advisor's own text for the
wethouderbriefing, written on the Overzicht and printed under "In het kort". Append-only,
with who and when; text printed as typed, never as markup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from dashboard import audit, cli, notes, vaststellen
from dashboard.access import Viewer
from dashboard.periods import parse_period
from dashboard.reports import briefing, quarterly
from tests.helpers import assert_clean, open_app, shown, text

# Typst markup (`*`, `_`, `#`, `$`, `@`, `<…>`, `//`) and Markdown (`**`, `[..](..)`, `:red[`):
# printed literally, none of it interpreted.
SPECIAL = "Wachttijd *niet* _gedaald_ #let x = 1; $a^2$ @ref <lbl> // geen commentaar [link](http://x) :red[rood]"
BEHEER = Viewer("beheer@rotterdam.nl", "gemeente-beheer")
LEZER = Viewer("lezer@rotterdam.nl", "gemeente-lezer")
JBRR = Viewer("medewerker@jbrr.nl", "aanbieder", "JBRR")


def _pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(doc[i].get_textpage().get_text_range().replace("\r", "") for i in range(len(doc)))
    finally:
        doc.close()


def _flat(s: str) -> str:
    return " ".join(s.split())


# --- the data layer: rights, append-only, validation --------------------------------------


def test_a_provider_writes_and_reads_only_its_own_toelichting(demo_copy: Path) -> None:
    june = parse_period("2024-06")
    notes.add_explanation(demo_copy, JBRR, "JBRR", "2024-06", "wachtlijst", "Eigen uitleg JBRR", "P. de Vries")
    with pytest.raises(notes.NoteError) as refused:
        notes.add_explanation(demo_copy, JBRR, "ENVER", "2024-06", "wachtlijst", "Over een ander", "P. de Vries")
    assert refused.value.problems == ["u mag alleen een toelichting schrijven voor JBRR"]
    with pytest.raises(notes.NoteError) as reader:
        notes.add_explanation(demo_copy, LEZER, "JBRR", "2024-06", "wachtlijst", "Lezer schrijft", "L. Lezer")
    assert reader.value.problems == [notes.NO_RIGHT]
    notes.add_explanation(demo_copy, BEHEER, "ENVER", "2024-06", "wachtlijst", "De gemeente over Enver", "A. Jansen")
    # A provider's user reads only its own, whatever it asks for; the municipality all.
    mine = notes.explanations(demo_copy, JBRR, june, providers=["JBRR", "ENVER", "WIJKTEAMS"])
    assert {e.aanbieder for e in mine} == {"JBRR"}
    assert "Eigen uitleg JBRR" in [e.tekst for e in mine]
    everything = notes.explanations(demo_copy, LEZER, june, ["wachtlijst"])
    assert {(e.aanbieder, e.namens, e.tekst) for e in everything} >= {
        ("JBRR", "JBRR", "Eigen uitleg JBRR"),
        ("ENVER", "GEMEENTE", "De gemeente over Enver"),
    }
    told = [e for e in everything if e.namens == "GEMEENTE"]
    assert told[0].kop == "Toelichting van de gemeente over Enver — Wachtlijst, juni 2024"
    assert notes.briefing_text(demo_copy, JBRR, june) is None  # the municipality's words only


def test_a_new_toelichting_is_a_new_version_and_the_old_one_is_kept(demo_copy: Path) -> None:
    june = parse_period("2024-06")
    notes.add_explanation(demo_copy, BEHEER, "WIJKTEAMS", "2024-06", "personeel", "Eerste versie", "A. Jansen")
    notes.add_explanation(demo_copy, BEHEER, "WIJKTEAMS", "2024-06", "personeel", "Tweede versie", "B. Bakker")
    (current,) = notes.explanations(demo_copy, BEHEER, june, ["personeel"], ["WIJKTEAMS"])
    assert (current.tekst, current.door, current.versies) == ("Tweede versie", "B. Bakker", 2)
    assert "1 eerdere versie(s)" in current.wie_wanneer
    texts = [e.tekst for e in notes.history(demo_copy, BEHEER, june, ["WIJKTEAMS"]) if e.thema == "personeel"]
    assert texts == ["Tweede versie", "Eerste versie"]
    # A quarter's toelichting shows with its months, and a month's with its quarter.
    notes.add_explanation(demo_copy, BEHEER, "WIJKTEAMS", "2024-Q2", "personeel", "Over het kwartaal", "A. Jansen")
    assert "Over het kwartaal" in [e.tekst for e in notes.explanations(demo_copy, BEHEER, june, ["personeel"])]
    assert "Tweede versie" in [e.tekst for e in notes.explanations(demo_copy, BEHEER, parse_period("2024-Q2"), ["personeel"])]
    assert "toelichting WIJKTEAMS 2024-06 personeel (namens GEMEENTE)" in audit.read(demo_copy)["wat"].to_list()


@pytest.mark.parametrize("bad", ["met \x1b[31m stuurteken", "omgekeerd \u202e tekst"])
def test_a_toelichting_with_control_characters_is_refused(demo_copy: Path, bad: str) -> None:
    with pytest.raises(notes.NoteError) as refused:
        notes.add_explanation(demo_copy, BEHEER, "JBRR", "2024-06", "algemeen", bad, "A. Jansen")
    assert refused.value.problems == ["tekst: bevat een stuurteken of onzichtbaar leesrichtingsteken (bijvoorbeeld U+202E); verwijder het"]
    notes.add_explanation(demo_copy, BEHEER, "JBRR", "2024-06", "algemeen", "Twee regels:\nde tweede", "A. Jansen")  # a line break is prose


def test_the_briefing_text_newest_wins_and_history_is_kept(demo_copy: Path) -> None:
    dec = parse_period("2024-12")
    notes.set_briefing_text(demo_copy, BEHEER, "2024-12", "Nieuwe duiding", "A. Jansen")
    current = notes.briefing_text(demo_copy, LEZER, dec)
    assert current is not None and (current["tekst"], current["door"]) == ("Nieuwe duiding", "A. Jansen")
    assert current["versies"] == 2  # the demo's text is kept as history
    assert notes.briefing_text_versions(demo_copy, dec)[1]["demo"] is True
    with pytest.raises(notes.NoteError, match="alleen de rol gemeente-beheer"):
        notes.set_briefing_text(demo_copy, LEZER, "2024-12", "Lezer", "L. Lezer")
    with pytest.raises(notes.NoteError, match="ten hoogste 300 tekens"):
        notes.set_briefing_text(demo_copy, BEHEER, "2024-12", "x" * 301, "A. Jansen")


# --- the command line ----------------------------------------------------------------------


def test_cli_toelichting_saves_and_refuses_in_dutch(demo_copy: Path, capsys: pytest.CaptureFixture) -> None:
    ok = ["--db", str(demo_copy), "toelichting", "--aanbieder", "JBRR", "--periode", "2024-11", "--thema", "doorlooptijden"]
    assert cli.run([*ok, "--tekst", "Uitleg over de MDO's", "--door", "A. Jansen"]) == 0
    assert "toelichting opgeslagen: JBRR, november 2024, thema doorlooptijden, door A. Jansen" in capsys.readouterr().out
    (saved,) = notes.explanations(demo_copy, BEHEER, parse_period("2024-11"), ["doorlooptijden"])
    assert (saved.tekst, saved.door, saved.namens) == ("Uitleg over de MDO's", "A. Jansen", "GEMEENTE")
    before = demo_copy.read_bytes()
    for args, message in (
        (
            ["--aanbieder", "XYZ", "--periode", "2024-11", "--thema", "wachtlijst"],
            "onbekende aanbieder 'XYZ'; bekend zijn: JBRR, ENVER, WIJKTEAMS",
        ),
        (
            ["--aanbieder", "JBRR", "--periode", "2024-11", "--thema", "wachttijd"],
            "onbekend thema 'wachttijd'; kies uit wachtlijst, personeel",
        ),
        (["--aanbieder", "JBRR", "--periode", "2024-13", "--thema", "wachtlijst"], "'2024-13' is geen geldige maand"),
        (["--aanbieder", "JBRR", "--periode", "november", "--thema", "wachtlijst"], "verwacht JJJJ-MM of JJJJ-Qn"),
        (["--aanbieder", "JBRR", "--periode", f"{date.today().year + 1}-01", "--thema", "wachtlijst"], "nog niet begonnen"),
    ):
        assert cli.run(["--db", str(demo_copy), "toelichting", *args, "--tekst", "x", "--door", "A. Jansen"]) == 1
        err = capsys.readouterr().err
        assert "toelichting afgewezen; er is niets opgeslagen" in err and message in err, err
        assert "Traceback" not in err
    assert demo_copy.read_bytes() == before
    with pytest.raises(SystemExit) as usage:
        cli.run(["--db", str(demo_copy), "toelichting", "--aanbieder", "JBRR", "--periode", "2024-11", "--thema", "wachtlijst"])
    assert usage.value.code == 2 and "--tekst" in capsys.readouterr().err


# --- the reports ---------------------------------------------------------------------------


def test_the_kwartaalrapportage_prints_the_toelichting_literally(demo_copy: Path) -> None:
    notes.add_explanation(demo_copy, BEHEER, "JBRR", "2024-11", "wachtlijst", SPECIAL, "A. Jansen")
    notes.add_explanation(demo_copy, BEHEER, "ENVER", "2024-Q4", "algemeen", "Algemene uitleg #1", "A. Jansen")
    d = quarterly.data(demo_copy, "2024-Q4")
    (waiting,) = [t for t in d["themas"] if t["titel"] == "Wachtlijsten"]
    assert SPECIAL in [t["tekst"] for t in waiting["toelichtingen"]]
    page = _flat(_pdf_text(quarterly.to_pdf(d)))
    assert _flat(SPECIAL) in page  # every special character printed, nothing formatted
    assert "Toelichting van de gemeente over JBRR — Wachtlijst, november 2024" in page
    assert "Algemene uitleg #1" in page and "Toelichting van aanbieders en gemeente" in page
    # The demo's own toelichting of the quarter, by the provider, with who wrote it.
    assert "Toelichting van Enver — Personeel, 4e kwartaal 2024" in page and "Enver, HR-adviseur (demo)" in page
    # A report about one provider holds that provider's toelichtingen only.
    only = quarterly.data(demo_copy, "2024-Q4", ["ENVER"])
    told = [t["kop"] for th in only["themas"] for t in th["toelichtingen"]] + [t["kop"] for t in only["toelichtingen"]]
    assert told and all("JBRR" not in k for k in told)


def test_the_briefing_prints_the_advisors_words_under_in_het_kort(demo_copy: Path) -> None:
    notes.set_briefing_text(demo_copy, BEHEER, "2024-12", SPECIAL, "A. Jansen")
    pdf = briefing.render_briefing(demo_copy, "2024-12")
    page = _flat(_pdf_text(pdf))
    assert len(pdfium.PdfDocument(pdf)) == 1
    start = page.index("In het kort")
    assert page.index(_flat(SPECIAL)) > start and page.index(_flat(SPECIAL)) < page.index("Verbeterd")
    # The longest text allowed still leaves one page.
    notes.set_briefing_text(demo_copy, BEHEER, "2024-12", "Lange duiding. " * 19 + "Het slot.", "A. Jansen")
    assert len(pdfium.PdfDocument(briefing.render_briefing(demo_copy, "2024-12"))) == 1
    # A provider's own briefing (its measures only, not the municipality's) has none of it.
    own = briefing.data(demo_copy, "2024-12", ["JBRR"], adressaten=["JBRR"])
    assert own["eigen_woorden"] == ""
    assert briefing.data(demo_copy, "2024-12", ["JBRR"], adressaten=["GEMEENTE", "JBRR"])["eigen_woorden"].startswith("Lange duiding.")


def test_the_briefing_text_is_kept_with_an_established_period(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    q4 = parse_period("2024-Q4")
    notes.set_briefing_text(demo_copy, BEHEER, "2024-Q4", "Zoals vastgesteld", "A. Jansen")
    vaststellen.establish(demo_copy, q4, "A. Jansen")
    notes.set_briefing_text(demo_copy, BEHEER, "2024-Q4", "Later geschreven", "A. Jansen")
    assert briefing.data(demo_copy, "2024-Q4")["eigen_woorden"] == "Zoals vastgesteld"
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-Q4"})
    assert_clean(at)
    assert "Zoals vastgesteld" in text(at) and "Later geschreven" not in text(at)
    assert "de briefing houdt de tekst van dat moment" in text(at)
    assert not [t for t in at.text_area if t.key == "briefingtekst_tekst"]  # no new text for it
    assert notes.briefing_text(demo_copy, LEZER, q4)["tekst"] == "Later geschreven"  # kept, as history


# --- the dashboard ---------------------------------------------------------------------------


def test_a_toelichting_written_on_the_page_shows_beside_the_figures(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-12"}, "wachtlijsten")
    assert_clean(at)
    page = text(at)
    assert "Toelichting van JBRR — Wachtlijst, december 2024" in page  # the demo's
    assert "JBRR, manager bedrijfsvoering (demo)" in shown(page)
    at.selectbox(key="toelichting_wachtlijst_aanbieder").set_value("ENVER")
    at.selectbox(key="toelichting_wachtlijst_periode").set_value("2024-Q4")
    at.text_input(key="toelichting_wachtlijst_door").set_value("Test Ambtenaar")
    at.text_area(key="toelichting_wachtlijst_tekst").set_value(SPECIAL)
    at.button(key="toelichting_wachtlijst_opslaan").click().run()
    assert_clean(at)
    assert "Opgeslagen." in [s.value for s in at.success]
    heads = [str(h.proto.body) for h in at.get("html")]
    (mine,) = [h for h in heads if "Toelichting van de gemeente over Enver — Wachtlijst, 4e kwartaal 2024" in h]
    assert "Wachttijd *niet* _gedaald_ #let x = 1; $a^2$ @ref &lt;lbl&gt; // geen commentaar [link](http://x) :red[rood]" in mine
    assert "Test Ambtenaar" in shown(text(at))
    # A second version replaces it beside the figures; the first stays readable under it.
    at.selectbox(key="toelichting_wachtlijst_aanbieder").set_value("ENVER")
    at.selectbox(key="toelichting_wachtlijst_periode").set_value("2024-Q4")
    at.text_area(key="toelichting_wachtlijst_tekst").set_value("Verbeterde uitleg")
    at.button(key="toelichting_wachtlijst_opslaan").click().run()
    assert_clean(at)
    (earlier,) = [e for e in at.expander if e.label == "Eerdere versies (1)"]
    assert "Wachttijd *niet* _gedaald_" in "\n".join(str(h.proto.body) for h in earlier.get("html"))
    assert "Verbeterde uitleg" in text(at)
    # Without text: refused in Dutch, nothing saved.
    at.button(key="toelichting_wachtlijst_opslaan").click().run()
    assert at.error and "tekst: vul een tekst in" in shown(at.error[0].value)


def test_the_briefing_text_is_written_on_the_overzicht(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-12"})
    assert_clean(at)
    assert "De wachtlijst bij Enver blijft de grootste zorg" in text(at)  # the demo's text
    at.text_input(key="briefingtekst_door").set_value("Test Adviseur")
    at.text_area(key="briefingtekst_tekst").set_value("Eigen woorden <b>vet</b> **ook niet**")
    at.button(key="briefingtekst_opslaan").click().run()
    assert_clean(at)
    page = text(at)
    assert "Eigen woorden &lt;b&gt;vet&lt;/b&gt; **ook niet**" in page
    assert "1 eerdere versie(s) bewaard" in shown(page) and "Test Adviseur" in shown(page)
    current = notes.briefing_text(demo_copy, LEZER, parse_period("2024-12"))
    assert current is not None and current["tekst"] == "Eigen woorden <b>vet</b> **ook niet**"
