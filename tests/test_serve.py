"""The first README command on an empty machine: `jeugdmonitor serve` with no database
yet loads the bundled demo while Streamlit starts, and the browser shows the demo (never
an empty dashboard), marked as demo data. Also: the refusal to serve unsecured beyond
127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.cli import run
from dashboard.paths import ROOT
from dashboard.periods import parse_period
from tests.helpers import CHROMIUM, free_port, wait_until_up


@pytest.mark.browser
def test_serve_on_an_empty_database_shows_the_demo(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = tmp_path / "nieuw" / "jeugdmonitor.duckdb"  # not even its folder exists
    port = free_port()
    script = Path(sys.executable).with_name("jeugdmonitor")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]
    started = time.monotonic()
    proc = subprocess.Popen(
        [*cmd, "--db", str(db), "serve", "--port", str(port)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            )
            page = browser.new_page()
            page.goto(url)
            page.get_by_text("DEMODATA").first.wait_for(timeout=90_000)
            page.get_by_text("Cluster 7").first.wait_for(timeout=90_000)
            body = page.inner_text("body")
            print(f"demo zichtbaar na {time.monotonic() - started:.1f} s")  # shown with -s; a benchmark, not asserted
            assert "Er zijn nog geen aanleveringen" not in body
            assert "Traceback" not in body
            assert db.exists() and not (db.parent / (db.name + ".demo-wordt-geladen")).exists()
            # The server readies its next write's copy (store.keep_standby). The demo's quarter
            # is established by a process of its own, which drops the standby of the version
            # before it: once that is done, the server's next read makes one of the new version.
            deadline = time.monotonic() + 90
            while (db.parent / (db.name + ".demo-wordt-vastgesteld")).exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            page.reload()
            page.get_by_text("Cluster 7").first.wait_for(timeout=90_000)
            while not list(db.parent.glob(f".{db.name}.standby.*")) and time.monotonic() < deadline:
                time.sleep(0.2)
            browser.close()
        (standby,) = db.parent.glob(f".{db.name}.standby.*")
        assert standby.read_bytes() == db.read_bytes(), "the standby is a copy of the live version"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_refuses_other_addresses_without_login(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("JEUGDMONITOR_TOEGANG", str(tmp_path / "geen.toml"))
    code = run(["--db", str(tmp_path / "x.duckdb"), "serve", "--address", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 2
    assert "geen inloggen ingesteld" in err and "--onbeveiligd" in err
    assert not (tmp_path / "x.duckdb").exists()


def test_serve_shows_the_demo_figures_before_its_quarter_is_established(tmp_path: Path) -> None:
    """`serve` on an empty database lets the dashboard in as soon as the demo's figures are
    loaded; the quarter is established just after, and meanwhile the dashboard says so."""
    from dashboard import demo, kerncijfers, vaststelling

    db = tmp_path / "jm.duckdb"
    quarter = demo.established_period()
    seen: dict[str, object] = {}

    def loaded() -> None:
        seen["wacht"] = demo.marker(db).exists()
        seen["melding"] = demo.establishing_notice(db)
        seen["vastgesteld"] = vaststelling.established(db, quarter)
        seen["leeg"] = demo.needs_demo(db)

    assert demo.build_marked(db, on_loaded=loaded) is None
    assert seen["wacht"] is False and seen["leeg"] is False and seen["vastgesteld"] is None
    assert seen["melding"] == (
        "De demodata zijn geladen; 3e kwartaal 2024 wordt nog vastgesteld (dat duurt even). "
        "Tot dan staat 3e kwartaal 2024 hier als voorlopig; vernieuw de pagina straks."
    )
    est = vaststelling.established(db, quarter)
    assert est is not None and est.demo and est.by == demo.DEMO_USER
    assert kerncijfers.build(db, quarter)["stand"]["status"] == "vastgesteld"
    assert demo.establishing_notice(db) is None
    assert not demo.marker(db).exists() and not demo.establishing_marker(db).exists()


def test_the_dashboard_says_the_demo_quarter_is_still_being_established(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import demo
    from tests.helpers import assert_clean, open_app, text

    demo.establishing_marker(demo_copy).touch()
    at = open_app(demo_copy, monkeypatch)
    assert_clean(at)
    assert "3e kwartaal 2024 wordt nog vastgesteld" in text(at)
    demo.establishing_marker(demo_copy).unlink()
    at.run()
    assert "wordt nog vastgesteld" not in text(at)


def test_a_marker_left_by_a_killed_serve_is_not_believed(tmp_path: Path) -> None:
    from dashboard import demo

    db = tmp_path / "jm.duckdb"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    demo.establishing_marker(db).write_text(gone.stdout.strip(), encoding="ascii")
    demo.marker(db).write_text(gone.stdout.strip(), encoding="ascii")
    assert demo.establishing_notice(db) is None
    started = time.monotonic()
    demo.wait_until_built(db)
    assert time.monotonic() - started < 1
    demo.mark_start(db)  # this process: live
    assert demo.establishing_notice(db) is not None


def test_serve_has_the_libraries_bytecode_written_once_where_python_may_not(monkeypatch, capsys, tmp_path: Path) -> None:
    """Without `compile-bytecode` (pyproject.toml), a machine with PYTHONDONTWRITEBYTECODE
    would compile the libraries and the dashboard's own modules again on every start: serve
    has their bytecode written once, in the background, and says so."""
    import importlib.util

    from dashboard import cli

    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda cmd, **kw: started.append(cmd))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(importlib.util, "cache_from_source", lambda path: str(tmp_path / "ontbreekt.pyc"))
    cli._write_bytecode_once()
    assert "eenmalig: de bytecode van de bibliotheken wordt op de achtergrond geschreven" in capsys.readouterr().out
    assert len(started) == 1 and started[0][1:4] == ["-m", "compileall", "-q"]
    assert str(Path(cli.__file__).parent) in started[0]  # the package's own modules too, wherever it lives
    monkeypatch.setattr(importlib.util, "cache_from_source", lambda path: __file__)  # present
    cli._write_bytecode_once()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(importlib.util, "cache_from_source", lambda path: str(tmp_path / "ontbreekt.pyc"))
    cli._write_bytecode_once()  # Python writes it itself
    assert len(started) == 1 and capsys.readouterr().out == ""


def test_the_next_empty_database_gets_the_kept_copy_of_the_loaded_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first serve on an empty database loads the demo and keeps a copy (per version
    of code and data, per day); the next empty database gets that copy instead of a load,
    with the same figures and audit trail, and its quarter established as always."""
    from dashboard import audit, demo, figures, kerncijfers, vaststelling

    loads: list[Path] = []
    real_load = demo.load
    monkeypatch.setattr(demo, "load", lambda db, progress=None: loads.append(db) or real_load(db, progress))
    first, second = tmp_path / "a" / "jm.duckdb", tmp_path / "b" / "jm.duckdb"
    assert demo.build_marked(first) is None
    assert demo.build_marked(second) is None
    assert loads == [first]  # the second came from the kept copy
    period = parse_period("2024-06")
    assert kerncijfers.build(second, period) == kerncijfers.build(first, period)
    assert figures.aanleveringen(second).equals(figures.aanleveringen(first))
    assert audit.read(second)["wat"].to_list() == audit.read(first)["wat"].to_list()
    assert vaststelling.established(second, demo.established_period()) is not None

    monkeypatch.setattr(demo, "version_key", lambda: "een-andere-versie")  # edited code or data, or another day
    third = tmp_path / "c" / "jm.duckdb"
    assert demo.build_marked(third) is None
    assert loads == [first, third]
    assert [p.name for p in demo.cache_dir().glob("demo-*.duckdb")] == ["demo-een-andere-versie.duckdb"]


