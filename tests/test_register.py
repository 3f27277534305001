"""The municipality's register of inspection recommendations (README, "The
recommendations register", and kerncijfers `aanbevelingen`).

Small hand-made registers live in tests/fixtures/register:
- basis.yaml: three measures whose status history and deadlines the tests below reason on;
- rag.yaml: one measure per branch of the red/amber/green judgement;
- extracten/: tiny contract files the linked indicators are judged on;
- fouten.yaml, syntaxfout.yaml: files an import must reject;
- seed_000_*.txt, seed_001_*.txt: verbatim copies of the shipped sources (the IGJ news item
  and the 2012 letter), so the shipped recommendations can be compared with them.
Every expected value is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml

from dashboard import figures, indicators, kerncijfers, register, store, warehouse
from dashboard.cli import run
from dashboard.figures import Scope
from dashboard.indicators import Judgement, judge, rag
from dashboard.ingest import Outcome, expand, ingest_files
from dashboard.periods import parse_period
from dashboard.register import RegisterError

ROOT = Path(__file__).resolve().parents[1]
REG = Path(__file__).parent / "fixtures" / "register"
BASIS = REG / "basis.yaml"
SEED_000 = REG / "seed_000_788534dd0821d7d2.txt"
SEED_001 = REG / "seed_001_ce304dd6278cb4b2.txt"
SHARED_SEEDS = Path("/work/shared/seeds")
TABLES = ("reg_rapport", "reg_aanbeveling", "reg_maatregel", "reg_status", "reg_indicator")
STATUSES = ["niet_gestart", "in_uitvoering", "gerealiseerd", "doorgewerkt", "vervallen"]
NOTHING = {"rapport": 0, "aanbeveling": 0, "maatregel": 0, "status": 0, "indicator": 0}


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def import_file(db: Path, path: Path, door: str = "Tester", demo: bool = False) -> dict:
    return register.import_yaml(db, path.read_bytes(), door, source=path.name, demo=demo)


def measure(db: Path, mid: str, on: date) -> dict:
    frame = register.measures(db, on).filter(pl.col("id") == mid)
    assert frame.height == 1, f"expected measure {mid} once, got {frame.height}"
    return frame.row(0, named=True)


def rows(db: Path, table: str, where: str = "") -> list[tuple]:
    """Every stored row of a register table (lists as tuples, so rows can be compared as sets)."""
    with store.reader(db) as con:
        found = con.sql(f"SELECT * FROM {table} {where} ORDER BY ALL").fetchall()
    return [tuple(tuple(v) if isinstance(v, list) else v for v in r) for r in found]


def all_rows(db: Path) -> dict[str, list[tuple]]:
    return {t: rows(db, t) for t in TABLES}


def problems(err: pytest.ExceptionInfo[RegisterError]) -> list[tuple]:
    return [(p.line, p.field, None if p.value is None else str(p.value)) for p in err.value.problems]


def without_header(text: str) -> str:
    """An export without its leading comment lines (they carry the export time)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def load_extracts(db: Path) -> None:
    results = ingest_files(db, expand([REG / "extracten"]))
    bad = [(r.file, [e.text() for e in r.errors]) for r in results if r.outcome not in (Outcome.LOADED, Outcome.REPLACED)]
    assert not bad, bad


@pytest.fixture
def basis(db: Path) -> Path:
    """A fresh database holding basis.yaml, imported by 'Tester'."""
    assert import_file(db, BASIS) == {"rapport": 1, "aanbeveling": 2, "maatregel": 3, "status": 4, "indicator": 0}
    return db


@pytest.fixture(scope="module")
def cijfers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extracts of tests/fixtures/register/extracten and rag.yaml (read-only)."""
    db = tmp_path_factory.mktemp("register") / "jm.duckdb"
    load_extracts(db)
    import_file(db, REG / "rag.yaml")
    return db


# --------------------------------------------------------------------------------------
# Append-only: nothing is ever overwritten
# --------------------------------------------------------------------------------------


def test_a_status_update_adds_one_entry_and_leaves_earlier_entries_untouched(basis: Path) -> None:
    before = register.history(basis, ["T-1"])
    assert before.height == 2 and set(before["door"]) == {"Tester"}
    register.add_status(
        basis,
        "Fatima",
        "T-1",
        datum=date(2024, 10, 1),
        status="doorgewerkt",
        toelichting="Ook na drie maanden wacht niemand",
        bewijs="Rapportage oktober 2024",
    )
    after = register.history(basis, ["T-1"])
    assert after.height == 3
    # Oldest first: the two earlier rows are identical, including vastgelegd_op and door.
    assert after.head(2).rows() == before.rows()
    new = after.row(2, named=True)
    assert (new["datum"], new["status"], new["door"], new["bewijs"]) == (
        date(2024, 10, 1),
        "doorgewerkt",
        "Fatima",
        "Rapportage oktober 2024",
    )
    assert new["vastgelegd_op"] > max(before["vastgelegd_op"])

    # A back-dated update sorts between the others by date, and still changes none of them.
    register.add_status(basis, "Piet", "T-1", datum=date(2024, 1, 10), status="in_uitvoering", toelichting="Tussenstand")
    again = register.history(basis, ["T-1"])
    assert again.height == 4
    assert set(after.rows()) < set(again.rows())
    assert again["datum"].to_list() == [date(2023, 7, 1), date(2024, 1, 10), date(2024, 7, 5), date(2024, 10, 1)]
    # The other measures' histories are not touched at all.
    assert register.history(basis, ["T-3"]).height == 2


def test_a_correction_of_a_measure_is_a_new_version_and_the_old_one_stays(basis: Path) -> None:
    old = rows(basis, "reg_maatregel", "WHERE id = 'T-2'")
    assert len(old) == 1
    correction = """
rapporten: []
aanbevelingen:
- id: TEST-2024-1
  maatregelen:
  - id: T-2
    adressaat: GEMEENTE
    omschrijving: Extra capaciteit inkopen bij JBRR en Enver
    eigenaar: Gemeente Rotterdam, inkoop
    deadline: 2024-09-30
