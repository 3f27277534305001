"""Who may see what, in the dashboard as each role uses it: AppTest with the user set as
Streamlit's OpenID Connect login sets it (`at.user`, with an [auth] section in the secrets),
roles from an access file. And the leak paths: every page, every table, chart and
download, and both reports, opened as a provider's user, hold nothing of another
provider."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polars as pl
import pypdfium2 as pdfium
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard import audit, demo, ingest, notes, registers, store, vaststelling
from dashboard.access import LOCAL, Viewer
from dashboard.app import auth
from dashboard.paths import DEMO
from dashboard.periods import parse_period
from tests.helpers import (
    MAIN,
    PAGES,
    VALID,
    assert_clean,
    capture_downloads,
    dataframes,
    download,
    headline_cell,
    nodes,
    open_sections,
    shown,
    text,
)

ACCESS = """
[gebruikers]
"beheer@rotterdam.nl" = "gemeente-beheer"
"lezer@rotterdam.nl" = "gemeente-lezer"
"medewerker@jbrr.nl" = { rol = "aanbieder", aanbieder = "JBRR" }
"medewerker@enver.nl" = { rol = "aanbieder", aanbieder = "ENVER" }
"medewerker@wijkteams.nl" = { rol = "aanbieder", aanbieder = "WIJKTEAMS" }

[groepen]
"jeugd-beleid" = "gemeente-lezer"
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "niet-geheim-alleen-test",
    "client_id": "jeugdmonitor",
    "client_secret": "niet-geheim",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
PROVIDER_USER = {"JBRR": "medewerker@jbrr.nl", "ENVER": "medewerker@enver.nl", "WIJKTEAMS": "medewerker@wijkteams.nl"}


@pytest.fixture
def access_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "toegang.toml"
    path.write_text(ACCESS, encoding="utf-8")
    monkeypatch.setenv("JEUGDMONITOR_TOEGANG", str(path))
    return path


def as_user(
    db: Path, monkeypatch: pytest.MonkeyPatch, user: dict | None, query: dict[str, str] | None = None, page: str | None = None
) -> AppTest:
    """The app as a person logged in through OpenID Connect (`user` as st.user holds it)."""
    monkeypatch.setenv("JEUGDMONITOR_DB", str(db))
    at = AppTest.from_file(str(MAIN), default_timeout=90)
    at.secrets["auth"] = AUTH
    at.user = user or {}
    at.query_params.update(query or {})
    at.run()
    if page and page != "overzicht":
        at.switch_page(f"views/{page}.py").run()
    return open_sections(at)


def logged_in(email: str, **claims: object) -> dict:
    return {"is_logged_in": True, "email": email, **claims}


def provider_choices(at: AppTest) -> list[str]:
    return list(at.multiselect(key="aanbieders").options)


def registered_pages(at: AppTest) -> list[str]:
    """The pages in this user's menu (AppTest refuses to switch to a page not in it)."""
    try:
        at.switch_page("views/audittrail.py")
    except ValueError as e:
        return str(e)
    return "audittrail"


# --- before and without a role ----------------------------------------------------------------


def test_a_visitor_who_is_not_logged_in_sees_only_the_login(demo_db: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_db, monkeypatch, {"is_logged_in": False})
    assert_clean(at)
    assert [b.label for b in at.button] == ["Inloggen"]
    page = text(at)
    assert "Log in met uw account" in page
    assert not at.multiselect and not dataframes(at) and not at.get("html")
    for code in registers.provider_codes():
        assert code not in page


def test_an_unknown_user_sees_only_a_dutch_explanation(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_copy, monkeypatch, logged_in("onbekend@example.org"))
    assert_clean(at)
    assert [s.value for s in at.header] == ["Geen toegang"]
    page = shown(text(at))
    assert "onbekend@example.org" in page and "u hebt geen rol in de jeugdmonitor" in page
    assert [b.label for b in at.button] == ["Uitloggen"]
    assert not at.multiselect and not dataframes(at) and not at.get("html") and not at.get("vega_lite_chart")
    at.switch_page("views/wachtlijsten.py").run()  # straight to a page: the same explanation
    assert [s.value for s in at.header] == ["Geen toegang"] and not dataframes(at)
    refused = audit.read(demo_copy).filter(pl.col("gebeurtenis") == "geweigerd")
    assert refused["wie"].to_list() == ["onbekend@example.org"]


