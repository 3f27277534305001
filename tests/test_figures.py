"""The figures of the metric dictionary (dashboard/definitions.py), computed by
`dashboard.figures` on small contract files and checked against values worked out by hand
in each test.

The shared scenario is tests/fixtures/figures/juni2024 (June 2024, three providers). Its
rows, as far as a test needs them, are repeated in the comments below so that a reader can
redo the arithmetic without opening the files. Dates are chosen to give round numbers:
every JBRR waiting time on 30-06-2024 is a whole number of weeks.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import holidays
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import figures, store, workdays
from dashboard.figures import Scope
from dashboard.ingest import Outcome, expand, ingest_files
from tests.helpers import write_extract

FIXTURES = Path(__file__).parent / "fixtures" / "figures" / "juni2024"
ALL = ["JBRR", "ENVER", "WIJKTEAMS"]
FAR_FUTURE = date(2030, 1, 1)  # `today` well after every period: evaluation date = period end


def load(db: Path, *paths: Path) -> None:
    """Ingest files (or folders) through the real ingest; every file must be accepted."""
    results = ingest_files(db, expand(list(paths)))
    bad = [(r.file, [e.text() for e in r.errors]) for r in results if r.outcome not in (Outcome.LOADED, Outcome.REPLACED)]
    assert not bad, bad


def one(df: pl.DataFrame, **where: object) -> dict:
    """The single row of `df` matching `where` (None matches null)."""
    for k, v in where.items():
        df = df.filter(pl.col(k).is_null() if v is None else pl.col(k) == v)
    assert df.height == 1, f"expected one row for {where}, got {df.height}"
    return df.row(0, named=True)


@pytest.fixture(scope="module")
def juni(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The June 2024 scenario, loaded once for this module (read-only)."""
    db = tmp_path_factory.mktemp("juni") / "jm.duckdb"
    load(db, FIXTURES)
    return db


def scope(period: str = "2024-06", providers=ALL, today: date = FAR_FUTURE) -> Scope:
    return Scope.of([period], providers=providers, today=today)


# --------------------------------------------------------------------------------------
# Waitlists
# --------------------------------------------------------------------------------------
# JBRR_wachtlijst_2024-05.csv, peildatum 31-05-2024: JB-OTS-004, JB-OTS-005, JB-OTS-901,
#   JB-OTS-902 (OTS), JB-VOO-904 (VOOGDIJ), JB-JR-0903 (JR)               -> 6 rows
# JBRR_wachtlijst_2024-06.csv, peildatum 30-06-2024, all wacht_op = jeugdbeschermer (norm 1
# week = 7 days):
#     JB-OTS-001 OTS      aangemeld 23-06  wait  7 days (1 week)  overbrugging ja
#     JB-OTS-002 OTS      aangemeld 16-06  wait 14 days (2 weeks) overbrugging nee
#     JB-VOO-003 VOOGDIJ  aangemeld 09-06  wait 21 days (3 weeks) overbrugging ja
#     JB-OTS-004 OTS      aangemeld 26-05  wait 35 days (5 weeks) overbrugging nee
#     JB-OTS-005 OTS      aangemeld 21-04  wait 70 days (10 wks)  overbrugging nee
#
# ENVER_wachtlijst_2024-06.csv (BOM, `;`, DD-MM-YYYY), peildatum 30-06-2024:
#     EN-1 AMBULANT intake       02-06  28 days  norm 4 wk = 28  -> not above (equal)
#     EN-2 AMBULANT intake       01-06  29 days                  -> above
#     EN-3 AMBULANT diagnostiek  01-06  29 days  norm 28         -> above
#     EN-4 AMBULANT behandeling  21-04  70 days  norm 10 wk = 70 -> not above  (overbrugging)
#     EN-5 AMBULANT behandeling  20-04  71 days                  -> above      (overbrugging)
#     EN-6 VERBLIJF plaatsing    31-03  91 days  norm 13 wk = 91 -> not above  (overbrugging)
#     EN-7 VERBLIJF plaatsing    30-03  92 days                  -> above
#     EN-8 AMBULANT intake       16-06  14 days                  -> not above
#     EN-9 AMBULANT behandeling  31-05  30 days                  -> not above
#
# WIJKTEAMS_wachtlijst_2024-06.csv: ONDERSTEUNING/ondersteuning 28 days (not above), 29 (above).


def test_wachtenden_come_from_the_newest_snapshot_of_the_period(juni: Path) -> None:
    row = one(figures.wachtlijst(juni, scope()), aanbieder="JBRR")
    assert (row["peildatum"], row["wachtenden"]) == (date(2024, 6, 30), 5)
    may = one(figures.wachtlijst(juni, scope("2024-05")), aanbieder="JBRR")
    assert (may["peildatum"], may["wachtenden"]) == (date(2024, 5, 31), 6)
    # The quarter's newest snapshot is June's, not May's 6.
    q2 = one(figures.wachtlijst(juni, scope("2024-Q2")), aanbieder="JBRR")
    assert (q2["peildatum"], q2["wachtenden"]) == (date(2024, 6, 30), 5)


