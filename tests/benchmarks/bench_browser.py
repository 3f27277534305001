"""Pages as a user feels them, in real Chromium: every page's first visit, second visit and
its interactions, on the demo and on 100× the demo, against an empty Streamlit page served
the same way in the same run (and that page with one small Vega-Lite chart: the least any
page with a chart costs); and many users at once: 10 and 20 sessions opening
Wachtlijsten and Overzicht together, against as many sessions on the empty page, with the
server's memory per live session (10 sessions open, then 10 more: the growth per session).
With `--before COMMIT` the same is measured for that commit
(checked out with `git worktree` in a temporary folder, served with this environment on a
copy of the same databases; `tests/benchmarks/compare.py`) next to the working tree, in one run.

    uv run python tests/benchmarks/bench_browser.py [--keep DIR] [--scale 100]
        [--sessions 10,20] [--only pages|sessions] [--pages wachtlijsten,...]
        [--before COMMIT] [--root CHECKOUT] [--scale-sessions]

A visit counts until the script has run, every chart has drawn and nothing is loading
(polled every 50 ms, confirmed by 0.5 s of quiet). First visit: a fresh browser context
(nothing cached). Second visit: the same context opens the page again (a new Streamlit
session; browser and server caches warm). Per second visit also: the bytes the server sent
over the websocket, the server's CPU time (all its processes) and the browser's main-thread
busy time (Chrome's TaskDuration). Interactions: the sidebar's month/quarter choice (a
rerun of the whole page; the empty page has the same radio, so its figure is the floor for
one rerun), "Toon als tabel" of the page's first chart, and opening the page's first part
that waits under a closed expander (`components.section`; a rerun of that part only).
The browser shares the machine's cores with the server, so only ratios within one run mean
something. Targets (issue 13): second visit ≤ 2× the empty page, 100× within 1.2× of the
demo, every interaction ≤ 0.5 s; 10 and 20 sessions ≤ 2× the empty page's, flat in data
size. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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
# The empty page with one small Vega-Lite chart: what any page with a chart pays at least
# (Streamlit's chart component and Vega start in every new document).
CHART_APP = EMPTY_APP + (
    "import altair as alt\nimport polars as pl\n"
    'st.altair_chart(alt.Chart(pl.DataFrame({"a": list("abcdefgh"), "b": range(8)})).mark_bar()'
    '.encode(x="a", y="b", tooltip=["a", "b"]))\n'
)
FLOORS = ("leeg", "grafiek")
NAN = float("nan")
VIEWPORT = {"width": 1400, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_pids(pgid: int) -> Iterator[Path]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    yield entry
            except (OSError, ProcessLookupError):
                continue


def _group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in the server's process group."""
    total = 0
    for entry in _group_pids(pgid):
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _group_cpu_s(pgid: int) -> float:
    """User and system CPU seconds of every process in the server's process group."""
    ticks = 0
    for entry in _group_pids(pgid):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


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


def empty_app(folder: Path, text: str = EMPTY_APP, name: str = "leeg") -> tuple[list[str], Path, dict[str, str]]:
    script = folder / f"{name}.py"
    script.write_text(text, encoding="utf-8")
    return (
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        folder,
        dict(os.environ),
    )


# --- one page ---------------------------------------------------------------------------------

