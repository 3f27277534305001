"""The dashboard in a real headless Chromium: `jeugdmonitor serve` on a copy of the demo
database, every page opened, no error element or exception text, one full-page screenshot
per page in tests/artifacts/ (gitignored) to look at. In the same visit, as
gemeente-beheer and as a provider's user: axe-core (shipped by axe-playwright-python, no
download) finds no serious or critical WCAG violation, the page says it is Dutch, and the
browser asks nothing of any host but the dashboard's own."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.paths import ROOT
from tests.helpers import CHROMIUM, free_port, wait_until_up

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"
PAGES = {
    "overzicht": "",
    "regiekaart": "regiekaart",
    "wachtlijsten": "wachtlijsten",
    "personeel": "personeel",
    "caseload": "caseload",
    "doorlooptijden": "doorlooptijden",
    "aanbevelingen": "aanbevelingen",
    "aanleveringen": "aanleveringen",
    "vaststellen": "vaststellen",
    "definities": "definities",
    "toegankelijkheid": "toegankelijkheid",
    "audittrail": "audittrail",
}
QUERY = "?periode=2024-06&aanbieders=JBRR,ENVER,WIJKTEAMS"


@contextmanager
def serving(db: Path, **env: str) -> Iterator[str]:
    """`jeugdmonitor serve` on `db` on a free port (with extra environment), its URL."""
    port = free_port()
    script = Path(sys.executable).with_name("jeugdmonitor")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]
    # Own process group: `serve` starts streamlit as a child, and both must stop.
    proc = subprocess.Popen(
        [*cmd, "serve", "--port", str(port)],
        cwd=ROOT,
        start_new_session=True,
        env=dict(os.environ, JEUGDMONITOR_DB=str(db), **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


def _wait_for_render(page, timeout: float = 30) -> None:
    """Until the script has run, stays idle, and every chart has drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        # Charts in a closed expander are not drawn until it is opened: only visible ones count.
        charts = page.locator('[data-testid="stVegaLiteChart"]').filter(visible=True).count()
        drawn = (
            page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').filter(visible=True).count()
        )
        busy = page.locator('[data-testid="stSkeleton"]').count()
        if state == "notRunning" and drawn >= charts and not busy:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 1.0:
                return
        else:
            idle_since = None
        time.sleep(0.2)
    raise TimeoutError("page did not finish rendering")


@contextmanager
def requests_recorded(page) -> Iterator[set[str]]:
    """Every host the page asks anything of (documents, scripts, fonts, icons, websockets)."""
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.on("websocket", lambda w: hosts.add(urlsplit(w.url).netloc))
    yield hosts


def assert_only_own_host(hosts: set[str], url: str, name: str) -> None:
    outside = hosts - {urlsplit(url).netloc}
    assert not outside, f"{name}: requests to outside hosts {sorted(outside)}"


# Serious and critical are the failures axe-core is sure of (contrast, names, language);
# heading-order is moderate but was fixed, and stays fixed.
FAILING_IMPACTS = {"serious", "critical"}
ALSO_FAILING = {"heading-order"}


def assert_accessible(page, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    assert page.evaluate("document.documentElement.lang") == "nl", f"{name}: page language is not nl"
    violations = Axe().run(page).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS or v["id"] in ALSO_FAILING
    ]
    assert not bad, f"{name}: " + "\n".join(bad)


def first_screen_holds_what_needs_action(page) -> None:
    """On a 1024×768 meeting-room projector the Overzicht opens with what needs action: its
    first two items whole, the third begun; printed, the page is its content without the
    sidebar."""
    page.set_viewport_size({"width": 1024, "height": 768})
    _wait_for_render(page)
    page.screenshot(path=str(ARTIFACTS / "overzicht_1024x768.png"))
    rows = page.locator(".jm-actions tbody tr")
    assert rows.count() >= 3
    second, third = rows.nth(1).bounding_box(), rows.nth(2).bounding_box()
    assert second["y"] + second["height"] <= 768 and third["y"] < 768, "what needs action is below the fold"
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="stSidebar"]').is_visible(), "the sidebar prints"
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1440, "height": 1000})