def test_a_broken_access_file_lets_nobody_in(demo_db: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    access_file.write_text('[gebruikers]\n"beheer@rotterdam.nl" = "superuser"\n', encoding="utf-8")
    at = as_user(demo_db, monkeypatch, logged_in("beheer@rotterdam.nl"))
    assert_clean(at)
    assert [s.value for s in at.header] == ["Toegang is verkeerd ingesteld"]
    assert "onbekende rol" in text(at) and not at.multiselect


# --- the three roles ----------------------------------------------------------------------


def test_beheer_sees_everything_and_may_change_it(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = capture_downloads(monkeypatch)
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), {"periode": "2024-06"})
    assert_clean(at)
    assert provider_choices(at) == ["JBRR", "Enver", "Wijkteams"]  # by name
    assert "Ingelogd als beheer@rotterdam.nl · gemeente-beheer" in [shown(c.value) for c in at.sidebar.caption]
    assert auth.LOCAL_TEXT not in [w.value for w in at.warning]  # logged in: not the unsecured banner
    at.switch_page("views/aanbevelingen.py").run()
    assert_clean(at)
    assert "Register bijwerken" in [h.value for h in at.header]
    assert "Elke wijziging wordt vastgelegd met wie en wanneer: als beheer@rotterdam.nl." in [shown(c.value) for c in at.caption]
    at.switch_page("views/aanleveringen.py").run()
    assert len(at.file_uploader) == 1
    at.switch_page("views/audittrail.py").run()
    assert_clean(at)
    assert at.title[0].value == "Audittrail"
    log = dataframes(at)[0]
    assert ("beheer@rotterdam.nl", "inloggen") in list(zip(log["Wie"], log["Gebeurtenis"]))
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download Excel"]
    blob, name = download(kept, at.get("download_button")[0])  # the export is itself audited
    assert b"beheer@rotterdam.nl;inloggen" in blob
    newest = audit.read(demo_copy).row(0, named=True)
    assert (newest["wie"], newest["gebeurtenis"], newest["wat"]) == ("beheer@rotterdam.nl", "download", name)


def test_a_register_change_is_recorded_by_the_logged_in_person(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), {"periode": "2024-12"}, "aanbevelingen")
    assert "reg_door" not in [t.key for t in at.text_input]  # no name to type: the login says who
    measure = at.selectbox(key="status_maatregel").options[0].split(" — ")[0]
    at.selectbox(key="status_maatregel").set_value(measure).run()
    at.selectbox(key="status_status").set_value("in_uitvoering")
    at.text_area(key="status_toelichting").set_value("Gestart met werven.")
    at.button(key="status_opslaan").click().run()
    assert_clean(at)
    assert any("Opgeslagen: statusupdate" in shown(s.value) for s in at.success)
    with store.reader(demo_copy) as con:
        door = con.sql(
            "SELECT door FROM reg_status WHERE maatregel_id = $m ORDER BY vastgelegd_op DESC LIMIT 1", params={"m": measure}
        ).fetchall()[0][0]
    assert door == "beheer@rotterdam.nl"
    edits = audit.read(demo_copy).filter(pl.col("gebeurtenis") == "registerwijziging")
    assert edits["wie"][0] == "beheer@rotterdam.nl" and "1 status" in edits["wat"][0]
    assert f"{measure} → in_uitvoering" in edits["wat"][0]  # which measure, which new status


