"""The iJw figures (README: "A second source"), computed by hand from a small set of messages.

ENVER, May 2024 (working days exclude Hemelvaartsdag 9 May and Tweede Pinksterdag 20 May):
- anna: request 1 May (RA) -> allocation TW-A 10 May: 9 days, 6 working days (late);
  start 24 May, corrected (StatusAanlevering 2) to 27 May: 17 days; stop 30 May, reason 31.
- bram: request 8 May (RB) -> TW-B 16 May: 8 days, 5 working days across Hemelvaart (in
  time); start 21 May: 5 days; a change of TW-B on 25 May (RedenWijziging 12) is no new
  allocation; stop 31 May, reason 33 (premature).
- cem: request 13 May (RC, diagnostiek) -> TW-C 21 May: 8 days, 5 working days across
  Pinksteren (in time); never started.
- dana: request 17 May, never answered.
- eva: allocation TW-E on 2 April without request; never started (more than 4 weeks).
- finn: allocation TW-F 6 May; start 15 May withdrawn (StatusAanlevering 3) on 20 May.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import figures, ingest, kerncijfers
from dashboard.figures import Scope
from dashboard.periods import parse_period
from tests import ijw_messages as m
from tests.helpers import write_extract


def _messages() -> list[tuple[str, str]]:
    d = "45D01"
    return [
        ("v_anna.xml", m.bericht("jw315", "V-A", "2024-05-01", "anna", [m.verzoek("RA")])),
        ("v_bram.xml", m.bericht("jw315", "V-B", "2024-05-08", "bram", [m.verzoek("RB")], basis_prefix="m")),
        ("v_cem.xml", m.bericht("jw315", "V-C", "2024-05-13", "cem", [m.verzoek("RC", code=d)])),
        ("v_dana.xml", m.bericht("jw315", "V-D", "2024-05-17", "dana", [m.verzoek("RD")])),
        ("t_anna.xml", m.bericht("jw301", "T-A", "2024-05-10", "anna", [m.toewijzing("TW-A", "2024-05-10", ref="RA")])),
        ("t_bram.xml", m.bericht("jw301", "T-B", "2024-05-16", "bram", [m.toewijzing("TW-B", "2024-05-16", ref="RB")])),
        (
            "t_bram2.xml",
            m.bericht("jw301", "T-B2", "2024-05-25", "bram", [m.toewijzing("TW-B", "2024-05-16", ref="RB", eind="2024-12-31", reden="12")]),
        ),
        ("t_cem.xml", m.bericht("jw301", "T-C", "2024-05-21", "cem", [m.toewijzing("TW-C", "2024-05-21", ref="RC", code=d)])),
        ("t_eva.xml", m.bericht("jw301", "T-E", "2024-04-02", "eva", [m.toewijzing("TW-E", "2024-04-02")])),
        ("t_finn.xml", m.bericht("jw301", "T-F", "2024-05-06", "finn", [m.toewijzing("TW-F", "2024-05-06")])),
        ("s_anna.xml", m.bericht("jw305", "S-A", "2024-05-24", "anna", [m.start("TW-A", "2024-05-24")])),
        ("s_anna2.xml", m.bericht("jw305", "S-A2", "2024-05-28", "anna", [m.start("TW-A", "2024-05-27", status="2")])),
        ("s_bram.xml", m.bericht("jw305", "S-B", "2024-05-21", "bram", [m.start("TW-B", "2024-05-21")])),
        ("s_finn.xml", m.bericht("jw305", "S-F", "2024-05-15", "finn", [m.start("TW-F", "2024-05-15")])),
        ("s_finn3.xml", m.bericht("jw305", "S-F3", "2024-05-20", "finn", [m.start("TW-F", "2024-05-15", status="3")])),
        ("e_anna.xml", m.bericht("jw307", "E-A", "2024-05-30", "anna", [m.stop("TW-A", "2024-05-27", "2024-05-30", reden="31")])),
        ("e_bram.xml", m.bericht("jw307", "E-B", "2024-05-31", "bram", [m.stop("TW-B", "2024-05-21", "2024-05-31", reden="33")])),
    ]


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEUGDMONITOR_PSEUDONIEM_SLEUTEL", m.KEY)


@pytest.fixture
def traffic(db: Path, tmp_path: Path, key: None) -> Path:
    folder = tmp_path / "berichten"
    folder.mkdir()
    for name, text in _messages():
        m.write(folder, name, text)
    # The provider's own extract for May reports 4 starts; the traffic shows 2.
    rows = "".join(f"ENVER,C{i:05d},AMBULANT,2024-05-01,2024-05-2{i}\n" for i in range(4))
    write_extract(folder, "ENVER_gestart_2024-05.csv", "aanbieder,client_id,product,aanmelddatum,startdatum\n" + rows)
    results = ingest.ingest_files(db, ingest.expand([folder]))
    assert [r.outcome for r in results] == [ingest.Outcome.LOADED] * len(results), [r.line() for r in results]
    return db


def _provider_row(db: Path, period: str, product: str | None = None) -> dict:
    frame = figures.ijw(db, Scope.of([period], ["ENVER"]))
    rows = [r for r in frame.iter_rows(named=True) if r["aanbieder"] == "ENVER" and r["product"] == product]
    assert len(rows) == 1
    return rows[0]


def test_may_figures_by_hand(traffic: Path) -> None:
    r = _provider_row(traffic, "2024-05")
    assert r["verzoeken"] == 4  # anna, bram, cem, dana (dana's never answered)
    assert r["toewijzingen"] == 4  # TW-A, TW-B, TW-C, TW-F; TW-E is April's, bram's change is no new one
    assert r["mediaan_dagen_verzoek_toewijzing"] == 8.0  # 9, 8, 8
    assert r["toewijzing_binnen_5_werkdagen_pct"] == pytest.approx(200 / 3)  # bram and cem, across the holidays
    assert r["starts"] == 2  # anna (corrected) and bram; finn's start was withdrawn
    assert r["mediaan_dagen_toewijzing_start"] == 11.0  # 5 and 17
    assert r["p90_dagen_toewijzing_start"] == pytest.approx(15.8)  # 5 + 0.9 * 12
    assert r["toegewezen_niet_gestart"] == 3  # cem, eva, finn
    assert r["waarvan_langer_dan_4_weken"] == 1  # eva, allocated 2 April
    assert r["stops"] == 2
    assert r["voortijdig_pct"] == 50.0  # bram (33); anna's stop (31) was planned


def test_per_product_and_quarter(traffic: Path) -> None:
    amb, diag = _provider_row(traffic, "2024-05", "AMBULANT"), _provider_row(traffic, "2024-05", "DIAGNOSTIEK")
    assert (amb["verzoeken"], diag["verzoeken"]) == (3, 1)
    assert (amb["toewijzingen"], diag["toewijzingen"]) == (3, 1)
    assert (amb["toegewezen_niet_gestart"], diag["toegewezen_niet_gestart"]) == (2, 1)
    q = _provider_row(traffic, "2024-Q2")
    assert q["toewijzingen"] == 5  # eva's April allocation too
    # On 30 June cem, eva and finn still wait, all allocated before 2 June.
    assert (q["toegewezen_niet_gestart"], q["waarvan_langer_dan_4_weken"]) == (3, 3)


def test_kerncijfers_section_unsuppressed_with_threshold_one(traffic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "1")
    section = kerncijfers.build(traffic, parse_period("2024-05"), ["ENVER"])["aanbieders"]["ENVER"]["ijw"]
    assert section["verzoeken"] == 4 and section["starts"] == 2
    assert section["toewijzing_binnen_5_werkdagen_pct"] == 66.7
    assert section["p90_dagen_toewijzing_start"] == 15.8
    # (2 - 4) / 4: the extract claims twice the starts the traffic shows.
    assert section["verschil_met_extract_pct"] == -50.0
    assert section["bron_klopt_niet"] is True
    assert section["per_product"]["DIAGNOSTIEK"]["toewijzingen"] == 1


def test_kerncijfers_suppresses_small_numbers(traffic: Path) -> None:
    result = kerncijfers.build(traffic, parse_period("2024-05"), ["ENVER"])
    section = result["aanbieders"]["ENVER"]["ijw"]
    assert section["verzoeken"] == "<5" and section["starts"] == "<5" and section["stops"] == "<5"
    assert section["mediaan_dagen_verzoek_toewijzing"] is None  # 3 young people
    assert section["voortijdig_pct"] is None
    assert section["verschil_met_extract_pct"] is None  # 2 starts would be recoverable
    assert section["per_product"]["DIAGNOSTIEK"]["verzoeken"] == "<5"
    text = json.dumps(result)
    assert "66.7" not in text and "15.8" not in text
    # Before the traffic began there is nothing to say: the section is null.
    assert kerncijfers.build(traffic, parse_period("2024-03"), ["ENVER"])["aanbieders"]["ENVER"]["ijw"] is None


def test_identical_message_stored_once(traffic: Path, tmp_path: Path) -> None:
    name, text = _messages()[0]
    again = m.write(tmp_path, "opnieuw_" + name, text)
    before = traffic.read_bytes()
    [r] = ingest.ingest_files(traffic, [again])
    assert r.outcome is ingest.Outcome.DUPLICATE
    assert traffic.read_bytes() == before
    # The same identification with other content is refused.
    other = m.write(tmp_path, "anders.xml", text.replace("2024-05-01", "2024-05-02"))
    [r] = ingest.ingest_files(traffic, [other])
    assert r.outcome is ingest.Outcome.REJECTED
    assert "al geladen" in r.errors[0].rule
    assert traffic.read_bytes() == before


def test_a_provider_scope_never_sees_another_providers_traffic(traffic: Path) -> None:
    """What a JBRR user is shown is computed with scope JBRR: ENVER's messages are in no
    row, not even in the total."""
    frame = figures.ijw(traffic, Scope.of(["2024-05"], ["JBRR"]))
    assert "ENVER" not in frame["aanbieder"].to_list()
    assert frame["verzoeken"].sum() == 0 and frame["toegewezen_niet_gestart"].sum() == 0
    assert figures.ijw(traffic, Scope.of(["2024-05"], ["ENVER"]))["verzoeken"].sum() > 0  # the same query sees them
    check = figures.ijw_kruiscontrole(traffic, Scope.of(["2024-05"], ["JBRR"]))
    assert check["aanbieder"].to_list() == ["JBRR"] and check["starts"].to_list() == [None]


def test_demo_traffic_matches_the_extracts_but_one_month(demo_db: Path) -> None:
    """The demo's ENVER messages agree with its `gestart` extract, except November 2024,
    where a quarter of the start messages is missing on purpose."""
    check = figures.ijw_kruiscontrole(demo_db, Scope.of(["2024-10", "2024-11", "2024-12"], ["ENVER"]))
    rows = {r["periode"]: r for r in check.iter_rows(named=True)}
    assert rows["2024-10"]["starts"] == rows["2024-10"]["gestart_extract"] > 0
    assert rows["2024-12"]["starts"] == rows["2024-12"]["gestart_extract"] > 0
    assert rows["2024-11"]["bron_klopt_niet"] is True
    assert not rows["2024-10"]["bron_klopt_niet"] and not rows["2024-12"]["bron_klopt_niet"]


def test_demo_messages_are_fictitious() -> None:
    """Every BSN in data/demo/ijw lies in the test range (the files are checked against
    their generator in test_demo_data)."""
    import re

    from dashboard.paths import DEMO

    bsns = {int(b) for f in (DEMO / "ijw").glob("*.xml") for b in re.findall(rb"<m:Bsn>(\d+)</m:Bsn>", f.read_bytes())}
    assert len(bsns) > 500 and all(999990000 <= b <= 999999999 for b in bsns)