def _open_parts(page) -> None:
    """Open every part of the page that waits under a closed expander (components.section)."""
    parts = page.locator('[class*="st-key-sectie_"] details:not([open]) > summary')
    while parts.count():
        parts.first.click()
        _wait_for_render(page)


def _screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main block, not the document: grow the viewport to the
    content's height so the screenshot holds the whole page."""
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stMain"] *, [data-testid="stSidebar"] *')]
        .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(int(height) + 80, 20000)})
    _wait_for_render(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_errors(server: str, browser, name: str) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        with requests_recorded(page) as hosts:
            page.goto(f"{server}/{PAGES[name]}{QUERY}", wait_until="load")
            _wait_for_render(page)
            # No empty header band: the page's first notice starts at the top of the window.
            top = page.locator('[data-testid="stAlertContainer"]').first.bounding_box()["y"]
            assert top < 30, f"{name}: {top:.0f} px empty above the page"
            assert_accessible(page, name)
            if name == "overzicht":
                first_screen_holds_what_needs_action(page)
            _screenshot(page, ARTIFACTS / f"{name}.png")
        assert_only_own_host(hosts, server, name)
        assert page.locator('[data-testid="stException"]').count() == 0, f"{name}: exception element"
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, f"{name}: error message"
        body = page.inner_text("body")
        assert "Traceback" not in body, f"{name}: traceback text"
        # No stray value written by Streamlit's magic (a bare expression in a page).
        assert "None" not in [line.strip() for line in body.splitlines()], f"{name}: a stray None"
        assert page.locator("h1").first.inner_text().strip(), f"{name}: no title"
        assert "DEMODATA" in body, f"{name}: demo banner missing"
        # No login configured: every page says this is unsecured local use.
        banner = page.locator('[data-testid="stAlertContentWarning"]', has_text="Onbeveiligd lokaal gebruik")
        assert banner.count() == 1 and banner.is_visible(), f"{name}: unsecured-use banner missing"
    finally:
        page.close()


def test_parts_below_the_first_screen_open_by_keyboard_and_stay_accessible(server: str, browser) -> None:
    """Wachtlijsten draws one chart until a part is opened: each part's expander opens with
    the keyboard (Tab to it, Enter) and then draws its charts; with every part open the page
    has no serious or critical axe-core violation and no skipped heading level."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{server}/wachtlijsten{QUERY}", wait_until="load")
        _wait_for_render(page)
        charts = page.locator('[data-testid="stVegaLiteChart"]')
        assert charts.count() == 1
        parts = page.locator('[data-testid="stExpander"] summary')
        bands = parts.filter(has_text="Hoe lang wachten zij al?")
        bands.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length === 2")
        _wait_for_render(page)
        assert bands.evaluate("s => s.parentElement.open")
        _open_parts(page)
        assert charts.count() == 9
        assert_accessible(page, "wachtlijsten, alles open")
        _screenshot(page, ARTIFACTS / "wachtlijsten_open.png")
    finally:
        page.close()


def test_a_small_table_is_a_real_table_whose_scroll_area_the_keyboard_reaches(server: str, browser) -> None:
    """Definities' table of norms (more rows than fit on one screen) is a plain HTML table: a
    screen reader finds it by role with its column headers, and its scrolling area takes
    focus with Tab and scrolls with the arrow keys, its header staying in view."""
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(f"{server}/definities{QUERY}", wait_until="load")
        _wait_for_render(page)
        table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Geldt voor", exact=True))
        assert table.count() == 1 and table.get_by_role("row").count() > 16
        area = page.get_by_role("region", name="Tabel: Normentabel")
        for _ in range(60):  # from the page's top, Tab by Tab, as a keyboard user does
            page.keyboard.press("Tab")
            if area.evaluate("a => a === document.activeElement"):
                break
        else:
            raise AssertionError("the table's scrolling area never took focus")
        header = table.get_by_role("columnheader").first
        top = header.bounding_box()["y"]
        for _ in range(8):
            page.keyboard.press("ArrowDown")
        # Arrow keys scroll smoothly: read at once, the area may not have moved yet (a busy
        # machine read 0 once); it must have moved within a few seconds.
        page.wait_for_function("a => a.scrollTop > 0", arg=area.element_handle(), timeout=5_000)
        assert abs(header.bounding_box()["y"] - top) < 2  # sticky header
        assert_accessible(page, "definities, tabel met focus")
    finally:
        page.close()


def test_the_action_list_is_ranked_readable_and_accessible(server: str, browser) -> None:
    """Wat vraagt actie in Chromium: ranks 1, 2, 3 … with owners by name, the whole list
    once its expander is opened, no serious or critical axe-core violation with it open."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{server}/?periode=2024-12&aanbieders=JBRR,ENVER,WIJKTEAMS", wait_until="load")
        _wait_for_render(page)
        assert page.get_by_role("heading", name="Wat vraagt actie").is_visible()
        page.get_by_text("Alle ", exact=False).filter(has_text="punten").first.click()
        _wait_for_render(page)
        ranks = [int(t) for t in page.locator(".jm-actions td.jm-rank").all_inner_texts()]
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) > 10
        owners = set(page.locator(".jm-actions tbody tr td:nth-child(2)").all_inner_texts())
        assert owners == {"JBRR", "Enver", "Wijkteams", "Gemeente"}
        assert page.locator(".jm-actions .jm-status").count() == len(ranks)  # every item: icon and word
        assert_accessible(page, "actielijst")
        _screenshot(page, ARTIFACTS / "actielijst.png")
    finally:
        page.close()


