"""The wheel works anywhere: `uv build`, installed into a fresh venv in a folder outside the
repository, builds the demo database from what it carries, prints the kerncijfers, writes
a report and serves the dashboard. Slow (a build and an install), but CI runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from dashboard.cli import run
from dashboard.paths import ROOT
from tests.helpers import free_port

UV = os.environ.get("UV") or shutil.which("uv") or "uv"


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd[0]} {cmd[1]} faalde ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def _wait_for_http(url: str, proc: subprocess.Popen[str], timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve stopte: {proc.stdout.read() if proc.stdout else ''}"
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode("utf-8", "replace")
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} antwoordde niet binnen {timeout} s")


@pytest.mark.slow
def test_the_installed_wheel_builds_reports_and_serves(tmp_path: Path, demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elders"  # tmp_path is outside the repository; so is everything here
    outside.mkdir()
    assert not outside.resolve().is_relative_to(ROOT)

    _run([UV, "build", "--quiet", "--out-dir", tmp_path / "dist", ROOT], cwd=outside)
    wheel = next((tmp_path / "dist").glob("jeugdmonitor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # Everything the code reads is inside: every query, every register, the demo.
    for folder in ("queries", "data/registers", "data/demo"):
        shipped = {n.split("_shipped/", 1)[1] for n in names if f"_shipped/{folder}/" in n}
        in_repo = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()}
        assert shipped == in_repo, folder
    # ... and nothing private: no database, no access file with staff addresses.
    assert not [n for n in names if n.endswith((".duckdb", "toegang.toml")) or "demogen" in n]

    # The versions the lock pins, from PyPI or uv's cache.
    pins = tmp_path / "pins.txt"
    pins.write_text(_run([UV, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--quiet"], cwd=ROOT).stdout)
    venv = tmp_path / "venv"
    _run([UV, "venv", "--quiet", "--python", sys.executable, venv], cwd=outside)
    _run([UV, "pip", "install", "--quiet", "--python", venv / "bin" / "python", "--constraint", pins, wheel], cwd=outside)

    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "JEUGDMONITOR_DB")}
    jm = venv / "bin" / "jeugdmonitor"
    db = outside / "jm.duckdb"
    # Every delivery the demo ships (extracts, its correction and the iJw messages) is loaded.
    deliveries = sum(1 for p in (ROOT / "data" / "demo").rglob("*") if p.suffix in (".csv", ".xlsx", ".xml"))
    assert f"{deliveries} bestanden geladen" in _run([jm, "--db", db, "demo"], cwd=outside, env=env).stdout
    installed = json.loads(_run([jm, "--db", db, "kerncijfers", "--periode", "2024-06", "--json"], cwd=outside, env=env).stdout)
    # The same figures as the repository's own code on its own demo database.
    assert run(["--db", str(demo_db), "kerncijfers", "--periode", "2024-06", "--json"]) == 0
    assert installed == json.loads(capsys.readouterr().out)
    assert set(installed["aanbieders"]) == {"JBRR", "ENVER", "WIJKTEAMS"}
    pdf = outside / "briefing.pdf"
    _run([jm, "--db", db, "rapport", "--soort", "briefing", "--periode", "2024-06", "--uit", pdf], cwd=outside, env=env)
    assert pdf.read_bytes().startswith(b"%PDF")

    port = free_port()
    proc = subprocess.Popen(
        [str(jm), "--db", str(db), "serve", "--port", str(port)],
        cwd=outside,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", proc) == "ok"
        assert "<title>Streamlit</title>" in _wait_for_http(f"http://127.0.0.1:{port}/", proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    # The installed package wrote nothing into itself: the database is where --db said.
    site = next((venv / "lib").glob("python*/site-packages/dashboard"))
    assert not list(site.rglob("*.duckdb"))