"""
    assert register.import_yaml(basis, correction, "Corrector") == NOTHING | {"maatregel": 1}
    with store.reader(basis) as con:
        versions = con.sql(
            "SELECT omschrijving, deadline, door, vastgelegd_op FROM reg_maatregel WHERE id = 'T-2' ORDER BY vastgelegd_op"
        ).fetchall()
    assert len(versions) == 2
    assert versions[0][:3] == ("Extra capaciteit inkopen", date(2024, 3, 31), "Tester")
    assert versions[1][:3] == ("Extra capaciteit inkopen bij JBRR en Enver", date(2024, 9, 30), "Corrector")
    assert rows(basis, "reg_maatregel", "WHERE id = 'T-2'")[0] in old  # the old row, unchanged
    # The register shows the newest version: with the new deadline T-2 is no longer late.
    m = measure(basis, "T-2", date(2024, 6, 30))
    assert (m["omschrijving"], m["deadline"], m["te_laat"]) == ("Extra capaciteit inkopen bij JBRR en Enver", date(2024, 9, 30), False)
    # The export holds the current version only; importing the correction again adds nothing.
    assert "deadline: 2024-09-30" in register.export_yaml(basis)
    assert register.import_yaml(basis, correction, "Corrector") == NOTHING


def test_two_corrections_in_quick_succession_keep_their_order(basis: Path) -> None:
    # "Later recorded" decides the current version, also when two saves fall in one second.
    for i in range(1, 6):
        register.add_measure(
            basis,
            "Tester",
            "TEST-2024-1",
            id="T-2",
            adressaat="GEMEENTE",
            omschrijving=f"Versie {i}",
            eigenaar="Gemeente Rotterdam, inkoop",
            deadline=date(2024, 9, 30),
        )
    assert measure(basis, "T-2", date(2024, 6, 30))["omschrijving"] == "Versie 5"
    assert len(rows(basis, "reg_maatregel", "WHERE id = 'T-2'")) == 6


def test_every_register_action_only_adds_rows(basis: Path) -> None:
    before = all_rows(basis)
    register.add_status(basis, "Fatima", "T-2", datum=date(2024, 5, 1), status="in_uitvoering")
    register.link_indicator(
        basis,
        "Fatima",
        "T-1",
        cijfer="wachtenden",
        aanbieder="JBRR",
        product="VOOGDIJ",
        vergelijking="<=",
        doel=0,
        doeldatum=date(2024, 7, 1),
    )
    register.link_indicator(
        basis,
        "Fatima",
        "T-1",
        cijfer="wachtenden",
        aanbieder="JBRR",
        product="VOOGDIJ",
        vergelijking="<=",
        doel=5,
        doeldatum=date(2024, 12, 31),
    )  # a new target
    register.add_recommendation(
        basis, "Fatima", "TEST-2024", id="TEST-2024-3", nummer="3", tekst="Nieuwe aanbeveling", adressaten=["ENVER"]
    )
    register.add_measure(
        basis, "Fatima", "TEST-2024-3", id="T-4", adressaat="ENVER", omschrijving="Nieuw", eigenaar="Enver", deadline=date(2024, 12, 31)
    )
    register.import_yaml(basis, register.export_yaml(basis), "Fatima")
    after = all_rows(basis)
    for table in TABLES:
        assert set(before[table]) <= set(after[table]), table
    grown = {t: len(after[t]) - len(before[t]) for t in TABLES}
    assert grown == {"reg_rapport": 0, "reg_aanbeveling": 1, "reg_maatregel": 1, "reg_status": 1, "reg_indicator": 2}
    # The newest link counts; the first target is still stored.
    assert (measure(basis, "T-1", date(2024, 6, 30))["doel"], len(rows(basis, "reg_indicator"))) == (5.0, 2)


def _sql_write_keywords(text: str) -> list[str]:
    found = re.findall(r"\b(UPDATE|DELETE|DROP|TRUNCATE)\b|\b(OR\s+REPLACE|ON\s+CONFLICT)\b", text, re.I)
    return [a or b for a, b in found]


def _strip_sql_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", " ", re.sub(r"--[^\n]*", " ", text), flags=re.S)


def test_there_is_no_update_or_delete_in_the_register_sql() -> None:
    files = [ROOT / "queries" / "schema" / "register.sql", *sorted((ROOT / "queries" / "register").glob("*.sql"))]
    assert len(files) >= 3
    for path in files:
        assert _sql_write_keywords(_strip_sql_comments(path.read_text(encoding="utf-8"))) == [], path.name


def test_there_is_no_update_or_delete_in_the_register_module() -> None:
    tree = ast.parse((ROOT / "dashboard" / "register.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    # The register's SQL lives in queries/register/ (checked above); the module names it.
    assert any(s.startswith("register/toevoegen_") for s in literals)  # the scan does see the literals
    offending = [s for s in literals if _sql_write_keywords(s)]
    assert offending == []
    names = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    names += [name for name, obj in vars(register).items() if callable(obj)]
    bad = re.compile(r"update|delete|remove|edit|wijzig|verwijder|overschrijf|replace|drop|truncate", re.I)
    assert [n for n in names if bad.search(n)] == []


# --------------------------------------------------------------------------------------
# Status at a date, te laat
# --------------------------------------------------------------------------------------
# basis.yaml:
#   T-1 JBRR      deadline 30-06-2024; 01-07-2023 in_uitvoering, 05-07-2024 gerealiseerd
#   T-2 GEMEENTE  deadline 31-03-2024; no updates
#   T-3 WIJKTEAMS deadline 30-09-2024; 01-02-2024 in_uitvoering, then (same date, later in
#                 the file) vervallen


@pytest.mark.parametrize(
    ("mid", "on", "status", "status_datum"),
    [
        ("T-1", date(2023, 6, 30), "niet_gestart", None),  # before the first update
        ("T-1", date(2023, 7, 1), "in_uitvoering", date(2023, 7, 1)),  # on its date
        ("T-1", date(2024, 6, 30), "in_uitvoering", date(2023, 7, 1)),
        ("T-1", date(2024, 7, 4), "in_uitvoering", date(2023, 7, 1)),
        ("T-1", date(2024, 7, 31), "gerealiseerd", date(2024, 7, 5)),
        ("T-2", date(2024, 6, 30), "niet_gestart", None),  # no update at all
        ("T-3", date(2024, 6, 30), "vervallen", date(2024, 2, 1)),  # same date: the later recorded one
    ],
)
def test_status_at_a_date(basis: Path, mid: str, on: date, status: str, status_datum: date | None) -> None:
    m = measure(basis, mid, on)
    assert (m["status"], m["status_datum"]) == (status, status_datum)


def test_two_updates_on_one_date_the_later_recorded_counts(basis: Path) -> None:
    register.add_status(basis, "Fatima", "T-2", datum=date(2024, 5, 1), status="gerealiseerd")
    register.add_status(basis, "Fatima", "T-2", datum=date(2024, 5, 1), status="in_uitvoering", toelichting="Correctie: nog niet klaar")
    m = measure(basis, "T-2", date(2024, 6, 30))
    assert (m["status"], m["toelichting"]) == ("in_uitvoering", "Correctie: nog niet klaar")
    assert register.history(basis, ["T-2"])["status"].to_list() == ["gerealiseerd", "in_uitvoering"]


def test_two_updates_on_one_date_in_one_file_follow_the_file_order(db: Path) -> None:
    reversed_t3 = BASIS.read_text(encoding="utf-8").replace(
        "      - {datum: 2024-02-01, status: in_uitvoering}\n"
        "      - {datum: 2024-02-01, status: vervallen, toelichting: Opgegaan in een andere maatregel}\n",
        "      - {datum: 2024-02-01, status: vervallen, toelichting: Opgegaan in een andere maatregel}\n"
        "      - {datum: 2024-02-01, status: in_uitvoering}\n",
    )
    assert reversed_t3 != BASIS.read_text(encoding="utf-8")
    register.import_yaml(db, reversed_t3, "Tester")
    assert measure(db, "T-3", date(2024, 6, 30))["status"] == "in_uitvoering"


@pytest.mark.parametrize(
    ("mid", "on", "te_laat"),
    [
        ("T-1", date(2024, 6, 29), False),
        ("T-1", date(2024, 6, 30), False),  # deadline on the evaluation date itself: not passed
        ("T-1", date(2024, 7, 1), True),  # passed, still in_uitvoering
        ("T-1", date(2024, 7, 5), False),  # gerealiseerd that day
        ("T-1", date(2025, 1, 1), False),
        ("T-2", date(2024, 3, 31), False),
        ("T-2", date(2024, 4, 1), True),  # niet_gestart after the deadline
        ("T-3", date(2025, 1, 1), False),  # vervallen is never te laat
    ],
)
def test_te_laat(basis: Path, mid: str, on: date, te_laat: bool) -> None:
    assert measure(basis, mid, on)["te_laat"] is te_laat


def test_doorgewerkt_after_the_deadline_is_not_late(basis: Path) -> None:
    register.add_status(basis, "Fatima", "T-2", datum=date(2024, 5, 1), status="doorgewerkt")
    m = measure(basis, "T-2", date(2024, 6, 30))
    assert (m["status"], m["te_laat"], m["rag"]) == ("doorgewerkt", False, "groen")
    assert measure(basis, "T-2", date(2024, 4, 30))["te_laat"] is True  # before that update it was late


def test_vervallen_is_never_late_and_has_no_rag(basis: Path) -> None:
    m = measure(basis, "T-3", date(2025, 6, 30))  # long after the deadline of 30-09-2024
    assert (m["status"], m["te_laat"], m["rag"]) == ("vervallen", False, "n.v.t.")


def test_measures_can_be_selected_per_addressee(basis: Path) -> None:
    on = date(2024, 6, 30)
    assert sorted(register.measures(basis, on)["id"]) == ["T-1", "T-2", "T-3"]
    assert register.measures(basis, on, ["JBRR"])["id"].to_list() == ["T-1"]
    assert sorted(register.measures(basis, on, ["GEMEENTE", "WIJKTEAMS"])["id"]) == ["T-2", "T-3"]
    assert register.measures(basis, on, ["ENVER"]).is_empty()


def test_summary(basis: Path) -> None:
    # On 01-07-2024: T-1 in_uitvoering (late: deadline 30-06), T-2 niet_gestart (late), T-3 vervallen.
    assert register.summary(basis, date(2024, 7, 1)) == {
        "maatregelen": 3,
        "per_status": {"niet_gestart": 1, "in_uitvoering": 1, "gerealiseerd": 0, "doorgewerkt": 0, "vervallen": 1},
        "te_laat": 2,
    }
    assert register.summary(basis, date(2024, 7, 1), ["JBRR"]) == {
        "maatregelen": 1,
        "per_status": dict.fromkeys(STATUSES, 0) | {"in_uitvoering": 1},
        "te_laat": 1,
    }


def test_summary_of_an_empty_register_is_none(db: Path) -> None:
    warehouse.ensure(db)
    assert register.summary(db, date(2024, 6, 30)) is None


# --------------------------------------------------------------------------------------
# Red / amber / green
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "te_laat", "oordeel", "expected"),
    [
        ("vervallen", False, None, "n.v.t."),
        ("vervallen", True, "niet gehaald", "n.v.t."),
        ("in_uitvoering", True, None, "rood"),  # te laat
        ("niet_gestart", True, None, "rood"),  # te laat weighs more than niet gestart
        ("in_uitvoering", True, "gehaald", "rood"),  # te laat even when the indicator is met
        ("in_uitvoering", False, "niet gehaald", "rood"),  # target date passed, not met
        ("gerealiseerd", False, "niet gehaald", "rood"),  # carried out, but it does not work
        ("niet_gestart", False, None, "oranje"),
        ("niet_gestart", False, "gehaald", "oranje"),
        ("in_uitvoering", False, "nog niet gehaald", "oranje"),
        ("gerealiseerd", False, "nog niet gehaald", "oranje"),
        ("in_uitvoering", False, "geen gegevens", "oranje"),
        ("in_uitvoering", False, None, "groen"),
        ("in_uitvoering", False, "gehaald", "groen"),
        ("gerealiseerd", False, "gehaald", "groen"),
        ("doorgewerkt", False, None, "groen"),
    ],
)
def test_rag_rules(status: str, te_laat: bool, oordeel: str | None, expected: str) -> None:
    assert rag(status, te_laat, oordeel) == expected


# rag.yaml on 30-06-2024, with the figures of the extracts (see the comments in rag.yaml).
RAG_ON_30_JUNE = {
    # id:              (status,          te_laat, oordeel,            waarde, maand,             rag)
    "R-VERVALLEN": ("vervallen", False, None, None, None, "n.v.t."),
    "R-TE-LAAT": ("in_uitvoering", True, None, None, None, "rood"),
    "R-NIET-GEHAALD": ("in_uitvoering", False, "niet gehaald", 14.5, date(2024, 6, 30), "rood"),
    "R-NIET-GESTART": ("niet_gestart", False, None, None, None, "oranje"),
    "R-NOG-NIET": ("in_uitvoering", False, "nog niet gehaald", 14.5, date(2024, 6, 30), "oranje"),
    "R-GEEN-GEGEVENS": ("in_uitvoering", False, "geen gegevens", None, None, "oranje"),
    "R-GROEN": ("in_uitvoering", False, None, None, None, "groen"),
    "R-GEHAALD": ("gerealiseerd", False, "gehaald", 0.0, date(2024, 6, 30), "groen"),
    "R-CRISIS": ("in_uitvoering", False, "nog niet gehaald", 50.0, date(2024, 6, 30), "oranje"),
}


def test_rag_as_computed_in_measures(cijfers: Path) -> None:
    frame = register.measures(cijfers, date(2024, 6, 30))
    got = {
        r["id"]: (r["status"], r["te_laat"], r["oordeel"], r["indicator_waarde"], r["indicator_maand"], r["rag"])
        for r in frame.iter_rows(named=True)
    }
    assert got == RAG_ON_30_JUNE
    # The rag column is exactly indicators.rag applied to each row.
    for r in frame.iter_rows(named=True):
        assert r["rag"] == rag(r["status"], r["te_laat"], r["oordeel"])


def test_summary_of_the_rag_register(cijfers: Path) -> None:
    assert register.summary(cijfers, date(2024, 6, 30)) == {
        "maatregelen": 9,
        "per_status": {"niet_gestart": 1, "in_uitvoering": 6, "gerealiseerd": 1, "doorgewerkt": 0, "vervallen": 1},
        "te_laat": 1,
    }
    assert register.summary(cijfers, date(2024, 6, 30), ["ENVER"]) == {
        "maatregelen": 1,
        "per_status": dict.fromkeys(STATUSES, 0) | {"in_uitvoering": 1},
        "te_laat": 0,
    }


# --------------------------------------------------------------------------------------
# Linked indicators, judged on the figures
# --------------------------------------------------------------------------------------
# extracten/:
#   JBRR wachtlijst  30-04: VOOGDIJ 3, OTS 1   31-05: VOOGDIJ 2, OTS 1   30-06: VOOGDIJ 0, OTS 2
#   JBRR caseload    31-05: Cluster 7 (240+80)/(15+5) = 16.0, Cluster 1 100/10 = 10.0,
#                           JBRR 420/30 = 14.0
#                    30-06: Cluster 7 (220+70)/(15+5) = 14.5, Cluster 1 100/8 = 12.5,
#                           JBRR 390/28 = 13.93
#   ENVER gestart    June: CRISIS waits 0 and 4 days (norm 1) -> 50 %; AMBULANT waits 33 and
#                    34 days (norm 98) -> 100 %; ENVER as a whole 3 of 4 -> 75 %
APR, MAY, JUN = date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)
FAR_FUTURE = date(2030, 1, 1)


def test_series_of_a_product_waitlist_equals_the_figures(cijfers: Path) -> None:
    s = indicators.series(cijfers, "wachtenden", "JBRR", product="VOOGDIJ")
    assert s.rows() == [(APR, 3.0), (MAY, 2.0), (JUN, 0.0)]
    fig = figures.wachtlijst_per_product(cijfers, Scope.of(["2024-04", "2024-05", "2024-06"], today=FAR_FUTURE))
    fig = fig.filter((pl.col("aanbieder") == "JBRR") & (pl.col("product") == "VOOGDIJ")).sort("periode")
    assert fig["wachtenden"].cast(pl.Float64).to_list() == s["waarde"].to_list()
    # Without a product: the provider's whole waitlist (4, 3, 2), as figures.wachtlijst has it.
    total = indicators.series(cijfers, "wachtenden", "JBRR")
    assert total.rows() == [(APR, 4.0), (MAY, 3.0), (JUN, 2.0)]
    wl = figures.wachtlijst(cijfers, Scope.of(["2024-04", "2024-05", "2024-06"], today=FAR_FUTURE))
    assert wl.filter(pl.col("aanbieder") == "JBRR").sort("periode")["wachtenden"].to_list() == [4, 3, 2]


def test_series_of_a_team_caseload_equals_the_figures(cijfers: Path) -> None:
    team = indicators.series(cijfers, "caseload", "JBRR", team="Cluster 7")
    assert team.rows() == [(MAY, 16.0), (JUN, 14.5)]  # no caseload delivered for April
    provider = indicators.series(cijfers, "caseload", "JBRR")
    assert provider["maand"].to_list() == [MAY, JUN]
    assert provider["waarde"].to_list() == pytest.approx([14.0, 390 / 28])
    cl = figures.caseload(cijfers, Scope.of(["2024-05", "2024-06"], today=FAR_FUTURE))
    cl7 = cl.filter((pl.col("niveau") == "team") & (pl.col("team") == "Cluster 7")).sort("periode")
    assert cl7["caseload"].to_list() == team["waarde"].to_list()
    jbrr = cl.filter((pl.col("niveau") == "aanbieder") & (pl.col("aanbieder") == "JBRR")).sort("periode")
    assert jbrr["caseload"].to_list() == provider["waarde"].to_list()
    assert indicators.series(cijfers, "caseload", "JBRR", team="Cluster 99").is_empty()


def test_series_of_started_within_norm_per_product(cijfers: Path) -> None:
    # The product matters: CRISIS is 50 %, not ENVER's 75 % as a whole.
    assert indicators.series(cijfers, "gestart_binnen_norm_pct", "ENVER", product="CRISIS").rows() == [(JUN, 50.0)]
    assert indicators.series(cijfers, "gestart_binnen_norm_pct", "ENVER", product="AMBULANT").rows() == [(JUN, 100.0)]
    assert indicators.series(cijfers, "gestart_binnen_norm_pct", "ENVER").rows() == [(JUN, 75.0)]
    per_product = figures.gestart_per_product(cijfers, Scope.of(["2024-06"], today=FAR_FUTURE))
    assert dict(per_product.filter(pl.col("aanbieder") == "ENVER").select("product", "binnen_norm_pct").rows()) == {
        "CRISIS": 50.0,
        "AMBULANT": 100.0,
    }


VOOGDIJ = pl.DataFrame({"maand": [APR, MAY, JUN], "waarde": [3.0, 2.0, 0.0]})


@pytest.mark.parametrize(
    ("on", "doeldatum", "expected"),
    [
        (date(2024, 3, 31), date(2024, 7, 1), Judgement("geen gegevens", None, None)),  # before any month
        (APR, date(2024, 7, 1), Judgement("nog niet gehaald", 3.0, APR)),
        (date(2024, 6, 29), date(2024, 7, 1), Judgement("nog niet gehaald", 2.0, MAY)),  # June's month not reached
        (JUN, date(2024, 7, 1), Judgement("gehaald", 0.0, JUN)),
        (FAR_FUTURE, date(2024, 7, 1), Judgement("gehaald", 0.0, JUN)),  # the newest value
        (MAY, MAY, Judgement("nog niet gehaald", 2.0, MAY)),  # target date on the evaluation date: not passed
        (date(2024, 6, 1), MAY, Judgement("niet gehaald", 2.0, MAY)),  # target date passed
    ],
)
def test_judge_uses_the_newest_value_up_to_the_evaluation_date(on: date, doeldatum: date, expected: Judgement) -> None:
    assert judge(VOOGDIJ, "<=", 0, doeldatum, on) == expected


@pytest.mark.parametrize(
    ("vergelijking", "doel", "oordeel"),
    [
        ("<=", 14.5, "gehaald"),
        ("<", 14.5, "nog niet gehaald"),
        ("=", 14.5, "gehaald"),
        (">=", 14.5, "gehaald"),
        (">", 14.5, "nog niet gehaald"),
        ("<=", 14.0, "nog niet gehaald"),
    ],
)
def test_judge_comparisons(vergelijking: str, doel: float, oordeel: str) -> None:
    caseload = pl.DataFrame({"maand": [MAY, JUN], "waarde": [16.0, 14.5]})
    assert judge(caseload, vergelijking, doel, date(2024, 12, 31), JUN).oordeel == oordeel


def test_judge_without_values() -> None:
    empty = pl.DataFrame(schema={"maand": pl.Date, "waarde": pl.Float64})
    assert judge(empty, "<=", 14.5, date(2024, 1, 1), FAR_FUTURE) == Judgement("geen gegevens", None, None)


def test_a_measure_linked_to_the_figures_over_time(cijfers: Path, tmp_path: Path) -> None:
    db = tmp_path / "jm.duckdb"
    shutil.copy(cijfers, db)
    register.add_measure(
        db,
        "Fatima",
        "RAG-2024-1",
        id="L-1",
        adressaat="JBRR",
        omschrijving="Voogdij: niemand wacht",
        eigenaar="JBRR",
        deadline=date(2024, 12, 31),
    )
    register.link_indicator(
        db, "Fatima", "L-1", cijfer="wachtenden", aanbieder="JBRR", product="voogdij", vergelijking="<=", doel="0", doeldatum="01-06-2024"
    )
    register.add_measure(
        db,
        "Fatima",
        "RAG-2024-1",
        id="L-2",
        adressaat="JBRR",
        omschrijving="Cluster 7 op de norm",
        eigenaar="JBRR",
        deadline=date(2024, 12, 31),
    )
    register.link_indicator(
        db,
        "Fatima",
        "L-2",
        cijfer="caseload",
        aanbieder="JBRR",
        team="Cluster 7",
        vergelijking="<=",
        doel="14,5",
        doeldatum=date(2024, 12, 31),
    )

    def seen(mid: str, on: date) -> tuple:
        m = measure(db, mid, on)
        return m["oordeel"], m["indicator_waarde"], m["indicator_maand"], m["rag"]

    # L-1: VOOGDIJ <= 0 by 01-06-2024 (product given in lower case, stored upper case).
    assert measure(db, "L-1", JUN)["indicator_product"] == "VOOGDIJ"
    assert seen("L-1", date(2024, 3, 31)) == ("geen gegevens", None, None, "oranje")
    assert seen("L-1", APR) == ("nog niet gehaald", 3.0, APR, "oranje")
    assert seen("L-1", MAY) == ("nog niet gehaald", 2.0, MAY, "oranje")
    assert seen("L-1", date(2024, 6, 1)) == ("nog niet gehaald", 2.0, MAY, "oranje")  # target date is today
    assert seen("L-1", date(2024, 6, 2)) == ("niet gehaald", 2.0, MAY, "rood")  # target date passed, May's 2
    assert seen("L-1", JUN) == ("gehaald", 0.0, JUN, "oranje")  # met, but the measure is niet_gestart
    # L-2: Cluster 7 <= 14.5 (target given with a decimal comma) by 31-12-2024.
    assert seen("L-2", APR) == ("geen gegevens", None, None, "oranje")
    assert seen("L-2", MAY) == ("nog niet gehaald", 16.0, MAY, "oranje")
    assert seen("L-2", JUN) == ("gehaald", 14.5, JUN, "oranje")
    register.add_status(db, "Fatima", "L-2", datum=date(2024, 6, 1), status="in_uitvoering")
    assert seen("L-2", JUN) == ("gehaald", 14.5, JUN, "groen")
    # measures() judges exactly as judge() on the series does.
    for r in register.measures(db, JUN).filter(pl.col("cijfer").is_not_null()).iter_rows(named=True):
        s = indicators.series(db, r["cijfer"], r["indicator_aanbieder"], r["indicator_product"], r["indicator_team"], today=JUN)
        j = judge(s, r["vergelijking"], r["doel"], r["doeldatum"], JUN)
        assert (r["oordeel"], r["indicator_waarde"], r["indicator_maand"]) == (j.oordeel, j.waarde, j.maand)
        link = (r["cijfer"], r["indicator_aanbieder"], r["indicator_product"], r["indicator_team"])
        # The series it was judged on, for the chart (with the young people under each value).
        assert r["indicator_reeks"] == indicators.series_many(db, [link], today=JUN)[link].to_dicts()
        assert [{k: v for k, v in d.items() if k != "basis"} for d in r["indicator_reeks"]] == s.to_dicts()


# --------------------------------------------------------------------------------------
# The shipped register on the demo
# --------------------------------------------------------------------------------------


def seed_recommendations() -> list[dict]:
    """The "Aanbeveling voor …:" lines of seed 000 under their numbered finding."""
    found, finding = [], None
    for line in SEED_000.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"\s*(\d)\. (.+)$", line):
            finding = (m.group(1), m.group(2))
        elif m := re.match(r"\s*Aanbeveling voor (.+?): (.+)$", line):
            found.append({"finding_no": finding[0], "bevinding": finding[1], "voor": m.group(1), "tekst": m.group(2)})
    return found


def test_the_seed_copies_are_verbatim() -> None:
    if not SHARED_SEEDS.exists():
        pytest.skip("the shared seeds are not available here")
    for copy in (SEED_000, SEED_001):
        assert copy.read_bytes() == (SHARED_SEEDS / copy.name.removeprefix("seed_")).read_bytes()


def current_recommendations(db: Path) -> dict[str, dict]:
    with store.reader(db) as con:
        frame = con.sql("SELECT * FROM reg_aanbeveling QUALIFY row_number() OVER (PARTITION BY id ORDER BY vastgelegd_op DESC) = 1").pl()
    return {r["id"]: r for r in frame.iter_rows(named=True)}


def test_demo_holds_the_igj_recommendations_verbatim(demo_db: Path) -> None:
    seed = seed_recommendations()
    assert len(seed) == 6
    assert seed[0]["tekst"] == ("onderzoek hoe de wachtlijsten verminderd kunnen worden en zorg voor een toereikend aanbod van hulp;")
    expected = [
        ("IGJ-ROTTERDAM-1a", "1a", ["GEMEENTE"]),
        ("IGJ-ROTTERDAM-1b", "1b", ["JBRR", "WIJKTEAMS"]),
        ("IGJ-ROTTERDAM-2a", "2a", ["GEMEENTE", "JBRR", "ENVER"]),
        ("IGJ-ROTTERDAM-2b", "2b", ["ENVER"]),
        ("IGJ-ROTTERDAM-3", "3", ["GEMEENTE"]),
        ("IGJ-ROTTERDAM-4", "4", ["WIJKTEAMS"]),
    ]
    recs = current_recommendations(demo_db)
    for (rid, nummer, addressees), src in zip(expected, seed, strict=True):
        rec = recs[rid]
        assert rec["tekst"] == src["tekst"], rid
        assert rec["bevinding"] == src["bevinding"], rid
        assert rec["nummer"] == nummer and nummer.startswith(src["finding_no"])
        assert rec["adressaten"] == addressees, rid
        # The addressees are the parties the seed's "Aanbeveling voor …" names.
        named = {"GEMEENTE": "gemeente", "JBRR": "JBRR", "ENVER": "Enver", "WIJKTEAMS": "wijkteams"}
        assert {code for code, word in named.items() if word in src["voor"]} == set(addressees), rid
    with store.reader(demo_db) as con:
        report = con.sql("SELECT instantie, titel, demo FROM reg_rapport WHERE id = 'IGJ-ROTTERDAM'").fetchall()
    assert report == [
        ("Inspectie Gezondheidszorg en Jeugd (IGJ)", "Bij jeugdhulp in Rotterdam naast verbeteringen ook nieuwe veiligheidsrisico’s", False)
    ]
    assert SEED_000.read_text(encoding="utf-8").splitlines()[0] == report[0][1]


def test_demo_holds_the_2012_report(demo_db: Path) -> None:
    with store.reader(demo_db) as con:
        report = con.sql("SELECT instantie, titel, demo FROM reg_rapport WHERE id = 'IJZ-2012-CASUSONDERZOEK-ROTTERDAM'").fetchall()
    assert report == [("Inspectie Jeugdzorg", "Casusonderzoek Rotterdam", False)]
    recs = {k: v for k, v in current_recommendations(demo_db).items() if v["rapport_id"].startswith("IJZ-2012")}
    assert sorted(recs) == ["IJZ-2012-1", "IJZ-2012-2", "IJZ-2012-3"]
    letter = " ".join(SEED_001.read_text(encoding="utf-8").split())  # the letter's lines joined
    for rec in recs.values():
        assert rec["tekst"] in letter, rec["id"]
    assert recs["IJZ-2012-2"]["adressaten"] == ["JBRR", "ENVER"]


def test_demo_measures_are_flagged_demo_and_the_recommendations_are_not(demo_db: Path) -> None:
    with store.reader(demo_db) as con:
        assert con.sql("SELECT DISTINCT demo FROM reg_maatregel").fetchall() == [(True,)]
        assert con.sql("SELECT DISTINCT demo FROM reg_status").fetchall() == [(True,)]
        # The inspection's reports are real; the demo's regie meeting is not.
        assert con.sql("SELECT DISTINCT demo FROM reg_rapport WHERE soort IS NULL").fetchall() == [(False,)]
        assert con.sql("SELECT DISTINCT demo FROM reg_rapport WHERE soort = 'regieoverleg'").fetchall() == [(True,)]
    frame = register.measures(demo_db, date(2024, 6, 30))
    assert frame.height == 10 and frame["demo"].all()
    assert frame["eigenaar"].str.ends_with("(demo)").all()


def test_demo_measures_have_linked_indicators_with_data(demo_db: Path) -> None:
    linked = register.measures(demo_db, date(2024, 6, 30)).filter(pl.col("cijfer").is_not_null())
    with_data = []
    for r in linked.iter_rows(named=True):
        s = indicators.series(
            demo_db, r["cijfer"], r["indicator_aanbieder"], r["indicator_product"], r["indicator_team"], today=date(2024, 6, 30)
        )
        if s.height:
            with_data.append(r["id"])
            newest = s.filter(pl.col("maand") <= date(2024, 6, 30)).row(-1)
            assert (r["indicator_maand"], r["indicator_waarde"]) == newest
            assert r["oordeel"] in ("gehaald", "niet gehaald", "nog niet gehaald")
    assert len(with_data) >= 3, with_data
    assert {"M-1a-GEM-1", "M-1b-JBRR-1"} <= set(with_data)


# Demo measures on 30-06-2024 (data/demo/aanbevelingen_demo.yaml):
#   niet_gestart:  M-2b-ENVER-1 (no update)
#   in_uitvoering: M-1a-GEM-1, M-1a-GEM-2, M-1b-JBRR-1, M-1b-JBRR-2 (gerealiseerd only on
#                  05-07), M-2a-GEM-1, M-4-WT-1, M-2012-2-JBRR-1                        -> 7
#   gerealiseerd:  M-1b-WT-1 (20-03), M-3-GEM-1 (15-06)                                   -> 2
#   te laat:       M-2a-GEM-1 (deadline 31-03-2024); M-1b-JBRR-2's deadline is 30-06 itself -> 1
#   JBRR only:     M-1b-JBRR-1, M-1b-JBRR-2, M-2012-2-JBRR-1, all in_uitvoering, none late
DEMO_JUNE = {
    "maatregelen": 10,
    "per_status": {"niet_gestart": 1, "in_uitvoering": 7, "gerealiseerd": 2, "doorgewerkt": 0, "vervallen": 0},
    "te_laat": 1,
}
DEMO_JUNE_JBRR = {"maatregelen": 3, "per_status": dict.fromkeys(STATUSES, 0) | {"in_uitvoering": 3}, "te_laat": 0}


def test_demo_kerncijfers_aanbevelingen(demo_db: Path) -> None:
    result = kerncijfers.build(demo_db, parse_period("2024-06"))
    assert result["aanbevelingen"] == DEMO_JUNE
    assert list(result["aanbevelingen"]["per_status"]) == STATUSES
    frame = register.measures(demo_db, date(2024, 6, 30))
    assert result["aanbevelingen"]["maatregelen"] == frame.height
    assert result["aanbevelingen"]["per_status"] == {s: frame.filter(pl.col("status") == s).height for s in STATUSES}
    assert result["aanbevelingen"]["te_laat"] == frame["te_laat"].sum()
    assert frame.filter(pl.col("te_laat"))["id"].to_list() == ["M-2a-GEM-1"]
    # One provider: only the measures addressed to it.
    jbrr = kerncijfers.build(demo_db, parse_period("2024-06"), ["JBRR"])
    assert jbrr["aanbevelingen"] == DEMO_JUNE_JBRR
    assert sorted(register.measures(demo_db, date(2024, 6, 30), ["JBRR"])["id"]) == ["M-1b-JBRR-1", "M-1b-JBRR-2", "M-2012-2-JBRR-1"]


def test_demo_kerncijfers_aanbevelingen_on_the_command_line(demo_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["--db", str(demo_db), "kerncijfers", "--periode", "2024-06", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["aanbevelingen"] == DEMO_JUNE
    assert run(["--db", str(demo_db), "kerncijfers", "--periode", "2024-06", "--aanbieder", "JBRR", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["aanbevelingen"] == DEMO_JUNE_JBRR


def test_demo_status_history_moves_with_the_date(demo_db: Path) -> None:
    # M-1a-GEM-1: in_uitvoering 15-06-2023, gerealiseerd 10-07-2024, doorgewerkt 01-10-2024.
    assert [
        measure(demo_db, "M-1a-GEM-1", d)["status"] for d in (date(2023, 6, 14), date(2024, 6, 30), date(2024, 7, 31), date(2024, 12, 31))
    ] == ["niet_gestart", "in_uitvoering", "gerealiseerd", "doorgewerkt"]
    assert register.summary(demo_db, date(2024, 12, 31))["per_status"]["doorgewerkt"] == 2  # M-1a-GEM-1, M-4-WT-1


# --------------------------------------------------------------------------------------
# Import and export
# --------------------------------------------------------------------------------------
# fouten.yaml, one problem of each kind, on the line of the field (or of the block when the
# field is missing):
FOUTEN = [
    (11, "adressaten", "JEUGDZORGPLUS"),  # unknown addressee
    (14, "adressaat", "ENVER"),  # the recommendation is addressed to GEMEENTE only
    (17, "deadline", "2024-31-12"),  # no month 31
    (19, "status", "bijna_klaar"),  # unknown status
    (20, "eigenaar", None),  # missing required field (the block of F-2 starts on line 20)
    (24, "cijfer", "wachtrij"),  # unknown figure
    (30, "product", "AMBULANT"),  # not a JBRR product
]


def test_an_import_lists_every_problem_and_changes_nothing(basis: Path) -> None:
    before = basis.read_bytes()
    with pytest.raises(RegisterError) as err:
        import_file(basis, REG / "fouten.yaml")
    assert problems(err) == FOUTEN
    texts = [p.text() for p in err.value.problems]
    for (line, field, _), text in zip(FOUTEN, texts, strict=True):
        assert text.startswith(f"fouten.yaml, regel {line}, veld '{field}'"), text
    assert "onbekende adressaat" in texts[0]
    assert "de aanbeveling is niet gericht aan ENVER (wel aan GEMEENTE)" in texts[1]
    assert "geen geldige datum" in texts[2]
    assert "onbekende waarde; toegestaan: niet_gestart, in_uitvoering, gerealiseerd, doorgewerkt, vervallen" in texts[3]
    assert "verplicht veld ontbreekt" in texts[4]
    assert "onbekende waarde" in texts[5] and "wachtenden" in texts[5]
    assert "onbekend product voor JBRR" in texts[6]
    assert str(err.value).splitlines() == texts
    # All or nothing: the valid parts (report FOUT-2024, measure F-3) were not stored either.
    assert basis.read_bytes() == before
    assert rows(basis, "reg_rapport", "WHERE id = 'FOUT-2024'") == []


def test_invalid_yaml_is_reported_with_its_line(basis: Path) -> None:
    before = basis.read_bytes()
    with pytest.raises(RegisterError) as err:
        import_file(basis, REG / "syntaxfout.yaml")
    assert [p.text() for p in err.value.problems] == [
        "syntaxfout.yaml, regel 5: geen geldige YAML: controleer inspringing en dubbele punten"
    ]
    assert basis.read_bytes() == before


def test_yaml_aliases_are_refused_before_anything_expands_them(basis: Path) -> None:
    """Ten short lines of aliases referring to aliases make a value of 10**9 items: read as
    text by a check, that took minutes and gigabytes of the server's (seven levels: 8 s).
    Refused at the first alias, with its line, and nothing changes."""
    before = basis.read_bytes()
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    bomb = "\n".join(lines) + "\nrapporten:\n- id: X\n  titel: *a9\n"
    with pytest.raises(RegisterError) as err:
        register.import_yaml(basis, bomb, "Tester", source="bom.yaml")
    assert [p.text() for p in err.value.problems] == [f"bom.yaml, regel 2: {register.ALIAS_RULE}"]
    assert basis.read_bytes() == before


def test_an_export_never_holds_an_alias_so_it_always_imports_again(basis: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML writes an object met twice as an anchor and an alias (one date object under
    two measures), which the import refuses: the export writes every value out."""
    shared = register.tree(basis)
    measures = [m for rec in shared[0]["aanbevelingen"] for m in rec["maatregelen"]]
    assert len(measures) == 3
    for m in measures:
        m["deadline"] = shared[0]["datum"]  # one date object, four places
    monkeypatch.setattr(register, "tree", lambda db, adressaten=None: shared)
    text = register.export_yaml(basis)
    assert "&id" not in text and "*id" not in text
    register.import_yaml(basis, text, "Tester")  # no RegisterError