def test_the_regiekaart_fits_a_projector_and_is_accessible(server: str, browser) -> None:
    """One provider's card at 1024×768: the figures of its first row of domains (waitlist and
    caseload) whole on the first screen, every figure with a sparkline that has a text alternative; at
    1440×1000 the four domains of JBRR two by two; no serious or critical axe-core violation."""
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(f"{server}/regiekaart?periode=2024-12&aanbieders=JBRR", wait_until="load")
        _wait_for_render(page)
        page.screenshot(path=str(ARTIFACTS / "regiekaart_1024x768.png"))
        sections = page.locator(".jm-rk section")
        assert [t.strip() for t in page.locator(".jm-rk h2").all_inner_texts()] == ["Wachtlijst", "Caseload", "Personeel", "Doorlooptijden"]
        for i in (0, 1):  # the figures; a toelichting under them may run on
            box = sections.nth(i).locator("table").bounding_box()
            assert box["y"] + box["height"] <= 768, f"{i}: the card's first domains are below the fold"
        images = page.locator(".jm-rk img")
        assert images.count() == 16
        assert all(
            alt.startswith(label)
            for alt, label in zip(
                [images.nth(i).get_attribute("alt") for i in range(images.count())],
                page.locator(".jm-rk td.jm-rk-label .jm-short").all_inner_texts()
                and page.locator(".jm-rk td.jm-rk-label").evaluate_all("cells => cells.map(c => c.querySelector('.jm-long').textContent)"),
            )
        )
        assert all(images.nth(i).evaluate("i => i.complete && i.naturalWidth > 0") for i in range(images.count()))
        assert_accessible(page, "regiekaart 1024")
        page.set_viewport_size({"width": 1440, "height": 1000})
        _wait_for_render(page)
        page.screenshot(path=str(ARTIFACTS / "regiekaart_1440x1000.png"))
        tops = [round(sections.nth(i).bounding_box()["y"]) for i in range(4)]
        assert tops[0] == tops[1] and tops[2] == tops[3] and tops[2] > tops[0], tops
        assert_accessible(page, "regiekaart 1440")
    finally:
        page.close()


