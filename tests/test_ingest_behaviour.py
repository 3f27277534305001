"""Deliveries, corrections and history (data/aanleverspecificatie.md, "Aanleveren, correcties
en geschiedenis"; README, "Command line"), checked through `ingest_files` and the CLI the way
an operator at the municipality would check them: what is in the database afterwards,
what the delivery log says, what is in quarantine, and what the command printed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from dashboard import figures, store
from dashboard.cli import run
from dashboard.figures import Scope
from dashboard.ingest import Outcome, ingest_files, rejected
from tests.helpers import write_extract

WL_HEADER = "aanbieder;peildatum;client_id;product;wacht_op;aanmelddatum;overbrugging\n"


def wachtlijst(
    provider: str, peildatum: str, rows: list[tuple[str, str, str]], product: str = "OTS", wacht_op: str = "jeugdbeschermer"
) -> str:
    """A waitlist extract: rows of (client_id, aanmelddatum, overbrugging)."""
    return WL_HEADER + "".join(f"{provider};{peildatum};{c};{product};{wacht_op};{a};{o}\n" for c, a, o in rows)


def jbrr_juni(n: int = 6, start: int = 1) -> str:
    return wachtlijst("JBRR", "30-06-2024", [(f"JB-{i:06d}", "03-06-2024", "nee") for i in range(start, start + n)])


BAD_WACHTLIJST = (
    WL_HEADER + "JBRR;30-06-2024;JB-000001;AMBULANT;jeugdbeschermer;03-06-2024;nee\n"
    "JBRR;30-06-2024;JB-000002;OTS;jeugdbeschermer;03-07-2024;nee\n"
)

DL_HEADER = "aanbieder;client_id;product;maatregel_id;ontvangstdatum;beoordeeld_op\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def log(db: Path) -> list[dict]:
    """The delivery log as the Aanleveringen page shows it, oldest first."""
    return sorted(figures.aanleveringen(db).to_dicts(), key=lambda r: r["id"])


def query(db: Path, sql: str) -> list[tuple]:
    with store.reader(db) as con:
        return con.sql(sql).fetchall()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


# --------------------------------------------------------------------------------------
# All-or-nothing and quarantine
# --------------------------------------------------------------------------------------


def test_rejected_file_leaves_the_database_byte_identical(db, inbox):
    """After a good delivery, a bad one changes nothing in the database file; the bad file
    is kept in quarantine, byte for byte, with its error report."""
    good = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", jbrr_juni())
    [r] = ingest_files(db, [good])
    assert r.outcome is Outcome.LOADED and r.rows == 6
    before = sha(db)
    files_before = sorted(p.name for p in db.parent.iterdir())

    bad = write_extract(
        inbox, "JBRR_wachtlijst_2024-07.csv", BAD_WACHTLIJST.replace("30-06-2024", "31-07-2024").replace("03-07-2024", "03-08-2024")
    )
    [r] = ingest_files(db, [bad])
    assert r.outcome is Outcome.REJECTED
    assert r.error_count == 2 and r.rows == 0
    assert sha(db) == before
    assert query(db, "SELECT count(*) FROM raw_wachtlijst") == [(6,)]
    assert [x["bestand"] for x in log(db)] == ["JBRR_wachtlijst_2024-06.csv"]
    # Nothing left behind but the quarantine folder (no half-written copies).
    new_files = sorted(set(p.name for p in db.parent.iterdir()) - set(files_before))
    assert new_files == [f"{db.stem}_quarantaine"]

    [report] = rejected(db)
    assert report["bestand"] == "JBRR_wachtlijst_2024-07.csv"
    assert report["status"] == "afgewezen"
    assert (report["aanbieder"], report["soort"], report["periode"]) == ("JBRR", "wachtlijst", "2024-07")
    assert report["aantal_fouten"] == 2
    assert {(f["rij"], f["kolom"], f["waarde"]) for f in report["fouten"]} == {
        (2, "product", "AMBULANT"),
        (3, "aanmelddatum", "03-08-2024"),
    }
    assert any("onbekend product voor JBRR" in m for m in report["meldingen"])
    assert report["sha256"] == sha(bad)
    assert Path(report["kopie"]).read_bytes() == bad.read_bytes()


def test_rejected_redelivery_keeps_the_earlier_delivery_current(db, inbox, tmp_path):
    """A bad correction for a period already delivered is refused; the dashboard keeps
    showing the earlier, good delivery."""
    ingest_files(db, [write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", jbrr_juni(6))])
    (tmp_path / "correctie").mkdir()
    bad = write_extract(tmp_path / "correctie", "JBRR_wachtlijst_2024-06.csv", BAD_WACHTLIJST)
    [r] = ingest_files(db, [bad])
    assert r.outcome is Outcome.REJECTED
    assert [x["status"] for x in log(db)] == ["geladen"]
    assert query(db, "SELECT count(*) FROM stg_wachtlijst") == [(6,)]


def test_rejected_file_name_is_quarantined_too(db, inbox):
    """Even a file whose name cannot be read is kept, not dropped."""
    f = write_extract(inbox, "wachtlijst juni.csv", jbrr_juni())
    [r] = ingest_files(db, [f])
    assert r.outcome is Outcome.REJECTED
    [report] = rejected(db)
    assert report["bestand"] == "wachtlijst juni.csv" and report["aanbieder"] is None
    assert "volgt de afspraak niet" in report["meldingen"][0]
    assert Path(report["kopie"]).read_bytes() == f.read_bytes()


def test_the_same_bad_file_twice_is_rejected_both_times(db, inbox):
    """A provider sending the same bad file again gets the same answer again (a rejected
    file is never 'already loaded')."""
    bad = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", BAD_WACHTLIJST)
    r1, r2 = ingest_files(db, [bad, bad])
    assert r1.outcome is r2.outcome is Outcome.REJECTED
    assert r2.error_count == 2
    assert len(rejected(db)) >= 1


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------


def test_cli_folder_with_good_and_bad_files(db, inbox, capsys):
    """`ingest FOLDER`: good files are loaded, bad ones refused; one line per file; exit 1."""
    names = {
        "ENVER_wachtlijst_2024-06.csv": wachtlijst("ENVER", "30-06-2024", [("EN-000001", "01-05-2024", "ja")], "AMBULANT", "intake"),
        "JBRR_wachtlijst_2024-05.csv": jbrr_juni().replace("30-06-2024", "31-05-2024").replace("03-06", "03-05"),
        "JBRR_wachtlijst_2024-06.csv": BAD_WACHTLIJST,
        "ACME_wachtlijst_2024-06.csv": jbrr_juni(),
    }
    for name, text in names.items():
        write_extract(inbox, name, text)
    (inbox / "lees mij.txt").write_text("niet meenemen")

    code = run(["--db", str(db), "ingest", str(inbox)])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    lines = out.out.splitlines()
    for name in names:
        assert sum(line.startswith(name + ":") for line in lines) == 1, (name, out.out)
    line = {n: next(x for x in lines if x.startswith(n + ":")) for n in names}
    assert "geladen (1 rij)" in line["ENVER_wachtlijst_2024-06.csv"]
    assert "geladen (6 rijen)" in line["JBRR_wachtlijst_2024-05.csv"]
    assert "afgewezen — 2 fout(en)" in line["JBRR_wachtlijst_2024-06.csv"]
    assert "afgewezen — 1 fout(en)" in line["ACME_wachtlijst_2024-06.csv"]
    assert "rij 2, kolom 'product', waarde 'AMBULANT': onbekend product voor JBRR" in out.out
    assert "2 van 4 bestand(en) afgewezen" in out.out and "quarantaine" in out.out
    assert {x["bestand"] for x in log(db)} == {"ENVER_wachtlijst_2024-06.csv", "JBRR_wachtlijst_2024-05.csv"}
    assert {r["bestand"] for r in rejected(db)} == {"JBRR_wachtlijst_2024-06.csv", "ACME_wachtlijst_2024-06.csv"}


def test_cli_all_good_exits_0_and_again_says_already_loaded(db, inbox, capsys):
    """All good: exit 0. The same folder again: exit 0, each file 'al geladen'."""
    write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", jbrr_juni())
    write_extract(inbox, "JBRR_wachtlijst_2024-05.csv", jbrr_juni().replace("30-06-2024", "31-05-2024").replace("03-06", "03-05"))
    assert run(["--db", str(db), "ingest", str(inbox)]) == 0
    first = capsys.readouterr().out
    assert first.count(": geladen (6 rijen)") == 2
    assert run(["--db", str(db), "ingest", str(inbox / "JBRR_wachtlijst_2024-06.csv"), str(inbox)]) == 0
    again = capsys.readouterr().out
    assert again.count("al geladen (zelfde inhoud)") == 3
    assert len(log(db)) == 2


def test_cli_nonexistent_path_is_a_usage_error(db, tmp_path, capsys):
    """A path that does not exist: exit 2 with a Dutch message, nothing loaded."""
    assert run(["--db", str(db), "ingest", str(tmp_path / "bestaat-niet")]) == 2
    err = capsys.readouterr().err
    assert "bestaat niet" in err and "Traceback" not in err
    assert run(["--db", str(db), "validate", str(tmp_path / "bestaat-niet")]) == 2


def test_cli_empty_folder_is_a_usage_error(db, inbox, capsys):
    """A folder without .csv or .xlsx files: exit 2, 'geen bestanden gevonden'."""
    (inbox / "notities.txt").write_text("x")
    assert run(["--db", str(db), "ingest", str(inbox)]) == 2
    assert "geen bestanden gevonden" in capsys.readouterr().err


def test_cli_validate_writes_nothing(db, inbox, capsys):
    """`validate` is for providers before they deliver: it answers 0 or 1 and never
    creates or changes the database, nor fills the quarantine."""
    good = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", jbrr_juni())
    assert run(["--db", str(db), "validate", str(good)]) == 0
    assert "JBRR_wachtlijst_2024-06.csv: geldig (6 rijen)" in capsys.readouterr().out
    assert not db.exists()

    ingest_files(db, [good])
    before = sha(db)
    bad = write_extract(
        inbox, "JBRR_wachtlijst_2024-07.csv", BAD_WACHTLIJST.replace("30-06-2024", "31-07-2024").replace("03-07-2024", "03-08-2024")
    )
    assert run(["--db", str(db), "validate", str(inbox)]) == 1
    out = capsys.readouterr().out
    assert "JBRR_wachtlijst_2024-07.csv: ongeldig — 2 fout(en)" in out
    assert "rij 3, kolom 'aanmelddatum', waarde '03-08-2024': mag niet later zijn dan peildatum" in out
    assert sha(db) == before
    assert rejected(db) == []
    assert bad.exists()


def test_cli_lists_at_most_100_errors_and_counts_the_rest(db, inbox, capsys):
    """A file with 150 errors: 100 are listed, and the line says how many more there are."""
    rows = [(f"JB-{i:06d}", "03-06-2024", "misschien") for i in range(150)]
    f = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", wachtlijst("JBRR", "30-06-2024", rows))
    for command in ("validate", "ingest"):
        assert run(["--db", str(db), command, str(f)]) == 1
        out = capsys.readouterr().out
        assert "150 fout(en)" in out
        assert sum(line.startswith("    - ") for line in out.splitlines()) == 100
        assert "en nog 50 fout(en)" in out
    assert rejected(db)[0]["aantal_fouten"] == 150


def test_xlsx_delivery_is_loaded(db, inbox):
    """An Excel delivery goes through the same ingest as CSV."""
    import xlsxwriter

    path = inbox / "JBRR_caseload_2024-06.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("caseload")
    header = ["aanbieder", "peildatum", "team", "product", "casussen", "casushouders_fte", "zonder_vaste_casushouder"]
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, ["JBRR", "30-06-2024", "Cluster 1", "OTS", 200, 14.5, 3])
    wb.close()
    [r] = ingest_files(db, [path])
    assert r.outcome is Outcome.LOADED and r.rows == 1
    assert query(db, "SELECT casussen, casushouders_fte FROM raw_caseload") == [(200, 14.5)]


def test_cli_usage_errors_exit_2(db):
    """No path given, or an unknown command: argparse's usage error, exit status 2."""
    for argv in (["--db", str(db), "ingest"], ["--db", str(db), "inlezen", "x"]):
        with pytest.raises(SystemExit) as e:
            run(argv)
        assert e.value.code == 2