def test_a_list_where_one_text_belongs_is_refused_not_stored_as_its_python_spelling(basis: Path) -> None:
    text = """
rapporten:
- id: LIJST-2024
  titel: [Eerste deel, tweede deel]
  instantie: Inspectie
  datum: 2024-03-01
"""
    with pytest.raises(RegisterError) as err:
        register.import_yaml(basis, text, "Tester")
    assert (4, "titel", None) in problems(err)
    assert rows(basis, "reg_rapport", "WHERE id = 'LIJST-2024'") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- een lijst\n", [(None, None, None)]),
        ("", [(None, None, None)]),
        ("rapporten: tekst\n", [(1, "rapporten", None)]),
        ("rapporten:\n- id: R\n  instantie: I\n  titel: T\n  aanbevelingen:\n  - alleen tekst\n", [(5, "aanbevelingen", None)]),
        ("rapporten: []\nmaatregelen:\n- id: T-1\n  indicator: wachtenden\n", [(4, "indicator", None)]),
        ("rapporten: []\nmaatregelen:\n- id: T-1\n  historie: gerealiseerd\n", [(4, "historie", None)]),
        ("rapporten: []\nmaatregelen:\n- id: T-9\n  historie: []\n", [(3, "id", "T-9")]),  # unknown measure
        (
            "rapporten: []\nmaatregelen:\n- id: T-1\n  historie:\n  - {datum: 2024-02-30, status: gerealiseerd}\n",
            [(5, "datum", "2024-02-30")],
        ),
        (
            "rapporten: []\nmaatregelen:\n- id: T-1\n  historie:\n  - {datum: 2099-01-01, status: gerealiseerd}\n",
            [(5, "datum", "2099-01-01")],
        ),  # a status update cannot lie in the future
    ],
)
def test_malformed_files_are_rejected_not_crashed(basis: Path, text: str, expected: list[tuple]) -> None:
    before = basis.read_bytes()
    with pytest.raises(RegisterError) as err:
        register.import_yaml(basis, text, "Tester")
    assert problems(err) == expected
    assert basis.read_bytes() == before