def test_the_briefing_downloaded_from_the_overzicht_holds_the_municipalitys_measures(server: str, browser, demo_db: Path) -> None:
    """All providers chosen: the PDF a user downloads counts the municipality's own measures,
    as the Overzicht does, on the date it says."""
    import pypdfium2 as pdfium

    from dashboard import register

    counts = register.status_counts(demo_db, date.today(), ["GEMEENTE", "JBRR", "ENVER", "WIJKTEAMS"])
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        page.goto(f"{server}/{QUERY}", wait_until="load")
        _wait_for_render(page)
        page.get_by_role("button", name="Wethouderbriefing (PDF) maken", exact=True).click()
        button = page.get_by_role("button", name="Wethouderbriefing (PDF)", exact=True)
        button.wait_for(timeout=90_000)
        with page.expect_download(timeout=60_000) as got:
            button.click()
        pdf = pdfium.PdfDocument(Path(got.value.path()).read_bytes())
        text = " ".join(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
        pdf.close()
        assert f"{int(counts['maatregelen'].sum())} maatregelen" in text
        assert f"{int(counts['te_laat'].sum())} te laat (stand op {date.today():%d-%m-%Y})" in text
    finally:
        page.close()


VALID = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum,overbrugging\n" + "".join(
    f"JBRR,2025-01-31,JB-WEB-{i:04d},OTS,jeugdbeschermer,2025-01-0{i},ja\n" for i in range(1, 8)
)
INVALID = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\nJBRR,2025-01-31,JB-WEB-0001,XX,intake,2025-02-01\n"


