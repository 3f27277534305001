"""`kerncijfers`: the headline figures as one JSON object, on the June 2024
scenario of tests/fixtures/figures/juni2024 (rows and hand computations are listed in
tests/test_figures.py), on the bundled demo, and through the command line."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from dashboard import kerncijfers
from dashboard.cli import run
from dashboard.ingest import Outcome, expand, ingest_files
from dashboard.paths import DEMO
from dashboard.periods import parse_period
from tests.helpers import write_extract

FIXTURES = Path(__file__).parent / "fixtures" / "figures" / "juni2024"
SECTIONS = ["wachtlijst", "gestart", "personeel", "caseload", "doorlooptijden", "ijw"]
SECTION_KEYS = {
    "wachtlijst": {
        "peildatum",
        "wachtenden",
        "per_product",
        "mediaan_wachttijd_weken",
        "p90_wachttijd_weken",
        "boven_norm_pct",
        "met_overbrugging_pct",
    },
    "gestart": {"aantal", "mediaan_gerealiseerde_wachttijd_dagen", "binnen_norm_pct"},
    "personeel": {"bezetting_fte", "bezetting_personen", "verloop_12m_pct", "vacaturegraad_pct", "inhuur_pct", "verzuim_pct", "skj_pct"},
    "caseload": {
        "peildatum",
        "casussen",
        "casushouders_fte",
        "caseload",
        "norm",
        "teams_boven_norm",
        "zonder_vaste_casushouder",
        "contact_3m_pct",
        "per_team",
    },
    "doorlooptijden": {
        "beoordeeld_2_werkdagen_pct",
        "eerste_contact_5_werkdagen_pct",
        "risicotaxatie_14_werkdagen_pct",
        "mdo_14_werkdagen_pct",
        "gezinsplan_6_weken_pct",
    },
    "ijw": {
        "verzoeken",
        "toewijzingen",
        "mediaan_dagen_verzoek_toewijzing",
        "toewijzing_binnen_5_werkdagen_pct",
        "starts",
        "mediaan_dagen_toewijzing_start",
        "p90_dagen_toewijzing_start",
        "toegewezen_niet_gestart",
        "waarvan_langer_dan_4_weken",
        "stops",
        "voortijdig_pct",
        "verschil_met_extract_pct",
        "bron_klopt_niet",
        "per_product",
    },
}
TEAM_KEYS = {"casussen", "casushouders_fte", "caseload", "zonder_vaste_casushouder"}


def load(db: Path, *paths: Path) -> None:
    results = ingest_files(db, expand(list(paths)))
    assert all(r.outcome in (Outcome.LOADED, Outcome.REPLACED) for r in results), [r.line() for r in results]


@pytest.fixture(scope="module")
def juni(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("kern") / "jm.duckdb"
    load(db, FIXTURES)
    return db


def build(db: Path, period: str, providers=None, today: date | None = None) -> dict:
    return kerncijfers.build(db, parse_period(period), providers, today)


# The whole object for June 2024, worked out by hand (see test_figures.py for the rows).
EXPECTED_2024_06 = {
    "JBRR": {
        "wachtlijst": {
            "peildatum": "2024-06-30",
            "wachtenden": 5,  # the snapshot of 30-06
            "per_product": {"OTS": "<5", "VOOGDIJ": "<5", "JR": 0},  # 4 and 1: two cells hidden, no "x"
            "mediaan_wachttijd_weken": 3.0,  # 21 days
            "p90_wachttijd_weken": 8.0,  # 35 + 0.6 * 35 = 56 days
            "boven_norm_pct": 80.0,  # 4 / 5: the 7-day wait is not above 1 week
            "met_overbrugging_pct": 40.0,  # 2 / 5
        },
        "gestart": {"aantal": 5, "mediaan_gerealiseerde_wachttijd_dagen": 7.0, "binnen_norm_pct": 60.0},
        "personeel": {
            "bezetting_fte": 80.5,  # 30 + 10 + 40.5
            "bezetting_personen": 110,  # 40 + 12 + 58
            "verloop_12m_pct": 18.0,  # 18 leavers / mean 100
            "vacaturegraad_pct": 11.0,  # 10 / 90.5 = 11.05
            "inhuur_pct": 2.4,  # 2 / 82.5 = 2.42
            "verzuim_pct": 6.0,  # (30*4 + 10*12) / 40
            "skj_pct": 96.2,  # 50 / 52 = 96.15
        },
        "caseload": {
            "peildatum": "2024-06-30",
            "casussen": 475,
            "casushouders_fte": 27.8,
            "caseload": 17.1,  # 475 / 27.8 = 17.09
            "norm": 14.5,
            "teams_boven_norm": ["Cluster 7"],
            "zonder_vaste_casushouder": 65,
            "contact_3m_pct": 90.3,  # 140 / 155 = 90.32
            "per_team": {
                "Cluster 1": {"casussen": 145, "casushouders_fte": 10.0, "caseload": 14.5, "zonder_vaste_casushouder": 5},
                "Cluster 7": {"casussen": 320, "casushouders_fte": 17.8, "caseload": 18.0, "zonder_vaste_casushouder": 60},
                "Cluster 9": {"casussen": 10, "casushouders_fte": 0.0, "caseload": None, "zonder_vaste_casushouder": 0},
            },
        },
        "doorlooptijden": None,  # delivered for March only
        "ijw": None,  # no iJw messages in this store
    },
    "ENVER": {
        "wachtlijst": {
            "peildatum": "2024-06-30",
            "wachtenden": 9,
            # VERBLIJF 2 is hidden; the total 9 is shown, so the smallest other non-zero cell
            # (AMBULANT 7) becomes "x".
            "per_product": {"AMBULANT": "x", "VERBLIJF": "<5", "CRISIS": 0, "DAGBEHANDELING": 0, "DIAGNOSTIEK": 0, "PLEEGZORG": 0},
            "mediaan_wachttijd_weken": 4.3,  # 30 days / 7 = 4.29
            "p90_wachttijd_weken": 13.0,  # 91.2 days / 7 = 13.03
            "boven_norm_pct": 44.4,  # 4 / 9
            "met_overbrugging_pct": 33.3,  # 3 / 9
        },
        "gestart": {"aantal": 8, "mediaan_gerealiseerde_wachttijd_dagen": 91.5, "binnen_norm_pct": 62.5},
        "personeel": None,
        "caseload": {
            "peildatum": "2024-06-30",
            "casussen": 30,
            "casushouders_fte": 2.5,
            "caseload": 12.0,
            "norm": None,
            "teams_boven_norm": None,  # no caseload norm for ENVER
            # 1 case without a fixed case holder: a young person, shown as "<5" (dashboard/catalogue.py),
            # in total and for its one team.
            "zonder_vaste_casushouder": "<5",
            "contact_3m_pct": 93.3,  # 28 / 30
            "per_team": {
                "Enver Ambulant Noord": {"casussen": 30, "casushouders_fte": 2.5, "caseload": 12.0, "zonder_vaste_casushouder": "<5"}
            },
        },
        "doorlooptijden": None,
        "ijw": None,
    },
    "WIJKTEAMS": {
        "wachtlijst": {  # 2 young people: count "<5", figures hidden
            "peildatum": "2024-06-30",
            "wachtenden": "<5",
            "per_product": {"ONDERSTEUNING": "<5"},
            "mediaan_wachttijd_weken": None,
            "p90_wachttijd_weken": None,
            "boven_norm_pct": None,
            "met_overbrugging_pct": None,
        },
        "gestart": {"aantal": "<5", "mediaan_gerealiseerde_wachttijd_dagen": None, "binnen_norm_pct": None},
        "personeel": {
            "bezetting_fte": 16.0,
            "bezetting_personen": 20,
            "verloop_12m_pct": 60.0,  # 3 leavers in 3 months, annualised, on 20
            "vacaturegraad_pct": 11.1,  # 2 / 18
            "inhuur_pct": 0.0,
            "verzuim_pct": None,
            "skj_pct": None,
        },
        "caseload": None,
        "doorlooptijden": None,
        "ijw": None,
    },
}


def test_kerncijfers_june_2024_whole_object(juni: Path) -> None:
    result = build(juni, "2024-06")
    assert result["periode"] == "2024-06"
    assert result["aanbieders"] == EXPECTED_2024_06


def test_the_same_figures_for_one_provider(juni: Path) -> None:
    # One provider is computed on demand, all providers from tables prepared at ingest.
    result = build(juni, "2024-06", ["ENVER"])
    assert list(result["aanbieders"]) == ["ENVER"]
    assert result["aanbieders"]["ENVER"] == EXPECTED_2024_06["ENVER"]
    assert build(juni, "2024-06", ["JBRR"])["aanbieders"]["JBRR"] == EXPECTED_2024_06["JBRR"]


def test_json_shape_keys_and_types(juni: Path) -> None:
    result = build(juni, "2024-06")
    assert {"periode", "aanbieders", "aanbevelingen"} <= set(result)
    assert list(result["aanbieders"]) == ["JBRR", "ENVER", "WIJKTEAMS"]
    for provider, sections in result["aanbieders"].items():
        assert list(sections) == SECTIONS, provider
        for name, section in sections.items():
            if section is None:
                continue
            assert set(section) == SECTION_KEYS[name], (provider, name)
            for team in (section.get("per_team") or {}).values():
                assert set(team) == TEAM_KEYS
    # counts stay ints, figures are floats with at most one decimal
    j = result["aanbieders"]["JBRR"]
    for value in (
        j["wachtlijst"]["wachtenden"],
        j["personeel"]["bezetting_personen"],
        j["caseload"]["casussen"],
        j["caseload"]["zonder_vaste_casushouder"],
        j["caseload"]["per_team"]["Cluster 7"]["casussen"],
    ):
        assert type(value) is int
    for value in _floats(result):
        assert round(value, 1) == value
    assert json.loads(json.dumps(result)) == result


def _floats(obj):
    if isinstance(obj, float):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _floats(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _floats(v)


def test_a_kind_not_delivered_for_the_period_is_null(juni: Path) -> None:
    march = build(juni, "2024-03")["aanbieders"]
    # JBRR delivered doorlooptijden for March, and personeel per quarter (2024-Q1 covers March).
    assert march["JBRR"]["wachtlijst"] is None and march["JBRR"]["gestart"] is None
    assert march["JBRR"]["caseload"] is None
    assert march["JBRR"]["personeel"]["bezetting_personen"] == 110
    assert march["JBRR"]["doorlooptijden"] is not None
    assert all(v is None for v in march["ENVER"].values())


def test_period_without_any_data(juni: Path) -> None:
    result = build(juni, "2022-01")
    assert all(v is None for sections in result["aanbieders"].values() for v in sections.values())
    assert kerncijfers.has_data(result) is False
    assert kerncijfers.has_data(build(juni, "2024-06")) is True


def test_doorlooptijden_percentages_and_small_bases(juni: Path) -> None:
    # March 2024 on 31-03 (see test_figures): counted measures per norm 5, 5, 4, 3, 3.
    d = build(juni, "2024-03", ["JBRR"], today=date(2030, 1, 1))["aanbieders"]["JBRR"]["doorlooptijden"]
    assert d == {
        "beoordeeld_2_werkdagen_pct": 80.0,  # 4 / 5
        "eerste_contact_5_werkdagen_pct": 40.0,  # 2 / 5
        "risicotaxatie_14_werkdagen_pct": None,  # 2 / 4: fewer than 5 counted measures
        "mdo_14_werkdagen_pct": None,  # 2 / 3
        "gezinsplan_6_weken_pct": None,  # 2 / 3
    }


def test_doorlooptijden_evaluate_on_today_when_earlier(juni: Path) -> None:
    # On 20-03 M3's assessment deadline is that very day: lopend, so 4 counted -> hidden.
    early = build(juni, "2024-03", ["JBRR"], today=date(2024, 3, 20))["aanbieders"]["JBRR"]["doorlooptijden"]
    assert early["beoordeeld_2_werkdagen_pct"] is None
    # On 21-03 it is late: 4 of 5 within.
    later = build(juni, "2024-03", ["JBRR"], today=date(2024, 3, 21))["aanbieders"]["JBRR"]["doorlooptijden"]
    assert later["beoordeeld_2_werkdagen_pct"] == 80.0


def test_quarter_period(juni: Path) -> None:
    q = build(juni, "2024-Q2")
    assert q["periode"] == "2024-Q2"
    j = q["aanbieders"]["JBRR"]
    assert j["wachtlijst"] == EXPECTED_2024_06["JBRR"]["wachtlijst"]  # newest snapshot in Q2
    assert j["caseload"] == EXPECTED_2024_06["JBRR"]["caseload"]
    # starts in April (waits 1, 2) and June (0, 3, 7, 8, 30): median 3, within 5 of 7
    assert j["gestart"] == {"aantal": 7, "mediaan_gerealiseerde_wachttijd_dagen": 3.0, "binnen_norm_pct": 71.4}
    # stock figures from June; absence over April-June weighted by FTE:
    # (400 + 232 + 240) / (40 + 38 + 40) = 7.39
    assert j["personeel"] == EXPECTED_2024_06["JBRR"]["personeel"] | {"verzuim_pct": 7.4}


def test_redelivery_replaces_the_earlier_file(db: Path, tmp_path: Path) -> None:
    load(db, FIXTURES)
    again = tmp_path / "herlevering"
    again.mkdir()
    rows = "\n".join(f"JBRR,2024-06-30,JB-OTS-10{i},OTS,jeugdbeschermer,2024-06-{10 + i}" for i in range(6))
    load(
        db,
        write_extract(again, "JBRR_wachtlijst_2024-06.csv", "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n" + rows + "\n"),
    )
    w = build(db, "2024-06")["aanbieders"]["JBRR"]["wachtlijst"]
    # waits 20, 19, 18, 17, 16, 15 days: all OTS, all above 7 days
    assert w["wachtenden"] == 6
    assert w["per_product"] == {"OTS": 6, "VOOGDIJ": 0, "JR": 0}
    assert w["mediaan_wachttijd_weken"] == 2.5  # 17.5 / 7
    assert w["boven_norm_pct"] == 100.0 and w["met_overbrugging_pct"] == 0.0


def test_teams_above_norm_use_the_norm_of_the_peildatum(db: Path, tmp_path: Path) -> None:
    head = "aanbieder,peildatum,team,product,casussen,casushouders_fte,zonder_vaste_casushouder\n"
    load(
        db,
        write_extract(
            tmp_path,
            "JBRR_caseload_2024-12.csv",
            head + "JBRR,2024-12-31,Cluster 1,OTS,130,10,0\nJBRR,2024-12-31,Cluster 2,VOOGDIJ,120,10,0\n",
        ),
        write_extract(
            tmp_path,
            "JBRR_caseload_2025-01.csv",
            head + "JBRR,2025-01-31,Cluster 1,OTS,130,10,0\nJBRR,2025-01-31,Cluster 2,VOOGDIJ,120,10,0\n",
        ),
    )
    dec = build(db, "2024-12", ["JBRR"])["aanbieders"]["JBRR"]["caseload"]
    jan = build(db, "2025-01", ["JBRR"])["aanbieders"]["JBRR"]["caseload"]
    # 13.0 and 12.0 cases per FTE: none above 14.5; from 2025 the norm is 12 and only 13.0 exceeds it
    assert (dec["norm"], dec["teams_boven_norm"], dec["caseload"]) == (14.5, [], 12.5)
    assert (jan["norm"], jan["teams_boven_norm"]) == (12.0, ["Cluster 1"])
    assert jan["contact_3m_pct"] is None  # nobody reported contacts


def test_header_only_gestart_is_zero_started(db: Path, tmp_path: Path) -> None:
    load(db, write_extract(tmp_path, "JBRR_gestart_2024-06.csv", "aanbieder,client_id,product,aanmelddatum,startdatum,urgentie\n"))
    assert build(db, "2024-06", ["JBRR"])["aanbieders"]["JBRR"]["gestart"] == {
        "aantal": 0,
        "mediaan_gerealiseerde_wachttijd_dagen": None,
        "binnen_norm_pct": None,
    }


# --------------------------------------------------------------------------------------
# The demo: figures from the seed documents
# --------------------------------------------------------------------------------------


def test_demo_june_2024(demo_db: Path) -> None:
    j = build(demo_db, "2024-06")["aanbieders"]["JBRR"]
    w = j["wachtlijst"]
    assert w["wachtenden"] == 60
    assert w["per_product"] == {"OTS": 60, "VOOGDIJ": 0, "JR": 0}
    assert w["boven_norm_pct"] == 100.0 and w["met_overbrugging_pct"] == 100.0
    c = j["caseload"]
    assert c["per_team"]["Cluster 7"] == {"casussen": 320, "casushouders_fte": 17.8, "caseload": 18.0, "zonder_vaste_casushouder": 60}
    assert c["teams_boven_norm"] == ["Cluster 7"]
    assert c["norm"] == 14.5


def test_demo_november_2023_and_june_2023(demo_db: Path) -> None:
    nov = build(demo_db, "2023-11")["aanbieders"]["JBRR"]
    assert nov["wachtlijst"]["per_product"]["VOOGDIJ"] == 67
    assert nov["caseload"]["per_team"]["Cluster 7"]["caseload"] == 24.0
    assert build(demo_db, "2023-06")["aanbieders"]["JBRR"]["wachtlijst"]["per_product"]["JR"] == 112


def test_demo_enver_has_waits_over_a_year(demo_db: Path) -> None:
    # Counted straight from the delivered file: waits of more than 52 weeks on 30-06-2024.
    with open(DEMO / "ENVER_wachtlijst_2024-06.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))

    def day(text: str) -> date:
        d, m, y = map(int, text.split("-"))
        return date(y, m, d)

    over_a_year = sum((day(r["peildatum"]) - day(r["aanmelddatum"])).days > 52 * 7 for r in rows)
    assert over_a_year > 0
    from dashboard import figures
    from dashboard.figures import Scope

    v = figures.wachtlijst_verdeling(demo_db, Scope.of(["2024-06"]), "wachttijd")
    got = {r["categorie"]: r["wachtenden"] for r in v.iter_rows(named=True) if r["aanbieder"] == "ENVER"}
    assert got["> 52 weken"] == over_a_year
    assert build(demo_db, "2024-06")["aanbieders"]["ENVER"]["wachtlijst"]["wachtenden"] == len(rows)


def test_demo_correction_replaces_the_may_2024_waitlist(demo_db: Path) -> None:
    def data_rows(path: Path) -> int:
        return len(path.read_text(encoding="utf-8-sig").strip().splitlines()) - 1

    original = data_rows(DEMO / "ENVER_wachtlijst_2024-05.csv")
    corrected = data_rows(DEMO / "correcties" / "ENVER_wachtlijst_2024-05.csv")
    assert corrected == original - 5
    assert build(demo_db, "2024-05")["aanbieders"]["ENVER"]["wachtlijst"]["wachtenden"] == corrected


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path) -> Path:
    db = tmp_path / "cli.duckdb"
    src = tmp_path / "in"
    src.mkdir()
    load(
        db,
        write_extract(
            src,
            "JBRR_personeel_2024-06.csv",
            "aanbieder,periode,team,functie,bezetting_fte,bezetting_personen,instroom_personen,"
            "uitstroom_personen,vacatures_fte\n"
            "JBRR,2024-06,Cluster 1,jeugdbeschermer,1234.5,1400,0,14,0\n",
        ),
        write_extract(
            src,
            "JBRR_wachtlijst_2024-06.csv",
            "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"
            "JBRR,2024-06-30,JB-OTS-001,OTS,jeugdbeschermer,2024-06-01\n"
            "JBRR,2024-06-30,JB-OTS-002,OTS,jeugdbeschermer,2024-06-02\n"
            "JBRR,2024-06-30,JB-OTS-003,OTS,jeugdbeschermer,2024-06-03\n",
        ),
    )
    return db


def test_cli_json(cli_db: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["--db", str(cli_db), "kerncijfers", "--periode", "2024-06", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["periode"] == "2024-06"
    j = out["aanbieders"]["JBRR"]
    assert j["personeel"]["bezetting_fte"] == 1234.5 and j["personeel"]["bezetting_personen"] == 1400
    assert j["personeel"]["verloop_12m_pct"] == 12.0  # 14 * 12 / 1 / 1400 * 100
    assert j["wachtlijst"]["wachtenden"] == "<5"
    assert j["wachtlijst"]["mediaan_wachttijd_weken"] is None
    assert out["aanbieders"]["ENVER"] == dict.fromkeys(SECTIONS)


def test_cli_json_for_one_provider(cli_db: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["--db", str(cli_db), "kerncijfers", "--periode", "2024-06", "--aanbieder", "JBRR", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and list(out["aanbieders"]) == ["JBRR"]


def test_cli_quarter(cli_db: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["--db", str(cli_db), "kerncijfers", "--periode", "2024-Q2", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["periode"] == "2024-Q2"
    assert out["aanbieders"]["JBRR"]["personeel"]["bezetting_fte"] == 1234.5  # June, the last month


def test_cli_period_without_data_exits_1(cli_db: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["--db", str(cli_db), "kerncijfers", "--periode", "2023-01", "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert "2023-01" in captured.err
    json.loads(captured.out)  # still valid JSON, all sections null


def test_cli_table_uses_dutch_numbers_and_suppression(cli_db: Path, capsys: pytest.CaptureFixture) -> None:
    code = run(["--db", str(cli_db), "kerncijfers", "--periode", "2024-06"])
    out = capsys.readouterr().out
    assert code == 0
    lines = {line.split("  ")[0].strip(): line for line in out.splitlines()}
    assert "1.234,5" in lines["Bezetting (fte)"]
    assert "1.400" in lines["Bezetting (personen)"]
    assert "12,0" in lines["Verloop 12 maanden (%)"]
    assert "<5" in lines["Wachtenden (jeugdigen)"]
    assert "1234.5" not in out