def test_forms_are_checked_like_files(basis: Path) -> None:
    before = basis.read_bytes()
    with pytest.raises(RegisterError) as err:  # T-1's recommendation is for GEMEENTE and JBRR
        register.add_measure(
            basis, "Fatima", "TEST-2024-1", id="T-9", adressaat="ENVER", omschrijving="x", eigenaar="Enver", deadline=date(2024, 12, 31)
        )
    assert problems(err) == [(None, "adressaat", "ENVER")]
    with pytest.raises(RegisterError) as err:
        register.add_status(basis, "Fatima", "T-9", datum=date(2024, 1, 1), status="in_uitvoering")
    assert problems(err) == [(None, "id", "T-9")]
    assert "onbekende maatregel" in err.value.problems[0].text()
    with pytest.raises(RegisterError) as err:
        register.add_measure(
            basis, "Fatima", "GEEN-AANBEVELING", id="T-8", adressaat="JBRR", omschrijving="x", eigenaar="JBRR", deadline=date(2024, 12, 31)
        )
    assert problems(err) == [(None, "id", "GEEN-AANBEVELING")]
    assert "onbekende aanbeveling" in err.value.problems[0].text()
    with pytest.raises(RegisterError) as err:
        register.link_indicator(
            basis,
            "Fatima",
            "T-1",
            cijfer="caseload",
            aanbieder="JBRR",
            product="OTS",
            vergelijking="<=",
            doel=14.5,
            doeldatum=date(2024, 12, 31),
        )
    assert problems(err) == [(None, "product", "OTS")]  # caseload is split by team, not by product
    assert err.value.problems[0].text() == (
        "formulier indicator, veld 'product', waarde 'OTS': dit cijfer kent geen uitsplitsing naar product"
    )
    assert basis.read_bytes() == before


