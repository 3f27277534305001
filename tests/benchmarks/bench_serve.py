"""Time from `uv run jeugdmonitor serve` on an empty database until the demo is visible in
a browser that is already open, and the demo build on its own.

    uv run python tests/benchmarks/bench_serve.py [--repeats 3] [--before COMMIT]

Each round starts headless Chromium first (its start-up is not counted: "a browser already
open"), then starts `uv run jeugdmonitor --db <fresh temp file> serve` on a free port (the
README's command, uv's own check included), waits until the server answers, opens the
dashboard and waits until the demo's figures show: the DEMODATA banner and the Overzicht's
"Cluster 7", what tests/test_serve.py waits for. Also shown per round: when the server
first answered, when serve reported the demo's figures loaded and when its quarter was
established (after the page shows, since issue 13). The working tree is timed twice: on a
machine without a kept copy of the loaded demo (every round its own empty cache folder:
a first start) and with one (`dashboard.demo`: made once per version and day, before the
rounds). Target: the median ≤ 5 s on this
2-core machine, and within 1.2× the bare app (issue 13).

`--before COMMIT` also times that commit, round by round beside the working tree (see
compare.py). Both then run as `python -m dashboard.cli` with this virtual environment, so
uv's own start (timed separately: `uv run true`) is in neither; without it the working tree
runs as the README says, `uv run jeugdmonitor serve`."""

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
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
import compare  # noqa: E402

from tests.helpers import CHROMIUM, free_port, wait_until_up  # noqa: E402

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGET = 5.0
LOADED = "lege database: demodata geladen"
PYTHON = [sys.executable]  # the interpreter of the serve and bare rounds (--python)
ESTABLISHED = "vastgesteld"