def test_lezer_reads_everything_but_changes_nothing(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A member of a group with a role, as the OIDC groups claim says.
    at = as_user(demo_copy, monkeypatch, logged_in("iemand@rotterdam.nl", groups=["jeugd-beleid"]), {"periode": "2024-06"})
    assert_clean(at)
    assert provider_choices(at) == ["JBRR", "Enver", "Wijkteams"]  # by name
    assert headline_cell(at, "Wachtenden (jeugdigen)") == ["60", "541", "278"]  # the figures, for every provider
    assert "Known pages" in registered_pages(at)  # no audit trail in the menu
    at.switch_page("views/aanbevelingen.py").run()
    assert_clean(at)
    assert "Register bijwerken" not in [h.value for h in at.header]
    assert not at.file_uploader and not at.get("form")
    assert [b.label for b in at.get("download_button") if b.label.startswith("Register")] == ["Register exporteren (YAML)"]
    at.switch_page("views/aanleveringen.py").run()
    assert_clean(at)
    assert not at.file_uploader
    assert "Aanleveren kan met de rol gemeente-beheer" in text(at)


def test_a_provider_sees_only_its_own_figures_whatever_the_url_asks(
    demo_db: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = as_user(demo_db, monkeypatch, logged_in("medewerker@jbrr.nl"), {"periode": "2024-06", "aanbieders": "ENVER,WIJKTEAMS,JBRR"})
    assert_clean(at)
    assert provider_choices(at) == ["JBRR"]
    assert at.multiselect(key="aanbieders").value == ["JBRR"]
    assert headline_cell(at, "Wachtenden (jeugdigen)") == ["60"]  # one column: JBRR's own
    assert "Known pages" in registered_pages(at)
    # Only a URL asking for others alone: still nothing but JBRR.
    at = as_user(demo_db, monkeypatch, logged_in("medewerker@jbrr.nl"), {"periode": "2024-06", "aanbieders": "ENVER"})
    assert at.multiselect(key="aanbieders").value == ["JBRR"]


def test_a_provider_sees_only_measures_addressed_to_it(demo_db: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_db, monkeypatch, logged_in("medewerker@enver.nl"), {"periode": "2024-12"}, "aanbevelingen")
    assert_clean(at)
    table = dataframes(at)[0]
    assert set(table["Adressaat"]) == {"Enver"}
    assert "Register bijwerken" not in [h.value for h in at.header] and not at.get("form")
    # The municipality sees its own measures and those of every provider.
    at = as_user(demo_db, monkeypatch, logged_in("lezer@rotterdam.nl"), {"periode": "2024-12"}, "aanbevelingen")
    table = dataframes(at)[0]
    assert {"Gemeente", "JBRR", "Enver"} <= set(table["Adressaat"])


def test_a_provider_may_upload_only_its_own_extracts(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (store.data_version(demo_copy), demo_copy.read_bytes())
    at = as_user(demo_copy, monkeypatch, logged_in("medewerker@enver.nl"), page="aanleveringen")
    assert "Met uw account levert u alleen extracten van ENVER aan." in text(at)
    at.file_uploader[0].set_value(
        [("JBRR_wachtlijst_2025-01.csv", VALID.encode(), "text/csv"), ("wachtlijst-januari.csv", VALID.encode(), "text/csv")]
    )
    at.run()
    at.button(key="inlezen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [shown(e.value) for e in at.error]
    assert errors[0].startswith("JBRR_wachtlijst_2025-01.csv: afgewezen")
    assert "u mag alleen extracten van ENVER aanleveren; dit bestand is volgens de naam van JBRR" in errors[0]
    assert "de bestandsnaam moet beginnen met uw aanbiedercode" in errors[1] and "ENVER_wachtlijst_2024-06.csv" in errors[1]
    assert (store.data_version(demo_copy), demo_copy.read_bytes()) == before  # nothing loaded
    assert ingest.rejected(demo_copy) == []  # refused uploads are not deliveries: nothing kept
    uploads = audit.read(demo_copy).filter(pl.col("gebeurtenis") == "upload")
    assert uploads["wie"].to_list() == ["medewerker@enver.nl"] * 2


# --- vaststellen: a provider's verdict, the municipality's establishment ---------------------


def _table_with(at: AppTest, column: str) -> pl.DataFrame:
    [found] = [d for d in dataframes(at) if column in d.columns]
    return found


def _verdict_table(at: AppTest) -> pl.DataFrame:
    return _table_with(at, "Oordeel")


def test_a_provider_gives_its_verdict_and_beheer_establishes_the_quarter(
    demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    q2 = {"periode": "2024-06"}
    at = as_user(demo_copy, monkeypatch, logged_in("medewerker@enver.nl"), q2, "vaststellen")
    assert_clean(at)
    assert at.selectbox(key="vaststellen_kwartaal").value == "2024-Q2"
    assert "2e kwartaal 2024: voorlopige cijfers, nog niet vastgesteld." in shown(text(at))
    assert not [b for b in at.button if b.key == "vaststellen_knop"]  # a provider does not establish
    # Bezwaar without a reason is refused in Dutch; with one it is recorded.
    at.radio(key="oordeel_keuze").set_value("bezwaar")
    at.button(key="oordeel_opslaan").click().run()
    assert "bij bezwaar is een reden verplicht" in shown(at.error[0].value)
    at.radio(key="oordeel_keuze").set_value("bezwaar")
    at.text_area(key="oordeel_reden").input("De caseload van juni telt team *Noord* dubbel.")
    at.button(key="oordeel_opslaan").click().run()
    assert_clean(at)
    assert "Vastgelegd: bezwaar" in shown(at.success[0].value)
    table = _verdict_table(at)
    assert table["Aanbieder"].to_list() == ["Enver"]
    assert table.row(0, named=True) | {"Op": ""} == {
        "Aanbieder": "Enver",
        "Oordeel": "bezwaar",
        "Reden": "De caseload van juni telt team *Noord* dubbel.",
        "Door": "medewerker@enver.nl",
        "Op": "",
    }
    # JBRR agrees; it sees its own verdict only.
    at = as_user(demo_copy, monkeypatch, logged_in("medewerker@jbrr.nl"), q2, "vaststellen")
    at.radio(key="oordeel_keuze").set_value("akkoord")
    at.button(key="oordeel_opslaan").click().run()
    assert_clean(at)
    assert _verdict_table(at)[["Aanbieder", "Oordeel"]].rows() == [("JBRR", "akkoord")]
    assert "telt team" not in shown(text(at))
    # A reader of the municipality sees every verdict, and may not establish.
    at = as_user(demo_copy, monkeypatch, logged_in("lezer@rotterdam.nl"), q2, "vaststellen")
    assert _verdict_table(at)[["Aanbieder", "Oordeel"]].rows() == [
        ("JBRR", "akkoord"),
        ("Enver", "bezwaar"),
        ("Wijkteams", "nog geen oordeel"),
    ]
    assert not [b for b in at.button if b.key in ("vaststellen_knop", "oordeel_opslaan")]
    # Beheer establishes the quarter.
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), q2, "vaststellen")
    assert not [b for b in at.button if b.key == "oordeel_opslaan"]  # the municipality does not speak for a provider
    at.button(key="vaststellen_knop").click().run()
    assert_clean(at)
    assert "2e kwartaal 2024 is vastgesteld." in [shown(x.value) for x in at.success]
    page = shown(text(at))
    assert "2e kwartaal 2024: vastgesteld op" in page and "door beheer@rotterdam.nl" in page
    periods = _table_with(at, "Vastgesteld op")
    assert periods["Periode"].to_list() == ["3e kwartaal 2024", "2e kwartaal 2024"]
    est = vaststelling.established(demo_copy, parse_period("2024-Q2"))
    assert est is not None and est.by == "beheer@rotterdam.nl" and not est.demo
    assert {v["aanbieder"]: v["oordeel"] for v in est.verdicts} == {"JBRR": "akkoord", "ENVER": "bezwaar"}
    events = audit.read(demo_copy).filter(pl.col("gebeurtenis").is_in(["oordeel", "vaststelling"]))
    assert sorted(events["wie"].to_list()) == ["beheer@rotterdam.nl", "medewerker@enver.nl", "medewerker@jbrr.nl"]
    # Established and not revised since: nothing to establish again.
    at.run()
    assert not [b for b in at.button if b.key == "vaststellen_knop"]
    assert "Opnieuw vaststellen kan als de cijfers na de vaststelling zijn herzien." in shown(text(at))


def test_after_a_redelivery_the_page_says_what_changed_since_the_establishment(
    demo_copy: Path, tmp_path: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "ENVER_wachtlijst_2024-09.csv"
    lines = (DEMO / name).read_text(encoding="utf-8-sig").splitlines()
    blob = ("\n".join([lines[0], *lines[6:]]) + "\n").encode()
    # Re-delivered through the upload: accepted, with a word that it revises an established quarter.
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), {"periode": "2024-09"}, "aanleveringen")
    at.file_uploader[0].set_value([(name, blob, "text/csv")])
    at.run()
    at.button(key="inlezen").click().run()
    assert_clean(at)
    assert shown(at.success[0].value).startswith(f"{name}: geladen; vervangt een eerdere aanlevering")
    assert any("3e kwartaal 2024 is vastgesteld op" in shown(w.value) and "herzien na vaststelling" in shown(w.value) for w in at.warning)
    at.switch_page("views/vaststellen.py").run()
    assert_clean(at)
    assert at.selectbox(key="vaststellen_kwartaal").value == "2024-Q3"
    warning = shown(at.warning[-1].value)
    assert "3e kwartaal 2024: vastgesteld op" in warning and "Herzien na vaststelling" in warning
    assert f"{name} (Enver, wachtlijst, 2024-09)" in shown(text(at)) and f"vervangt de vastgestelde levering {name}" in shown(text(at))
    changes = _table_with(at, "Vastgesteld")
    waiting = dict(zip(changes["Cijfer"], zip(changes["Vastgesteld"], changes["Nu"])))["Enver · Wachtenden"]
    assert int(waiting[0]) - int(waiting[1]) == 5
    # The provider's own user sees the same for itself; another provider's page stays as established.
    at = as_user(demo_copy, monkeypatch, logged_in("medewerker@jbrr.nl"), {"periode": "2024-09"}, "vaststellen")
    assert "Herzien na vaststelling" not in shown(text(at)) and "3e kwartaal 2024: vastgesteld op" in shown(text(at))
    # It can be established again.
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), {"periode": "2024-09"}, "vaststellen")
    at.button(key="vaststellen_knop").click().run()
    assert_clean(at)
    assert "door beheer@rotterdam.nl" in shown(text(at)) and "Herzien na vaststelling" not in shown(text(at))