@pytest.mark.parametrize("door", ["", "   ", None])
def test_door_is_required(basis: Path, door: str | None) -> None:
    before = basis.read_bytes()
    for action in (
        lambda: register.import_yaml(basis, BASIS.read_bytes(), door),
        lambda: register.add_status(basis, door, "T-2", datum=date(2024, 5, 1), status="in_uitvoering"),
    ):
        with pytest.raises(RegisterError) as err:
            action()
        assert problems(err) == [(None, "door", None)]
        assert "vul uw naam in" in err.value.problems[0].text()
    assert basis.read_bytes() == before


def test_reimporting_the_same_file_adds_nothing(basis: Path) -> None:
    before = basis.read_bytes()
    assert import_file(basis, BASIS, door="Iemand anders") == NOTHING
    assert basis.read_bytes() == before  # not even rewritten


def test_export_then_import_round_trips(basis: Path, tmp_path: Path) -> None:
    # Some history on top of basis.yaml: a correction, an indicator, a status with evidence.
    register.add_measure(
        basis,
        "Fatima",
        "TEST-2024-1",
        id="T-2",
        adressaat="GEMEENTE",
        omschrijving="Extra capaciteit inkopen (gecorrigeerd)",
        eigenaar="Gemeente Rotterdam, inkoop",
        deadline=date(2024, 9, 30),
    )
    register.link_indicator(
        basis,
        "Fatima",
        "T-1",
        cijfer="caseload",
        aanbieder="JBRR",
        team="Cluster 7",
        vergelijking="<=",
        doel=14.5,
        doeldatum=date(2024, 12, 31),
    )
    register.add_status(basis, "Fatima", "T-2", datum=date(2024, 5, 1), status="in_uitvoering", bewijs="https://example.org/verslag")
    exported = register.export_yaml(basis)
    assert exported.startswith("# Register van inspectieaanbevelingen (jeugdmonitor), geëxporteerd op ")
    fresh = tmp_path / "fresh.duckdb"
    added = register.import_yaml(fresh, exported, "Archivaris")
    assert added == {"rapport": 1, "aanbeveling": 2, "maatregel": 3, "status": 5, "indicator": 1}
    assert without_header(register.export_yaml(fresh)) == without_header(exported)
    # The history keeps who made each update; the measures stand the same on any date.
    assert set(register.history(fresh, ["T-2"])["door"]) == {"Fatima"}
    for on in (date(2024, 2, 1), date(2024, 6, 30), date(2024, 7, 31)):
        columns = ["id", "omschrijving", "deadline", "status", "status_datum", "te_laat", "rag", "doel"]
        assert register.measures(fresh, on).select(columns).equals(register.measures(basis, on).select(columns))
    # Importing the export into the register it came from adds nothing.
    assert register.import_yaml(basis, exported, "Fatima") == NOTHING


