"""Small-number suppression (dashboard/privacy.py): the rules one by one,
on frames as the dashboard shows them, and where they surface in `kerncijfers`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from dashboard import kerncijfers, privacy
from dashboard.ingest import Outcome, ingest_files
from dashboard.periods import parse_period
from tests.helpers import write_extract


@pytest.fixture(autouse=True)
def default_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JEUGDMONITOR_DREMPEL", raising=False)


# --------------------------------------------------------------------------------------
# Counts, figures, breakdowns
# --------------------------------------------------------------------------------------


def test_counts_one_to_four_are_shown_as_less_than_five() -> None:
    assert privacy.count(0) == 0
    assert [privacy.count(n) for n in (1, 2, 3, 4)] == ["<5"] * 4
    assert privacy.count(5) == 5 and type(privacy.count(5)) is int
    assert privacy.count(123) == 123
    assert privacy.count(None) is None


def test_figures_on_fewer_than_five_young_people_are_not_shown() -> None:
    assert privacy.figure(12.5, 4) is None
    assert privacy.figure(12.5, 0) is None
    assert privacy.figure(12.5, 5) == 12.5
    assert privacy.figure(None, 50) is None
    assert privacy.figure(0.0, 5) == 0.0  # a real 0 % stays 0


def test_one_hidden_cell_hides_the_smallest_other_non_zero_cell() -> None:
    cells = {"OTS": 12, "VOOGDIJ": 3, "JR": 7, "X": 0}
    assert privacy.breakdown(cells) == {"OTS": 12, "VOOGDIJ": "<5", "JR": "x", "X": 0}


def test_secondary_suppression_marks_exactly_one_cell_on_a_tie() -> None:
    out = privacy.breakdown({"A": 2, "B": 6, "C": 6, "D": 9})
    assert out["A"] == "<5"
    assert sorted(v for v in out.values() if v == "x") == ["x"]
    assert out["D"] == 9
    assert {out["B"], out["C"]} == {"x", 6}


def test_no_secondary_suppression_with_two_hidden_cells() -> None:
    assert privacy.breakdown({"A": 2, "B": 3, "C": 10}) == {"A": "<5", "B": "<5", "C": 10}


def test_no_secondary_suppression_when_the_total_is_not_shown() -> None:
    assert privacy.breakdown({"A": 3, "B": 0}, total_shown=False) == {"A": "<5", "B": 0}
    assert privacy.breakdown({"A": 3, "B": 9}, total_shown=False) == {"A": "<5", "B": 9}


def test_nothing_hidden_nothing_changed() -> None:
    assert privacy.breakdown({"A": 0, "B": 5, "C": 6}) == {"A": 0, "B": 5, "C": 6}


def test_threshold_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert privacy.threshold() == 5
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "10")
    assert privacy.threshold() == 10
    assert privacy.count(7) == "<10" and privacy.count(10) == 10
    assert privacy.figure(3.0, 9) is None and privacy.figure(3.0, 10) == 3.0
    assert privacy.breakdown({"A": 8, "B": 12, "C": 30}) == {"A": "<10", "B": "x", "C": 30}
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "3")
    assert privacy.count(3) == 3 and privacy.count(2) == "<3"
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "vijf")
    assert privacy.threshold() == 5  # unreadable: the default


# --------------------------------------------------------------------------------------
# Frames (tables and downloads)
# --------------------------------------------------------------------------------------


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "aanbieder": ["A", "A", "A", "B", "B", "B", "C", "C"],
            "product": ["p", "q", "r", "p", "q", "r", "p", "q"],
            "wachtenden": [12, 3, 7, 2, 4, 20, 0, 6],
            "instroom": [1, 0, 5, 4, 9, 0, 0, 2],
            "mediaan": [1.5, 2.5, 3.5, 4.5, 5.5, 6.5, None, 7.5],
        }
    )


def test_suppress_frame_counts_and_figures() -> None:
    out = privacy.suppress_frame(_frame(), counts=["wachtenden", "instroom"], figures={"mediaan": "wachtenden"})
    assert out["wachtenden"].to_list() == ["12", "<5", "7", "<5", "<5", "20", "0", "6"]
    assert out["instroom"].to_list() == ["<5", "0", "5", "<5", "9", "0", "0", "<5"]
    # a median over fewer than 5 young people is not shown
    assert out["mediaan"].to_list() == [1.5, None, 3.5, None, None, 6.5, None, 7.5]


def test_suppress_frame_breakdown_gets_the_secondary_x_like_breakdown() -> None:
    frame = _frame()
    out = privacy.suppress_frame(frame, counts=["wachtenden"], breakdown_by=["aanbieder"])
    assert out.columns == frame.columns
    # A: 3 is the only hidden cell -> the smallest other non-zero (7) becomes "x"
    # B: two hidden cells (2, 4) -> no "x"; C: nothing hidden
    assert out["wachtenden"].to_list() == ["12", "<5", "x", "<5", "<5", "20", "0", "6"]
    # the same as the dictionary rule, group by group
    for provider in ("A", "B", "C"):
        part = frame.filter(pl.col("aanbieder") == provider)
        expected = privacy.breakdown(dict(zip(part["product"], part["wachtenden"])))
        shown = out.filter(pl.col("aanbieder") == provider)
        assert dict(zip(shown["product"], shown["wachtenden"])) == {k: str(v) for k, v in expected.items()}


def test_suppress_frame_one_x_on_a_tie_and_none_without_a_shown_cell() -> None:
    frame = pl.DataFrame({"g": ["a"] * 4 + ["b"] * 2, "n": [1, 6, 6, 9, 3, 0]})
    out = privacy.suppress_frame(frame, counts=["n"], breakdown_by=["g"])
    assert out["n"].to_list()[:4].count("x") == 1
    assert out["n"].to_list()[4:] == ["<5", "0"]  # total of b is itself < 5: no "x"


def test_suppress_frame_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pl.DataFrame({"g": ["a", "a", "a"], "n": [6, 12, 40], "m": [1.0, 2.0, 3.0]})
    assert privacy.suppress_frame(frame, counts=["n"], figures={"m": "n"}, breakdown_by=["g"])["n"].to_list() == ["6", "12", "40"]
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "10")
    out = privacy.suppress_frame(frame, counts=["n"], figures={"m": "n"}, breakdown_by=["g"])
    assert out["n"].to_list() == ["<10", "x", "40"]
    assert out["m"].to_list() == [None, 2.0, 3.0]
    assert privacy.suppress_frame(frame, counts=["n"], t=3)["n"].to_list() == ["6", "12", "40"]


# --------------------------------------------------------------------------------------
# In kerncijfers
# --------------------------------------------------------------------------------------


def _load(db: Path, *files: Path) -> None:
    results = ingest_files(db, list(files))
    assert all(r.outcome is Outcome.LOADED for r in results), [r.line() for r in results]


def _waitlist(folder: Path, per_product: dict[str, int]) -> Path:
    """JBRR waitlist on 30-06-2024; the i-th young person of a product waits 10 + i days."""
    lines = ["aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum,overbrugging"]
    for product, n in per_product.items():
        for i in range(n):
            lines.append(
                f"JBRR,2024-06-30,JB-{product[:3]}-{i:03d},{product},jeugdbeschermer,{date(2024, 6, 30) - timedelta(days=10 + i)},ja"
            )
    return write_extract(folder, "JBRR_wachtlijst_2024-06.csv", "\n".join(lines) + "\n")


def _kern(db: Path, period: str = "2024-06") -> dict:
    return kerncijfers.build(db, parse_period(period), ["JBRR"])["aanbieders"]["JBRR"]


def test_kerncijfers_small_waitlist(db: Path, tmp_path: Path) -> None:
    _load(db, _waitlist(tmp_path, {"OTS": 4}))
    w = _kern(db)["wachtlijst"]
    assert w["wachtenden"] == "<5"
    assert w["per_product"] == {"OTS": "<5", "VOOGDIJ": 0, "JR": 0}  # total hidden too: no "x"
    assert [w[k] for k in ("mediaan_wachttijd_weken", "p90_wachttijd_weken", "boven_norm_pct", "met_overbrugging_pct")] == [None] * 4


def test_kerncijfers_five_is_shown(db: Path, tmp_path: Path) -> None:
    _load(db, _waitlist(tmp_path, {"OTS": 5}))
    w = _kern(db)["wachtlijst"]
    assert w["wachtenden"] == 5 and w["per_product"] == {"OTS": 5, "VOOGDIJ": 0, "JR": 0}
    assert w["mediaan_wachttijd_weken"] == 1.7  # waits 10..14 days: 12 / 7 = 1.71
    assert w["boven_norm_pct"] == 100.0


def test_kerncijfers_secondary_suppression(db: Path, tmp_path: Path) -> None:
    _load(db, _waitlist(tmp_path, {"OTS": 9, "VOOGDIJ": 6, "JR": 2}))
    w = _kern(db)["wachtlijst"]
    assert w["wachtenden"] == 17
    assert w["per_product"] == {"OTS": 9, "VOOGDIJ": "x", "JR": "<5"}


def test_kerncijfers_two_hidden_cells_no_x(db: Path, tmp_path: Path) -> None:
    _load(db, _waitlist(tmp_path, {"OTS": 9, "VOOGDIJ": 3, "JR": 2}))
    assert _kern(db)["wachtlijst"]["per_product"] == {"OTS": 9, "VOOGDIJ": "<5", "JR": "<5"}


def test_kerncijfers_threshold_from_the_environment(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _load(db, _waitlist(tmp_path, {"OTS": 9, "VOOGDIJ": 6, "JR": 2}))
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "10")
    w = _kern(db)["wachtlijst"]
    # 17 shown; OTS 9 and VOOGDIJ 6 and JR 2 all below 10: three hidden, no "x"
    assert w["wachtenden"] == 17
    assert w["per_product"] == {"OTS": "<10", "VOOGDIJ": "<10", "JR": "<10"}
    monkeypatch.setenv("JEUGDMONITOR_DREMPEL", "2")
    assert _kern(db)["wachtlijst"]["per_product"] == {"OTS": 9, "VOOGDIJ": 6, "JR": 2}


def test_kerncijfers_small_gestart(db: Path, tmp_path: Path) -> None:
    _load(
        db,
        write_extract(
            tmp_path,
            "JBRR_gestart_2024-06.csv",
            "aanbieder,client_id,product,aanmelddatum,startdatum\n"
            "JBRR,JB-OTS-001,OTS,2024-06-01,2024-06-05\n"
            "JBRR,JB-OTS-002,OTS,2024-06-01,2024-06-15\n",
        ),
    )
    assert _kern(db)["gestart"] == {"aantal": "<5", "mediaan_gerealiseerde_wachttijd_dagen": None, "binnen_norm_pct": None}


def test_staff_and_caseload_ratios_are_never_suppressed(db: Path, tmp_path: Path) -> None:
    _load(
        db,
        write_extract(
            tmp_path,
            "JBRR_personeel_2024-06.csv",
            "aanbieder,periode,team,functie,bezetting_fte,bezetting_personen,instroom_personen,"
            "uitstroom_personen,vacatures_fte,verzuim_pct,skj_geregistreerd_personen\n"
            "JBRR,2024-06,Cluster 3,jeugdbeschermer,2.5,3,1,1,0.5,10,2\n",
        ),
        write_extract(
            tmp_path,
            "JBRR_caseload_2024-06.csv",
            "aanbieder,peildatum,team,product,casussen,casushouders_fte,zonder_vaste_casushouder,"
            "contact_binnen_3_maanden\n"
            "JBRR,2024-06-30,Cluster 3,OTS,3,1.0,2,1\n",
        ),
    )
    k = _kern(db)
    assert k["personeel"]["bezetting_personen"] == 3
    assert k["personeel"]["skj_pct"] == 66.7  # 2 of 3
    assert k["personeel"]["verzuim_pct"] == 10.0
    c = k["caseload"]
    # ... except cases without a fixed case holder: young people (dashboard/catalogue.py).
    assert (c["casussen"], c["zonder_vaste_casushouder"], c["caseload"]) == (3, "<5", 3.0)
    # ... and the share of cases seen in 3 months: a percentage over young people (1 of 3 here).
    assert c["contact_3m_pct"] is None
    assert c["per_team"]["Cluster 3"]["casussen"] == 3


def test_contact_within_3_months_is_shown_only_over_five_cases_that_report_it(db: Path, tmp_path: Path) -> None:
    """The share rests on the cases of the teams that report contact: three of them give no
    percentage (it would say whether each of three children was seen), in kerncijfers and
    on the Caseload page, though the provider has 123 cases in all; five do."""
    from dashboard.app.frames import caseload as frames
    from dashboard.figures import Scope, caseload

    header = "aanbieder,peildatum,team,product,casussen,casushouders_fte,zonder_vaste_casushouder,contact_binnen_3_maanden\n"
    teams = "JBRR,2024-07-31,Team A,OTS,30,2,3,\nJBRR,2024-07-31,Team B,OTS,40,3,10,\nJBRR,2024-07-31,Team C,OTS,50,4,20,\n"
    for reporting, expected in ((3, None), (5, 100.0)):
        folder = tmp_path / str(reporting)
        folder.mkdir()
        team_d = f"JBRR,2024-07-31,Team D,OTS,{reporting},1,0,{reporting}\n"
        [r] = ingest_files(db, [write_extract(folder, "JBRR_caseload_2024-07.csv", header + teams + team_d)])
        assert r.outcome in (Outcome.LOADED, Outcome.REPLACED), r.line()  # the second replaces the first
        assert _kern(db, "2024-07")["caseload"]["contact_3m_pct"] == expected
        mart = caseload(db, Scope.of([parse_period("2024-07")], ["JBRR"]))
        provider = mart.filter(mart["niveau"] == "aanbieder").row(0, named=True)
        cell = frames._contact(provider)
        assert (cell.value, cell.status) == (("–", None) if expected is None else ("100,0%", "op norm")), cell


def test_doorlooptijden_with_fewer_than_five_counted_measures(db: Path, tmp_path: Path) -> None:
    head = "aanbieder,client_id,product,maatregel_id,ontvangstdatum,beoordeeld_op,eerste_contact_op,risicotaxatie_op,mdo_op,gezinsplan_op\n"
    # Five measures received Mon 03-06-2024, all assessed the next day; one has a first
    # contact, the others none (past 5 working days on 30-06: counted, late).
    rows = "".join(f"JBRR,JB-OTS-{i:03d},OTS,MP{i},2024-06-03,2024-06-04,{'2024-06-05' if i == 0 else ''},,,\n" for i in range(5))
    _load(db, write_extract(tmp_path, "JBRR_doorlooptijden_2024-06.csv", head + rows))
    d = kerncijfers.build(db, parse_period("2024-06"), ["JBRR"], today=date(2030, 1, 1))["aanbieders"]["JBRR"]["doorlooptijden"]
    assert d["beoordeeld_2_werkdagen_pct"] == 100.0  # 5 of 5
    assert d["eerste_contact_5_werkdagen_pct"] == 20.0  # 1 of 5
    # 19 working days elapsed on 30-06 (more than 14): risk assessment is late for all 5;
    # the family plan (27 days <= 42) is lopend for all: nothing counted -> None.
    assert d["risicotaxatie_14_werkdagen_pct"] == 0.0
    assert d["gezinsplan_6_weken_pct"] is None
    # Evaluated on 05-06 (2 working days after receipt): only the measure with a contact counts.
    d = kerncijfers.build(db, parse_period("2024-06"), ["JBRR"], today=date(2024, 6, 5))["aanbieders"]["JBRR"]["doorlooptijden"]
    assert d["beoordeeld_2_werkdagen_pct"] == 100.0
    assert d["eerste_contact_5_werkdagen_pct"] is None  # 1 counted, 4 lopend