def test_a_file_with_two_peildata_counts_its_newest_snapshot(db: Path, tmp_path: Path) -> None:
    # definitions.py: wachtenden are the rows of the newest snapshot of the period (the latest
    # peildatum in it). A quarterly file holds a snapshot per month.
    load(
        db,
        write_extract(
            tmp_path,
            "JBRR_wachtlijst_2024-Q2.csv",
            "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"
            "JBRR,2024-05-31,JB-OTS-001,OTS,jeugdbeschermer,2024-05-01\n"
            "JBRR,2024-05-31,JB-OTS-002,OTS,jeugdbeschermer,2024-05-24\n"
            "JBRR,2024-05-31,JB-OTS-003,OTS,jeugdbeschermer,2024-05-24\n"
            "JBRR,2024-06-30,JB-OTS-002,OTS,jeugdbeschermer,2024-05-24\n"
            "JBRR,2024-06-30,JB-VOO-004,VOOGDIJ,jeugdbeschermer,2024-06-16\n",
        ),
    )
    s = scope("2024-Q2", providers=["JBRR"])
    row = one(figures.wachtlijst(db, s), aanbieder="JBRR")
    assert (row["peildatum"], row["wachtenden"]) == (date(2024, 6, 30), 2)
    assert row["mediaan_wachttijd_weken"] == pytest.approx((37 + 14) / 2 / 7)  # waits 37 and 14 days
    may = one(figures.wachtlijst(db, scope("2024-05", providers=["JBRR"])), aanbieder="JBRR")
    assert (may["peildatum"], may["wachtenden"]) == (date(2024, 5, 31), 3)
    stroom = figures.wachtlijst_stroom(db, s)
    # 31-05 -> 30-06: OTS 001 and 003 gone; VOOGDIJ 004 new
    assert {r["product"]: (r["instroom"], r["uitstroom"]) for r in stroom.iter_rows(named=True)} == {
        "OTS": (0, 2),
        "VOOGDIJ": (1, 0),
        "JR": (0, 0),
    }


def test_median_and_p90_are_continuous_quantiles_in_weeks(juni: Path) -> None:
    wl = figures.wachtlijst(juni, scope())
    jbrr = one(wl, aanbieder="JBRR")
    # waits 7, 14, 21, 35, 70 days. Median: position 0.5 * (5-1) = 2 -> 21 days = 3 weeks.
    assert jbrr["mediaan_wachttijd_weken"] == pytest.approx(21 / 7)
    # p90: position 0.9 * 4 = 3.6 -> 35 + 0.6 * (70 - 35) = 56 days = 8 weeks.
    assert jbrr["p90_wachttijd_weken"] == pytest.approx((35 + 0.6 * (70 - 35)) / 7)
    assert jbrr["p90_wachttijd_weken"] == pytest.approx(8.0)

    enver = one(wl, aanbieder="ENVER")
    # sorted: 14, 28, 29, 29, 30, 70, 71, 91, 92. Median: position 4 -> 30 days.
    assert enver["mediaan_wachttijd_weken"] == pytest.approx(30 / 7)
    # p90: position 0.9 * 8 = 7.2 -> 91 + 0.2 * (92 - 91) = 91.2 days.
    assert enver["p90_wachttijd_weken"] == pytest.approx(91.2 / 7)


def test_boven_norm_is_strictly_greater_than_norm_weeks_times_seven(juni: Path) -> None:
    jbrr = one(figures.wachtlijst(juni, scope()), aanbieder="JBRR")
    # The 7-day wait equals the 1-week norm and is NOT above; 14, 21, 35, 70 are.
    assert jbrr["boven_norm"] == 4
    assert jbrr["boven_norm_pct"] == pytest.approx(100 * 4 / 5)
    enver = one(figures.wachtlijst(juni, scope()), aanbieder="ENVER")
    # EN-2, EN-3, EN-5, EN-7 above; EN-1 (28 = 4 wk), EN-4 (70 = 10 wk), EN-6 (91 = 13 wk) not.
    assert enver["boven_norm"] == 4
    assert enver["boven_norm_pct"] == pytest.approx(100 * 4 / 9)


def test_every_wacht_op_is_judged_against_its_own_norm(db: Path, tmp_path: Path) -> None:
    # One product per wacht_op (a product may wait on anything), one row exactly on the
    # norm and one a day over it: every product then has exactly 1 of 2 above the norm.
    peil = date(2024, 6, 30)
    norm_days = {"jeugdbeschermer": 7, "intake": 28, "diagnostiek": 28, "behandeling": 70, "plaatsing": 91, "ondersteuning": 28}
    product_of = {
        "jeugdbeschermer": "CRISIS",
        "intake": "AMBULANT",
        "diagnostiek": "DIAGNOSTIEK",
        "behandeling": "DAGBEHANDELING",
        "plaatsing": "VERBLIJF",
        "ondersteuning": "PLEEGZORG",
    }
    lines = ["aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum"]
    for i, (wacht_op, days) in enumerate(norm_days.items()):
        for extra in (0, 1):
            registered = peil - timedelta(days=days + extra)
            lines.append(f"ENVER,{peil},EN-N{i}{extra}xx,{product_of[wacht_op]},{wacht_op},{registered}")
    load(db, write_extract(tmp_path, "ENVER_wachtlijst_2024-06.csv", "\n".join(lines) + "\n"))

    per_product = figures.wachtlijst_per_product(db, scope(providers=["ENVER"]))
    for wacht_op, product in product_of.items():
        row = one(per_product, product=product)
        assert (row["wachtenden"], row["boven_norm"]) == (2, 1), wacht_op
        assert row["boven_norm_pct"] == pytest.approx(50.0), wacht_op


def test_met_overbrugging_pct(juni: Path) -> None:
    wl = figures.wachtlijst(juni, scope())
    assert one(wl, aanbieder="JBRR")["met_overbrugging_pct"] == pytest.approx(100 * 2 / 5)  # 001, 003
    assert one(wl, aanbieder="ENVER")["met_overbrugging_pct"] == pytest.approx(100 * 3 / 9)  # EN-4/5/6


def test_per_product_lists_every_product_with_zero_for_nobody_waiting(juni: Path) -> None:
    pp = figures.wachtlijst_per_product(juni, scope())
    jbrr = {r["product"]: r["wachtenden"] for r in pp.filter(pl.col("aanbieder") == "JBRR").iter_rows(named=True)}
    assert jbrr == {"OTS": 4, "VOOGDIJ": 1, "JR": 0}
    enver = {r["product"]: r["wachtenden"] for r in pp.filter(pl.col("aanbieder") == "ENVER").iter_rows(named=True)}
    assert enver == {"AMBULANT": 7, "VERBLIJF": 2, "CRISIS": 0, "DAGBEHANDELING": 0, "DIAGNOSTIEK": 0, "PLEEGZORG": 0}
    # Per product, too, the norm is strict: OTS waits 7, 14, 35, 70 -> 3 of 4 above.
    assert one(pp, aanbieder="JBRR", product="OTS")["boven_norm"] == 3
    assert one(pp, aanbieder="JBRR", product="JR")["boven_norm_pct"] is None