def test_uploads_beyond_the_limits_get_a_clear_dutch_message(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_UPLOAD_MB", 0.001)  # about 1 kB, so the test file is small
    at = as_user(demo_copy, monkeypatch, logged_in("beheer@rotterdam.nl"), page="aanleveringen")
    assert "elk bestand hoogstens 0.001 MB" in text(at)
    at.file_uploader[0].set_value(
        [("JBRR_wachtlijst_2025-01.csv", VALID.encode() * 3, "text/csv"), ("JBRR_wachtlijst_2025-01.pdf", b"%PDF-1.4", "application/pdf")]
    )
    at.run()
    at.button(key="inlezen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [shown(e.value) for e in at.error]
    assert "de grens voor uploaden is 0.001 MB" in errors[0] and "jeugdmonitor ingest" in errors[0]
    assert "bestandstype '.pdf' wordt niet aangenomen; lever .csv of .xlsx" in errors[1]


# --- the leak paths: everything a provider's user can open ------------------------------------


def _everything(at: AppTest) -> str:
    """Every element of the page as Streamlit sends it to the browser: texts, table and chart
    data (Arrow), widget options, labels."""
    return "\n".join(str(node.proto) for node in nodes(at) if getattr(node, "proto", None) is not None)


def _readable(name: str, blob: bytes) -> str:
    if name.endswith(".xlsx"):
        return pl.read_excel(io.BytesIO(blob)).write_csv()
    if name.endswith(".pdf"):
        pdf = pdfium.PdfDocument(blob)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    if name.endswith(".png"):  # pixels: its words are the SVG's, which is read as text
        return ""
    return blob.decode("utf-8-sig")


def _teams(db: Path) -> dict[str, set[str]]:
    with store.reader(db) as con:
        rows = con.sql(
            "SELECT DISTINCT aanbieder, team FROM raw_caseload UNION SELECT DISTINCT aanbieder, team FROM raw_personeel"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for provider, team in rows:
        out.setdefault(provider, set()).add(team)
    return out


def _public_texts() -> list[str]:
    """Every text of the shipped inspection register (data/registers/aanbevelingen.yaml)."""

    def strings(node: object) -> list[str]:
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return [node] if isinstance(node, str) and len(node) > 20 else []

    return sorted({" ".join(t.split()) for t in strings(yaml.safe_load(demo.REGISTER.read_text(encoding="utf-8")))}, key=len, reverse=True)


PUBLIC_TEXTS = _public_texts()


def _without(content: str, texts: list[str]) -> str:
    flat = " ".join(content.split())
    for t in texts:
        flat = flat.replace(t, " ").replace(t.replace('"', '\\"'), " ")
    return flat


@pytest.fixture(scope="module")
def leak_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plus rejected files of another provider and one nobody can attribute."""
    db = tmp_path_factory.mktemp("lek") / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    bad = VALID.replace("JBRR,", "ENVER,").replace("OTS", "GEEN_PRODUCT")
    ingest.ingest_blobs(
        db,
        [("ENVER_wachtlijst_2024-06.csv", bad.encode()), ("WIJKTEAMS lijst juni.csv", b"aanbieder\nWIJKTEAMS\n")],
        door="beheer@rotterdam.nl",
    )
    assert len(ingest.rejected(db)) == 2
    # Every provider's own toelichting and one by the municipality about it, on every theme,
    # naming the provider (its code is what the test looks for), and the advisor's words
    # for the wethouder, which name all three.
    for code in registers.provider_codes():
        for thema in notes.THEMES:
            for who in (Viewer(code, "aanbieder", code), Viewer("beheer@rotterdam.nl", "gemeente-beheer")):
                notes.add_explanation(db, who, code, "2024-06", thema, f"Uitleg van of over {code} bij {thema}", who.name)
        # A newer version: the older one is then readable under it (Eerdere versies).
        notes.add_explanation(db, LOCAL, code, "2024-06", "wachtlijst", f"Nieuwere uitleg over {code}", "beheer@rotterdam.nl")
    for period in ("2024-06", "2024-Q2"):
        notes.set_briefing_text(db, LOCAL, period, "Briefingtekst over JBRR, ENVER en WIJKTEAMS", "beheer@rotterdam.nl")
    for p in registers.provider_codes():  # every provider's verdict on the quarter shown
        vaststelling.record_verdict(db, parse_period("2024-Q2"), p, "bezwaar", f"bezwaar-geheim-{p}", PROVIDER_USER[p])
    return db


@pytest.mark.parametrize("provider", ["JBRR", "ENVER", "WIJKTEAMS"])
def test_nothing_of_another_provider_reaches_a_providers_user(
    provider: str, leak_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "toegang.toml"
    path.write_text(ACCESS, encoding="utf-8")
    monkeypatch.setenv("JEUGDMONITOR_TOEGANG", str(path))
    kept = capture_downloads(monkeypatch)
    teams = _teams(leak_db)
    others = [p for p in registers.provider_codes() if p != provider]
    # Another provider's code (every figure, table row, chart datum and file carries it) and
    # its team names (not those that are also part of an own team's name, like "Staf").
    forbidden = [*others, *(t for p in others for t in teams[p] if not any(t in own for own in teams[provider]))]
    # Another provider's verdict (akkoord or bezwaar, its reason, who gave it).
    forbidden += [t for p in others for t in (f"bezwaar-geheim-{p}", PROVIDER_USER[p])]
    seen: dict[str, str] = {}
    for page in PAGES:
        at = as_user(leak_db, monkeypatch, logged_in(PROVIDER_USER[provider]), {"periode": "2024-06"}, page)
        assert_clean(at)
        for toggle in at.toggle:  # every chart's numbers as a table too
            toggle.set_value(True)
        at.run()
        if page == "overzicht":  # both printed reports
            at.button(key="rapport_briefing_maken").click().run()
            at.button(key="rapport_kwartaal_maken").click().run()
        assert_clean(at)
        seen[page] = _everything(at)
        for button in at.get("download_button"):
            name_blob = download(kept, button)
            seen[f"{page}: {name_blob[1]}"] = _readable(name_blob[1], name_blob[0])
    # The routes were really there: tables, both reports and the register export were opened.
    assert {
        "overzicht: kwartaalrapportage-2024-Q2-" + provider + ".pdf",
        "overzicht: wethouderbriefing-2024-06-" + provider + ".pdf",
    } <= set(seen)
    assert any(k.endswith(".xlsx") for k in seen) and any(k.endswith(".yaml") for k in seen)
    own_team = sorted(teams[provider])[0]
    assert any(own_team in v for v in seen.values())  # its own data is there
    # Its own toelichtingen are there, on the pages and in the kwartaalrapportage.
    assert f"Nieuwere uitleg over {provider}" in seen["wachtlijsten"]
    assert f"Uitleg van of over {provider} bij wachtlijst" in seen["wachtlijsten"]  # its own, and the history of the municipality's
    assert f"Uitleg van of over {provider} bij algemeen" in seen[f"overzicht: kwartaalrapportage-2024-Q2-{provider}.pdf"]
    assert f"bezwaar-geheim-{provider}" in seen["vaststellen"]  # and its own verdict
    # The inspection's own published texts in the register (titles, sources, recommendations)
    # name all three providers ("het onderzoek bij JBRR, Enver en de Rotterdamse wijkteams"):
    # public text, not another provider's data. Everything else must not name them.
    seen = {where: _without(content, PUBLIC_TEXTS) for where, content in seen.items()}
    leaks = [(where, token) for where, content in seen.items() for token in forbidden if token in content]
    assert not leaks, "\n".join(f"{w}: {t} … {seen[w][max(0, seen[w].find(t) - 150) : seen[w].find(t) + 60]!r}" for w, t in leaks)


def test_a_providers_user_writes_a_toelichting_only_for_itself(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_copy, monkeypatch, logged_in(PROVIDER_USER["ENVER"]), {"periode": "2024-06"}, "wachtlijsten")
    assert_clean(at)
    assert at.selectbox(key="toelichting_wachtlijst_aanbieder").options == ["Enver"]  # itself only
    at.text_area(key="toelichting_wachtlijst_tekst").set_value("Uitleg van Enver zelf")
    at.button(key="toelichting_wachtlijst_opslaan").click().run()
    assert_clean(at)
    assert "Toelichting van Enver — Wachtlijst, juni 2024" in text(at) and "medewerker@enver.nl" in shown(text(at))
    # Not even through the data layer for another provider; a reader writes nothing at all.
    with pytest.raises(notes.NoteError):
        notes.add_explanation(demo_copy, Viewer("medewerker@enver.nl", "aanbieder", "ENVER"), "JBRR", "2024-06", "wachtlijst", "x", "y")
    at = as_user(demo_copy, monkeypatch, logged_in("lezer@rotterdam.nl"), {"periode": "2024-06"}, "wachtlijsten")
    assert_clean(at)
    assert "Uitleg van Enver zelf" in text(at)
    assert not [s for s in at.selectbox if s.key == "toelichting_wachtlijst_aanbieder"]
    at = as_user(demo_copy, monkeypatch, logged_in("lezer@rotterdam.nl"), {"periode": "2024-12"})
    assert "De wachtlijst bij Enver blijft de grootste zorg" in text(at)  # reads the briefing text
    assert not [t for t in at.text_area if t.key == "briefingtekst_tekst"]  # and cannot write it
    at = as_user(demo_copy, monkeypatch, logged_in(PROVIDER_USER["ENVER"]), {"periode": "2024-12"})
    assert "Tekst voor de wethouderbriefing" not in text(at)


def test_unsecured_local_use_is_everything_with_a_warning_on_every_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JEUGDMONITOR_DB", str(demo_db))
    for page in [*PAGES, "audittrail"]:
        at = AppTest.from_file(str(MAIN), default_timeout=60)
        at.run()
        if page != "overzicht":
            at.switch_page(f"views/{page}.py").run()
        assert_clean(at)
        assert auth.LOCAL_TEXT in [w.value for w in at.warning], page
    assert LOCAL.may_edit and at.title[0].value == "Audittrail"


def test_a_report_render_is_audited_once_not_on_every_rerun(demo_copy: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = as_user(demo_copy, monkeypatch, logged_in("lezer@rotterdam.nl"), {"periode": "2024-06", "aanbieders": "JBRR"})
    at.button(key="rapport_briefing_maken").click().run()
    at.run()
    at.run()
    assert_clean(at)
    renders = audit.read(demo_copy).filter(pl.col("gebeurtenis") == "rapport")
    assert renders.select("wie", "wat").rows() == [("lezer@rotterdam.nl", "briefing 2024-06 voor JBRR")]


@pytest.mark.parametrize("provider", ["JBRR", "ENVER"])
def test_ijw_figures_only_of_the_providers_own_traffic(
    provider: str, demo_db: Path, access_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's iJw traffic is ENVER's (November 2024, with its 'bron klopt niet'): an ENVER
    user sees the chain and the cross-check, a JBRR user nothing of them."""
    for page in ("wachtlijsten", "aanleveringen"):
        at = as_user(demo_db, monkeypatch, logged_in(PROVIDER_USER[provider]), {"periode": "2024-11"}, page)
        assert_clean(at)
        content = _everything(at)
        if provider == "ENVER":
            assert "iJw" in content and ("bron klopt niet" in content or page == "wachtlijsten")
        else:
            assert "ENVER" not in content and "bron klopt niet" not in content and "JW305" not in content
