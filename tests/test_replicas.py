"""Past one machine, the part that runs here: two `serve` processes (two replicas) read one
store while a writer ingests a delivery into it. Neither stops or shows an error during the
ingest, and after the swap both serve the new version to a new visit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.paths import DEMO, ROOT
from dashboard.periods import parse_period
from tests.helpers import CHROMIUM, free_port, wait_until_up

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("jeugdmonitor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


@pytest.mark.browser
def test_two_replicas_serve_the_new_version_after_an_ingest(demo_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    new_month = parse_period("2025-01")
    delivery = tmp_path / "JBRR_caseload_2025-01.csv"
    delivery.write_text(
        (DEMO / "JBRR_caseload_2024-12.csv").read_text(encoding="utf-8").replace("2024-12-31", "2025-01-31"), encoding="utf-8"
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [*_cli(), "--db", str(demo_copy), "serve", "--port", str(port)],
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, proc in zip(urls, servers):
            wait_until_up(url, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            pages = [browser.new_page() for _ in urls]

            def visit_all() -> list[str]:
                for page, url in zip(pages, urls):
                    page.goto(f"{url}/aanleveringen?periode={new_month.label}")
                for page in pages:
                    page.get_by_text("Wat is geleverd").first.wait_for(timeout=60_000)
                return [page.inner_text("body") for page in pages]

            before = visit_all()
            assert all(f"Periode: {new_month.display()}" not in body for body in before)
            # The writer works on its own copy while both replicas keep serving the old file.
            ingest = subprocess.Popen(
                [*_cli(), "--db", str(demo_copy), "ingest", str(delivery)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            during = visit_all()
            out, _ = ingest.communicate(timeout=120)
            assert ingest.returncode == 0, out
            after = visit_all()
            browser.close()
        for body in during + after:
            assert "Traceback" not in body and "Error" not in body
        assert all(f"Periode: {new_month.display()}" in body for body in after), after
        assert all(proc.poll() is None for proc in servers)  # both replicas still up
    finally:
        for proc in servers:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
