"""The dashboard through Streamlit's AppTest: every page on the demo and on an empty
database, the sidebar filters (period, quarter, providers, URL), the figures shown, small
numbers suppressed in tables and downloads, upload through Aanleveringen, and a new
delivery showing without a restart. Plus the app's own data-layer modules: the metric
dictionary (dashboard.definitions) and the headline table (dashboard.overview)."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import definitions, figures, ingest, kerncijfers, overview, register, warehouse
from dashboard.app import components, filters
from dashboard.app import data as app_data
from dashboard.app.frames import aanbevelingen as ab_frames
from dashboard.app.frames import wachtlijsten as wl_frames
from dashboard.definitions import BOVEN_NORM, LET_OP, ONDER_NORM, OP_NORM, Signal
from dashboard.figures import Scope
from dashboard.periods import parse_period
from tests.helpers import (
    CODES,
    MAIN,
    MEASURE_ID,
    PAGES,
    VALID,
    assert_clean,
    capture_downloads,
    dataframes,
    download,
    headline_cell,
    open_app,
    open_sections,
    pdf_pages,
    show_all_tables,
    shown,
    text,
)

TITLES = {p: p.capitalize() for p in PAGES}
SMALL = {"1", "2", "3", "4"}


# --- every page, demo and empty -------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_demo(page: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert components.DEMO_TEXT in text(at)
    assert "Periode: **juni 2024**" in text(at)


def test_parts_below_the_first_screen_are_sent_only_when_opened(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wachtlijsten sends its cards and one trend; each further part is a closed expander
    whose figures and charts come when it is opened, and a choice inside it reruns that part."""
    monkeypatch.setenv("JEUGDMONITOR_DB", str(demo_db))
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.query_params["periode"] = "2024-11"
    at.run()
    assert not at.get("vega_lite_chart")  # the Overzicht: no chart before its part is opened
    assert "Wachtenden per product" in [e.label for e in at.expander]
    at.switch_page("views/wachtlijsten.py").run()
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) == 1 and [h.value for h in at.header][-1] == "Wachtenden per aanbieder"
    assert [e.label for e in at.expander][-7:] == [
        "Per aanbieder: producten en in- en uitstroom",
        "Hoe lang wachten zij al?",
        "Wachten langer dan de norm, en met overbrugging",
        "Gerealiseerde wachttijd van gestarte trajecten",
        "De keten in het eigen berichtenverkeer (iJw): verzoek → toewijzing → start → stop",
        "Wachtenden naar gebied en leeftijd",
        "Verwachte tijd om de wachtlijst weg te werken",
    ]
    assert not dataframes(at) and not at.get("segmented_control")
    open_sections(at)
    assert_clean(at)
    assert len(at.get("vega_lite_chart")) == 9 and len(at.get("segmented_control")) == 1
    assert any("Stap" in d.columns for d in dataframes(at))  # the iJw chain
    # The provider choice inside its part changes that part's charts.
    at.segmented_control(key="wl_aanbieder").set_value("ENVER").run()
    assert_clean(at)
    assert "Wachtenden per product — Enver" in [h.value for h in at.header]