def _command() -> list[str]:
    uv = shutil.which("uv")
    if uv:
        return [uv, "run", "jeugdmonitor"]
    print("uv not found: timing the installed jeugdmonitor script instead")
    script = Path(sys.executable).with_name("jeugdmonitor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


def one_round(browser, work: Path, tree: Path | None = None, use_uv: bool = True, cache: Path | None = None) -> dict[str, float]:
    db = work / "jeugdmonitor.duckdb"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page()  # the browser is open before the server starts
    marks: dict[str, float] = {}
    started = time.monotonic()
    command = _command() if use_uv else [PYTHON[0], "-m", "dashboard.cli"]
    proc = subprocess.Popen(
        [*command, "--db", str(db), "serve", "--port", str(port)],
        cwd=tree or ROOT,
        env=compare.env(tree) | {"JEUGDMONITOR_CACHE": str(cache or work / "cache")},  # none kept, unless given
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def watch() -> None:  # serve's own report of the demo build
        assert proc.stdout is not None
        for line in proc.stdout:
            if os.environ.get("BENCH_SERVE_LINES"):
                print(f"    {time.monotonic() - started:6.2f} {line.rstrip()}")
            if LOADED in line:
                marks["demo geladen"] = time.monotonic() - started
            elif line.startswith("demodata:") and ESTABLISHED in line:
                marks["kwartaal vastgesteld"] = time.monotonic() - started

    threading.Thread(target=watch, daemon=True).start()
    try:
        wait_until_up(url, proc, interval=0.02)  # often, so the moment is not blurred by the polling
        marks["server antwoordt"] = time.monotonic() - started
        page.goto(url)
        try:
            page.get_by_text("DEMODATA").first.wait_for(timeout=90_000)
            page.get_by_text("Cluster 7").first.wait_for(timeout=90_000)
        except Exception:
            print("the demo did not show within 90 s; the page says:\n" + page.inner_text("body")[:2000])
            raise
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
            PYTHON[0],
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


def demo_build_alone(tree: Path | None = None) -> float:
    """`demo.build` in a fresh process, after its imports: the database work only."""
    code = (
        "import tempfile, time\nfrom pathlib import Path\nfrom dashboard import demo, ingest, register\n"
        "with tempfile.TemporaryDirectory(prefix='jm_demo_') as work:\n"
        "    db = Path(work) / 'demo.duckdb'\n"
        "    t = time.perf_counter(); demo.build(db); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tree or ROOT, env=compare.env(tree), capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def uv_overhead(runs: int = 3) -> float | None:
    """`uv run true` in this checkout: what uv adds to every `uv run` (its check of the
    environment, and with `compile-bytecode` a pass over every installed file)."""
    uv = shutil.which("uv")
    if not uv:
        return None
    times = []
    for _ in range(runs):
        t = time.monotonic()
        subprocess.run([uv, "run", "true"], cwd=ROOT, capture_output=True, check=True)
        times.append(time.monotonic() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", metavar="COMMIT", help="also time this commit, beside the working tree")
    parser.add_argument("--no-build", action="store_true", help="skip timing the demo build alone")
    parser.add_argument("--kept-only", action="store_true", help="time the working tree only with a kept copy of the demo")
    parser.add_argument(
        "--python", help="run serve and the bare app with this interpreter (another virtual environment), as python -m, without uv"
    )
    args = parser.parse_args()
    if args.python:
        PYTHON[0] = args.python
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    trees = compare.trees(args.before)
    use_uv = args.before is None and not args.python
    if not args.no_build:
        for label, tree in trees:
            builds = [demo_build_alone(tree) for _ in range(args.repeats)]
            print(
                f"{label}: demo build alone (demo.build in a fresh process, imports excluded): "
                f"{', '.join(f'{b:.2f}' for b in builds)} s; median {statistics.median(builds):.2f} s"
            )
    overhead = uv_overhead()
    if overhead is not None:
        print(f"uv run true (uv's own start in this checkout): {overhead:.2f} s")

    kept = Path(tempfile.mkdtemp(prefix="jm_kept_"))
    warm = f"from pathlib import Path; from dashboard import demo; demo.build_marked(Path({str(kept / 'warm.duckdb')!r}))"
    subprocess.run([PYTHON[0], "-c", warm], cwd=ROOT, env=dict(os.environ, JEUGDMONITOR_CACHE=str(kept)), check=True, capture_output=True)
    # The working tree twice: without a kept copy of the demo (a first start), and with one.
    variants = [(f"{label} (geladen)" if tree is None else label, tree, None) for label, tree in trees]
    variants.insert(1, (f"{compare.HERE} (bewaarde kopie)", None, kept))
    if args.kept_only:
        variants = variants[1:2]
    shown: dict[str, list[float]] = {label: [] for label, _, _ in variants}
    bare: list[float] = []
    with sync_playwright() as p:
        for i in range(args.repeats):
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                with tempfile.TemporaryDirectory(prefix="jm_bare_") as work:
                    bare.append(bare_round(browser, Path(work)))
                print(f"round {i + 1}: bare Streamlit app visible after {bare[-1]:.2f} s")
                for label, tree, cache in variants:
                    with tempfile.TemporaryDirectory(prefix="jm_serve_") as work:
                        marks = one_round(browser, Path(work), tree, use_uv, cache)
                    shown[label].append(marks["demo zichtbaar"])
                    print(f"round {i + 1}, {label}: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(marks.items(), key=lambda kv: kv[1])))
            finally:
                browser.close()
    shutil.rmtree(kept, ignore_errors=True)
    floor = statistics.median(bare)
    how = "uv run jeugdmonitor serve" if use_uv else "python -m dashboard.cli serve"
    print(f"\nbare Streamlit app: median {floor:.2f} s over {len(bare)} rounds")
    for label, times in shown.items():
        median = statistics.median(times)
        print(
            f"{label}: `{how}` on an empty database → demo visible: median {median:.2f} s "
            f"(target ≤ {TARGET:.0f} s); ratio {median / floor:.2f}× the bare app (issue 13 target ≤ 1.2×)"
        )
    return 0 if statistics.median(shown[variants[0][0]]) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
