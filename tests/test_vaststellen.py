"""Vaststellen (issue 12): a provider's verdict on its figures, the establishment of a
period with what its figures rest on, and a re-delivery afterwards: `--vastgesteld` keeps
the established figures, the default shows the new ones marked `herzien_na_vaststelling`,
and the kwartaalrapportage of the quarter keeps its figures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard import demo, kerncijfers, vaststellen, vaststelling
from dashboard.cli import run
from dashboard.ingest import Outcome, ingest_files
from dashboard.paths import DEMO
from dashboard.periods import parse_period
from dashboard.reports import quarterly
from tests.helpers import open_app, pdf_pages, shown, text

Q3 = parse_period(demo.ESTABLISHED)
FILE = "ENVER_wachtlijst_2024-09.csv"


def kern(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, dict]:
    code = run(["--db", str(db), "kerncijfers", "--json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def redeliver(db: Path, tmp_path: Path) -> int:
    """ENVER's September waiting list again, with its first ten waiting youngsters gone."""
    lines = (DEMO / FILE).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 20
    (tmp_path / FILE).write_text("\n".join([lines[0], *lines[11:]]) + "\n", encoding="utf-8")
    [r] = ingest_files(db, [tmp_path / FILE])
    assert r.outcome is Outcome.REPLACED, r.line()
    return len(lines) - 1


def comparable(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "stand"}