def test_the_demo_register_round_trips(demo_copy: Path, tmp_path: Path) -> None:
    exported = register.export_yaml(demo_copy)
    assert register.tree(demo_copy) == yaml.safe_load(exported)["rapporten"]  # what the page shows is the export
    assert register.import_yaml(demo_copy, exported, "Tester") == NOTHING
    fresh = tmp_path / "fresh.duckdb"
    register.import_yaml(fresh, exported, "Tester")
    assert without_header(register.export_yaml(fresh)) == without_header(exported)
    assert register.summary(fresh, date(2024, 6, 30)) == DEMO_JUNE
    assert register.measures(fresh, date(2024, 6, 30))["demo"].all()
    assert len(rows(fresh, "reg_status")) == len(rows(demo_copy, "reg_status"))


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def test_cli_import(db: Path, capsys: pytest.CaptureFixture) -> None:
    assert run(["--db", str(db), "aanbevelingen-import", str(BASIS), "--door", "Fatima"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "basis.yaml: geïmporteerd — 1 rapporten, 2 aanbevelingen, 3 maatregelen, "
        "4 statusupdates, 0 indicatoren toegevoegd (ongewijzigde onderdelen niet opnieuw)"
    )
    assert set(register.history(db, ["T-1"])["door"]) == {"Fatima"}
    assert run(["--db", str(db), "aanbevelingen-import", str(BASIS), "--door", "Fatima"]) == 0
    assert "0 maatregelen, 0 statusupdates" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "count", "line"),
    [
        (
            "fouten.yaml",
            7,
            "    - fouten.yaml, regel 17, veld 'deadline', waarde '2024-31-12': geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)",
        ),
        ("syntaxfout.yaml", 1, "    - syntaxfout.yaml, regel 5: geen geldige YAML: controleer inspringing en dubbele punten"),
    ],
)
def test_cli_import_rejects_with_dutch_messages(basis: Path, capsys: pytest.CaptureFixture, name: str, count: int, line: str) -> None:
    before = basis.read_bytes()
    assert run(["--db", str(basis), "aanbevelingen-import", str(REG / name), "--door", "Fatima"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == f"{name}: afgewezen — {count} fout(en); het register is ongewijzigd"
    assert len(lines) == 1 + count and line in lines
    assert "Traceback" not in captured.out + captured.err
    assert basis.read_bytes() == before


def test_cli_import_needs_a_name(basis: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(["--db", str(basis), "aanbevelingen-import", str(BASIS)])
    assert exit_.value.code == 2
    assert "deze argumenten ontbreken: --door" in capsys.readouterr().err
    assert run(["--db", str(basis), "aanbevelingen-import", str(BASIS), "--door", " "]) == 1
    captured = capsys.readouterr()
    assert "vul uw naam in" in captured.out and "Traceback" not in captured.out + captured.err
    assert run(["--db", str(basis), "aanbevelingen-import", str(REG / "bestaat_niet.yaml"), "--door", "F"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_cli_export_writes_a_file_that_imports_cleanly(demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    target = tmp_path / "register.yaml"
    assert run(["--db", str(demo_copy), "aanbevelingen-export", "--uit", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"register geëxporteerd naar {target}"
    fresh = tmp_path / "fresh.duckdb"
    assert run(["--db", str(fresh), "aanbevelingen-import", str(target), "--door", "Archivaris"]) == 0
    assert "12 maatregelen" in capsys.readouterr().out  # 10 measures and the 2 agreements
    assert register.summary(fresh, date(2024, 6, 30)) == DEMO_JUNE
    # Without --uit the export goes to the screen.
    assert run(["--db", str(demo_copy), "aanbevelingen-export"]) == 0
    assert without_header(capsys.readouterr().out) == without_header(target.read_text(encoding="utf-8"))


def test_an_indicator_percentage_over_few_young_people_is_not_shown(cijfers: Path) -> None:
    """The small-number rule for a linked indicator, one decision for dashboard and report:
    ENVER's CRISIS started-within-norm is 50 % of 2 young people, so it is not shown."""
    from dashboard.app.frames import aanbevelingen as ab_frames
    from dashboard.reports import common

    link = ("gestart_binnen_norm_pct", "ENVER", "CRISIS", None)
    s = indicators.series_many(cijfers, [link], today=FAR_FUTURE)[link]
    assert s.rows() == [(JUN, 50.0, 2)]
    assert indicators.shown(*link[:1], 50.0, 2) is None
    assert indicators.shown("gestart_binnen_norm_pct", 75.0, 8) == 75.0
    assert ab_frames.value_text(link[0], 50.0, 2) == "–"
    view = ab_frames.indicator_view(s, {"cijfer": link[0]})
    assert view.chart["waarde_getal"].to_list() == [None] and view.chart["waarde_tekst"].to_list() == ["–"]
    assert "1 maand over minder dan 5 jeugdigen: niet getoond" in view.note
    r = {
        "cijfer": link[0],
        "vergelijking": ">=",
        "doel": 90.0,
        "doeldatum": JUN,
        "indicator_aanbieder": "ENVER",
        "indicator_product": "CRISIS",
        "indicator_team": None,
        "indicator_waarde": 50.0,
        "indicator_maand": JUN,
        "indicator_basis": 2,
        "oordeel": "niet gehaald",
    }
    assert common._indicator_text(r).endswith("stand jun 2024: – (niet gehaald)")
    assert "50" not in common._indicator_text(r).split("stand")[1]


def test_an_indicator_on_cases_without_a_fixed_case_holder_hides_a_small_count() -> None:
    """Cases without a fixed case holder are young people (the metric dictionary): a team's
    1 to 4 is '<5' in a linked indicator too, as on the Caseload page and in the reports."""
    from dashboard import definitions, privacy

    assert indicators.shown("zonder_vaste_casushouder", 3.0, None) == privacy.small()
    assert indicators.shown("zonder_vaste_casushouder", 12.0, None) == 12
    # Named as the dictionary names the figure, with its unit.
    fig = indicators.CATALOG["zonder_vaste_casushouder"]
    assert fig.label == definitions.metric("caseload.zonder_vaste_casushouder").label