def test_an_invalid_address_gets_a_dutch_notice_once(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-13", "aanbieders": "JBRR,XYZ"}, sections=False)
    assert_clean(at)
    notices = [shown(i.value) for i in at.info if "adresregel" in i.value]
    assert len(notices) == 2
    assert "de periode '2024-13' bestaat niet" in notices[0] and "nieuwste periode" in notices[0]
    assert "aanbieder XYZ onbekend" in notices[1] and "Aanbieders: **JBRR**" in text(at)
    at.run()
    assert not [i for i in at.info if "adresregel" in i.value]  # said once, not on every click
    at = open_app(demo_db, monkeypatch, {"periode": "2019-01"}, sections=False)
    assert any("de periode '2019-01' heeft geen gegevens" in shown(i.value) for i in at.info)


def test_personeel_trend_draws_the_signal_line_where_there_is_one(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "personeel")

    def trend_spec() -> dict:
        return json.loads(at.get("vega_lite_chart")[0].proto.spec)

    def has_signal_line(spec: dict) -> bool:
        return any(layer.get("encoding", {}).get("y", {}).get("field") == "signaal" for layer in spec.get("layer", []))

    assert has_signal_line(trend_spec())  # verloop: signaalwaarde 15%
    at.selectbox(key="personeel_indicator").set_value("bezetting_fte").run()
    assert not has_signal_line(trend_spec())  # no signal value for staffing


def test_no_two_tables_on_a_page_are_the_same(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Wachten langer dan de norm" and "Met overbrugging" each show their own columns."""
    for page in ("wachtlijsten", "personeel", "caseload", "doorlooptijden"):
        at = show_all_tables(open_app(demo_db, monkeypatch, {"periode": "2024-06"}, page))
        assert_clean(at)
        frames = [d.write_csv() for d in dataframes(at)]
        assert len(frames) == len(set(frames)), page


def test_view_choices_survive_a_visit_to_another_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "personeel")
    at.selectbox(key="personeel_indicator").set_value("vacaturegraad_pct").run()
    at.toggle[0].set_value(True).run()
    at.switch_page("views/caseload.py").run()
    at.switch_page("views/personeel.py").run()
    assert_clean(at)
    assert at.selectbox(key="personeel_indicator").value == "vacaturegraad_pct"
    assert at.toggle[0].value is True


def test_accessibility_statement_follows_the_model(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model statement's parts, in order, and every known problem with a way around it."""
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "toegankelijkheid")
    assert_clean(at)
    assert [h.value for h in at.header] == [
        "Status",
        "Hoe is dit onderzocht",
        "Bekende problemen en hoe u ze omzeilt",
        "Wat wij doen",
        "Contact, feedback en klachten",
    ]
    body = text(at)
    assert "WCAG" in body and "Nalevingsstatus" in body and "Nationale ombudsman" in body
    assert body.count("Omweg:") >= 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_an_empty_database(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(tmp_path / "leeg.duckdb", monkeypatch, page=page)
    assert_clean(at)
    assert at.title[0].value == TITLES[page]
    assert components.DEMO_TEXT not in text(at)
    if page in ("overzicht", "regiekaart", "wachtlijsten", "personeel", "caseload", "doorlooptijden"):
        assert "Er zijn nog geen aanleveringen" in text(at)
    if page == "aanleveringen":
        assert at.file_uploader, "upload must work on an empty database"
    if page == "aanbevelingen":
        assert "nog niet gevuld" in text(at)


# --- the figures shown ----------------------------------------------------------------


def test_overzicht_june_2024_shows_the_headline_figures(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"})
    assert_clean(at)
    assert headline_cell(at, "Wachtenden (jeugdigen)") == ["60", "541", "278"]
    assert headline_cell(at, "Zonder vaste casushouder (casussen)")[0] == "60"
    page = text(at)
    assert "De wachtlijst voogdij bij JBRR is weggewerkt: 0, was 67 in november 2023." in page
    assert "Caseload Cluster 7" in page and "18,0 per fte" in page and "norm 14,5 per fte" in page
    assert "Wachtenden bij JBRR: 60 (mei 2024: 85; juni 2023: 284)." in page
    # Status in words and icon, never colour alone; 14,55 is not rounded onto its norm.
    assert "▲ boven norm" in page and "! let op" in page
    assert headline_cell(at, "Caseload (per fte)")[0] == "14,55"


def test_overzicht_opens_with_what_needs_action_ranked_with_owners(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first header is the action list; each item names its owner by name, off-norm
    items come before 'let op' ones, a figure shows its linked measure and deadline, and
    the download holds every item in the same order."""
    kept = capture_downloads(monkeypatch)
    at = open_app(demo_db, monkeypatch, {"periode": "2024-12"})
    assert_clean(at)
    assert [h.value for h in at.header][:2] == ["Wat vraagt actie", "Kerncijfers per aanbieder"]
    assert "Buiten de norm" not in [h.value for h in at.header]
    body = " ".join(str(h.proto.body) for h in at.get("html") if "jm-actions" in str(h.proto.body))
    rows = re.findall(r'<td class="jm-rank">(\d+)</td><td>([^<]*)</td>', body)
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)) and len(rows) > 10
    assert {r[1] for r in rows} == {"JBRR", "Enver", "Wijkteams", "Gemeente"}  # names, not codes
    statuses = re.findall(r'jm-status [^"]*">[^ ]+ ([^<]+)</span>', body)
    assert "let op" in statuses and statuses.index("let op") > max(i for i, s in enumerate(statuses) if s == "boven norm")
    # Enver's share above the waiting norm, with the municipality's measure for it and its deadline.
    enver = re.search(r"<td>Enver</td><td><div class=\"jm-what\">Boven de wachttijdnorm</div>(.*?)</tr>", body).group(1)
    assert "53,8%" in enver and "Extra capaciteit ambulante hulp" in enver and "deadline 31-12-2024" in enver
    # The municipality's own overdue measure, and the iJw cross-check of November.
    assert "Gezamenlijk veiligheidskader" in body and "te laat" in body
    assert "Starts in de iJw-berichten wijken af" in body and "november 2024 −24,9%" in body
    files = dict((name, blob) for blob, name in (download(kept, b) for b in at.get("download_button")))
    name = "actielijst_2024-12_JBRR-ENVER-WIJKTEAMS.csv"
    blob = files[name]
    lines = [x for x in blob.decode("utf-8-sig").splitlines() if x and not x.startswith("#")]
    assert len(lines) - 1 == len(rows) and "Eigenaar" in lines[0] and "Gemeente" in blob.decode("utf-8-sig")
    assert not CODES.search(MEASURE_ID.sub("", blob.decode("utf-8-sig")))


def _as_enver(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: str) -> AppTest:
    """The app for Enver's user (OpenID Connect login), December 2024, the URL asking for `asked`."""
    access = tmp_path / "toegang.toml"
    access.write_text('[gebruikers]\n"medewerker@enver.nl" = { rol = "aanbieder", aanbieder = "ENVER" }\n', encoding="utf-8")
    monkeypatch.setenv("JEUGDMONITOR_TOEGANG", str(access))
    monkeypatch.setenv("JEUGDMONITOR_DB", str(db))
    at = AppTest.from_file(str(MAIN), default_timeout=90)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "niet-geheim-alleen-test",
        "client_id": "jeugdmonitor",
        "client_secret": "niet-geheim",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
    at.user = {"is_logged_in": True, "email": "medewerker@enver.nl"}
    at.query_params.update({"periode": "2024-12", "aanbieders": asked})
    at.run()
    return at


def test_a_providers_action_list_holds_only_its_own_figures_and_measures(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _as_enver(demo_db, tmp_path, monkeypatch, "JBRR,ENVER,WIJKTEAMS")
    assert_clean(at)
    body = " ".join(str(h.proto.body) for h in at.get("html") if "jm-actions" in str(h.proto.body))
    owners = set(re.findall(r'<td class="jm-rank">\d+</td><td>([^<]*)</td>', body))
    assert owners == {"Enver"}
    assert "Werkwijze voor netwerkonderzoek" in body  # its own overdue measure
    assert "Gezamenlijk veiligheidskader" not in body and "Cluster 7" not in body


def _card_html(at: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html") if 'class="jm-rk"' in str(h.proto.body))


def _card_figure(card: str, label: str) -> str:
    """The value shown on the regiekaart for a figure (its full label)."""
    m = re.search(rf'<span class="jm-long">{re.escape(label)}</span>.*?<span class="jm-value">([^<]*)</span>', card)
    assert m, label
    return m.group(1)


def test_regiekaart_shows_one_providers_whole_picture(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every domain the provider delivers (process norms only for JBRR), each figure with the
    value the catalogue gives, its status and norm, the previous period and a sparkline with
    a text alternative; what needs action only for this provider; its measures."""
    from dashboard import catalogue

    at = open_app(demo_db, monkeypatch, {"periode": "2024-12"}, "regiekaart")
    assert_clean(at)
    assert at.title[0].value == "Regiekaart"
    card = _card_html(at)
    assert re.findall(r"<h2>([^<]*)</h2>", card) == ["Wachtlijst", "Caseload", "Personeel", "Doorlooptijden"]
    fr = catalogue.frames_for(demo_db, parse_period("2024-12"), ["JBRR"], date.today())
    for key in (
        "wachtlijst.mediaan_wachttijd_weken",
        "caseload.caseload",
        "personeel.verloop_12m_pct",
        "doorlooptijden.mdo_14_werkdagen_pct",
    ):
        f = catalogue.figure(fr, key, parse_period("2024-12"), "JBRR")
        assert _card_figure(card, f.metric.label) == catalogue.with_unit(f.now.text, f.metric.unit)
    assert "▲ boven norm" in card and "norm 1 week" in card and "was 7,3 (−3,0)" in card
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" width="80" height="28" alt="([^"]*)"', card)
    assert len(alts) == 16 and "Mediane wachttijd, verloop over het afgelopen jaar: van 34,6 weken naar 4,3 weken" in alts
    assert "Jeugdbescherming Rotterdam Rijnmond" in text(at)
    # The provider's explanation beside the figures it explains (the demo's, of JBRR's waitlist).
    waitlist = card[: card.index("<h2>Caseload</h2>")]
    assert "Alle twintig wachtenden hebben een overbrugger" in waitlist and "Toelichting van JBRR" in waitlist
    # Its measures and the agreements of its regie meeting (also those the municipality owns).
    measures = " ".join(str(h.proto.body) for h in at.get("html") if "Maatregel of afspraak</th><th" in str(h.proto.body))
    assert "Plan van aanpak om de caseload van Cluster 7" in measures and "<td>afspraak</td>" in measures
    assert "Besluit over de financiering van overbruggers" in measures  # an agreement the municipality owns
    # Another provider: no process norms (not owed), its own action list and measures.
    at.segmented_control(key="rk_aanbieder").set_value("ENVER").run()
    assert_clean(at)
    card = _card_html(at)
    assert re.findall(r"<h2>([^<]*)</h2>", card) == ["Wachtlijst", "Caseload", "Personeel"]
    actions = " ".join(str(h.proto.body) for h in at.get("html") if "jm-actions" in str(h.proto.body))
    # Enver's own items, and the municipality's measure judged on Enver's figures.
    assert set(re.findall(r'<td class="jm-rank">\d+</td><td>([^<]*)</td>', actions)) == {"Enver", "Gemeente"}
    assert "Werkwijze voor netwerkonderzoek" in actions and "Extra capaciteit ambulante hulp en diagnostiek inkopen bij Enver" in actions
    assert "Cluster 7" not in actions and "Gezamenlijk veiligheidskader" not in actions
    assert "Aanleveringen voor december 2024" in [h.value for h in at.header]
    # Deliveries against their deadlines (dashboard.deadlines): Wijkteams' December waitlist came late.
    assert "Alles op tijd binnen." in text(at)
    # Whether its quarter is established, and its own verdict (the demo: Enver objects to Q4).
    assert "Het 4e kwartaal 2024 is nog niet vastgesteld" in text(at) and "Oordeel van Enver: bezwaar — DEMODATA" in text(at)
    at.segmented_control(key="rk_aanbieder").set_value("WIJKTEAMS").run()
    assert "Wijkteams — wachtlijst december 2024: te laat ontvangen op 17-01-2025" in text(at)


def test_a_providers_user_sees_only_its_own_regiekaart(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import access, regiekaart
    from dashboard.selection import Selection

    at = _as_enver(demo_db, tmp_path, monkeypatch, "JBRR,WIJKTEAMS,ENVER")
    at.switch_page("views/regiekaart.py").run()
    assert_clean(at)
    assert not at.get("segmented_control")  # nothing to choose: its own card only
    page = text(at)
    assert "Enver" in page and "Jeugdbescherming Rotterdam Rijnmond" not in page and "Rotterdamse wijkteams" not in page
    assert re.findall(r"<h2>([^<]*)</h2>", _card_html(at)) == ["Wachtlijst", "Caseload", "Personeel"]
    # Below the app too: the data layer refuses another provider's card for this viewer.
    viewer = access.Viewer("medewerker@enver.nl", "aanbieder", "ENVER")
    sel = Selection(demo_db, None, ("2024-12",), parse_period("2024-12"), ("JBRR", "ENVER"), date.today(), viewer)
    assert sel.providers == ("ENVER",)
    with pytest.raises(PermissionError):
        regiekaart.for_selection(sel, "JBRR")
    assert regiekaart.for_selection(sel, "ENVER").provider == "ENVER"


def test_overzicht_november_2023_shows_the_67_voogdij_measures(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2023-11"})
    assert headline_cell(at, "Wachtenden (jeugdigen)")[0] == "269"  # 82 JR + 120 OTS + 67 voogdij
    at.toggle(key="tabel_overzicht_per_product").set_value(True).run()
    assert_clean(at)
    table = dataframes(at)[0]
    voogdij = table.filter((pl.col("Aanbieder") == "JBRR") & (pl.col("Product") == "Voogdij"))
    assert voogdij["november 2023"].to_list() == ["67"]
    assert voogdij["oktober 2023"].to_list() == ["63"]
    assert "weggewerkt" not in text(at)


def test_caseload_page_shows_cluster_7_against_its_norm(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "caseload")
    assert headline_cell(at, "Teams boven de norm")[0] == "1"
    at.toggle(key="tabel_caseload_teams").set_value(True).run()
    teams = dataframes(at)[0]
    cluster7 = teams.filter(pl.col("Team") == "Cluster 7").row(0, named=True)
    assert (cluster7["Caseload (per fte)"], cluster7["Caseloadnorm (per fte)"], cluster7["Oordeel"]) == ("18,0", "14,5", "boven de norm")
    assert cluster7["Zonder vaste casushouder (casussen)"] == "60"


def test_caseload_trend_follows_the_chosen_provider(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "caseload")
    assert "Caseload per team — JBRR" in text(at)
    at.button_group(key="caseload_aanbieder").set_value("ENVER").run()
    assert_clean(at)
    assert "Caseload per team — Enver" in text(at) and "Caseload per team — JBRR" not in text(at)
    at.toggle(key="tabel_caseload_trend").set_value(True).run()
    trend = [t for t in dataframes(at) if "Periode" in t.columns][0]
    assert set(trend["Aanbieder"]) == {"Enver"} and trend["Periode"].n_unique() > 1


def test_personeel_marks_annualised_turnover(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marked = '<span class="jm-note">geannualiseerd</span>'
    at = open_app(demo_db, monkeypatch, {"periode": "2023-03"}, "personeel")
    assert_clean(at)
    assert text(at).count(marked) == 3  # three months of data: every provider annualised
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "personeel")
    assert headline_cell(at, "Verloop 12 maanden (%)") == ["19,1%", "23,1%", "13,5%"]
    assert marked not in text(at)


def test_doorlooptijden_show_numerator_denominator_and_running(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "doorlooptijden")
    assert_clean(at)
    table = dataframes(at)[0]
    mdo = table.filter(pl.col("Stap") == "MDO binnen 14 werkdagen").row(0, named=True)
    assert (
        mdo["Binnen de norm (maatregelen)"],
        mdo["Beoordeelbaar (maatregelen)"],
        mdo["Binnen de norm (%)"],
        mdo["Lopend (maatregelen)"],
    ) == (
        "51",
        "67",
        "76,1",
        "<5",
    )  # one MDO held on a weekend day after its Friday deadline: late
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06", "aanbieders": "ENVER"}, "doorlooptijden")
    assert_clean(at)
    assert "alleen de gecertificeerde instelling levert deze aan; kies JBRR" in text(at)


def test_aanbevelingen_lists_the_register_for_the_chosen_providers(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06", "aanbieders": "JBRR"}, "aanbevelingen")
    assert_clean(at)
    assert "nog niet gevuld" not in text(at)
    table = dataframes(at)[0]
    assert set(table["Adressaat"]) <= {"Gemeente", "JBRR"} and "JBRR" in set(table["Adressaat"])
    assert set(table["Te laat"]) <= {"ja", "nee"}
    assert all(" (" in s for s in table["Stand"]), "the RAG stand is worded, not only a colour"
    # Grouped: only the measures of the municipality and JBRR have a block and a history.
    labels = [label for label, _ in histories(at).values()]
    assert "Statushistorie M-1b-JBRR-1 (1)" in labels and not any("ENVER" in x or "-WT-" in x for x in labels)


def test_aanbevelingen_all_measures_in_one_table_wait_in_a_closed_section(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The flat table repeats the register above it: a visit does not carry it, the section's
    # label says how many measures it holds, and opened it lists exactly those.
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "aanbevelingen", sections=False)
    assert_clean(at)
    (label,) = [shown(e.label) for e in at.expander if shown(e.label).startswith("Alle verbetermaatregelen in één tabel")]
    assert not [t for t in dataframes(at) if "Adressaat" in t.columns]
    table = next(t for t in dataframes(open_sections(at)) if "Adressaat" in t.columns)
    assert label == f"Alle verbetermaatregelen in één tabel ({table.height})"
    # The same measures as the register's sections per recommendation, counted by their labels.
    grouped = [shown(e.label) for e in at.expander if re.match(r"(Maatregelen bij aanbeveling|Afspraken) ", shown(e.label))]
    assert sum(int(re.search(r"\((\d+)", g).group(1)) for g in grouped) == table.height > 0


SEED_000 = {  # data/registers/aanbevelingen.yaml, verbatim
    "1a": ("onderzoek hoe de wachtlijsten verminderd kunnen worden en zorg voor een toereikend aanbod van hulp;", "Gemeente"),
    "1b": ("onderzoek de gevolgen van genomen maatregelen voor de continuïteit van de hulp;", "JBRR, Wijkteams"),
    "2a": (
        "maak onder regie van de gemeente een gezamenlijk kader en daarnaast goede afspraken over wie welke zorg waar in zet;",
        "Gemeente, JBRR, Enver",
    ),
    "2b": ("zorg voor een gestructureerde en door het veld gedragen werkwijze bij het onderzoeken van het netwerk;", "Enver"),
    "3": (
        "zorg voor een betere vertaling van de visie naar het veld en zorg dat deze voldoende bekend is bij de professionals;",
        "Gemeente",
    ),
    "4": (
        "maak het aanbod beter bekend bij de ketenpartners en verbeter de directe bereikbaarheid van de wijkteams "
        "voor overleg met deze partners.",
        "Wijkteams",
    ),
}


HISTORY = re.compile(r"<details[^>]*><summary>(Statushistorie (\S+) \(\d+\))</summary>(.*?)</details>", re.S)


def histories(at: AppTest) -> dict[str, tuple[str, str]]:
    """Each shown measure's status history: its label (what a reader sees on the closed
    disclosure) and what opening it shows, by measure id."""
    found = (m for h in at.get("html") for m in HISTORY.finditer(str(h.proto.body)))
    return {html.unescape(m[2]): (html.unescape(m[1]), m[3]) for m in found}


def _history_html(at: AppTest, measure: str) -> str:
    return histories(at)[measure][1]


def test_aanbevelingen_shows_recommendations_indicators_and_history(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    assert_clean(at)
    page = text(at)
    for nummer, (tekst, adressaten) in SEED_000.items():
        assert f"Aanbeveling {nummer} — aan {adressaten}" in page
        assert html.escape(tekst) in page, f"recommendation {nummer} not shown verbatim"
    # Every measure with a linked indicator has its chart: target and target date as rules.
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 6
    spec = json.loads(charts[0].proto.spec)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "rule", "rule"]
    assert "Wachtenden — JBRR, voogdij" in page and "ten hoogste 14,5 op 31-12-2024" in page
    # RAG in an icon and words; the history with who and when, newest last.
    assert "✗ achter op schema (rood)" in page and "✓ op schema (groen)" in page
    rows = re.findall(r"<tr><td>(\d\d-\d\d-\d{4})</td>", _history_html(at, "M-1a-GEM-1"))
    assert rows == ["15-06-2023", "10-07-2024", "01-10-2024"]
    assert "demo" in _history_html(at, "M-1a-GEM-1")


def test_indicator_counts_of_young_people_are_suppressed() -> None:
    series = pl.DataFrame({"maand": [date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)], "waarde": [0.0, 3.0, 12.0]})
    view = ab_frames.indicator_view(series, {"cijfer": "wachtenden"})
    assert view.chart["waarde_getal"].to_list() == [0.0, None, 12.0]
    assert view.chart["waarde_tekst"].to_list() == ["0", "<5", "12"]
    assert "1 maand met 1 tot 4 jeugdigen: niet getoond" in view.note
    caseload = ab_frames.indicator_view(series, {"cijfer": "caseload"})  # not about young people
    assert caseload.chart["waarde_getal"].to_list() == [0.0, 3.0, 12.0] and not caseload.note
    assert ab_frames.value_text("wachtenden", 3.0) == "<5"


def test_the_te_laat_card_speaks_of_deadlines_not_norms() -> None:
    def card(te_laat: list[bool]) -> str:
        m = pl.DataFrame({"status": ["in_uitvoering"] * len(te_laat), "te_laat": te_laat})
        (late,) = [c for c in ab_frames.cards(m) if c.label == "Te laat"]
        return f"{late.value} {components.badge(late.status)}"

    assert "! te laat" in card([True, False, True]) and card([True, False, True]).startswith("2 ")
    assert "✓ op tijd" in card([False, False])
    assert "norm" not in card([True]) + card([False])


def _status_form(at: AppTest, name: str) -> AppTest:
    at.text_input(key="reg_door").set_value(name)
    at.selectbox(key="status_maatregel").set_value("M-2b-ENVER-1").run()
    at.selectbox(key="status_status").set_value("in_uitvoering")
    at.text_area(key="status_toelichting").set_value("Werkwijze netwerkonderzoek in twee teams beproefd")
    at.button(key="status_opslaan").click()
    return at.run()


def filters_of(at: AppTest):  # noqa: ANN201 - the app's Filters of the last run
    return at.session_state["_filters"]


def test_the_register_filters_for_a_meeting(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-12"}, "aanbevelingen")
    assert_clean(at)

    def shown_measures() -> list[str]:
        open_sections(at)  # a recommendation's measures are built once its part is opened
        return list(histories(at))

    every = shown_measures()
    on = filters_of(at).register_on  # the page's own date for the register's state
    frame = register.measures(demo_db, on)
    late = sorted(frame.filter(pl.col("te_laat"))["id"].to_list())
    assert len(every) == frame.height and late and len(late) < len(every)
    at.toggle(key="reg_f_te_laat").set_value(True).run()
    assert sorted(shown_measures()) == late
    assert f"{len(late)} maatregelen volgens de filters" in text(at)
    at.toggle(key="reg_f_te_laat").set_value(False).run()
    at.multiselect(key="reg_f_adressaat").set_value(["ENVER"]).run()
    enver = frame.filter(pl.col("adressaat") == "ENVER")["id"].to_list()
    assert sorted(shown_measures()) == sorted(enver)
    at.multiselect(key="reg_f_adressaat").set_value([]).run()
    at.selectbox(key="reg_f_deadline").set_value("verstreken").run()
    past = frame.filter(pl.col("deadline") < on)["id"].to_list()
    assert sorted(shown_measures()) == sorted(past)


def test_the_status_form_starts_from_the_measures_current_status(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-12"}, "aanbevelingen")
    at.radio(key="reg_actie").set_value("Statusupdate").run()
    frame = register.measures(demo_copy, date(2024, 12, 31))
    current = dict(zip(frame["id"].to_list(), frame["status"].to_list()))
    for measure in ("M-2a-GEM-1", "M-2b-ENVER-1"):
        at.selectbox(key="status_maatregel").set_value(measure).run()
        assert at.selectbox(key="status_status").value == current[measure], measure
    assert current["M-2a-GEM-1"] != "niet_gestart"


def test_a_status_update_through_the_form_is_saved_and_shown(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    assert histories(at)["M-2b-ENVER-1"][0] == "Statushistorie M-2b-ENVER-1 (0)"
    at = _status_form(at, "Test Ambtenaar")
    assert_clean(at)
    assert "Opgeslagen: statusupdate bij M-2b-ENVER-1" in shown(text(at))
    history = _history_html(at, "M-2b-ENVER-1")
    assert "Werkwijze netwerkonderzoek in twee teams beproefd" in history and "Test Ambtenaar" in history
    assert "in uitvoering" in history
    saved = register.history(demo_copy, ["M-2b-ENVER-1"])
    assert saved.select("status", "toelichting", "door").rows() == [
        ("in_uitvoering", "Werkwijze netwerkonderzoek in twee teams beproefd", "Test Ambtenaar")
    ]


def test_a_change_without_a_name_is_refused_in_dutch(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    before = demo_copy.read_bytes()
    at = _status_form(at, "")
    assert not at.exception
    assert len(at.error) == 1 and "vul uw naam in" in at.error[0].value and "Niet opgeslagen" in at.error[0].value
    assert demo_copy.read_bytes() == before
    assert register.history(demo_copy, ["M-2b-ENVER-1"]).is_empty()
    # The form kept what was typed, so the user only adds the name.
    assert at.text_area(key="status_toelichting").value == "Werkwijze netwerkonderzoek in twee teams beproefd"


def test_a_measure_can_only_go_to_the_recommendations_addressees(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    at.radio(key="reg_actie").set_value("Maatregel toevoegen").run()
    at.selectbox(key="maatregel_aanbeveling").set_value("IGJ-ROTTERDAM-1b").run()
    assert at.selectbox(key="maatregel_adressaat").options == ["JBRR", "Wijkteams"]  # by name
    at.text_input(key="reg_door").set_value("Test Ambtenaar")
    at.selectbox(key="maatregel_adressaat").set_value("WIJKTEAMS")
    at.text_area(key="maatregel_omschrijving").set_value("Overdracht na crisis standaard met warme overdracht")
    at.text_input(key="maatregel_eigenaar").set_value("Wijkteams, directie")
    at.date_input(key="maatregel_deadline").set_value(date(2025, 6, 30))
    at.button(key="maatregel_opslaan").click().run()
    assert_clean(at)
    assert histories(at)["M-IGJ-ROTTERDAM-1b-WIJKTEAMS-1"][0] == "Statushistorie M-IGJ-ROTTERDAM-1b-WIJKTEAMS-1 (0)"
    # A missing field is named as the form labels it, nothing saved.
    at.button(key="maatregel_opslaan").click().run()
    assert at.error and "Omschrijving: verplicht veld ontbreekt" in shown(at.error[0].value)
    assert "veld '" not in at.error[0].value
    # Without a name: "Door wie", not the register's internal field name.
    at.text_input(key="reg_door").set_value("")
    at.text_area(key="maatregel_omschrijving").set_value("Nog een maatregel")
    at.button(key="maatregel_opslaan").click().run()
    assert at.error and "Door wie (uw naam): vul uw naam in" in shown(at.error[0].value)


def test_linking_an_indicator_and_exporting_and_importing(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    charts = len(at.get("vega_lite_chart"))
    courses = [shown(e.label) for e in at.expander].count("Verloop: Boven de wachttijdnorm — Enver")
    at.radio(key="reg_actie").set_value("Indicator koppelen").run()
    at.text_input(key="reg_door").set_value("Test Ambtenaar")
    at.selectbox(key="indicator_maatregel").set_value("M-2b-ENVER-1")
    at.selectbox(key="indicator_cijfer").set_value("boven_norm_pct")
    at.selectbox(key="indicator_aanbieder").set_value("ENVER")
    at.selectbox(key="indicator_vergelijking").set_value("<=")
    at.text_input(key="indicator_doel").input("40,0")
    at.date_input(key="indicator_doeldatum").set_value(date(2024, 12, 31))
    at.button(key="indicator_opslaan").click().run()
    assert_clean(at)
    assert [shown(e.label) for e in at.expander].count("Verloop: Boven de wachttijdnorm — Enver") == courses + 1  # opened on request
    assert len(open_sections(at).get("vega_lite_chart")) == charts + 1
    # The export is the register as YAML; importing it again adds nothing.
    exported = register.export_yaml(demo_copy)
    assert "M-2b-ENVER-1" in exported and "boven_norm_pct" in exported
    assert "doel: 40.0" in exported  # "40,0" as typed with a decimal comma
    at.file_uploader(key="reg_import_bestand").set_value([("register.yaml", exported.encode(), "application/x-yaml")])
    at.run()
    at.button(key="reg_importeren").click().run()
    assert_clean(at)
    assert "Niets nieuws" in text(at)
    at.file_uploader(key="reg_import_bestand").set_value([("kapot.yaml", b"rapporten: [\n  - id: x", "application/x-yaml")])
    at.run()
    at.button(key="reg_importeren").click().run()
    assert at.error and "geen geldige YAML" in at.error[0].value and not at.exception
    # Another kind of file is refused in Dutch by the dashboard, not in English by the browser.
    at.file_uploader(key="reg_import_bestand").set_value([("register.txt", exported.encode(), "text/plain")])
    at.run()
    at.button(key="reg_importeren").click().run()
    assert at.error and "register.txt: geen .yaml-bestand" in shown(at.error[0].value)


def test_a_report_and_a_recommendation_can_be_added(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    at.text_input(key="reg_door").set_value("Test Ambtenaar")
    at.radio(key="reg_actie").set_value("Rapport toevoegen").run()
    at.text_input(key="rapport_id").set_value("IGJ-TEST")
    at.text_input(key="rapport_instantie").set_value("Inspectie Gezondheidszorg en Jeugd (IGJ)")
    at.text_input(key="rapport_titel").set_value("Testrapport")
    at.button(key="rapport_opslaan").click().run()
    assert_clean(at)
    at.radio(key="reg_actie").set_value("Aanbeveling toevoegen").run()
    at.selectbox(key="aanbeveling_rapport").set_value("IGJ-TEST")
    at.text_input(key="aanbeveling_nummer").set_value("1")
    at.text_area(key="aanbeveling_tekst").set_value("Zorg voor een testbare aanbeveling.")
    at.multiselect(key="aanbeveling_adressaten").set_value(["GEMEENTE"])
    at.button(key="aanbeveling_opslaan").click().run()
    assert_clean(at)
    page = text(at)
    assert "Inspectie Gezondheidszorg en Jeugd (IGJ): Testrapport" in [h.value for h in at.header]
    assert "Zorg voor een testbare aanbeveling." in page


def test_status_counts_per_addressee_without_judging_indicators(demo_copy: Path) -> None:
    counts = register.status_counts(demo_copy, date(2024, 6, 30), ["GEMEENTE", "JBRR", "ENVER", "WIJKTEAMS"])
    assert counts.rows() == [("GEMEENTE", 4, 3, 1), ("JBRR", 3, 3, 0), ("ENVER", 1, 1, 0), ("WIJKTEAMS", 2, 1, 0)]
    # The same open and overdue as the full evaluation.
    full = register.measures(demo_copy, date(2024, 12, 31))
    quick = register.status_counts(demo_copy, date(2024, 12, 31), ["GEMEENTE", "JBRR", "ENVER", "WIJKTEAMS"])
    for r in quick.iter_rows(named=True):
        mine = full.filter(pl.col("adressaat") == r["adressaat"])
        assert r["te_laat"] == int(mine["te_laat"].sum())
        assert r["open"] == mine.filter(~pl.col("status").is_in(register.DONE)).height
    warehouse.ensure(demo_copy.parent / "leeg.duckdb")
    empty = register.status_counts(demo_copy.parent / "leeg.duckdb", date(2024, 6, 30), ["GEMEENTE", "JBRR"])
    assert empty.rows() == [("GEMEENTE", 0, 0, 0), ("JBRR", 0, 0, 0)]


def test_overzicht_shows_open_and_overdue_measures_per_provider(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The register as it stands today (the demo's deadlines of 2025 have passed by now).
    at = open_app(demo_db, monkeypatch, {"periode": "2024-12"})
    assert_clean(at)
    now = {
        r["adressaat"]: r
        for r in register.status_counts(demo_db, date.today(), ["GEMEENTE", "JBRR", "ENVER", "WIJKTEAMS"]).iter_rows(named=True)
    }
    assert headline_cell(at, "Open verbetermaatregelen") == [str(now[p]["open"]) for p in ("JBRR", "ENVER", "WIJKTEAMS")]
    assert headline_cell(at, "Te laat") == [str(now[p]["te_laat"]) for p in ("JBRR", "ENVER", "WIJKTEAMS")]
    page = text(at)
    own = now["GEMEENTE"]
    assert f"maatregelen zoals het register er op {date.today():%d-%m-%Y} voor stond" in page  # Wat vraagt actie
    assert f"De gemeente zelf: {own['open']} open, {own['te_laat']} te laat." in page


def test_every_chart_downloads_as_a_slide_with_title_source_period_and_demo_mark(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = capture_downloads(monkeypatch)
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06", "aanbieders": "JBRR"}, "wachtlijsten")
    assert_clean(at)
    buttons = {b.proto.label: b for b in at.get("download_button")}
    pngs = [b for b in at.get("download_button") if b.proto.label == "Download PNG"]
    assert len(pngs) == len(at.get("vega_lite_chart")) and "Download SVG" in buttons
    svg, name = download(stored, buttons["Download SVG"])
    text = svg.decode("utf-8")
    assert name.endswith(".svg") and "<svg" in text
    for words in (
        "Wachtenden",
        "Bron: jeugdmonitor gemeente Rotterdam, aanleveringen van JBRR",
        "Periode: juni 2024",
        components.DEMO_TEXT,
    ):
        assert words in text, words
    png, name = download(stored, pngs[0])
    assert png.startswith(b"\x89PNG") and name.endswith(".png")


def test_report_pdfs_are_made_only_when_asked(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = capture_downloads(monkeypatch)
    rendered: list[str] = []
    real = app_data.reports.make
    monkeypatch.setattr(app_data.reports, "make", lambda *a, **k: (a[0] == "kwartaal" and rendered.append(a[2])) or real(*a, **k))
    at = open_app(demo_db, monkeypatch, {"periode": "2024-05", "aanbieders": "JBRR"})
    assert_clean(at)
    labels = [b.label for b in at.get("download_button")]
    assert "Kwartaalrapportage (PDF)" not in labels and not rendered  # nothing rendered on page load
    at.button(key="rapport_kwartaal_maken").click().run()
    assert_clean(at)
    (button,) = [b for b in at.get("download_button") if b.proto.label == "Kwartaalrapportage (PDF)"]
    assert rendered == ["2024-Q2"]  # the month's quarter
    pdf, name = download(stored, button)
    assert pdf.startswith(b"%PDF") and name == "kwartaalrapportage-2024-Q2-JBRR.pdf"
    at.run()  # a rerun serves the cached PDF
    assert rendered == ["2024-Q2"]
    at.button(key="rapport_briefing_maken").click().run()
    assert_clean(at)
    assert "Wethouderbriefing (PDF)" in [b.proto.label for b in at.get("download_button")]


# --- filters --------------------------------------------------------------------------


def test_filters_change_the_figures_and_the_url(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch)
    assert at.selectbox(key="periode").value == "2024-12"  # newest month first
    at.selectbox(key="periode").set_value("2024-06").run()
    assert at.query_params["periode"] == "2024-06"
    assert headline_cell(at, "Wachtenden (jeugdigen)")[0] == "60"

    at.radio(key="periodetype").set_value("kwartaal").run()
    assert_clean(at)
    assert at.selectbox(key="periode").value == "2024-Q2"  # the quarter holding June
    assert at.query_params["periode"] == "2024-Q2"
    assert "Vergeleken met 1e kwartaal 2024 en 2e kwartaal 2023" in text(at)

    at.multiselect(key="aanbieders").set_value(["JBRR"]).run()
    assert_clean(at)
    assert at.query_params["aanbieders"] == "JBRR"
    assert headline_cell(at, "Wachtenden (jeugdigen)") == ["60"]

    at.radio(key="periodetype").set_value("maand").run()
    assert at.selectbox(key="periode").value == "2024-06"  # the newest month of that quarter


def test_switching_between_month_and_quarter_keeps_the_moment() -> None:
    months = ("2024-12", "2024-11", "2024-06", "2024-05")
    assert filters.switched("2024-06", months) == "2024-Q2"
    assert filters.switched("2024-Q2", months) == "2024-06"  # the newest month of that quarter with data
    assert filters.switched("2024-Q3", months) == "2024-12"  # none with data: the newest month


def test_the_overzicht_of_the_other_period_kind_is_ready_before_the_switch(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A database of its own: the caches hold nothing of it that an earlier test computed.
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"})
    app_data._WARMER.submit(lambda: None).result()  # one worker: what was queued before is done
    computed: list[str] = []
    for module, name in ((app_data.overview, "build"), (app_data.actions, "build"), (app_data.notes, "for_providers")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: computed.append(_name) or _real(*a, **k))
    at.radio(key="periodetype").set_value("kwartaal").run()
    assert_clean(at)
    assert at.selectbox(key="periode").value == "2024-Q2"
    assert computed == []  # the quarter's headline, action list and toelichtingen came from the cache
    assert "Vergeleken met 1e kwartaal 2024 en 2e kwartaal 2023" in text(at)
    app_data._WARMER.submit(lambda: None).result()
    at.radio(key="periodetype").set_value("maand").run()  # and back: June was warm anyway
    assert computed == [] and at.selectbox(key="periode").value == "2024-06"


def test_filters_are_kept_while_moving_between_pages(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch)
    at.selectbox(key="periode").set_value("2023-11").run()
    at.multiselect(key="aanbieders").set_value(["JBRR", "WIJKTEAMS"]).run()
    for page in ("wachtlijsten", "caseload", "definities"):
        at.switch_page(f"views/{page}.py").run()
        assert_clean(at)
        assert at.selectbox(key="periode").value == "2023-11"
        assert at.multiselect(key="aanbieders").value == ["JBRR", "WIJKTEAMS"]
        assert at.query_params == {"periode": "2023-11", "aanbieders": "JBRR,WIJKTEAMS"}
    at.switch_page("views/wachtlijsten.py").run()
    assert "november 2023" in text(at) and "ENVER" not in "".join(c.value for c in at.header)


def test_a_shared_link_opens_with_its_filters(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-Q1", "aanbieders": "ENVER,JBRR"}, "wachtlijsten")
    assert_clean(at)
    assert at.radio(key="periodetype").value == "kwartaal"
    assert at.selectbox(key="periode").value == "2024-Q1"
    assert at.multiselect(key="aanbieders").value == ["JBRR", "ENVER"]


def test_a_bad_link_falls_back_to_the_defaults(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "1999-01", "aanbieders": "ONBEKEND"})
    assert_clean(at)
    assert at.selectbox(key="periode").value == "2024-12"
    assert at.multiselect(key="aanbieders").value == ["JBRR", "ENVER", "WIJKTEAMS"]


def test_no_provider_chosen_gives_a_message(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, page="wachtlijsten")
    at.multiselect(key="aanbieders").set_value([]).run()
    assert_clean(at)
    assert "Kies in de zijbalk ten minste één aanbieder." in text(at)


# --- small numbers --------------------------------------------------------------------


def test_no_small_count_in_any_wachtlijsten_table(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = show_all_tables(open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "wachtlijsten"))
    assert_clean(at)
    counts = {
        "Wachtenden (jeugdigen)",
        "Instroom wachtlijst (jeugdigen)",
        "Uitstroom wachtlijst (jeugdigen)",
        "Gestart in de periode (trajecten)",
        "Boven de norm (jeugdigen)",
    }
    seen_small = False
    for table in dataframes(at):
        for col in counts & set(table.columns):
            values = set(table[col].drop_nulls().to_list())
            assert not values & SMALL, f"raw small count in column {col}"
            seen_small |= "<5" in values
    assert seen_small, "the demo has small cells (JBRR in Overschie, Rozenburg); they must show as <5"


def test_downloads_carry_the_suppressed_numbers(demo_db: Path) -> None:
    raw = figures.wachtlijst_verdeling(demo_db, Scope.of(["2024-06"]), "gebied")
    assert raw.filter((pl.col("wachtenden") > 0) & (pl.col("wachtenden") < 5)).height > 0
    view = wl_frames.distribution(raw, "gebied")
    csv = components.csv_bytes(view.table).decode("utf-8-sig")
    rows = [line.split(";") for line in csv.splitlines()[1:] if not line.startswith("#")]
    assert not {r[2] for r in rows} & SMALL and "<5" in {r[2] for r in rows}
    xlsx = pl.read_excel(io.BytesIO(components.excel_bytes(view.table)))
    assert not set(xlsx["Wachtenden (jeugdigen)"].cast(pl.String).to_list()) & SMALL
    # The chart column holds no number where the text is suppressed.
    hidden = view.chart.filter(pl.col("wachtenden").is_in(["<5", "x"]))
    assert hidden.height and hidden["wachtenden_getal"].null_count() == hidden.height


# --- upload and new deliveries --------------------------------------------------------

INVALID = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\nJBRR,2025-01-31,JB-TEST-0001,ONBEKEND,jeugdbeschermer,2025-02-15\n"


def test_upload_shows_the_result_per_file(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, page="aanleveringen")
    assert "2025-01" not in at.selectbox(key="periode").options
    at.file_uploader[0].set_value(
        [("JBRR_wachtlijst_2025-01.csv", VALID.encode(), "text/csv"), ("JBRR_caseload_2025-01.csv", INVALID.encode(), "text/csv")]
    )
    at.run()
    at.button(key="inlezen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [shown(s.value) for s in at.success] == ["JBRR_wachtlijst_2025-01.csv: geladen (7 rijen)"]
    assert len(at.error) == 1
    rejected = shown(at.error[0].value)
    assert rejected.startswith("JBRR_caseload_2025-01.csv: afgewezen")
    assert "kolom 'casussen'" in rejected or "casussen" in rejected
    # The new month is there at once (new data version), and the rejected file is listed.
    assert "Januari 2025" in at.selectbox(key="periode").options
    assert "JBRR_caseload_2025-01.csv — " in "".join(shown(e.label) for e in at.expander)


def test_many_rejected_files_list_in_the_table_with_the_newest_reports(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rejected file is in the table; only the newest 20 get their error report under it,
    so the page does not grow with every file ever refused."""
    names = [f"JBRR_caseload_2025-{m:02d}.csv" for m in range(1, 13)] + [f"ENVER_caseload_2025-{m:02d}.csv" for m in range(1, 10)]
    ingest.ingest_blobs(demo_copy, [(n, INVALID.encode()) for n in names])
    at = open_app(demo_copy, monkeypatch, page="aanleveringen")
    assert_clean(at)
    table = next(d for d in dataframes(at) if "Fouten" in d.columns)
    assert set(table["Bestand"]) >= set(names)
    reports = [e for e in at.expander if " — " in e.label and "fout(en)" in e.label]
    assert len(reports) == 20 and len(table) > 20
    assert f"alle {len(table)} afgewezen bestanden staan in de tabel" in text(at)


def test_hostile_file_names_and_values_are_shown_as_typed(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A provider's file name or value is text, never Markdown, HTML or a Streamlit
    directive: `**vet**` stays two asterisks, an <img> tag stays a tag."""
    hostile = "**vet**_<img src=x onerror=alert(1)>_:red[x].csv"
    bad_value = INVALID.replace("ONBEKEND", "**VET**")
    at = open_app(demo_copy, monkeypatch, page="aanleveringen")
    at.file_uploader[0].set_value(
        [(hostile, b"aanbieder\nJBRR\n", "text/csv"), ("JBRR_caseload_2025-01.csv", bad_value.encode(), "text/csv")]
    )
    at.run()
    at.button(key="inlezen").click().run()
    assert not at.exception, [e.message for e in at.exception]
    texts = [e.value for e in at.error] + [e.label for e in at.expander]
    assert any(shown(t).startswith(hostile) for t in texts)
    assert any("'**VET**'" in shown(t) for t in texts)
    for raw in texts:  # as Streamlit receives it: no special character left unescaped
        assert not re.search(r"(?<!\\)([*<>\[\]]|:red)", raw), raw


def test_a_delivery_by_a_separate_ingest_shows_without_restart(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch)
    assert at.selectbox(key="periode").value == "2024-12"
    ingest.ingest_blobs(demo_copy, [("JBRR_wachtlijst_2025-01.csv", VALID.encode())])  # as `jeugdmonitor ingest`
    at.run()
    assert_clean(at)
    assert at.selectbox(key="periode").options[0] == "Januari 2025"


def test_aanleveringen_flags_what_is_missing(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest.ingest_blobs(demo_copy, [("JBRR_wachtlijst_2025-01.csv", VALID.encode())])
    at = open_app(demo_copy, monkeypatch, {"periode": "2025-01"}, "aanleveringen")
    assert_clean(at)
    matrix = dataframes(at)[0]
    newest = matrix.columns[1]
    assert newest == "jan 2025"  # newest period first
    status = dict(zip(matrix["Aanlevering"], matrix[newest]))
    assert status["JBRR · wachtlijst"] == "✓"
    assert status["JBRR · doorlooptijden"] == "✕ ontbreekt"
    # ENVER delivers personeel per quarter: the first quarter of 2025 is not over yet.
    assert status["Enver · personeel (per kwartaal)"] == "–"
    missing = text(at)
    assert "Enver — wachtlijst — januari 2025: ontbreekt" in missing
    assert "JBRR — wachtlijst — januari 2025" not in missing
    # Against the deadline register: who is late or missing (herinneringen), not "niet beoordeeld".
    assert "Aanlevertermijnen en herinneringen" in [h.value for h in at.header]
    assert "Enver — wachtlijst januari 2025: ontbreekt; de termijn verstreek op 14-02-2025" in missing
    assert f"JBRR — wachtlijst januari 2025: te laat ontvangen op {date.today():%d-%m-%Y}" in missing
    assert "Enver — wachtlijst november 2024: te laat ontvangen op 18-12-2024" in missing  # a demo file
    assert "niet beoordeeld" not in missing
    terms = [d for d in dataframes(at) if "Termijn" in d.columns][0]
    assert set(terms["Stand"]) == {"op tijd", "te laat", "ontbreekt"}


# --- the app's data-layer modules -----------------------------------------------------


def test_every_kerncijfers_figure_has_a_definition_and_its_query_exists() -> None:
    keys = {f"{section}.{key}" for section, key, _ in kerncijfers.LABELS}
    keys |= {m.key for m in definitions.PROCESS_STEPS.values()}
    missing = keys - definitions.BY_KEY.keys()
    assert not missing, f"no definition for {sorted(missing)}"
    for m in definitions.METRICS:
        assert definitions.query_path(m).is_file(), f"{m.key}: {m.query}.sql does not exist"
        assert m.label and m.definition and m.unit


def test_definitions_carry_the_norms_with_their_dates_and_sources() -> None:
    caseload = definitions.metric("caseload.caseload")
    assert caseload.norm_on(date(2024, 6, 30), ["OTS", "VOOGDIJ", "JR"]) == 14.5
    assert caseload.norm_on(date(2025, 1, 1), ["OTS"]) == 12
    assert "12 casussen per fte vanaf 01-01-2025" in definitions.norm_text(caseload)
    wait = definitions.metric("wachtlijst.mediaan_wachttijd_weken")
    assert wait.norm_on(date(2024, 6, 30), ["jeugdbeschermer"]) == 1
    assert wait.norm_on(date(2024, 6, 30), ["intake", "behandeling"]) is None  # no single norm
    table = definitions.as_frame()
    assert table.height == len(definitions.METRICS) and table["Bron norm"].str.contains("Op de goede weg").any()


@pytest.mark.parametrize(
    "value, status", [(14.0, OP_NORM), (14.5, OP_NORM), (14.55, LET_OP), (15.95, LET_OP), (16.0, BOVEN_NORM), (None, None)]
)
def test_status_lower_is_better(value: float | None, status: str | None) -> None:
    assert Signal("lager", margin=0.10, relative=True).status(value, 14.5) == status


@pytest.mark.parametrize("value, status", [(95.0, OP_NORM), (90.0, OP_NORM), (85.0, LET_OP), (79.9, ONDER_NORM)])
def test_status_higher_is_better(value: float, status: str) -> None:
    assert Signal("hoger", norm=90.0, margin=10.0).status(value) == status


def _tiny_db(tmp_path: Path, may: int, june: int) -> Path:
    db = tmp_path / "klein.duckdb"
    header = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"

    def rows(day: str, n: int) -> str:
        return "".join(f"JBRR,{day},JB-KLEIN-{i:04d},OTS,jeugdbeschermer,2024-04-0{1 + i % 9}\n" for i in range(n))

    results = ingest.ingest_blobs(
        db,
        [
            ("JBRR_wachtlijst_2024-05.csv", (header + rows("2024-05-31", may)).encode()),
            ("JBRR_wachtlijst_2024-06.csv", (header + rows("2024-06-30", june)).encode()),
        ],
    )
    assert all(r.outcome is not ingest.Outcome.REJECTED for r in results), [r.line() for r in results]
    return db


def test_overview_suppresses_before_it_compares_or_words(tmp_path: Path) -> None:
    ov = overview.build(_tiny_db(tmp_path, may=7, june=3), parse_period("2024-06"), ["JBRR"])
    row = ov.kerncijfers.filter(pl.col("indicator") == "wachtlijst.wachtenden").row(0, named=True)
    assert (row["weergave"], row["vorige_weergave"], row["verschil_vorige_weergave"]) == ("<5", "7", "–")
    assert row["waarde"] is None
    median = ov.kerncijfers.filter(pl.col("indicator") == "wachtlijst.mediaan_wachttijd_weken").row(0, named=True)
    assert median["weergave"] == "–" and median["status"] is None
    lines = " ".join(ov.samenvatting["tekst"].to_list())
    assert "Wachtenden bij JBRR: <5 (mei 2024: 7" in lines and " 3 " not in lines
    caseload = ov.kerncijfers.filter(pl.col("indicator") == "caseload.caseload").row(0, named=True)
    assert caseload["weergave"] == "niet geleverd"


def test_overview_compares_with_previous_period_and_a_year_earlier(demo_db: Path) -> None:
    ov = overview.build(demo_db, parse_period("2024-06"))
    assert (ov.vorige.label, ov.vorig_jaar.label) == ("2024-05", "2023-06")
    jbrr = ov.kerncijfers.filter((pl.col("aanbieder") == "JBRR") & (pl.col("indicator") == "wachtlijst.wachtenden"))
    assert jbrr.select("weergave", "vorige_weergave", "verschil_vorige_weergave", "vorig_jaar_weergave", "verschil_jaar_weergave").row(
        0
    ) == ("60", "85", "−25", "284", "−224")
    enver = ov.kerncijfers.filter((pl.col("aanbieder") == "ENVER") & pl.col("indicator").str.starts_with("doorloop"))
    # Process norms are asked of the certified institution only: n.v.t. for Enver, not "niet geleverd".
    assert set(enver["weergave"]) == {"n.v.t."} and enver["status"].null_count() == enver.height
    assert ov.demo


# --- the bugs of issue 10 -------------------------------------------------------------


def _pdf_text(blob: bytes) -> str:
    return "\n".join(pdf_pages(blob))


def test_reports_from_the_overzicht_buttons_hold_the_municipalitys_measures(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # All providers chosen: the dashboard counts the municipality's own measures, and so must
    # the reports made from its buttons (M-2a-GEM-1 is late since 31-03-2024).
    stored = capture_downloads(monkeypatch)
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"})
    counts = register.status_counts(demo_db, date.today(), ["GEMEENTE", "JBRR", "ENVER", "WIJKTEAMS"])
    total, late = int(counts["maatregelen"].sum()), int(counts["te_laat"].sum())
    for kind, label in (("briefing", "Wethouderbriefing (PDF)"), ("kwartaal", "Kwartaalrapportage (PDF)")):
        at.button(key=f"rapport_{kind}_maken").click().run()
        assert_clean(at)
        (button,) = [b for b in at.get("download_button") if b.proto.label == label]
        pdf = " ".join(_pdf_text(download(stored, button)[0]).split())
        if kind == "kwartaal":  # the one-page briefing names only the first few late measures
            assert "Gezamenlijk veiligheidskader" in pdf  # M-2a-GEM-1, late since 31-03-2024
        if kind == "briefing":
            assert f"{total} maatregelen" in pdf and f"{late} te laat" in pdf
        else:
            assert f"Totaal {total} " in pdf and f"Waarvan te laat {late} " in pdf
        assert re.search(rf"stand (op )?{date.today():%d-%m-%Y}", pdf), kind  # the date the register is read on


def test_a_status_saved_today_shows_on_the_measure_card_at_once(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_copy, monkeypatch, {"periode": "2024-06"}, "aanbevelingen")
    at = _status_form(at, "Test Ambtenaar")
    assert_clean(at)
    card = next(str(h.proto.body) for h in at.get("html") if "Maatregel M-2b-ENVER-1" in str(h.proto.body))
    assert f"in uitvoering sinds {date.today():%d-%m-%Y}" in card
    assert "nog geen statusupdate" not in card
    # A past period can still be viewed as it stood on its end: then the update is not there yet.
    open_sections(at.toggle(key="register_stand_op_einde_periode").set_value(True).run())
    card = next(str(h.proto.body) for h in at.get("html") if "Maatregel M-2b-ENVER-1" in str(h.proto.body))
    assert "nog geen statusupdate" in card and "Stand op 30-06-2024" in text(at)


def test_no_niet_geleverd_for_a_figure_a_provider_does_not_owe(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"})
    for label in ("Beoordeeld binnen 2 werkdagen (%)", "Gezinsplan binnen 6 weken (%)"):
        jbrr, enver, wijkteams = headline_cell(at, label)
        assert jbrr not in ("niet geleverd", "n.v.t.") and (enver, wijkteams) == ("n.v.t.", "n.v.t.")


def test_cases_without_a_fixed_case_holder_are_suppressed_on_the_caseload_page(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = show_all_tables(open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "caseload"))
    assert_clean(at)
    for frame in dataframes(at):
        if "Zonder vaste casushouder (casussen)" in frame.columns:
            shown = set(frame["Zonder vaste casushouder (casussen)"].cast(pl.String).to_list())
            assert not shown & SMALL, shown


def _codes_in(texts: str) -> list[str]:
    return sorted({m.group(0) for m in CODES.finditer(MEASURE_ID.sub("", texts))})


@pytest.mark.parametrize("page", [p for p in PAGES if p != "aanleveringen"])
def test_pages_name_providers_products_and_sources_not_codes(page: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The Aanleveringen page is about files, whose names are the codes ("WIJKTEAMS_caseload_…").
    at = show_all_tables(open_app(demo_db, monkeypatch, {"periode": "2024-06"}, page))
    tables = "\n".join(df.write_csv() for df in dataframes(at))
    assert _codes_in(text(at) + tables) == [], page


def test_downloads_are_open_data_files(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Numbers as numbers (rounded as shown), marks only where a cell is not shown plus a
    flag column, a sheet and header saying what the file is; named for subject, period and
    providers."""
    kept = capture_downloads(monkeypatch)
    at = show_all_tables(open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "wachtlijsten"))
    assert_clean(at)
    files = {name: blob for blob, name in (download(kept, b) for b in at.get("download_button"))}
    assert files and all(
        "2024-06" in n and n.endswith(tuple(f"_JBRR-ENVER-WIJKTEAMS.{e}" for e in ("csv", "xlsx", "png", "svg"))) for n in files
    )
    for name, blob in files.items():
        if name.endswith(".csv"):
            text = blob.decode("utf-8-sig")
            assert "# Periode: juni 2024" in text and "# Demodata: ja" in text and "# Legenda: <5" in text
            assert not re.search(r"\d,\d{3,}", text), name  # no float noise such as 14,499999999999998
        elif name.endswith(".xlsx"):
            sheets = pl.read_excel(io.BytesIO(blob), sheet_id=0)
            assert set(sheets) == {"gegevens", "toelichting"}
            about = dict(sheets["toelichting"].rows()) | {sheets["toelichting"].columns[0]: sheets["toelichting"].columns[1]}
            assert about["Periode"] == "juni 2024" and about["Demodata"].startswith("ja")
    # The distribution per area: counts are numeric cells, a suppressed one is '<5' with its flag.
    (xlsx,) = [b for n, b in files.items() if n.startswith("wachtenden_naar_gebied") and n.endswith(".xlsx")] or [None]
    if xlsx is not None:
        table = pl.read_excel(io.BytesIO(xlsx), sheet_name="gegevens")
        flags = table["Wachtenden (jeugdigen) afgeschermd"].to_list()
        numbers = [v for v, f in zip(table["Wachtenden (jeugdigen)"].to_list(), flags) if f == "nee"]
        assert numbers and all(str(v).replace(".0", "").isdigit() for v in numbers)
        assert {v for v, f in zip(table["Wachtenden (jeugdigen)"].to_list(), flags) if f == "ja"} <= {"<5", "x"}


def test_one_early_delivery_does_not_move_the_default_period(demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    early = tmp_path / "JBRR_wachtlijst_2025-01.csv"
    early.write_text(VALID, encoding="utf-8")
    ingest.ingest_files(demo_copy, [early])
    at = open_app(demo_copy, monkeypatch)
    assert "Januari 2025" in at.selectbox(key="periode").options  # offered, by name
    assert at.selectbox(key="periode").value == "2024-12"  # the newest month every provider delivered
    assert "wachtlijst 3 van 3 aanbieders" in text(at)
    at.selectbox(key="periode").set_value("2025-01").run()
    assert "wachtlijst 1 van 3 aanbieders" in text(at) and "caseload 0 van 3 aanbieders" in text(at)