def test_the_demo_carries_an_established_quarter_marked_as_demo(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    est = vaststelling.established(demo_db, Q3)
    assert est is not None and est.demo and est.by == demo.DEMO_USER
    # What the figures rest on: every delivery up to the quarter's end with its hash, the
    # norms and the register's state.
    assert {d["bestand"] for d in est.deliveries} >= {FILE, "JBRR_wachtlijst_2024-07.csv"}
    assert all(len(d["sha256"]) == 64 for d in est.deliveries)
    assert not any(d["periode"] > "2024-09" for d in est.deliveries if "-Q" not in d["periode"])
    assert {n["norm"] for n in est.norms} >= {"caseload", "wachttijd_weken"}
    assert est.register["regels"] > 0
    assert {v["aanbieder"]: v["oordeel"] for v in est.verdicts} == {"JBRR": "akkoord", "ENVER": "akkoord", "WIJKTEAMS": "akkoord"}
    code, shown = kern(capsys, demo_db, "--periode", Q3.label)
    assert code == 0
    assert shown["stand"]["status"] == "vastgesteld" and shown["stand"]["vastgesteld_door"] == demo.DEMO_USER
    assert shown["stand"]["herzien_na_vaststelling"] is False
    code, later = kern(capsys, demo_db, "--periode", "2024-Q4", "--aanbieder", "ENVER")
    assert later["stand"]["status"] == "voorlopig" and later["stand"]["vastgesteld_op"] is None
    assert later["stand"]["oordelen"]["ENVER"]["oordeel"] == "bezwaar"
    assert list(later["stand"]["oordelen"]) == ["ENVER"]  # only the chosen provider's verdict


def test_a_redelivery_after_establishing_revises_the_figures_but_not_the_established_ones(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, before = kern(capsys, demo_copy, "--periode", Q3.label)
    report_before = quarterly.data(demo_copy, Q3)
    assert report_before["vastgesteld"] and "Vastgestelde cijfers" in report_before["stand"]
    one_before = quarterly.data(demo_copy, Q3, ["ENVER"])
    redeliver(demo_copy, tmp_path)

    code, now = kern(capsys, demo_copy, "--periode", Q3.label)
    assert code == 0
    stand = now["stand"]
    assert stand["status"] == "vastgesteld" and stand["herzien_na_vaststelling"] is True
    [changed] = stand["wijzigingen"]["aanleveringen"]
    assert changed["bestand"] == FILE and changed["vervangt"] == FILE and changed["aanbieder"] == "ENVER"
    paths = {c["cijfer"]: c for c in stand["wijzigingen"]["cijfers"]}
    waiting = paths["aanbieders.ENVER.wachtlijst.wachtenden"]
    assert waiting["vastgesteld"] == before["aanbieders"]["ENVER"]["wachtlijst"]["wachtenden"]
    assert waiting["nu"] == waiting["vastgesteld"] - 10
    assert now["aanbieders"]["ENVER"]["wachtlijst"]["wachtenden"] == waiting["nu"]
    assert not any(k.startswith("aanbieders.JBRR.") for k in paths)  # another provider's figures stand

    code, kept = kern(capsys, demo_copy, "--periode", Q3.label, "--vastgesteld")
    assert code == 0
    assert comparable(kept) == comparable(before)
    assert kept["stand"]["herzien_na_vaststelling"] is True

    # One provider: its figures as established, revised; another's: not revised.
    _, enver = kern(capsys, demo_copy, "--periode", Q3.label, "--aanbieder", "ENVER", "--vastgesteld")
    assert enver["aanbieders"]["ENVER"]["wachtlijst"]["wachtenden"] == waiting["vastgesteld"]
    _, jbrr = kern(capsys, demo_copy, "--periode", Q3.label, "--aanbieder", "JBRR")
    assert jbrr["stand"]["herzien_na_vaststelling"] is False

    # The kwartaalrapportage of the quarter: the same data (figures, charts, texts) as
    # established, and it says it shows the established figures, revised since.
    report_after = quarterly.data(demo_copy, Q3)
    assert comparable(report_after) == comparable(report_before)
    assert "Herzien na vaststelling" in report_after["stand"] and FILE in report_after["stand"]
    assert comparable(quarterly.data(demo_copy, Q3, ["ENVER"])) == comparable(one_before)
    # The live report would differ: the re-delivery does change the figures.
    assert quarterly.live_data(demo_copy, Q3)["themas"] != report_before["themas"]

    # And the printed text is the same, but for the footer that says it was revised since.
    def pages(d: dict) -> list[str]:
        return [" ".join(p.split()).replace(d["stand"], "") for p in pdf_pages(quarterly.to_pdf(d))]

    assert pages(report_after) == pages(report_before)


def test_the_established_report_says_so_on_every_page(demo_db: Path) -> None:
    pdf = quarterly.render_quarterly(demo_db, Q3)
    pages = pdf_pages(pdf)
    assert len(pages) > 3
    for page in pages:
        assert "Vastgestelde cijfers: vastgesteld op" in " ".join(page.split()), page[-300:]
    later = pdf_pages(quarterly.render_quarterly(demo_db, "2024-Q4", ["ENVER"]))
    assert all("Voorlopige cijfers" in " ".join(p.split()) for p in later)


def test_establishing_is_refused_in_dutch_when_it_cannot_stand(demo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(demo_copy), "vaststellen", "--periode", Q3.label, "--door", "A. Jansen"]) == 1
    assert "al vastgesteld op" in capsys.readouterr().err
    with pytest.raises(vaststelling.VaststellingError, match="nog niet voorbij"):
        vaststellen.establish(demo_copy, parse_period("2024-Q4"), "A. Jansen", today=date(2024, 12, 15))
    assert run(["--db", str(demo_copy), "vaststellen", "--periode", "2022-Q1", "--door", "A. Jansen"]) == 1
    assert "geen gegevens" in capsys.readouterr().err
    assert run(["--db", str(demo_copy), "vaststellen", "--periode", "2024-13", "--door", "A. Jansen"]) == 2
    assert run(["--db", str(demo_copy), "kerncijfers", "--periode", "2024-Q2", "--vastgesteld"]) == 1
    assert "niet vastgesteld" in capsys.readouterr().err


def test_establishing_again_after_a_revision_and_an_incomplete_period(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    redeliver(demo_copy, tmp_path)
    # Another correction through the CLI: loaded, with a word that it revises the quarter.
    lines = (tmp_path / FILE).read_text(encoding="utf-8").splitlines()
    (tmp_path / FILE).write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")
    assert run(["--db", str(demo_copy), "ingest", str(tmp_path / FILE)]) == 0
    assert "let op: 3e kwartaal 2024 is vastgesteld op" in capsys.readouterr().out
    assert run(["--db", str(demo_copy), "vaststellen", "--periode", Q3.label, "--door", "A. Jansen"]) == 0
    out = capsys.readouterr().out
    assert "vastgesteld" in out and "A. Jansen" in out
    _, now = kern(capsys, demo_copy, "--periode", Q3.label, "--vastgesteld")
    assert now["stand"]["vastgesteld_door"] == "A. Jansen" and now["stand"]["herzien_na_vaststelling"] is False
    # Both establishments stay (insert-only); the newest counts.
    assert len(vaststelling.established_periods(demo_copy)) == 1


def test_an_incomplete_period_is_not_established(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "figures" / "juni2024"
    results = ingest_files(db, sorted(fixtures.glob("*.csv")))
    assert all(r.outcome is Outcome.LOADED for r in results)
    assert run(["--db", str(db), "vaststellen", "--periode", "2024-Q2", "--door", "A. Jansen"]) == 1
    err = capsys.readouterr().err
    assert "niet compleet" in err and "JBRR doorlooptijden" in err
    assert vaststelling.established(db, parse_period("2024-Q2")) is None


def test_verdicts_are_checked(demo_copy: Path) -> None:
    q = parse_period("2024-Q2")
    with pytest.raises(vaststelling.VaststellingError, match="een reden verplicht"):
        vaststelling.record_verdict(demo_copy, q, "JBRR", "bezwaar", "  ", "p@jbrr.nl")
    with pytest.raises(vaststelling.VaststellingError, match="stuurteken"):
        vaststelling.record_verdict(demo_copy, q, "JBRR", "bezwaar", "fout\u202ehier", "p@jbrr.nl")
    with pytest.raises(vaststelling.VaststellingError, match="nog niet voorbij"):
        vaststelling.record_verdict(demo_copy, q, "JBRR", "akkoord", None, "p@jbrr.nl", today=date(2024, 6, 1))
    vaststelling.record_verdict(demo_copy, q, "JBRR", "bezwaar", "De caseload van juni mist team Zuid.", "p@jbrr.nl")
    vaststelling.record_verdict(demo_copy, q, "JBRR", "akkoord", None, "p@jbrr.nl")
    [v] = vaststelling.verdicts(demo_copy, q, ["JBRR"])
    assert v["oordeel"] == "akkoord" and v["reden"] is None  # the newest counts
    assert vaststelling.verdicts(demo_copy, q, ["ENVER"]) == []
    assert kerncijfers.build(demo_copy, q, ["JBRR"])["stand"]["oordelen"]["JBRR"]["oordeel"] == "akkoord"


def test_the_overzicht_says_the_quarter_is_established_and_revised(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-08"})
    page = shown(text(at))
    assert "Het 3e kwartaal 2024, waarin augustus 2024 valt, is vastgesteld op" in page and "Herzien" not in page
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-11"})
    assert "is vastgesteld op" not in shown(text(at))  # the 4th quarter is voorlopig
    redeliver(demo_copy, tmp_path)
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-09"})
    assert "Herzien na vaststelling:" in shown(text(at))
