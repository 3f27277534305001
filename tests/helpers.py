"""What several test files share: writing a small extract, a free port and a server that
answers, and reading the dashboard through Streamlit's AppTest as a user would (the text
on the page, a headline cell, the tables, a download's bytes). Fixtures that pytest hands
to tests stay in conftest.py; everything a test imports comes from here."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.paths import ROOT

CHROMIUM = "/usr/bin/chromium"  # Debian's; playwright's own browser download is never used
MAIN = ROOT / "dashboard" / "app" / "main.py"
PAGES = ["overzicht", "wachtlijsten", "personeel", "caseload", "doorlooptijden", "aanbevelingen", "aanleveringen",
         "definities", "toegankelijkheid"]


# --- files ----------------------------------------------------------------------------

def write_extract(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a small extract as a provider would save it."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# A valid JBRR wachtlijst of seven young people (uploads in the app tests).
VALID = ("aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum,overbrugging\n"
         + "".join(f"JBRR,2025-01-31,JB-TEST-{i:04d},OTS,jeugdbeschermer,2025-01-0{i},ja\n" for i in range(1, 8)))


# --- servers --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jeugdmonitor serve stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(interval)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


# --- the dashboard through AppTest ----------------------------------------------------

def open_app(db: Path, monkeypatch: pytest.MonkeyPatch, query: dict[str, str] | None = None,
             page: str | None = None) -> AppTest:
    monkeypatch.setenv("JEUGDMONITOR_DB", str(db))
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page and page != "overzicht":
        at.switch_page(f"views/{page}.py").run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def text(at: AppTest) -> str:
    """Everything a reader can read on the page, as one string."""
    parts = [e.value for e in [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info,
                               *at.warning, *at.success, *at.error]]
    parts += [str(h.proto.body) for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def headline_cell(at: AppTest, label: str) -> list[str]:
    """The values in one row of the side-by-side table, in provider order."""
    for h in at.get("html"):
        body = str(h.proto.body)
        m = re.search(rf'<td class="jm-label"[^>]*>{re.escape(label)}</td>(.*?)</tr>', body)
        if m:
            return re.findall(r'<span class="jm-value">([^<]*)</span>', m.group(1))
    raise AssertionError(f"no row {label!r}")


def show_all_tables(at: AppTest) -> AppTest:
    for t in at.toggle:
        if t.label == "Toon als tabel":
            t.set_value(True)
    return at.run()


def dataframes(at: AppTest) -> list[pl.DataFrame]:
    return [pl.from_pandas(d.value) for d in at.dataframe]


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple]:
    """Every download button's file is made on click (deferred); keep the makers, by file id."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    kept: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # noqa: ANN001
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        kept[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


def download(kept: dict[str, tuple], button) -> tuple[bytes, str]:  # noqa: ANN001
    """Click a download button as the browser would: (the file's bytes, its name)."""
    make, name = kept[button.proto.deferred_file_id]
    made = make()
    return (made.encode("utf-8") if isinstance(made, str) else made), name


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown string built with components.literal."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u200b", "")
