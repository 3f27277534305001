"""Shared fixtures. Test files write their own small extracts; only the demo database is
shared, built once per session through the real ingest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard import demo

# The server skips altair's schema check of chart specs (dashboard.app.components); the
# tests keep it, so a chart that breaks the Vega-Lite schema fails here.
os.environ["JEUGDMONITOR_VALIDATE_CHARTS"] = "1"


@pytest.fixture(autouse=True)
def no_access_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read a developer's own data/toegang.toml: without one, no login is
    configured (unsecured local use) unless a test writes its own."""
    monkeypatch.setenv("JEUGDMONITOR_TOEGANG", str(tmp_path_factory.getbasetemp() / "geen-toegang.toml"))


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` keeps a copy of the loaded demo in the user's cache folder (dashboard.demo):
    tests keep theirs in a temporary one."""
    monkeypatch.setenv("JEUGDMONITOR_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database path that does not exist yet."""
    return tmp_path / "jm.duckdb"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo, loaded once. Treat as read-only."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    demo.build(path)
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database, for tests that write."""
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, db)
    return db