def test_totaal_sums_the_rows_of_all_providers_never_averages(juni: Path) -> None:
    totaal = one(figures.wachtlijst(juni, scope(providers=["JBRR", "ENVER"])), aanbieder="Totaal")
    assert totaal["wachtenden"] == 5 + 9
    assert totaal["boven_norm_pct"] == pytest.approx(100 * (4 + 4) / 14)  # not (80 + 44.4) / 2
    assert totaal["met_overbrugging_pct"] == pytest.approx(100 * (2 + 3) / 14)
    # all 14 waits: 7 14 14 21 28 29 29 30 35 70 70 71 91 92
    # median: position 6.5 -> (29 + 30) / 2; p90: position 11.7 -> 71 + 0.7 * (91 - 71) = 85
    assert totaal["mediaan_wachttijd_weken"] == pytest.approx((29 + 30) / 2 / 7)
    assert totaal["p90_wachttijd_weken"] == pytest.approx((71 + 0.7 * (91 - 71)) / 7)


def test_instroom_and_uitstroom_between_consecutive_snapshots_per_product(juni: Path) -> None:
    stroom = figures.wachtlijst_stroom(juni, scope(providers=["JBRR"]))
    got = {r["product"]: (r["instroom"], r["uitstroom"]) for r in stroom.iter_rows(named=True)}
    # OTS 31-05 {004, 005, 901, 902} -> 30-06 {001, 002, 004, 005}: new 001, 002; gone 901, 902
    # VOOGDIJ {904} -> {003}: one new, one gone; JR {0903} -> {}: one gone
    assert got == {"OTS": (2, 2), "VOOGDIJ": (1, 1), "JR": (0, 1)}
    assert one(stroom, product="OTS")["vanaf"] == date(2024, 5, 31)


def test_header_only_wachtlijst_means_nobody_waits(db: Path, tmp_path: Path) -> None:
    header = (FIXTURES / "JBRR_wachtlijst_2024-06.csv").read_text().splitlines()[0] + "\n"
    load(db, FIXTURES / "JBRR_wachtlijst_2024-06.csv", write_extract(tmp_path, "JBRR_wachtlijst_2024-07.csv", header))
    s = scope("2024-07", providers=["JBRR"])
    row = one(figures.wachtlijst(db, s), aanbieder="JBRR")
    assert row["wachtenden"] == 0
    assert row["peildatum"] == date(2024, 7, 31)  # an empty file counts on its period's last day
    assert row["mediaan_wachttijd_weken"] is None and row["boven_norm_pct"] is None
    pp = figures.wachtlijst_per_product(db, s)
    assert dict(zip(pp["product"], pp["wachtenden"])) == {"OTS": 0, "VOOGDIJ": 0, "JR": 0}
    # Everyone of 30-06 (OTS 001, 002, 004, 005; VOOGDIJ 003) has left the list.
    stroom = figures.wachtlijst_stroom(db, s)
    assert {r["product"]: (r["instroom"], r["uitstroom"]) for r in stroom.iter_rows(named=True)} == {
        "OTS": (0, 4),
        "VOOGDIJ": (0, 1),
        "JR": (0, 0),
    }


def test_header_only_redelivery_empties_the_waitlist(db: Path, tmp_path: Path) -> None:
    original = FIXTURES / "JBRR_wachtlijst_2024-06.csv"
    header = original.read_text().splitlines()[0] + "\n"
    load(db, original)
    again = tmp_path / "tweede"
    again.mkdir()
    load(db, write_extract(again, original.name, header))
    s = scope(providers=["JBRR"])
    row = one(figures.wachtlijst(db, s), aanbieder="JBRR")
    assert (row["peildatum"], row["wachtenden"]) == (date(2024, 6, 30), 0)
    assert figures.wachtlijst_per_product(db, s)["wachtenden"].to_list() == [0, 0, 0]


