"""Bad iJw messages each get a clear Dutch rejection and leave the database as it was; no
personal value of a message reaches the database, the quarantine, the audit log or an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import ingest, paths
from dashboard.cli import run as main
from tests import ijw_messages as m

GOOD = m.bericht("jw305", "S-1", "2024-06-20", "anna", [m.start("TW-1", "2024-06-20")])


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEUGDMONITOR_PSEUDONIEM_SLEUTEL", m.KEY)


@pytest.fixture
def loaded(db: Path, tmp_path: Path, key: None) -> Path:
    [r] = ingest.ingest_files(db, [m.write(tmp_path, "goed.xml", GOOD)])
    assert r.outcome is ingest.Outcome.LOADED
    return db


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<m:Bericht xmlns:m="http://www.istandaarden.nl/ijw/3_2/jw305/schema">&lol3;</m:Bericht>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<m:Bericht xmlns:m="http://www.istandaarden.nl/ijw/3_2/jw305/schema"><m:Header>&xxe;</m:Header></m:Bericht>"""

BAD = {
    "namespace": (GOOD.replace("3_2/jw305/schema", "3_1/jw305/schema"), "onbekende namespace"),
    "berichtcode": (GOOD.replace("<m:BerichtCode>438<", "<m:BerichtCode>440<"), "BerichtCode past niet"),
    "ontbreekt": (GOOD.replace("<m:Begindatum>2024-06-20</m:Begindatum>", ""), "verplicht element ontbreekt"),
    "datum": (GOOD.replace("<m:Begindatum>2024-06-20<", "<m:Begindatum>2024-02-30<"), "geen geldige datum"),
    "code": (GOOD.replace("<m:StatusAanlevering>1<", "<m:StatusAanlevering>7<"), "onbekende code"),
    "agb": (GOOD.replace(m.AGB["ENVER"], "12345678"), "onbekende AGB-code"),
    "product": (GOOD.replace("<ijw:Categorie>45<", "<ijw:Categorie>53<"), "onbekend product"),
    "bom": (BILLION_LAUGHS, "DOCTYPE"),
    "extern": (EXTERNAL, "DOCTYPE"),
    "geen_xml": ("<m:Bericht xmlns:m='x'><m:Header>", "geen geldige XML"),
    # The rule reads whole: the message's own masking of a labelled BSN once took its "BSN (9".
    "bsn": (GOOD.replace("<m:Bsn>999990019<", "<m:Bsn>999990001<"), "geen geldig BSN (negen cijfers die aan de elfproef voldoen)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_message_rejected_in_dutch_database_unchanged(loaded: Path, tmp_path: Path, case: str) -> None:
    text, rule = BAD[case]
    before = loaded.read_bytes()
    [r] = ingest.ingest_files(loaded, [m.write(tmp_path, f"{case}.xml", text)])
    assert r.outcome is ingest.Outcome.REJECTED
    message = " | ".join(f.text() for f in r.errors)
    assert f"{case}.xml" in message
    if rule:
        assert rule in message
    if case not in ("bom", "extern", "geen_xml", "namespace"):
        assert "element 'Bericht/" in message  # the element path
    assert loaded.read_bytes() == before
    assert "root:" not in message  # nothing of /etc/passwd
    assert "999990001" not in message and "[BSN verborgen]" not in message


def test_missing_required_element_names_the_path(loaded: Path, tmp_path: Path) -> None:
    text = GOOD.replace("<m:Begindatum>2024-06-20</m:Begindatum>", "")
    [r] = ingest.ingest_files(loaded, [m.write(tmp_path, "x.xml", text)])
    assert r.errors[0].element == "Bericht/Client/StartProducten/StartProduct[1]/Begindatum"
    assert r.errors[0].message == "JW305 'S-1'"


def test_unknown_product_is_rejected(loaded: Path, tmp_path: Path) -> None:
    [r] = ingest.ingest_files(loaded, [m.write(tmp_path, "p.xml", BAD["product"][0])])
    assert r.outcome is ingest.Outcome.REJECTED
    assert "onbekend product" in r.errors[0].rule


def test_hundred_megabyte_file_refused_unparsed(loaded: Path, tmp_path: Path) -> None:
    big = tmp_path / "groot.xml"
    with open(big, "wb") as f:
        f.write(GOOD.encode()[:-20])
        f.write(b" " * (100 * 1024 * 1024))
    before = loaded.read_bytes()
    [r] = ingest.ingest_files(loaded, [big])
    assert r.outcome is ingest.Outcome.REJECTED
    assert "MB" in r.errors[0].rule
    assert loaded.read_bytes() == before


def test_without_key_a_dutch_refusal(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("JEUGDMONITOR_PSEUDONIEM_SLEUTEL", raising=False)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setattr("dashboard.pseudonym.ROOT", tmp_path)
    path = m.write(tmp_path, "goed.xml", GOOD)
    assert main(["--db", str(db), "validate", str(path)]) == 1
    assert main(["--db", str(db), "ingest", str(path)]) == 1
    out = capsys.readouterr().out
    assert "pseudonimiseringssleutel" in out and "JEUGDMONITOR_PSEUDONIEM_SLEUTEL" in out


def test_key_from_secrets_file(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JEUGDMONITOR_PSEUDONIEM_SLEUTEL", raising=False)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'pseudoniem_sleutel = "{m.KEY}"\n')
    monkeypatch.chdir(tmp_path)
    [r] = ingest.ingest_files(db, [m.write(tmp_path, "goed.xml", GOOD)])
    assert r.outcome is ingest.Outcome.LOADED


def test_validate_checks_xml_by_content(tmp_path: Path, key: None, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = m.write(tmp_path, "export_zonder_extensie", GOOD)
    assert main(["--db", str(db), "validate", str(path)]) == 0
    assert "geldig" in capsys.readouterr().out


def test_nothing_personal_anywhere(db: Path, tmp_path: Path, key: None) -> None:
    """The BSNs, names and birth dates of the messages are nowhere: not in the database
    file, the quarantine, the audit log, nor any error — also for rejected messages and a
    file named after the BSN."""
    people = list(m.PEOPLE.values())
    good = [
        (f"{bsn}_start.xml", m.bericht("jw305", f"S-{i}", "2024-06-20", who, [m.start(f"TW-{i}", "2024-06-20")]))
        for i, (who, (bsn, _, _)) in enumerate(m.PEOPLE.items())
    ]
    bad = [
        (f"fout_{bsn}.xml", text.replace("<m:Begindatum>2024-06-20<", "<m:Begindatum>2024-06-31<"))
        for bsn, (_, text) in zip((p[0] for p in people), good)
    ]
    bad.append(("bsn_fout.xml", good[0][1].replace(people[0][0], "999990010")))  # fails the eleven-test
    bad.append(("geboren_later.xml", good[1][1].replace(people[1][2], "2030-01-01")))
    results = ingest.upload(db, [(n, t.encode()) for n, t in good + bad], door="beheerder@rotterdam.nl")
    assert [r.outcome for r in results[: len(good)]] == [ingest.Outcome.LOADED] * len(good)
    assert all(r.outcome is ingest.Outcome.REJECTED for r in results[len(good) :])
    assert main(["--db", str(db), "aanleveringen"]) == 0
    texts = [db.read_bytes().decode("latin-1")]
    texts += [p.read_text(encoding="utf-8") for p in paths.quarantine_dir(db).iterdir()]
    texts += [db.with_name(db.stem + "_audit.jsonl").read_text(encoding="utf-8")]
    texts += [json.dumps([f.as_dict() for f in r.errors]) + " ".join(f.text() for f in r.errors) + r.line() for r in results]
    assert not [f for f in paths.quarantine_dir(db).iterdir() if not f.name.endswith(".fouten.json")]
    secrets = [
        s
        for bsn, name, born in people + [("999990010", "", "2030-01-01")]
        for s in (bsn, name, born, "-".join(reversed(born.split("-"))) if born else "")
        if s
    ]
    secrets += ["Teststraat", "Moeder belt", "Huisarts Test"]
    for text in texts:
        for s in secrets:
            assert s not in text, s
