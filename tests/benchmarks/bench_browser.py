"""Pages as a user feels them, in real Chromium: every page's first visit, second visit and
a filter change, on the demo and on 100× the demo, against an empty Streamlit page served
the same way in the same run; and many users at once: 10 and 20 sessions opening
Wachtlijsten and Overzicht together, against as many sessions on the empty page, with the
server's memory per session.

    uv run python tests/benchmarks/bench_browser.py [--keep DIR] [--scale 100]
        [--sessions 10,20] [--only pages|sessions] [--root CHECKOUT]

A visit counts until the script has run, every chart has drawn and nothing is loading
(polled every 50 ms, confirmed by 0.5 s of quiet). First visit: a fresh browser context
(nothing cached). Second visit: the same context opens the page again (a new Streamlit
session; browser and server caches warm). Filter change: the sidebar's month/quarter choice
is switched. The empty page has the same radio, so its "filter change" is the floor for one
rerun. `--root` serves another checkout of the code (e.g. an export of an older commit) with
this environment, for before/after figures. The browser shares the machine's cores with the
server, so only ratios within one run mean something. Targets (issue 13): second visit
≤ 2× the empty page, 100× within 1.2× of the demo, 20 sessions ≤ 2× the empty page's.
Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from dashboard.paths import ROOT

sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
from bench_pages import databases  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["", "wachtlijsten", "personeel", "caseload", "doorlooptijden", "aanbevelingen", "aanleveringen", "definities"]
QUERY = "?periode=2024-06"
EMPTY_APP = 'import streamlit as st\nst.title("Leeg")\nst.radio("Periode per", ["maand", "kwartaal"], horizontal=True)\n'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in the server's process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total / 1024


@contextmanager
def serving(cmd: list[str], cwd: Path, env: dict[str, str]):
    port = _free_port()
    flag = "--port" if cmd[-1] == "serve" else "--server.port"
    proc = subprocess.Popen(
        [*cmd, flag, str(port)], cwd=cwd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"server {cmd} did not start") from None
            time.sleep(0.1)
    try:
        yield url, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def jeugdmonitor(db: Path, root: Path) -> tuple[list[str], Path, dict[str, str]]:
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    return [sys.executable, "-m", "dashboard.cli", "--db", str(db), "serve"], root, env


def empty_app(folder: Path) -> tuple[list[str], Path, dict[str, str]]:
    script = folder / "leeg.py"
    script.write_text(EMPTY_APP, encoding="utf-8")
    return (
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        folder,
        dict(os.environ),
    )


async def settled(page, started: float, timeout: float = 120) -> float:
    """Seconds from `started` until the page is done: script idle, charts drawn, nothing
    loading, and still so 0.5 s later."""
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        done = await page.evaluate("""() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
            const drawn = document.querySelectorAll(
                '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').length;
            return drawn >= charts && !document.querySelector('[data-testid="stSkeleton"]')
                && !!document.querySelector('[data-testid="stMain"] h1');
        }""")
        now = time.monotonic()
        if done:
            idle_since = idle_since or now
            if now - idle_since >= 0.5:
                return idle_since - started
        else:
            idle_since = None
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{page.url} did not settle")


async def visit(page, url: str) -> float:
    started = time.monotonic()
    await page.goto(url, wait_until="commit", timeout=300_000)
    try:
        return await settled(page, started, timeout=300)
    except TimeoutError:
        return float("nan")


async def filter_change(page) -> float:
    radio = page.locator("label").filter(has_text=re.compile(r"^\s*kwartaal\s*$", re.I)).first
    started = time.monotonic()
    try:
        await radio.click(timeout=60_000)
    except Exception:  # a page without the period choice: no figure rather than no benchmark
        return float("nan")
    await asyncio.sleep(0.1)  # let the rerun start before polling for idle
    return await settled(page, started) + 0.1


async def time_pages(browser, base: str, pages: list[str]) -> dict[str, tuple[float, float, float]]:
    out = {}
    for name in pages:
        context = await browser.new_context(viewport={"width": 1400, "height": 900})
        page = await context.new_page()
        url = f"{base}/{name}{QUERY}"
        first = await visit(page, url)
        second = await visit(page, url)
        change = await filter_change(page)
        out[name or "overzicht"] = (first, second, change)
        await context.close()
    return out


async def sessions_at_once(browser, url: str, n: int, pgid: int) -> tuple[float, float, float]:
    """Seconds until all `n` sessions have settled, server memory before and after (MB)."""
    contexts = [await browser.new_context(viewport={"width": 1400, "height": 900}) for _ in range(n)]
    pages = [await c.new_page() for c in contexts]
    rss_before = _group_rss_mb(pgid)
    started = time.monotonic()
    await asyncio.gather(*(p.goto(url, wait_until="commit", timeout=300_000) for p in pages))
    try:
        times = await asyncio.gather(*(settled(p, started, timeout=600) for p in pages))
    except TimeoutError:  # reported as unknown rather than losing the other figures
        times = [float("nan")]
    rss_after = _group_rss_mb(pgid)
    for c in contexts:
        await c.close()
    return max(times), rss_before, rss_after


async def run(args, small: Path, large: Path) -> None:
    from playwright.async_api import async_playwright

    root = args.root.resolve()
    counts = [int(n) for n in args.sessions.split(",")]
    with tempfile.TemporaryDirectory(prefix="jm_browser_") as tmp:
        servers = {"leeg": empty_app(Path(tmp)), "demo": jeugdmonitor(small, root), f"× {args.scale}": jeugdmonitor(large, root)}
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            results, crowds = {}, {}
            for label, (cmd, cwd, env) in servers.items():
                with serving(cmd, cwd, env) as (url, pgid):
                    await visit(await (await browser.new_context()).new_page(), url + "/" + QUERY)  # warm-up
                    if args.only in (None, "pages"):
                        results[label] = await time_pages(browser, url, [""] if label == "leeg" else PAGES)
                        print(label, {k: [round(x, 2) for x in v] for k, v in results[label].items()}, flush=True)
                    if args.only in (None, "sessions") and label != f"× {args.scale}" or args.scale_sessions:
                        for name in ["wachtlijsten", ""] if label != "leeg" else [""]:
                            for n in counts:
                                crowds[(label, name or "overzicht", n)] = await sessions_at_once(browser, f"{url}/{name}{QUERY}", n, pgid)
                                print(label, name or "overzicht", n, crowds[(label, name or "overzicht", n)], flush=True)
            await browser.close()
    report(results, crowds, args.scale, counts)


def report(results: dict, crowds: dict, scale: int, counts: list[int]) -> None:
    big = f"× {scale}"
    if results:
        floor = results["leeg"]["overzicht"]
        print(f"\nempty Streamlit page: first {floor[0]:.2f} s, second {floor[1]:.2f} s, filter change {floor[2]:.2f} s")
        print(
            f"\n{'pagina':<16}{'eerste':>8}{'tweede':>8}{'× leeg':>8}{'filter':>8}"
            f"{'eerste':>9}{'tweede':>8}{'× leeg':>8}{'× demo':>8}{'filter':>8}"
        )
        print(f"{'':<16}{'— demo —':>32}{f'— {big} —':>41}")
        for name, (first, second, change) in results.get("demo", {}).items():
            l_first, l_second, l_change = results.get(big, {}).get(name, (float("nan"),) * 3)
            print(
                f"{name:<16}{first:>7.2f}s{second:>7.2f}s{second / floor[1]:>7.2f}×{change:>7.2f}s"
                f"{l_first:>8.2f}s{l_second:>7.2f}s{l_second / floor[1]:>7.2f}×{l_second / second:>7.2f}×{l_change:>7.2f}s"
            )
        seconds = [v[1] / floor[1] for v in results.get("demo", {}).values()]
        if seconds:
            print(f"\nsecond visit vs empty page: median {statistics.median(seconds):.2f}×, worst {max(seconds):.2f}× (target ≤ 2×)")
    if crowds:
        print("\nsessions at once: seconds until all settled (ratio to the empty page), server memory")
        for (label, name, n), (took, before, after) in sorted(crowds.items()):
            if label == "leeg":
                continue
            floor = crowds[("leeg", "overzicht", n)][0]
            print(
                f"{label:<8}{name:<14}{n:>3} sessions {took:>7.1f} s  {took / floor:>5.2f}× empty ({floor:.1f} s)   "
                f"memory {before:.0f} → {after:.0f} MB: {(after - before) / n:.1f} MB per session"
            )


def main() -> int:
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--sessions", default="10,20")
    extra.add_argument("--only", choices=["pages", "sessions"])
    extra.add_argument("--root", type=Path, default=ROOT)
    extra.add_argument("--scale-sessions", action="store_true", help="the sessions benchmark on the large database too")
    known, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    args, small, large = databases(__doc__)
    for key, value in vars(known).items():
        setattr(args, key, value)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not installed (apt-get install chromium)")
    asyncio.run(run(args, small, large))
    return 0


if __name__ == "__main__":
    sys.exit(main())