def _snapshots(day: str) -> dict[date, list[str]]:
    """OTS waitlists on the first or last day of Feb-Jun 2024, with their outflow:
    Feb 12 waiting; Mar: 5 gone, 3 new (10); Apr: 1 gone (9); May: 2 gone (7); Jun: 3 gone (4)."""

    def on(month: int) -> date:
        first = date(2024, month, 1)
        return first if day == "first" else (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    c = [f"C{i:05d}" for i in range(1, 13)]
    n = ["N00001", "N00002", "N00003"]
    return {on(2): c, on(3): c[5:] + n, on(4): c[6:] + n, on(5): c[8:] + n, on(6): c[11:] + n}


@pytest.mark.parametrize("day", ["last", "first"])
def test_verwachte_doorlooptijd_is_littles_law(db: Path, tmp_path: Path, day: str) -> None:
    files = []
    for peil, clients in _snapshots(day).items():
        rows = [f"JBRR,{peil},{c},OTS,jeugdbeschermer,2024-01-15" for c in clients]
        rows.append(f"JBRR,{peil},J00001,JR,jeugdbeschermer,2024-01-15")  # waits, never leaves
        files.append(
            write_extract(
                tmp_path,
                f"JBRR_wachtlijst_{peil:%Y-%m}.csv",
                "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n" + "\n".join(rows) + "\n",
            )
        )
    load(db, *files)
    got = {r["product"]: r for r in figures.verwachte_doorlooptijd(db, scope(providers=["JBRR"])).iter_rows(named=True)}
    # June: 4 waiting; outflow over the last 3 months (Apr 1, May 2, Jun 3; March's 5 is
    # outside the window) -> mean 2 a month -> 4 / 2 * 4.35 weeks.
    assert got["OTS"]["wachtenden"] == 4
    assert got["OTS"]["uitstroom_per_maand"] == pytest.approx((1 + 2 + 3) / 3)
    assert got["OTS"]["verwachte_doorlooptijd_weken"] == pytest.approx(4 / ((1 + 2 + 3) / 3) * 4.35)
    # No outflow: "onbekend" (None), whether someone waits (JR) or nobody does (VOOGDIJ).
    assert got["JR"]["wachtenden"] == 1 and got["JR"]["verwachte_doorlooptijd_weken"] is None
    assert got["VOOGDIJ"]["verwachte_doorlooptijd_weken"] is None


# --------------------------------------------------------------------------------------
# Started trajectories (realised waiting time)
# --------------------------------------------------------------------------------------
# JBRR_gestart_2024-06.csv (norm 7 days for OTS, VOOGDIJ, JR):
#   OTS 03-06 -> 10-06 = 7 (within: equal), OTS 02-06 -> 10-06 = 8 (not),
#   VOOGDIJ 12-06 -> 12-06 = 0 (within), JR 12-05 -> 11-06 = 30 (not), JR 07-06 -> 10-06 = 3 (within)
# JBRR_gestart_2024-04.csv: OTS 04-04 -> 05-04 = 1 (within), VOOGDIJ 08-04 -> 10-04 = 2 (within)
# ENVER_gestart_2024-06.csv, all starting 10-06-2024:
#   AMBULANT 04-03 = 98 (norm 98, within), AMBULANT 03-03 = 99 (not), DIAGNOSTIEK 15-04 = 56
#   (norm 56, within), CRISIS 09-06 = 1 (norm 1, within), CRISIS 08-06 = 2 (not), VERBLIJF
#   11-03 = 91 (norm 91, within), PLEEGZORG 10-03 = 92 (norm 91, not), DAGBEHANDELING 04-03
#   = 98 (norm 98, within)
# WIJKTEAMS_gestart_2024-06.csv: ONDERSTEUNING 13-05 = 28 (norm 28, within), 12-05 = 29 (not)


def test_gestart_count_median_and_within_norm(juni: Path) -> None:
    gs = figures.gestart(juni, scope(providers=["JBRR", "ENVER"]))
    jbrr = one(gs, aanbieder="JBRR")
    assert jbrr["aantal"] == 5
    assert jbrr["mediaan_gerealiseerde_wachttijd_dagen"] == pytest.approx(7.0)  # 0 3 [7] 8 30
    assert jbrr["binnen_norm_pct"] == pytest.approx(100 * 3 / 5)
    enver = one(gs, aanbieder="ENVER")
    assert enver["aantal"] == 8
    assert enver["mediaan_gerealiseerde_wachttijd_dagen"] == pytest.approx((91 + 92) / 2)  # 1 2 56 91 | 92 98 98 99
    assert enver["binnen_norm_pct"] == pytest.approx(100 * 5 / 8)
    totaal = one(gs, aanbieder="Totaal")
    assert totaal["aantal"] == 13
    # 0 1 2 3 7 8 [30] 56 91 92 98 98 99
    assert totaal["mediaan_gerealiseerde_wachttijd_dagen"] == pytest.approx(30.0)
    assert totaal["binnen_norm_pct"] == pytest.approx(100 * (3 + 5) / 13)


def test_gestart_norm_per_product(juni: Path) -> None:
    pp = figures.gestart_per_product(juni, scope())
    norms = {r["product"]: r["norm_dagen"] for r in pp.iter_rows(named=True)}
    assert norms == {
        "OTS": 7,
        "VOOGDIJ": 7,
        "JR": 7,
        "AMBULANT": 98,
        "DAGBEHANDELING": 98,
        "DIAGNOSTIEK": 56,
        "VERBLIJF": 91,
        "PLEEGZORG": 91,
        "CRISIS": 1,
        "ONDERSTEUNING": 28,
    }
    within = {r["product"]: r["binnen_norm_pct"] for r in pp.iter_rows(named=True)}
    assert within == pytest.approx(
        {
            "OTS": 50.0,
            "VOOGDIJ": 100.0,
            "JR": 50.0,
            "AMBULANT": 50.0,
            "DAGBEHANDELING": 100.0,
            "DIAGNOSTIEK": 100.0,
            "VERBLIJF": 100.0,
            "PLEEGZORG": 0.0,
            "CRISIS": 50.0,
            "ONDERSTEUNING": 50.0,
        }
    )


def test_gestart_over_a_quarter_takes_every_start_in_it(juni: Path) -> None:
    jbrr = one(figures.gestart(juni, scope("2024-Q2", providers=["JBRR"])), aanbieder="JBRR")
    assert jbrr["aantal"] == 5 + 2
    assert jbrr["mediaan_gerealiseerde_wachttijd_dagen"] == pytest.approx(3.0)  # 0 1 2 [3] 7 8 30
    assert jbrr["binnen_norm_pct"] == pytest.approx(100 * (3 + 2) / 7)


# --------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------
# JBRR personeel (quarter files 2023-Q3 .. 2024-Q2, plus 2023-06 outside the window):
#   bezetting_personen per month: Jul-Dec 2023  90 (A/jeugdbeschermer 32, A/gedragsw. 10, B 48)
#                                 Jan-Jun 2024 110 (40 + 12 + 58)
#   uitstroom: A/jeugdbeschermer 1 every month (12), B 1 every month of 2024 (6) -> 18
#   2023-06 has 50 leavers: outside the 12 months ending June 2024.
#   June 2024 (stand):
#     A jeugdbeschermer     fte 30.0 vac 4.0 inhuur 2.0 verzuim  4.0 skj 38 of 40
#     A gedragswetenschapper fte 10.0 vac 1.0 inhuur 0.0 verzuim 12.0 skj 12 of 12
#     B jeugdbeschermer     fte 40.5 vac 5.0 inhuur -   verzuim  -   skj -  (58 persons)
#   April: A rows verzuim 10.0 (fte 30 and 10); May: A/jeugdbeschermer fte 28.0, verzuim 4/12.
# WIJKTEAMS_personeel_2024-Q2.csv: Apr-Jun, 20 persons, 1 leaver a month, fte 16, vac 2.


def test_staff_stock_figures_at_period_end_summed_over_teams(juni: Path) -> None:
    p = one(figures.personeel(juni, scope(providers=["JBRR"])), aanbieder="JBRR", niveau="aanbieder")
    assert p["bezetting_fte"] == pytest.approx(30.0 + 10.0 + 40.5)
    assert p["bezetting_personen"] == 40 + 12 + 58
    assert p["vacaturegraad_pct"] == pytest.approx(100 * 10.0 / (80.5 + 10.0))
    assert p["inhuur_pct"] == pytest.approx(100 * 2.0 / (80.5 + 2.0))  # missing inhuur = 0
    # weighted by FTE over rows that report absence (team B does not):
    # (30 * 4 + 10 * 12) / (30 + 10) = 6.0 (unweighted would be 8.0, B as 0 would give 3.0)
    assert p["verzuim_pct"] == pytest.approx((30 * 4.0 + 10 * 12.0) / (30 + 10))
    # SKJ only over rows that report it: (38 + 12) / (40 + 12), not / 110
    assert p["skj_pct"] == pytest.approx(100 * (38 + 12) / (40 + 12))


def test_verloop_over_twelve_months(juni: Path) -> None:
    p = one(figures.personeel(juni, scope(providers=["JBRR"])), aanbieder="JBRR", niveau="aanbieder")
    mean_bezetting = (6 * 90 + 6 * 110) / 12
    assert p["verloop_12m_pct"] == pytest.approx(100 * 18 / mean_bezetting)  # 18.0
    assert p["verloop_geannualiseerd"] is False


def test_verloop_with_fewer_months_is_annualised(juni: Path) -> None:
    p = one(figures.personeel(juni, scope(providers=["WIJKTEAMS"])), aanbieder="WIJKTEAMS", niveau="aanbieder")
    # 3 leavers in 3 months, 20 persons: 3 * 12 / 3 / 20 * 100 = 60 %
    assert p["verloop_12m_pct"] == pytest.approx(100 * 3 * 12 / 3 / 20)
    assert p["verloop_geannualiseerd"] is True
    assert p["verzuim_pct"] is None and p["skj_pct"] is None  # nobody reported them
    assert p["inhuur_pct"] == pytest.approx(0.0)


def test_totaal_verloop_sums_each_providers_numerator_and_denominator(juni: Path) -> None:
    # JBRR 18 leavers a year on 100; WIJKTEAMS 3 in 3 months = 12 a year on 20.
    t = one(figures.personeel(juni, scope(providers=["JBRR", "WIJKTEAMS"])), aanbieder="Totaal")
    assert t["verloop_12m_pct"] == pytest.approx(100 * (18 + 12) / (100 + 20))
    assert t["verloop_geannualiseerd"] is True  # part of it is annualised
    assert t["bezetting_personen"] == 110 + 20


def test_quarter_uses_its_last_month_for_stock_figures(juni: Path) -> None:
    p = one(figures.personeel(juni, scope("2024-Q2", providers=["JBRR"])), aanbieder="JBRR", niveau="aanbieder")
    assert p["bezetting_fte"] == pytest.approx(80.5)  # June, not May's 78.5
    assert p["vacaturegraad_pct"] == pytest.approx(100 * 10.0 / 90.5)
    # absence over the quarter's months, weighted by FTE:
    april, may, june = 30 * 10.0 + 10 * 10.0, 28 * 4.0 + 10 * 12.0, 30 * 4.0 + 10 * 12.0
    assert p["verzuim_pct"] == pytest.approx((april + may + june) / (40 + 38 + 40))
    assert p["verloop_12m_pct"] == pytest.approx(18.0)


# --------------------------------------------------------------------------------------
# Caseload
# --------------------------------------------------------------------------------------
# JBRR_caseload_2024-05.csv (31-05: Cluster 1 200 cases on 5 fte, Cluster 7 320 on 40) and
# JBRR_caseload_2024-06.csv, 30-06-2024:
#   Cluster 1 OTS      100 cases  8.0 fte  0 without  contact 90
#   Cluster 1 VOOGDIJ   45 cases  2.0 fte  5 without  contact 40   -> team 145 / 10 = 14.5
#   Cluster 7 OTS      320 cases 17.8 fte 60 without  contact -    -> 17.98
#   Cluster 9 JR        10 cases  0   fte  0 without  contact 10   -> unknown (no FTE)
# ENVER_caseload_2024-06.csv: Enver Ambulant Noord AMBULANT 30 cases 2,5 fte 1 without contact 28


def test_caseload_per_team_from_the_newest_snapshot(juni: Path) -> None:
    cl = figures.caseload(juni, scope(providers=["JBRR"]))
    c1 = one(cl, aanbieder="JBRR", team="Cluster 1")
    assert (c1["casussen"], c1["casushouders_fte"]) == (145, pytest.approx(10.0))
    assert c1["caseload"] == pytest.approx(145 / 10.0)
    c7 = one(cl, aanbieder="JBRR", team="Cluster 7")
    assert c7["caseload"] == pytest.approx(320 / 17.8)
    assert c7["zonder_vaste_casushouder"] == 60
    c9 = one(cl, aanbieder="JBRR", team="Cluster 9")
    assert c9["caseload"] is None  # 0 FTE: "onbekend"
    assert c9["boven_norm"] is None


def test_caseload_per_provider_sums_cases_and_fte(juni: Path) -> None:
    p = one(figures.caseload(juni, scope(providers=["JBRR"])), aanbieder="JBRR", niveau="aanbieder")
    assert p["peildatum"] == date(2024, 6, 30)
    assert p["casussen"] == 100 + 45 + 320 + 10
    assert p["casushouders_fte"] == pytest.approx(8.0 + 2.0 + 17.8 + 0)
    assert p["caseload"] == pytest.approx(475 / 27.8)
    assert p["norm"] == pytest.approx(14.5)
    assert p["zonder_vaste_casushouder"] == 0 + 5 + 60 + 0
    assert p["zonder_vaste_casushouder_pct"] == pytest.approx(100 * 65 / 475)
    # contact only over rows that report it (Cluster 7 does not): (90 + 40 + 10) / (100 + 45 + 10)
    assert p["contact_3m_pct"] == pytest.approx(100 * 140 / 155)


def test_teams_above_norm_strictly(juni: Path) -> None:
    cl = figures.caseload(juni, scope(providers=["JBRR"]))
    teams = cl.filter((pl.col("niveau") == "team") & pl.col("boven_norm").fill_null(False))["team"].to_list()
    assert teams == ["Cluster 7"]  # Cluster 1 is exactly on 14.5: not above
    assert one(cl, team="Cluster 1")["boven_norm"] is False


def test_provider_without_caseload_norm(juni: Path) -> None:
    cl = figures.caseload(juni, scope(providers=["ENVER"]))
    p = one(cl, aanbieder="ENVER", niveau="aanbieder")
    assert p["caseload"] == pytest.approx(30 / 2.5)
    assert p["norm"] is None and p["boven_norm"] is None
    assert p["contact_3m_pct"] == pytest.approx(100 * 28 / 30)


def test_caseload_from_the_newest_of_two_snapshots_in_one_file(db: Path, tmp_path: Path) -> None:
    load(
        db,
        write_extract(
            tmp_path,
            "JBRR_caseload_2024-Q2.csv",
            "aanbieder,peildatum,team,product,casussen,casushouders_fte,zonder_vaste_casushouder\n"
            "JBRR,2024-05-31,Cluster 7,OTS,400,10,80\n"
            "JBRR,2024-06-30,Cluster 7,OTS,320,17.8,60\n",
        ),
    )
    p = one(figures.caseload(db, scope("2024-Q2", providers=["JBRR"])), niveau="aanbieder")
    assert (p["peildatum"], p["casussen"], p["zonder_vaste_casushouder"]) == (date(2024, 6, 30), 320, 60)
    assert p["caseload"] == pytest.approx(320 / 17.8)
    may = one(figures.caseload(db, scope("2024-05", providers=["JBRR"])), niveau="aanbieder")
    assert (may["casussen"], may["caseload"]) == (400, pytest.approx(40.0))


def test_caseload_norm_is_the_one_valid_on_the_peildatum(db: Path, tmp_path: Path) -> None:
    head = "aanbieder,peildatum,team,product,casussen,casushouders_fte,zonder_vaste_casushouder\n"
    dec = write_extract(
        tmp_path, "JBRR_caseload_2024-12.csv", head + "JBRR,2024-12-31,Cluster 1,OTS,130,10,0\nJBRR,2024-12-31,Cluster 2,OTS,120,10,0\n"
    )
    jan = write_extract(
        tmp_path, "JBRR_caseload_2025-01.csv", head + "JBRR,2025-01-31,Cluster 1,OTS,130,10,0\nJBRR,2025-01-31,Cluster 2,OTS,120,10,0\n"
    )
    load(db, dec, jan)
    # 13.0 and 12.0 per FTE: under 14.5 in 2024; from 2025-01-01 the norm is 12 and 13.0 is
    # above it, 12.0 (equal) is not.
    cl24 = figures.caseload(db, scope("2024-12", providers=["JBRR"]))
    cl25 = figures.caseload(db, scope("2025-01", providers=["JBRR"]))
    assert one(cl24, niveau="aanbieder")["norm"] == pytest.approx(14.5)
    assert one(cl25, niveau="aanbieder")["norm"] == pytest.approx(12.0)
    assert [one(cl24, team=t)["boven_norm"] for t in ("Cluster 1", "Cluster 2")] == [False, False]
    assert [one(cl25, team=t)["boven_norm"] for t in ("Cluster 1", "Cluster 2")] == [True, False]


# --------------------------------------------------------------------------------------
# Process norms: working days
# --------------------------------------------------------------------------------------


def test_calendar_matches_the_holidays_package(juni: Path) -> None:
    with store.reader(juni) as con:
        cal = con.sql(
            "SELECT datum, werkdag, werkdag_nr FROM kalender WHERE datum BETWEEN DATE '2023-01-01' AND DATE '2026-12-31' ORDER BY datum"
        ).pl()
    free = holidays.NL(years=range(2023, 2027))
    expected = [d.weekday() < 5 and d not in free for d in cal["datum"]]
    assert cal["werkdag"].to_list() == expected
    werkdag = dict(zip(cal["datum"], cal["werkdag"]))
    for holiday in (date(2024, 3, 29), date(2024, 4, 1), date(2023, 4, 27), date(2024, 5, 9), date(2025, 5, 5), date(2024, 12, 26)):
        assert werkdag[holiday] is False, holiday  # Goede Vrijdag, Tweede Paasdag, Koningsdag, ...
    assert werkdag[date(2026, 5, 5)] is True  # Bevrijdingsdag only in lustrum years (Tuesday)
    # werkdag_nr counts working days; "after R up to and including D" is the difference.
    nr = dict(zip(cal["datum"], cal["werkdag_nr"]))
    assert nr[date(2024, 4, 2)] - nr[date(2024, 3, 28)] == 1  # Thu -> Tue over Easter
    assert workdays.working_days_after(date(2024, 3, 28), date(2024, 4, 2)) == 1
    assert workdays.working_days_after(date(2024, 3, 28), date(2024, 4, 8)) == 5


def test_shipped_holiday_list_is_the_holidays_package_list() -> None:
    assert workdays.HOLIDAYS.read_text(encoding="utf-8") == workdays.from_package(), (
        "data/registers/feestdagen.csv is out of date: run `uv run python -m dashboard.workdays`"
    )


def test_holidays_are_not_working_days_in_process_norms(db: Path, tmp_path: Path) -> None:
    head = "aanbieder,client_id,product,maatregel_id,ontvangstdatum,beoordeeld_op\n"
    cases = {
        # received, assessed: working days after R up to and including D
        "2023-04": ("2023-04-26", "2023-05-01"),  # Thu 27-04 Koningsdag: Fri 28, Mon 1 = 2 -> within
        "2024-05": ("2024-05-08", "2024-05-13"),  # Thu 09-05 Hemelvaart: Fri 10, Mon 13 = 2 -> within
        "2025-05": ("2025-05-02", "2025-05-07"),  # Mon 05-05-2025 Bevrijdingsdag: Tue, Wed = 2 -> within
        "2026-05": ("2026-05-04", "2026-05-07"),  # Tue 05-05-2026 is a working day: 3 -> not within
    }
    files = [
        write_extract(tmp_path, f"JBRR_doorlooptijden_{p}.csv", head + f"JBRR,JB-OTS-{i:03d},OTS,MH{i},{r},{d}\n")
        for i, (p, (r, d)) in enumerate(cases.items())
    ]
    load(db, *files)
    got = figures.doorlooptijden(db, Scope.of(list(cases), providers=["JBRR"], today=FAR_FUTURE))
    pct = {
        r["periode"]: r["binnen_norm_pct"]
        for r in got.filter((pl.col("aanbieder") == "JBRR") & (pl.col("stap") == "beoordeeld")).iter_rows(named=True)
    }
    assert pct == {"2023-04": 100.0, "2024-05": 100.0, "2025-05": 100.0, "2026-05": 0.0}


def test_a_friday_deadline_has_passed_on_the_sunday_after(db: Path, tmp_path: Path) -> None:
    # The deadline of n working days is the n-th working day after receipt; on
    # Sunday 30-06-2024 a deadline of Friday 28-06 has passed, and a milestone on Saturday
    # 29-06 is after it.
    head = "aanbieder,client_id,product,maatregel_id,ontvangstdatum,beoordeeld_op,eerste_contact_op\n"
    rows = (
        "JBRR,JB-OTS-001,OTS,MW1,2024-06-21,2024-06-24,\n"  # contact due Fri 28-06: none -> late
        "JBRR,JB-OTS-002,OTS,MW2,2024-06-26,2024-06-29,\n"  # assessment due Fri 28-06, done Sat -> late
        "JBRR,JB-OTS-003,OTS,MW3,2024-06-27,2024-06-29,2024-06-29\n"  # due Mon 01-07, done Sat -> within
        "JBRR,JB-OTS-004,OTS,MW4,2024-06-24,2024-06-25,\n"
    )  # contact due Mon 01-07: lopend on Sunday
    load(db, write_extract(tmp_path, "JBRR_doorlooptijden_2024-06.csv", head + rows))
    frame = figures.doorlooptijden(db, Scope.of(["2024-06"], providers=["JBRR"], today=date(2024, 6, 30)))
    s = {r["stap"]: r for r in frame.filter(pl.col("aanbieder") == "JBRR").iter_rows(named=True)}
    assert (s["beoordeeld"]["binnen_norm"], s["beoordeeld"]["beoordeelbaar"], s["beoordeeld"]["lopend"]) == (3, 4, 0)
    assert (s["eerste_contact"]["binnen_norm"], s["eerste_contact"]["beoordeelbaar"], s["eerste_contact"]["lopend"]) == (1, 2, 2)


# JBRR_doorlooptijden_2024-03.csv (norms: beoordeeld 2, eerste contact 5, risicotaxatie 14,
# mdo 14 working days; gezinsplan 42 days). Working days after R up to and including D:
#   M1 R Thu 28-03: beoordeeld 02-04 (1, Easter), contact 08-04 (5), rt 17-04 (12), mdo 19-04 (14),
#                   gezinsplan 09-05 (42 days)                       -> all within
#   M2 R Thu 28-03: beoordeeld 03-04 (2), contact 09-04 (6 x), rt 22-04 (15 x), mdo -, plan 10-05 (43 x)
#   M3 R Mon 18-03: nothing yet
#   M4 R Fri 01-03: beoordeeld 05-03 (2), contact 08-03 (5), rt -, mdo 20-03 (13), plan -
#   M5 R Mon 04-03: beoordeeld 04-03 (0), contact -, rt 22-03 (14), mdo -, plan 15-04 (42 days)
# Working days elapsed on 31-03 (period end): M1/M2 1, M3 8, M4 19, M5 18; days: M3 13, M4 30.


def _steps(db: Path, today: date) -> dict[str, dict]:
    frame = figures.doorlooptijden(db, Scope.of(["2024-03"], providers=["JBRR"], today=today))
    return {r["stap"]: r for r in frame.filter(pl.col("aanbieder") == "JBRR").iter_rows(named=True)}


def test_process_norms_on_the_period_end(juni: Path) -> None:
    s = _steps(juni, FAR_FUTURE)
    got = {k: (v["binnen_norm"], v["beoordeelbaar"], v["lopend"]) for k, v in s.items()}
    assert got == {
        # M1 M2 M4 M5 within; M3 has no assessment after 8 working days > 2: late
        "beoordeeld": (4, 5, 0),
        # M1 M4 within; M2 took 6; M3 (8) and M5 (18) have none and are past 5
        "eerste_contact": (2, 5, 0),
        # M1 M5 within; M2 took 15; M4 has none after 19 > 14; M3 (8 <= 14) is lopend
        "risicotaxatie": (2, 4, 1),
        # M1 (14, on the norm) and M4 within; M5 none after 18; M2 (1) and M3 (8) lopend
        "mdo": (2, 3, 2),
        # M1 and M5 exactly 42 days, M2 43; M3 (13 days) and M4 (30 days) lopend
        "gezinsplan": (2, 3, 2),
    }
    assert s["beoordeeld"]["binnen_norm_pct"] == pytest.approx(100 * 4 / 5)
    assert s["mdo"]["binnen_norm_pct"] == pytest.approx(100 * 2 / 3)
    assert s["gezinsplan"]["norm"] == 42 and s["gezinsplan"]["eenheid"] == "dagen"


def test_evaluation_date_is_today_when_earlier_than_the_period_end(juni: Path) -> None:
    # On Wed 20-03 M3 (R Mon 18-03) is exactly at its 2-working-day deadline: still lopend.
    s = _steps(juni, date(2024, 3, 20))
    assert (s["beoordeeld"]["binnen_norm"], s["beoordeeld"]["beoordeelbaar"], s["beoordeeld"]["lopend"]) == (4, 4, 1)
    # M1 and M2 were received after 20-03 but have the milestone: judged on it all the same.
    # Eerste contact: M1, M4 within; M2 late; M5 (R 04-03, 12 working days, none) late; M3 lopend.
    assert (s["eerste_contact"]["binnen_norm"], s["eerste_contact"]["beoordeelbaar"]) == (2, 4)
    # Risicotaxatie of M5 on 22-03, after the evaluation date: judged on it (14, within).
    # M4 (13 working days on 20-03, none yet) is lopend, M3 too.
    assert (s["risicotaxatie"]["binnen_norm"], s["risicotaxatie"]["beoordeelbaar"], s["risicotaxatie"]["lopend"]) == (2, 3, 2)
    # One day later M3's deadline has passed.
    s = _steps(juni, date(2024, 3, 21))
    assert (s["beoordeeld"]["binnen_norm"], s["beoordeeld"]["beoordeelbaar"], s["beoordeeld"]["lopend"]) == (4, 5, 0)


# --------------------------------------------------------------------------------------
# Deliveries: re-delivery, quarters, and the two ways figures are read
# --------------------------------------------------------------------------------------


def test_a_second_file_for_the_same_period_replaces_the_first(db: Path, tmp_path: Path) -> None:
    load(db, FIXTURES / "JBRR_wachtlijst_2024-06.csv", FIXTURES / "JBRR_gestart_2024-06.csv")
    again = tmp_path / "tweede"
    again.mkdir()
    wl = write_extract(
        again,
        "JBRR_wachtlijst_2024-06.csv",
        "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"
        "JBRR,2024-06-30,JB-JR-0001,JR,jeugdbeschermer,2024-06-20\n"
        "JBRR,2024-06-30,JB-JR-0002,JR,jeugdbeschermer,2024-06-29\n",
    )
    gs = write_extract(
        again,
        "JBRR_gestart_2024-06.csv",
        "aanbieder,client_id,product,aanmelddatum,startdatum\nJBRR,JB-OTS-777,OTS,2024-06-01,2024-06-21\n",
    )
    results = ingest_files(db, [wl, gs])
    assert [r.outcome for r in results] == [Outcome.REPLACED, Outcome.REPLACED]
    s = scope(providers=["JBRR"])
    row = one(figures.wachtlijst(db, s), aanbieder="JBRR")
    assert row["wachtenden"] == 2  # only the new file; its single snapshot is 30-06
    assert row["mediaan_wachttijd_weken"] == pytest.approx((10 + 1) / 2 / 7)
    pp = figures.wachtlijst_per_product(db, s)
    assert dict(zip(pp["product"], pp["wachtenden"])) == {"OTS": 0, "VOOGDIJ": 0, "JR": 2}
    assert figures.wachtlijst_stroom(db, s).height == 0  # one snapshot only: no pair
    g = one(figures.gestart(db, s), aanbieder="JBRR")
    assert (g["aantal"], g["mediaan_gerealiseerde_wachttijd_dagen"], g["binnen_norm_pct"]) == (1, 20.0, 0.0)


def test_quarter_period_takes_the_newest_snapshot_in_it(juni: Path) -> None:
    s = scope("2024-Q2", providers=["JBRR"])
    assert one(figures.wachtlijst(juni, s), aanbieder="JBRR")["wachtenden"] == 5
    assert one(figures.caseload(juni, s), niveau="aanbieder")["casussen"] == 475
    assert one(figures.caseload(juni, scope("2024-05", providers=["JBRR"])), niveau="aanbieder")["casussen"] == 520
    stroom = figures.wachtlijst_stroom(juni, s)  # the only pair in Q2: 31-05 -> 30-06
    assert dict(zip(stroom["product"], stroom["uitstroom"])) == {"OTS": 2, "VOOGDIJ": 1, "JR": 1}


@pytest.mark.parametrize("period", ["2024-06", "2024-Q2", "2024-03"])
@pytest.mark.parametrize(
    "mart",
    [
        "wachtlijst",
        "wachtlijst_per_product",
        "wachtlijst_stroom",
        "gestart",
        "gestart_per_product",
        "personeel",
        "caseload",
        "doorlooptijden",
        "verwachte_doorlooptijd",
    ],
)
def test_figures_prepared_at_ingest_equal_figures_computed_on_demand(juni: Path, period: str, mart: str) -> None:
    # All providers read the tables prepared at write time; one provider runs the SQL.
    fn = getattr(figures, mart)
    prepared = fn(juni, scope(period, providers=ALL)).filter(pl.col("aanbieder") == "JBRR")
    live = fn(juni, scope(period, providers=["JBRR"])).filter(pl.col("aanbieder") == "JBRR")
    assert_frame_equal(prepared, live, check_exact=False, check_dtypes=False)


@pytest.mark.parametrize("mart", ["personeel", "caseload"])
@pytest.mark.parametrize(("niveau", "aanbieder"), [("team", None), ("aanbieder", None), ("team", "JBRR"), (None, "JBRR")])
def test_a_level_or_provider_asked_for_is_exactly_those_rows(juni: Path, mart: str, niveau: str | None, aanbieder: str | None) -> None:
    """Read prepared (all providers) and live (a subset): the rows of the whole figure that
    have that level and provider, in the same order."""
    fn = getattr(figures, mart)
    wanted = {k: v for k, v in (("niveau", niveau), ("aanbieder", aanbieder)) if v}
    for providers in (ALL, ["JBRR", "WIJKTEAMS"]):
        s = Scope.of(["2024-04", "2024-05", "2024-06"], providers=providers, today=FAR_FUTURE)
        whole = fn(juni, s)
        some = fn(juni, s, niveau=niveau, aanbieder=aanbieder)
        assert some.height and some.height < whole.height
        assert_frame_equal(some, whole.filter(**wanted))


def test_the_quarter_of_a_period() -> None:
    from dashboard.periods import parse_period

    assert [parse_period(m).quarter().label for m in ("2024-01", "2024-03", "2024-04", "2024-12", "2024-Q2")] == [
        "2024-Q1",
        "2024-Q1",
        "2024-Q2",
        "2024-Q4",
        "2024-Q2",
    ]