SETTLED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length;
    const drawn = document.querySelectorAll(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').length;
    return drawn >= charts && !document.querySelector('[data-testid="stSkeleton"]')
        && !!document.querySelector('[data-testid="stMain"] h1');
}"""


async def settled(page, started: float, timeout: float = 120) -> float:
    """Seconds from `started` until the page is done: script idle, charts drawn, nothing
    loading, and still so 0.5 s later."""
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        done = await page.evaluate(SETTLED)
        now = time.monotonic()
        if done:
            idle_since = idle_since or now
            if now - idle_since >= 0.5:
                return idle_since - started
        else:
            idle_since = None
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{page.url} did not settle")


class Probe:
    """What a page costs: websocket bytes received, browser main-thread time, server CPU."""

    def __init__(self, page, cdp, pgid: int) -> None:
        self.page, self.cdp, self.pgid = page, cdp, pgid
        self.received = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        self.received += len(payload)

    async def busy(self) -> float:
        metrics = (await self.cdp.send("Performance.getMetrics"))["metrics"]
        return next((m["value"] for m in metrics if m["name"] == "TaskDuration"), NAN)

    async def visit(self, url: str) -> dict[str, float]:
        self.received = 0
        cpu = _group_cpu_s(self.pgid)
        started = time.monotonic()
        await self.page.goto(url, wait_until="commit", timeout=300_000)
        try:
            took = await settled(self.page, started, timeout=300)
        except TimeoutError:
            took = NAN
        # The metrics start again with each document: after a visit they are that visit's.
        return {"s": took, "kb": self.received / 1024, "cpu": _group_cpu_s(self.pgid) - cpu, "busy": await self.busy()}

    async def interact(self, locator) -> float:
        """Seconds from a click until the page has settled again; NaN when there is nothing to click."""
        try:
            if await locator.count() == 0:
                return NAN
            started = time.monotonic()
            await locator.click(timeout=30_000)
        except Exception:  # a page without it: no figure rather than no benchmark
            return NAN
        await asyncio.sleep(0.1)  # let the rerun start before polling for idle
        try:
            return await settled(self.page, started)
        except TimeoutError:
            return NAN


async def time_page(browser, base: str, name: str, pgid: int) -> dict[str, float]:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Performance.enable")
    probe = Probe(page, cdp, pgid)
    url = f"{base}/{name}{QUERY}"
    first = await probe.visit(url)
    second = await probe.visit(url)
    out = {"first": first["s"], "second": second["s"], "kb": second["kb"], "cpu": second["cpu"], "busy": second["busy"]}
    out["filter"] = await probe.interact(page.locator("label").filter(has_text=re.compile(r"^\s*kwartaal\s*$", re.I)).first)
    out["table"] = await probe.interact(page.locator('[data-testid="stMain"] label').filter(has_text="Toon als tabel").first)
    # The first part waiting under a closed expander (an older version may have none).
    part = page.locator('[data-testid="stMain"] details:not([open]) summary').first
    out["open"] = await probe.interact(part) if await page.locator('[class*="st-key-sectie_"]').count() else NAN
    await context.close()
    return out


async def sessions_at_once(browser, url: str, n: int, pgid: int) -> tuple[float, float, float]:
    """Seconds until all `n` sessions have settled, server memory before and after (MB)."""
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(n)]
    pages = [await c.new_page() for c in contexts]
    rss_before = _group_rss_mb(pgid)
    started = time.monotonic()
    await asyncio.gather(*(p.goto(url, wait_until="commit", timeout=300_000) for p in pages))
    try:
        times = await asyncio.gather(*(settled(p, started, timeout=600) for p in pages))
    except TimeoutError:  # reported as unknown rather than losing the other figures
        times = [NAN]
    rss_after = _group_rss_mb(pgid)
    for c in contexts:
        await c.close()
    return max(times), rss_before, rss_after


async def memory_per_session(browser, url: str, pgid: int, k: int = 10) -> float:
    """The server's resident memory per live session (MB): k sessions open on the page, then
    k more beside them; the growth divided by k. Sessions already open, caches warm: what one
    more user costs, apart from memory the server keeps anyway or has not yet given back."""
    contexts = []

    async def open_k() -> None:
        batch = [await browser.new_context(viewport=VIEWPORT) for _ in range(k)]
        pages = [await c.new_page() for c in batch]
        contexts.extend(batch)
        started = time.monotonic()
        await asyncio.gather(*(p.goto(url, wait_until="commit", timeout=300_000) for p in pages))
        await asyncio.gather(*(settled(p, started, timeout=600) for p in pages))

    try:
        await open_k()
        first = _group_rss_mb(pgid)
        await open_k()
        return (_group_rss_mb(pgid) - first) / k
    except TimeoutError:
        return NAN
    finally:
        for c in contexts:
            await c.close()


# --- the run ------------------------------------------------------------------------------------


def servers(args, small: Path, large: Path, tmp: Path, before: Path | None) -> dict[tuple[str, str], tuple]:
    """(version, data) → how to serve it. The older version gets copies of the databases:
    it may bring them to its own schema."""
    out: dict[tuple[str, str], tuple] = {("", "leeg"): empty_app(tmp), ("", "grafiek"): empty_app(tmp, CHART_APP, "grafiek")}
    versions = [("voor", before), ("na", args.root.resolve())] if before else [("", args.root.resolve())]
    for version, root in versions:
        for label, db in (("demo", small), (f"× {args.scale}", large)):
            if version == "voor":
                copy = tmp / f"voor_{db.name}"
                shutil.copyfile(db, copy)
                db = copy
            out[(version, label)] = jeugdmonitor(db, root)
    return out


async def run(args, small: Path, large: Path, before: Path | None) -> None:
    from playwright.async_api import async_playwright

    counts = [int(n) for n in args.sessions.split(",")]
    pages = PAGES if not args.pages else [("" if p == "overzicht" else p) for p in args.pages.split(",")]
    big = f"× {args.scale}"
    with tempfile.TemporaryDirectory(prefix="jm_browser_") as tmp:
        plan = servers(args, small, large, Path(tmp), before)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            results: dict = {}
            crowds: dict = {}
            memory: dict = {}
            for (version, label), (cmd, cwd, env) in plan.items():
                with serving(cmd, cwd, env) as (url, pgid):
                    warm = await (await browser.new_context()).new_page()
                    await warm.goto(url + "/" + QUERY, wait_until="commit")
                    await settled(warm, time.monotonic(), 300)
                    if args.only in (None, "pages"):
                        for name in [""] if label in FLOORS else pages:
                            row = await time_page(browser, url, name, pgid)
                            results[(version, label, name or "overzicht")] = row
                            print(version, label, name or "overzicht", {k: round(v, 2) for k, v in row.items()}, flush=True)
                    if args.only in (None, "sessions") and label != "grafiek" and (label != big or args.scale_sessions):
                        for name in ["wachtlijsten", ""] if label != "leeg" else [""]:
                            for n in counts:
                                crowds[(version, label, name or "overzicht", n)] = got = await sessions_at_once(
                                    browser, f"{url}/{name}{QUERY}", n, pgid
                                )
                                print(version, label, name or "overzicht", n, [round(x, 1) for x in got], flush=True)
                            memory[(version, label, name or "overzicht")] = got_mb = await memory_per_session(
                                browser, f"{url}/{name}{QUERY}", pgid
                            )
                            print(version, label, name or "overzicht", f"{got_mb:.1f} MB per session", flush=True)
            await browser.close()
    report(results, crowds, memory, big, bool(before))


def _f(x: float, unit: str = "s", width: int = 7, digits: int = 2) -> str:
    return f"{'–':>{width}}" if math.isnan(x) else f"{x:>{width - len(unit)}.{digits}f}{unit}"


def report(results: dict, crowds: dict, memory: dict, big: str, compare: bool) -> None:
    if results:
        report_pages(results, big, ["voor", "na"] if compare else [""])
    if crowds:
        report_crowds(crowds, memory)


def report_pages(results: dict, big: str, versions: list[str]) -> None:
    floor = results[("", "leeg", "overzicht")]
    print(
        f"\nempty Streamlit page: first {floor['first']:.2f} s, second {floor['second']:.2f} s "
        f"({floor['kb']:.0f} kB, server {floor['cpu']:.2f} s CPU, browser {floor['busy']:.2f} s busy), "
        f"filter change {floor['filter']:.2f} s"
    )
    chart = results.get(("", "grafiek", "overzicht"))
    if chart:
        print(
            f"the same with one small Vega-Lite chart: second {chart['second']:.2f} s "
            f"({chart['second'] / floor['second']:.2f}× the empty page; browser {chart['busy']:.2f} s busy): "
            "the least a page with a chart costs"
        )
    head = f"{'pagina':<16}{'data':<7}{'eerste':>7}{'tweede':>7}{'× leeg':>7}{'× demo':>7}{'kB':>6}{'server':>7}{'browser':>8}"
    head += f"{'filter':>7}{'tabel':>7}{'open':>7}"
    for version in versions:
        print(f"\n{('versie: ' + version) if version else ''}\n{head}")
        names = [k[2] for k in results if k[0] == version and k[1] == "demo"]
        for name in names:
            demo = results[(version, "demo", name)]
            for label in ("demo", big):
                r = results.get((version, label, name))
                if r is None:
                    continue
                print(
                    f"{name if label == 'demo' else '':<16}{label:<7}{_f(r['first'])}{_f(r['second'])}"
                    f"{_f(r['second'] / floor['second'], '×')}{_f(r['second'] / demo['second'], '×')}"
                    f"{_f(r['kb'], '', 6, 0)}{_f(r['cpu'])}{_f(r['busy'], 's', 8)}"
                    f"{_f(r['filter'])}{_f(r['table'])}{_f(r['open'])}"
                )
        seconds = [results[(version, "demo", n)]["second"] / floor["second"] for n in names]
        by_chart = [results[(version, "demo", n)]["second"] / chart["second"] for n in names] if chart else []
        flat = [
            results[(version, big, n)]["second"] / results[(version, "demo", n)]["second"] for n in names if (version, big, n) in results
        ]
        steps = [
            results[(version, lb, n)][k]
            for n in names
            for lb in ("demo", big)
            for k in ("filter", "table", "open")
            if (version, lb, n) in results
        ]
        steps = [s for s in steps if not math.isnan(s)]
        if seconds:
            print(
                f"second visit vs empty page: median {statistics.median(seconds):.2f}×, worst {max(seconds):.2f}× (target ≤ 2×); "
                + (f"{big} vs demo: worst {max(flat):.2f}× (target ≤ 1.2×); " if flat else "")
                + (f"slowest interaction {max(steps):.2f} s (target ≤ 0.5 s)" if steps else "")
            )
        if by_chart:
            print(f"second visit vs the one-chart page: median {statistics.median(by_chart):.2f}×, worst {max(by_chart):.2f}×")


def report_crowds(crowds: dict, memory: dict) -> None:
    print("\nsessions at once: seconds until all settled (ratio to the empty page), server memory")
    for (version, label, name, n), (took, before, after) in sorted(crowds.items()):
        if label == "leeg":
            continue
        floor_s = crowds[("", "leeg", "overzicht", n)][0]
        print(
            f"{version:<5}{label:<8}{name:<14}{n:>3} sessions {took:>7.1f} s  {took / floor_s:>5.2f}× empty ({floor_s:.1f} s)   "
            f"server memory {before:.0f} → {after:.0f} MB"
        )
    print("\nserver memory per live session (10 more beside 10 open):")
    for (version, label, name), mb in sorted(memory.items()):
        print(f"{version:<5}{label:<8}{name:<14}{mb:>6.1f} MB")


def main() -> int:
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--sessions", default="10,20")
    extra.add_argument("--only", choices=["pages", "sessions"])
    extra.add_argument("--pages", help="comma-separated page names (overzicht, wachtlijsten, …); default all")
    extra.add_argument("--root", type=Path, default=ROOT)
    extra.add_argument("--before", help="a git commit to measure next to the working tree (--root)")
    extra.add_argument("--scale-sessions", action="store_true", help="the sessions benchmark on the large database too")
    known, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    args, small, large = databases(__doc__)
    for key, value in vars(known).items():
        setattr(args, key, value)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not installed (apt-get install chromium)")
    from compare import checkout  # tests/benchmarks/compare.py: a git worktree of the commit, reused

    asyncio.run(run(args, small, large, checkout(args.before) if args.before else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