def test_serve_stopped_while_it_establishes_the_demo_leaves_nothing_behind(tmp_path: Path) -> None:
    """A SIGTERM while the demo's quarter is being established: serve stops at once with
    the dashboard's server, no marker left, no crash on the terminal."""
    db = tmp_path / "jm.duckdb"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "--db", str(db), "serve", "--port", str(port)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "lege database: demodata geladen" in line:
                break
        assert (db.parent / (db.name + ".demo-wordt-vastgesteld")).exists()
        wait_until_up(f"http://127.0.0.1:{port}", proc)
        proc.send_signal(signal.SIGTERM)
        rest = proc.stdout.read()
        assert proc.wait(timeout=30) == 0
        assert "terminate called" not in rest and "Traceback" not in rest, rest
        assert not (db.parent / (db.name + ".demo-wordt-vastgesteld")).exists()
        assert not (db.parent / (db.name + ".demo-wordt-geladen")).exists()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the server goes with it
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).close()
            except OSError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the dashboard still answers after serve stopped")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_the_first_script_run_waits_for_the_preload_instead_of_importing_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a fresh machine the first page failed with "partially initialized module 'pandas'"
    when the script imported the libraries while serve's side thread was importing them."""
    import socket
    import threading
    import time

    from dashboard.app import launch

    finished = threading.Event()

    def slow_preload() -> None:
        time.sleep(0.5)
        finished.set()

    monkeypatch.setattr(launch, "preload", slow_preload)
    monkeypatch.setattr(launch, "_done", threading.Event())
    monkeypatch.setattr(launch, "_started", False)  # put back after the test: start() sets it
    with socket.create_server(("127.0.0.1", 0)) as server:
        launch.start(server.getsockname()[:2])
        launch.wait_for_preload(timeout=10)
        assert finished.is_set()


def test_what_later_pages_need_is_imported_after_the_first_run_and_never_beside_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pandas (for the first grid) is imported by a side thread once the first page is
    served; like the preload, that import and a script run never overlap: the import waits
    for the runs in progress, a run that starts meanwhile waits for the import."""
    import threading
    import time

    from dashboard.app import launch

    active = 0  # script runs in progress, as the runs themselves count them
    count = threading.Lock()
    seen: list[int] = []  # runs in progress as the import starts, and as it ends
    importing, imported = threading.Event(), threading.Event()

    def slow_later() -> None:
        seen.append(active)
        importing.set()
        time.sleep(0.4)
        seen.append(active)
        imported.set()

    done = threading.Event()
    done.set()
    for name, value in [("later", slow_later), ("LATER_PAUSE", 0.05), ("_started", True), ("_done", done)]:
        monkeypatch.setattr(launch, name, value)
    for name, value in [("_runs", threading.Condition()), ("_running", 0), ("_importing", False), ("_later_started", False)]:
        monkeypatch.setattr(launch, name, value)

    def run(seconds: float) -> None:
        nonlocal active
        with launch.script_run():
            with count:
                active += 1
            time.sleep(seconds)
            with count:
                active -= 1

    with launch.script_run():  # the first page: nothing is imported beside it
        started_during_first = launch._later_started
    assert not started_during_first
    # A run in progress when the pause is over: the import waits for it.
    long_run = threading.Thread(target=run, args=(0.5,))
    long_run.start()
    assert importing.wait(10)
    # A run that starts during the import waits for it.
    late_run = threading.Thread(target=run, args=(1.0,))
    late_run.start()
    assert imported.wait(10)
    long_run.join(10)
    late_run.join(10)
    assert seen == [0, 0], f"runs in progress beside the import (at its start, at its end): {seen}"