def test_upload_through_the_browser_shows_each_result(server: str, browser) -> None:
    """Runs after the page tests (it adds a month to the server's database)."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{server}/aanleveringen{QUERY}", wait_until="load")
        _wait_for_render(page)
        page.set_input_files(
            '[data-testid="stFileUploaderDropzoneInput"]',
            files=[
                {"name": "JBRR_wachtlijst_2025-01.csv", "mimeType": "text/csv", "buffer": VALID.encode()},
                {"name": "JBRR_wachtlijst_2025-02.csv", "mimeType": "text/csv", "buffer": INVALID.encode()},
            ],
        )
        page.get_by_role("button", name="Inlezen").click()
        page.wait_for_selector('[data-testid="stAlertContentSuccess"]', timeout=30_000)
        _wait_for_render(page)
        _screenshot(page, ARTIFACTS / "aanleveringen_upload.png")
        # Provider text is escaped for Markdown; a zero-width space keeps `:` from starting a directive.
        success = page.inner_text('[data-testid="stAlertContentSuccess"]')
        assert "JBRR_wachtlijst_2025-01.csv: geladen (7 rijen)" in success
        rejected = page.inner_text('[data-testid="stAlertContentError"]')
        assert "JBRR_wachtlijst_2025-02.csv: afgewezen" in rejected and "onbekend product" in rejected
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Traceback" not in page.inner_text("body")
    finally:
        page.close()


def test_hostile_file_names_and_values_read_as_typed_in_the_browser(server: str, browser) -> None:
    """A provider's file name or value is shown literally: no bold, no HTML element, no
    Streamlit colour directive, and no stray escape characters."""
    hostile = "**vet**_<img src=x onerror=alert(1)>_:red[x].csv"
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{server}/aanleveringen{QUERY}", wait_until="load")
        _wait_for_render(page)
        page.set_input_files(
            '[data-testid="stFileUploaderDropzoneInput"]',
            files=[
                {"name": hostile, "mimeType": "text/csv", "buffer": b"aanbieder\nJBRR\n"},
                {
                    "name": "JBRR_wachtlijst_2025-03.csv",
                    "mimeType": "text/csv",
                    "buffer": (
                        b"aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum\n"
                        b"JBRR,2025-03-31,JB-TEST-0001,**VET**,jeugdbeschermer,2025-03-01\n"
                    ),
                },
            ],
        )
        page.get_by_role("button", name="Inlezen").click()
        page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=30_000)
        _wait_for_render(page)
        _screenshot(page, ARTIFACTS / "aanleveringen_vijandige_tekst.png")
        errors = " ".join(page.locator('[data-testid="stAlertContentError"]').all_inner_texts())
        assert hostile in errors and "'**VET**'" in errors
        alerts = page.locator('[data-testid="stAlertContentError"]')
        assert alerts.locator("img, strong, b").count() == 0
        assert "\\*" not in errors and "\\_" not in errors
    finally:
        page.close()


# --- hostile team names, and a login through a reverse proxy --------------------------------

HOSTILE = ROOT / "tests" / "fixtures" / "vijandig"
IMG = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("name", ["caseload", "personeel"])
def test_hostile_team_names_stay_text_in_the_browser(demo_db: Path, tmp_path: Path, browser, name: str) -> None:
    """Teams named `<img src=x onerror=alert(1)>`, `**vet**`, `:red[rood] $x^2$`, `=1+1`: no
    script runs (no alert dialog), no <img> element appears, the names read as typed."""
    from dashboard import ingest

    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    ingest.ingest_files(db, sorted(HOSTILE.glob("*.csv")))
    dialogs: list[str] = []
    with serving(db) as url:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            page.goto(f"{url}/{name}?periode=2025-01&aanbieders=JBRR", wait_until="load")
            _wait_for_render(page)
            _open_parts(page)  # the parts below the first screen too
            for toggle in page.get_by_text("Toon als tabel").all():  # the numbers as tables too
                toggle.click()
                _wait_for_render(page)
            _screenshot(page, ARTIFACTS / f"{name}_vijandige_teams.png")
            assert not dialogs, dialogs
            assert page.locator('img[src="x"]').count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
            body = page.inner_text("body")
            for team in ("**vet**", ":red[rood] $x^2$"):
                assert team in body or team in page.content(), team
        finally:
            page.close()


ACCESS = """
[login]
methode = "proxy"
gebruiker_header = "X-Forwarded-Email"

[gebruikers]
"medewerker@jbrr.nl" = { rol = "aanbieder", aanbieder = "JBRR" }
"""


def test_login_through_a_trusted_reverse_proxy(demo_db: Path, tmp_path: Path, browser) -> None:
    """The user named by the proxy's header sees only their provider; without the header,
    only an explanation. No unsecured-use banner: a login is configured. Every page the
    provider's user has is accessible and asks nothing of an outside host."""
    access = tmp_path / "toegang.toml"
    access.write_text(ACCESS, encoding="utf-8")
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    with serving(db, JEUGDMONITOR_TOEGANG=str(access)) as url:
        context = browser.new_context(
            viewport={"width": 1440, "height": 1000}, extra_http_headers={"X-Forwarded-Email": "medewerker@jbrr.nl"}
        )
        page = context.new_page()
        try:
            page.goto(f"{url}/?periode=2024-06", wait_until="load")
            _wait_for_render(page)
            _screenshot(page, ARTIFACTS / "inloggen_proxy_aanbieder.png")
            body = page.inner_text("body")
            assert "Ingelogd als medewerker@jbrr.nl" in body and "aanbieder JBRR" in body
            assert "Onbeveiligd lokaal gebruik" not in body
            assert "Cluster 7" in page.content() or "JBRR" in body
            assert "ENVER" not in body and "WIJKTEAMS" not in body
            for name, path in PAGES.items():
                if name == "audittrail":  # gemeente-beheer only
                    continue
                with requests_recorded(page) as hosts:
                    page.goto(f"{url}/{path}?periode=2024-06", wait_until="load")
                    _wait_for_render(page)
                    assert_accessible(page, f"{name} (aanbieder)")
                    assert "ENVER" not in page.inner_text("body"), name
                assert_only_own_host(hosts, url, name)
        finally:
            context.close()
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        try:
            page.goto(url, wait_until="load")
            _wait_for_render(page)
            body = page.inner_text("body")
            assert "Geen toegang" in body and "JBRR" not in body
        finally:
            page.close()


