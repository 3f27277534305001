"""Time from `uv run jeugdmonitor serve` on an empty database until the demo is visible in
a browser that is already open, and the demo build on its own.

    uv run python tests/benchmarks/bench_serve.py [--repeats 3]

Each round starts headless Chromium first (its start-up is not counted: "a browser already
open"), then starts `uv run jeugdmonitor --db <fresh temp file> serve` on a free port (the
README's command, uv's own check included), waits until the server answers, opens the
dashboard and waits until the demo's figures show: the DEMODATA banner and the Overzicht's
"Cluster 7", what tests/test_serve.py waits for. Also shown per round: when the server
first answered and when serve reported the demo loaded. Target: the median ≤ 5 s on this
2-core machine."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dashboard.paths import ROOT

sys.path.insert(0, str(ROOT))  # the tests package: the browser tests' helpers
from tests.helpers import CHROMIUM, free_port, wait_until_up  # noqa: E402

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET = 5.0
LOADED = "lege database: demodata geladen"


def _command() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "jeugdmonitor"]
    print("uv not found: timing the installed jeugdmonitor script instead")
    script = Path(sys.executable).with_name("jeugdmonitor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


def one_round(browser, work: Path) -> dict[str, float]:
    db = work / "jeugdmonitor.duckdb"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page()  # the browser is open before the server starts
    marks: dict[str, float] = {}
    started = time.monotonic()
    proc = subprocess.Popen(
        [*_command(), "--db", str(db), "serve", "--port", str(port)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def watch() -> None:  # serve's own report of the demo build
        assert proc.stdout is not None
        for line in proc.stdout:
            if LOADED in line:
                marks["demo geladen"] = time.monotonic() - started

    threading.Thread(target=watch, daemon=True).start()
    try:
        wait_until_up(url, proc, interval=0.02)  # often, so the moment is not blurred by the polling
        marks["server antwoordt"] = time.monotonic() - started
        page.goto(url)
        page.get_by_text("DEMODATA").first.wait_for(timeout=90_000)
        page.get_by_text("Cluster 7").first.wait_for(timeout=90_000)
        marks["demo zichtbaar"] = time.monotonic() - started
        body = page.inner_text("body")
        if "Er zijn nog geen aanleveringen" in body or "Traceback" in body:
            raise SystemExit("the page did not show the demo:\n" + body[:2000])
    finally:
        page.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return marks


def bare_round(browser, work: Path) -> float:
    """The floor: a bare Streamlit app (one title) started the same way, until it shows."""
    script = work / "leeg.py"
    script.write_text('import streamlit as st\nst.title("Leeg")\n', encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page()
    started = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=work,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(url, proc, interval=0.02)
        page.goto(url)
        page.get_by_text("Leeg").first.wait_for(timeout=90_000)
        return time.monotonic() - started
    finally:
        page.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def demo_build_alone() -> float:
    """`demo.build` in a fresh process, after its imports: the database work only."""
    code = (
        "import tempfile, time\nfrom pathlib import Path\nfrom dashboard import demo, ingest, register\n"
        "db = Path(tempfile.mkdtemp(prefix='jm_demo_')) / 'demo.duckdb'\n"
        "t = time.perf_counter(); demo.build(db); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    builds = [demo_build_alone() for _ in range(args.repeats)]
    print(
        f"demo build alone (demo.build in a fresh process, imports excluded): "
        f"{', '.join(f'{b:.2f}' for b in builds)} s; median {statistics.median(builds):.2f} s"
    )

    shown, bare = [], []
    with sync_playwright() as p:
        for i in range(args.repeats):
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                with tempfile.TemporaryDirectory(prefix="jm_serve_") as work:
                    marks = one_round(browser, Path(work))
                with tempfile.TemporaryDirectory(prefix="jm_bare_") as work:
                    bare.append(bare_round(browser, Path(work)))
            finally:
                browser.close()
            shown.append(marks["demo zichtbaar"])
            print(f"round {i + 1}: bare Streamlit app visible after {bare[-1]:.2f} s")
            print(f"round {i + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(marks.items(), key=lambda kv: kv[1])))
    median = statistics.median(shown)
    floor = statistics.median(bare)
    print(
        f"\nserve on an empty database → demo visible: median {median:.2f} s over {len(shown)} rounds "
        f"(target ≤ {TARGET:.0f} s): {'gehaald' if median <= TARGET else 'NIET gehaald'}"
    )
    print(f"bare Streamlit app: median {floor:.2f} s; ratio {median / floor:.2f}× (issue 13 target ≤ 1.2×)")
    return 0 if median <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
