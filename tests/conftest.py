"""Shared fixtures. Test files write their own small extracts; only the demo database is
shared, built once per session through the real ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import demo


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


def write_extract(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a small extract as a provider would save it."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
