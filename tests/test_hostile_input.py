"""What a hostile or careless provider sends can neither stop the dashboard nor let
personal data in (issue 11): control and bidi characters, reports that crash, encodings.

Each test is a finding of the attack run against the project, checked the way a provider
or the municipality would: refused with a Dutch message naming file, row, column and rule
(never a value that must not be shown), or loaded safely; the server keeps serving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import reports, store
from dashboard.contract import KINDS
from dashboard.paths import ROOT
from dashboard.reports import isolated
from dashboard.validation import validate
from tests.test_app import assert_clean, open_app
from tests.test_contract_rules import GOOD, render

HOSTILE_CHARS = ["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\U0001fffe",
                 "\u202e", "\u2066", "\u2028"]
TEXT_COLUMNS = [(kind, c.name) for kind, k in KINDS.items() for c in k.columns
                if c.type in ("text", "code") and c.name in GOOD[kind][1]]


def _abort(*args: object, **kwargs: object) -> bytes:
    """A render that takes its process down the way a Rust panic in vl-convert does."""
    os.abort()


def _assert_no_raw_value(v, bad: str) -> None:
    for f in v.errors:
        assert bad not in f.text() and (f.value is None or bad not in f.value), f.text()


@pytest.mark.parametrize(("kind", "column"), TEXT_COLUMNS)
def test_control_characters_are_refused_in_every_text_column(tmp_path: Path, kind: str, column: str) -> None:
    name, cols, rows = GOOD[kind]
    for ch in HOSTILE_CHARS:
        value = f"{rows[0][cols.index(column)][:3]}{ch}x"
        v = validate(name, render(kind, {(0, column): value}).encode("utf-8"))
        assert not v.ok, repr(ch)
        hits = [f for f in v.errors if f.row == 2 and f.column == column and "stuurteken" in f.rule]
        assert hits, (repr(ch), [f.text() for f in v.errors])
        assert hits[0].value is None  # the value itself is what may not be shown
        _assert_no_raw_value(v, ch)


def test_a_control_character_in_the_header_is_refused_without_breaking_the_message(tmp_path: Path) -> None:
    text = render("caseload").replace("team", '"te\nam\x1b"', 1)
    v = validate("JBRR_caseload_2024-06.csv", text.encode())
    assert not v.ok and "stuurteken" in v.errors[0].rule and v.errors[0].row == 1
    assert "\n" not in v.errors[0].text() and "\x1b" not in v.errors[0].text()


def test_bidi_override_in_an_unknown_column_is_harmless(tmp_path: Path) -> None:
    """Unknown columns are ignored, never stored: only their name is shown, and printable."""
    text = render("caseload", header=[*GOOD["caseload"][1][:-1], "opmerking\u202e"])
    v = validate("JBRR_caseload_2024-06.csv", text.encode())
    assert not v.ok and v.errors[0].row == 1  # a header with an override is refused as a whole


def test_utf16_gets_an_encoding_message(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        v = validate("JBRR_caseload_2024-06.csv", render("caseload").encode(encoding))
        assert [f.rule for f in v.errors if "UTF-16" in f.rule], (encoding, [f.text() for f in v.errors])
        assert v.error_count == 1


# --- reports: a render that crashes never takes the server --------------------------------

@pytest.fixture(scope="module")
def legacy_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database loaded before control characters were refused: JBRR's team names end in
    ESC and U+FFFE, which made vl-convert abort the process rendering the kwartaalrapportage."""
    db = tmp_path_factory.mktemp("legacy") / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with store.writer(db) as w:
        w.con.sql("UPDATE raw_caseload SET team = team || chr(27) || chr(65534) WHERE aanbieder = 'JBRR'")
        w.changed = w.refresh = True
    return db


def test_kwartaalrapportage_renders_from_a_database_with_control_characters(legacy_db: Path) -> None:
    pdf = reports.make("kwartaal", legacy_db, "2024-Q4", ["JBRR"])
    assert pdf.startswith(b"%PDF")


def test_a_crashing_render_shows_a_dutch_error_and_the_app_keeps_serving(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(isolated.RENDERS, "kwartaal", f"{__name__}:_abort")
    at = open_app(demo_db, monkeypatch, {"periode": "2024-05", "aanbieders": "JBRR"})
    at.button(key="rapport_kwartaal_maken").click().run()
    assert not at.exception
    assert any("kon niet worden gemaakt" in w.value and "werkt gewoon verder" in w.value for w in at.warning), \
        [w.value for w in at.warning]
    # The same server, the next request: another report is made as usual.
    at.button(key="rapport_briefing_maken").click().run()
    assert_clean(at)
    assert "Wethouderbriefing (PDF)" in [b.proto.label for b in at.get("download_button")]


def test_a_crashing_render_is_a_dutch_message_in_the_cli(demo_db: Path, tmp_path: Path) -> None:
    code = ("import sys; from dashboard import cli; from dashboard.reports import isolated; "
            f"isolated.RENDERS['briefing'] = '{__name__}:_abort'; sys.exit(cli.run(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "--db", str(demo_db), "rapport", "--soort", "briefing",
                           "--periode", "2024-06", "--uit", str(tmp_path / "b.pdf")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("fout: het rapport kon niet worden gemaakt"), done.stderr
    assert not (tmp_path / "b.pdf").exists()