def test_cli_output_is_dutch_and_has_no_traceback(db, inbox, capsys):
    """Garbage, a corrupt workbook, an empty file and a bad file in one run: every file gets
    a Dutch line, none a traceback; `aanleveringen` shows the log and the quarantine."""
    (inbox / "JBRR_caseload_2024-06.csv").write_bytes(bytes(range(256)) * 3)
    (inbox / "JBRR_personeel_2024-06.xlsx").write_bytes(b"PK\x03\x04 kapot")
    (inbox / "JBRR_gestart_2024-06.csv").write_bytes(b"")
    write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", BAD_WACHTLIJST)
    write_extract(
        inbox, "ENVER_wachtlijst_2024-06.csv", wachtlijst("ENVER", "30-06-2024", [("EN-000001", "01-05-2024", "ja")], "AMBULANT", "intake")
    )
    assert run(["--db", str(db), "ingest", str(inbox)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert text.count(": afgewezen") == 4
    assert "tekencodering onbekend" in text
    assert "geen leesbaar Excel-bestand" in text
    assert "het bestand is leeg" in text
    assert "geladen (1 rij)" in text

    assert run(["--db", str(db), "aanleveringen"]) == 0
    out = capsys.readouterr().out
    assert "Traceback" not in out
    header = out.splitlines()[0]
    for word in ("ontvangen", "bestand", "aanbieder", "soort", "periode", "status", "rijen", "fouten"):
        assert word in header
    assert "ENVER_wachtlijst_2024-06.csv" in out and "geladen" in out
    assert out.count("afgewezen") >= 4
    assert "onbekend product voor JBRR" in out


def test_cli_aanleveringen_on_an_empty_database(db, capsys):
    """No deliveries yet: a Dutch sentence, exit 0."""
    assert run(["--db", str(db), "aanleveringen"]) == 0
    assert "nog geen aanleveringen" in capsys.readouterr().out


def test_cli_bsn_in_extra_column_is_refused_and_others_still_load(db, inbox, capsys):
    """A provider's file with an extra column of BSNs is refused with a Dutch message; the
    other files in the folder are still loaded (exit 1)."""
    write_extract(
        inbox, "ENVER_wachtlijst_2024-06.csv", wachtlijst("ENVER", "30-06-2024", [("EN-000001", "01-05-2024", "ja")], "AMBULANT", "intake")
    )
    text = jbrr_juni(2).replace("overbrugging\n", "overbrugging;nummer\n", 1)
    text = text.replace(";nee\n", ";nee;111222333\n")
    write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", text)
    try:
        code = run(["--db", str(db), "ingest", str(inbox)])
    except Exception as e:  # what the operator sees as a traceback
        pytest.fail(f"traceback: {type(e).__name__}: {e}")
    out = capsys.readouterr().out
    assert code == 1
    assert "elfproef" in out
    assert [x["bestand"] for x in log(db)] == ["ENVER_wachtlijst_2024-06.csv"]


# --------------------------------------------------------------------------------------
# Re-deliveries, duplicates and history
# --------------------------------------------------------------------------------------


def test_redelivery_replaces_and_keeps_history(db, inbox, tmp_path):
    """A second file for the same provider, soort and period replaces the first: the log
    shows the first as `vervangen` and the second as `geladen`, the note says what changed,
    and the figures use the new file only."""
    v1 = wachtlijst(
        "JBRR",
        "30-06-2024",
        [
            ("JB-000001", "03-06-2024", "nee"),
            ("JB-000002", "03-06-2024", "nee"),
            ("JB-000003", "03-06-2024", "nee"),
            ("JB-000004", "03-06-2024", "nee"),
            ("JB-000005", "03-06-2024", "nee"),
            ("JB-000006", "03-06-2024", "nee"),
        ],
    )
    # JB-000001/2 unchanged, JB-000003 changed (aanmelddatum), JB-000004 changed (overbrugging),
    # JB-000005/6 gone, JB-000007..9 new.
    v2 = wachtlijst(
        "JBRR",
        "30-06-2024",
        [
            ("JB-000001", "03-06-2024", "nee"),
            ("JB-000002", "03-06-2024", "nee"),
            ("JB-000003", "01-03-2024", "nee"),
            ("JB-000004", "03-06-2024", "ja"),
            ("JB-000007", "10-06-2024", "ja"),
            ("JB-000008", "10-06-2024", "ja"),
            ("JB-000009", "10-06-2024", "ja"),
        ],
    )
    first = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", v1)
    [r1] = ingest_files(db, [first])
    second_dir = tmp_path / "correctie"
    second_dir.mkdir()
    second = write_extract(second_dir, "JBRR_wachtlijst_2024-06.csv", v2)
    [r2] = ingest_files(db, [second])

    assert r1.outcome is Outcome.LOADED
    assert r2.outcome is Outcome.REPLACED
    assert r2.rows == 7
    old, new = log(db)
    assert (old["status"], new["status"]) == ("vervangen", "geladen")
    assert old["vervangen_door"] == new["id"] and new["vervangt"] == old["id"]
    assert new["wijzigingen"] == r2.note
    assert f"vervangt aanlevering {old['id']}: 6 → 7 rijen (3 nieuw, 2 vervallen, 2 gewijzigd)" == r2.note
    assert "vervangt een eerdere aanlevering" in r2.line()

    # History: both deliveries' rows are kept; the current figures use only the newest.
    assert query(db, "SELECT aanlevering_id, count(*) FROM raw_wachtlijst GROUP BY ALL ORDER BY 1") == [(old["id"], 6), (new["id"], 7)]
    assert query(db, "SELECT DISTINCT aanlevering_id FROM stg_wachtlijst") == [(new["id"],)]
    assert [c for (c,) in query(db, "SELECT client_id FROM stg_wachtlijst ORDER BY 1")] == [
        "JB-000001",
        "JB-000002",
        "JB-000003",
        "JB-000004",
        "JB-000007",
        "JB-000008",
        "JB-000009",
    ]
    w = figures.wachtlijst(db, Scope.of(["2024-06"], ["JBRR"])).filter(pl.col("aanbieder") == "JBRR")
    assert w["wachtenden"].to_list() == [7]
    assert w["met_overbrugging"].to_list() == [4]


def test_redelivery_of_a_redelivery(db, inbox, tmp_path):
    """Three versions of one period: only the last counts; the first two are `vervangen`."""
    results = []
    for i, n in enumerate((3, 5, 4)):
        folder = tmp_path / f"v{i}"
        folder.mkdir()
        results += ingest_files(db, [write_extract(folder, "JBRR_wachtlijst_2024-06.csv", jbrr_juni(n))])
    assert [r.outcome for r in results] == [Outcome.LOADED, Outcome.REPLACED, Outcome.REPLACED]
    assert [x["status"] for x in log(db)] == ["vervangen", "vervangen", "geladen"]
    assert "5 → 4 rijen (0 nieuw, 1 vervallen, 0 gewijzigd)" in results[2].note
    assert query(db, "SELECT count(*) FROM stg_wachtlijst") == [(4,)]


def test_identical_bytes_twice_are_stored_once(db, inbox, tmp_path):
    """The same file sent twice (also under another folder, also in one batch) is stored
    once; the second time says it was already loaded and when."""
    f = write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", jbrr_juni())
    [r1] = ingest_files(db, [f])
    before = sha(db)
    copy_dir = tmp_path / "nogmaals"
    copy_dir.mkdir()
    again = write_extract(copy_dir, "JBRR_wachtlijst_2024-06.csv", jbrr_juni())
    [r2] = ingest_files(db, [again])
    assert r1.outcome is Outcome.LOADED
    assert r2.outcome is Outcome.DUPLICATE
    assert "al geladen" in r2.line() and "JBRR_wachtlijst_2024-06.csv" in r2.note
    assert sha(db) == before
    assert len(log(db)) == 1 and log(db)[0]["status"] == "geladen"
    assert query(db, "SELECT count(*) FROM raw_wachtlijst") == [(6,)]

    g = write_extract(inbox, "JBRR_wachtlijst_2024-05.csv", jbrr_juni().replace("30-06-2024", "31-05-2024").replace("03-06", "03-05"))
    outcomes = [r.outcome for r in ingest_files(db, [g, g])]
    assert outcomes == [Outcome.LOADED, Outcome.DUPLICATE]
    assert len(log(db)) == 2


def test_identical_header_only_files_of_different_providers_are_both_recorded(db, inbox):
    """Nobody waiting at JBRR nor at ENVER in June, and nobody at JBRR in July: three
    deliveries whose bytes are the same header line. Each is a delivery of its own and
    must be in the log, or the dashboard reports them as not delivered."""
    files = [
        write_extract(inbox, n, WL_HEADER)
        for n in ("JBRR_wachtlijst_2024-06.csv", "ENVER_wachtlijst_2024-06.csv", "JBRR_wachtlijst_2024-07.csv")
    ]
    results = ingest_files(db, files)
    assert [r.outcome for r in results] == [Outcome.LOADED] * 3
    assert {(x["aanbieder"], x["periode"]) for x in log(db)} == {("JBRR", "2024-06"), ("ENVER", "2024-06"), ("JBRR", "2024-07")}


def test_header_only_delivery_is_recorded_with_its_warning(db, inbox):
    """Nobody waiting: the delivery is in the log with 0 rows and its warning, and the
    period counts as delivered."""
    [r] = ingest_files(db, [write_extract(inbox, "WIJKTEAMS_wachtlijst_2024-06.csv", WL_HEADER)])
    assert r.outcome is Outcome.LOADED and r.rows == 0
    [entry] = log(db)
    assert entry["rijen"] == 0
    warnings = json.loads(entry["waarschuwingen"])
    assert any("geen gegevensrijen" in w["regel"] for w in warnings)
    delivered = figures.geleverd(db, Scope.of(["2024-06"], ["WIJKTEAMS"]))
    assert delivered.filter(pl.col("soort") == "wachtlijst").height == 1


def test_warnings_are_recorded_in_the_log(db, inbox):
    """An unknown column is loaded with a warning, and the warning stays in the log."""
    text = jbrr_juni(2).replace("overbrugging\n", "overbrugging;opmerking\n", 1).replace(";nee\n", ";nee;geen\n")
    [r] = ingest_files(db, [write_extract(inbox, "JBRR_wachtlijst_2024-06.csv", text)])
    assert r.outcome is Outcome.LOADED and len(r.warnings) == 1
    [entry] = log(db)
    [w] = json.loads(entry["waarschuwingen"])
    assert (w["rij"], w["kolom"]) == (1, "opmerking") and "onbekende kolom" in w["regel"]
    assert entry["bytes"] == len(text.encode()) and entry["sha256"] == hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------------------
# Quarter and month files
# --------------------------------------------------------------------------------------


def test_month_file_overrides_its_month_of_a_quarter_file(db, inbox):
    """A quarter file, then a month file for May: May comes from the month file, April and
    June still from the quarter file."""
    quarter = WL_HEADER + "".join(
        f"JBRR;{peil};JB-{m}{i:04d};OTS;jeugdbeschermer;{aanm};nee\n"
        for m, peil, aanm, n in (
            ("04", "30-04-2024", "01-04-2024", 2),
            ("05", "31-05-2024", "01-05-2024", 3),
            ("06", "30-06-2024", "01-06-2024", 4),
        )
        for i in range(n)
    )
    may = wachtlijst("JBRR", "31-05-2024", [(f"JB-M{i:05d}", "02-05-2024", "ja") for i in range(7)])
    rq, rm = ingest_files(
        db, [write_extract(inbox, "JBRR_wachtlijst_2024-Q2.csv", quarter), write_extract(inbox, "JBRR_wachtlijst_2024-05.csv", may)]
    )
    assert rq.outcome is Outcome.LOADED and rq.rows == 9
    assert rm.outcome is Outcome.LOADED  # a different period: the quarter file is not replaced
    q_id, m_id = (x["id"] for x in log(db))
    assert [x["status"] for x in log(db)] == ["geladen", "geladen"]
    per_month = query(db, "SELECT strftime(peildatum, '%Y-%m'), aanlevering_id, count(*) FROM stg_wachtlijst GROUP BY ALL ORDER BY 1")
    assert per_month == [("2024-04", q_id, 2), ("2024-05", m_id, 7), ("2024-06", q_id, 4)]
    w = figures.wachtlijst(db, Scope.of(["2024-04", "2024-05", "2024-06"], ["JBRR"]))
    w = w.filter(pl.col("aanbieder") == "JBRR").sort("periode")
    assert w["wachtenden"].to_list() == [2, 7, 4]


def test_month_file_overrides_its_month_of_a_quarter_personeel_file(db, inbox):
    """The same for a flow extract: personeel for May from the month file."""
    head = "aanbieder;periode;team;functie;bezetting_fte;bezetting_personen;instroom_personen;uitstroom_personen;vacatures_fte\n"
    quarter = head + "".join(f"ENVER;2024-{m};Team A;hulpverlener;10;12;1;1;2\n" for m in ("04", "05", "06"))
    may = head + "ENVER;2024-05;Team A;hulpverlener;8;9;0;3;4\n"
    ingest_files(
        db, [write_extract(inbox, "ENVER_personeel_2024-Q2.csv", quarter), write_extract(inbox, "ENVER_personeel_2024-05.csv", may)]
    )
    rows = query(db, "SELECT strftime(periode, '%Y-%m'), bezetting_personen FROM stg_personeel ORDER BY 1")
    assert rows == [("2024-04", 12), ("2024-05", 9), ("2024-06", 12)]


# --------------------------------------------------------------------------------------
# maatregel_id unique per provider across deliveries
# --------------------------------------------------------------------------------------


def test_maatregel_id_of_another_period_is_refused(db, inbox):
    """A measure already delivered in May cannot be delivered again as received in June:
    the June file is refused, naming row, column, value and the earlier file."""
    may = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;13-05-2024;14-05-2024\n"
    june = DL_HEADER + ("JBRR;JB-000002;OTS;M2024-0002;03-06-2024;04-06-2024\nJBRR;JB-000001;OTS;M2024-0001;10-06-2024;11-06-2024\n")
    rm, rj = ingest_files(
        db, [write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", may), write_extract(inbox, "JBRR_doorlooptijden_2024-06.csv", june)]
    )
    assert rm.outcome is Outcome.LOADED
    assert rj.outcome is Outcome.REJECTED and rj.error_count == 1
    [f] = rj.errors
    assert (f.row, f.column, f.value) == (3, "maatregel_id", "M2024-0001")
    assert "uniek per aanbieder" in f.rule and "JBRR_doorlooptijden_2024-05.csv" in f.rule
    assert [x["bestand"] for x in log(db)] == ["JBRR_doorlooptijden_2024-05.csv"]
    assert rejected(db)[0]["bestand"] == "JBRR_doorlooptijden_2024-06.csv"


def test_maatregel_id_of_another_provider_is_fine(db, inbox):
    """maatregel_id is unique per provider: ENVER may use an id JBRR also uses."""
    jbrr = DL_HEADER + "JBRR;JB-000001;OTS;M-0001;13-05-2024;14-05-2024\n"
    enver = DL_HEADER + "ENVER;EN-000001;AMBULANT;M-0001;10-06-2024;11-06-2024\n"
    results = ingest_files(
        db, [write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", jbrr), write_extract(inbox, "ENVER_doorlooptijden_2024-06.csv", enver)]
    )
    assert [r.outcome for r in results] == [Outcome.LOADED, Outcome.LOADED]


def test_redelivery_of_the_same_period_carries_newer_milestones(db, inbox, tmp_path):
    """A re-delivery of the same period may repeat its measures with newer dates; the
    figures use the newer dates."""
    v1 = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;03-06-2024;\n"
    v2 = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;03-06-2024;05-06-2024\n"
    ingest_files(db, [write_extract(inbox, "JBRR_doorlooptijden_2024-06.csv", v1)])
    (tmp_path / "v2").mkdir()
    [r] = ingest_files(db, [write_extract(tmp_path / "v2", "JBRR_doorlooptijden_2024-06.csv", v2)])
    assert r.outcome is Outcome.REPLACED
    assert "(0 nieuw, 0 vervallen, 1 gewijzigd)" in r.note
    assert query(db, "SELECT maatregel_id, beoordeeld_op::VARCHAR FROM stg_doorlooptijden") == [("M2024-0001", "2024-06-05")]


MAY_V1 = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;31-05-2024;\nJBRR;JB-000003;OTS;M2024-0003;13-05-2024;\n"
MAY_V2 = DL_HEADER + "JBRR;JB-000003;OTS;M2024-0003;13-05-2024;\n"  # M2024-0001 moved to June
JUNE = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;03-06-2024;04-06-2024\n"


def test_maatregel_id_only_in_a_replaced_delivery_is_free_again(db, inbox, tmp_path):
    """When the May delivery is corrected and no longer holds a measure, that measure may
    be delivered in June (corrected May ingested first, June in a later run)."""
    ingest_files(db, [write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", MAY_V1)])
    (tmp_path / "v2").mkdir()
    [r_may] = ingest_files(db, [write_extract(tmp_path / "v2", "JBRR_doorlooptijden_2024-05.csv", MAY_V2)])
    [r_june] = ingest_files(db, [write_extract(inbox, "JBRR_doorlooptijden_2024-06.csv", JUNE)])
    assert (r_may.outcome, r_june.outcome) == (Outcome.REPLACED, Outcome.LOADED)


def test_maatregel_id_freed_by_a_correction_in_the_same_run(db, inbox, tmp_path):
    """The same as above, with the corrected May file and the June file in one folder: the
    outcome may not depend on whether the operator ingests them together or one by one."""
    ingest_files(db, [write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", MAY_V1)])
    folder = tmp_path / "correctie"
    folder.mkdir()
    results = ingest_files(
        db,
        [write_extract(folder, "JBRR_doorlooptijden_2024-05.csv", MAY_V2), write_extract(folder, "JBRR_doorlooptijden_2024-06.csv", JUNE)],
    )
    assert [r.outcome for r in results] == [Outcome.REPLACED, Outcome.LOADED], [e.text() for r in results for e in r.errors]


def test_month_redelivery_of_quarter_measures_is_accepted(db, inbox):
    """A quarter file, then a month file for May with the May measures and newer dates:
    that is a re-delivery of May (the month file overrides its month), not a duplicate."""
    quarter = DL_HEADER + ("JBRR;JB-000001;OTS;M2024-0001;10-05-2024;\nJBRR;JB-000002;OTS;M2024-0002;10-06-2024;11-06-2024\n")
    may = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;10-05-2024;13-05-2024\n"
    rq, rm = ingest_files(
        db, [write_extract(inbox, "JBRR_doorlooptijden_2024-Q2.csv", quarter), write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", may)]
    )
    assert rq.outcome is Outcome.LOADED
    assert rm.outcome is Outcome.LOADED, [e.text() for e in rm.errors]
    assert query(db, "SELECT maatregel_id, beoordeeld_op::VARCHAR FROM stg_doorlooptijden ORDER BY 1") == [
        ("M2024-0001", "2024-05-13"),
        ("M2024-0002", "2024-06-11"),
    ]


def test_maatregel_id_clash_names_the_delivery_now_current_for_its_month(db, inbox):
    """Quarter, then May again as a month file, then June repeating May's measure, in one
    run: the measure is current in the May file now (it took over May from the quarter),
    so June is refused naming the May file."""
    quarter = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;10-05-2024;\nJBRR;JB-000002;OTS;M2024-0002;10-06-2024;\n"
    may = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;10-05-2024;13-05-2024\n"
    june = DL_HEADER + "JBRR;JB-000002;OTS;M2024-0002;10-06-2024;\nJBRR;JB-000001;OTS;M2024-0001;11-06-2024;\n"
    rq, rm, rj = ingest_files(
        db,
        [
            write_extract(inbox, "JBRR_doorlooptijden_2024-Q2.csv", quarter),
            write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", may),
            write_extract(inbox, "JBRR_doorlooptijden_2024-06.csv", june),
        ],
    )
    assert (rq.outcome, rm.outcome, rj.outcome) == (Outcome.LOADED, Outcome.LOADED, Outcome.REJECTED)
    [f] = rj.errors
    assert (f.row, f.value) == (3, "M2024-0001") and "JBRR_doorlooptijden_2024-05.csv" in f.rule


def test_maatregel_id_clash_names_the_providers_row(db, inbox):
    """With an empty spreadsheet row (only separators) above it, the clashing measure is in
    row 4 of the file as the provider sees it."""
    may = DL_HEADER + "JBRR;JB-000001;OTS;M2024-0001;13-05-2024;\n"
    june = DL_HEADER + "JBRR;JB-000002;OTS;M2024-0002;03-06-2024;\n;;;;;\nJBRR;JB-000001;OTS;M2024-0001;10-06-2024;\n"
    _, rj = ingest_files(
        db, [write_extract(inbox, "JBRR_doorlooptijden_2024-05.csv", may), write_extract(inbox, "JBRR_doorlooptijden_2024-06.csv", june)]
    )
    assert rj.outcome is Outcome.REJECTED
    assert [(f.row, f.value) for f in rj.errors] == [(4, "M2024-0001")]