VASTSTELLEN_ACCESS = """
[login]
methode = "proxy"
gebruiker_header = "X-Forwarded-Email"

[gebruikers]
"medewerker@enver.nl" = { rol = "aanbieder", aanbieder = "ENVER" }
"beheer@rotterdam.nl" = "gemeente-beheer"
"""


def test_a_provider_objects_and_beheer_establishes_the_quarter_in_the_browser(demo_db: Path, tmp_path: Path, browser) -> None:
    """Vaststellen as two people do it, each logged in through the proxy: Enver's user marks
    its figures of the 2nd quarter of 2024 bezwaar with a reason; gemeente-beheer sees it
    and establishes the quarter; the page then says by whom, and the established figures
    are there for kerncijfers."""
    from dashboard import vaststelling
    from dashboard.periods import parse_period

    access = tmp_path / "toegang.toml"
    access.write_text(VASTSTELLEN_ACCESS, encoding="utf-8")
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    reason = "De wachtlijst van juni telt <b>dubbele</b> aanmeldingen mee."
    with serving(db, JEUGDMONITOR_TOEGANG=str(access)) as url:

        def as_user(email: str):  # noqa: ANN202
            context = browser.new_context(viewport={"width": 1440, "height": 1000}, extra_http_headers={"X-Forwarded-Email": email})
            page = context.new_page()
            page.goto(f"{url}/vaststellen?periode=2024-06", wait_until="load")
            _wait_for_render(page)
            return context, page

        context, page = as_user("medewerker@enver.nl")
        try:
            assert "2e kwartaal 2024: voorlopige cijfers, nog niet vastgesteld." in page.inner_text("body")
            assert page.get_by_role("button", name="2e kwartaal 2024 vaststellen").count() == 0
            page.get_by_text("Bezwaar: de cijfers kloppen niet").click()
            page.get_by_label("Reden (verplicht bij bezwaar)").fill(reason)
            page.get_by_role("button", name="Oordeel vastleggen").click()
            _wait_for_render(page)
            body = page.inner_text("body")
            assert "Vastgelegd: bezwaar op de cijfers van 2e kwartaal 2024." in body
            assert page.locator("b", has_text="dubbele").count() == 0  # the reason is text, not markup
            assert_accessible(page, "vaststellen (aanbieder, na oordeel)")
            _screenshot(page, ARTIFACTS / "vaststellen_aanbieder.png")
        finally:
            context.close()

        context, page = as_user("beheer@rotterdam.nl")
        try:
            page.get_by_role("button", name="2e kwartaal 2024 vaststellen").click()
            page.get_by_text("2e kwartaal 2024 is vastgesteld.").wait_for(timeout=120_000)
            _wait_for_render(page)
            body = page.inner_text("body")
            assert "2e kwartaal 2024: vastgesteld op" in body and "door beheer@rotterdam.nl" in body
            assert page.get_by_role("button", name="Oordeel vastleggen").count() == 0
            assert_accessible(page, "vaststellen (beheer, na vaststellen)")
            _screenshot(page, ARTIFACTS / "vaststellen_beheer.png")
        finally:
            context.close()
    est = vaststelling.established(db, parse_period("2024-Q2"))
    assert est is not None and est.by == "beheer@rotterdam.nl"
    assert [(v["aanbieder"], v["oordeel"], v["reden"], v["door"]) for v in est.verdicts] == [
        ("ENVER", "bezwaar", reason, "medewerker@enver.nl")
    ]
