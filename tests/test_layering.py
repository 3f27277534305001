"""The architecture, checked on the source: the data layer never imports streamlit, pages
reach figures only through dashboard.app.data, and the dashboard never builds SQL from
f-strings (queries live in queries/*.sql and take bound parameters)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard.paths import ROOT

PACKAGE = ROOT / "dashboard"
APP = PACKAGE / "app"
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b|\bFROM\s|\bWHERE\s")


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imports(source: str) -> set[str]:
    """Every module a source imports, by its full dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def sql_fstrings(source: str) -> list[int]:
    """Lines where an f-string (or str.format / %-formatting) builds text that reads as SQL."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if SQL_WORDS.search(text):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
            and SQL_WORDS.search(node.func.value.value)
        ) or (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
            and SQL_WORDS.search(node.left.value)
        ):
            lines.append(node.lineno)
    return lines


def _uses_streamlit(path: Path) -> bool:
    return any(m == "streamlit" or m.startswith("streamlit.") for m in imports(path.read_text(encoding="utf-8")))


DATA_LAYER = [p for p in _modules(PACKAGE) if APP not in p.parents]
# Inside the app, these hold no UI either: shaping, charts. They must stay testable without streamlit.
PLAIN_APP = [*_modules(APP / "frames"), APP / "charts.py"]
PAGES = [p for p in _modules(APP / "views") if p.name != "__init__.py"]
DASHBOARD_CODE = [*_modules(APP), PACKAGE / "overview.py", PACKAGE / "definitions.py"]


@pytest.mark.parametrize("path", DATA_LAYER + PLAIN_APP, ids=lambda p: str(p.relative_to(ROOT)))
def test_data_layer_never_imports_streamlit(path: Path) -> None:
    assert not _uses_streamlit(path), f"{path.relative_to(ROOT)} imports streamlit"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_reach_figures_only_through_the_cached_data_module(path: Path) -> None:
    forbidden = {
        "duckdb",
        "dashboard.sql",
        "dashboard.store",
        "dashboard.figures",
        "dashboard.overview",
        "dashboard.kerncijfers",
        "dashboard.register",
    }
    used = imports(path.read_text(encoding="utf-8"))
    assert not used & forbidden, f"{path.name} imports {sorted(used & forbidden)}; go through dashboard.app.data"


@pytest.mark.parametrize("path", DASHBOARD_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_dashboard_builds_no_sql_from_fstrings(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not sql_fstrings(source), f"{path.relative_to(ROOT)}: SQL built from a formatted string"
    assert ".sql(" not in source and ".execute(" not in source, f"{path.relative_to(ROOT)} runs SQL itself"


def test_every_page_has_a_module_and_the_layout_is_found() -> None:
    # Guards the checks above against silently checking nothing (a moved folder).
    assert {p.stem for p in PAGES} == {
        "overzicht",
        "wachtlijsten",
        "personeel",
        "caseload",
        "doorlooptijden",
        "aanbevelingen",
        "aanleveringen",
        "vaststellen",
        "regiekaart",
        "definities",
        "toegankelijkheid",
        "audittrail",
    }
    assert PACKAGE / "figures.py" in DATA_LAYER and PACKAGE / "overview.py" in DATA_LAYER
    assert not (APP / "pages").exists(), "a pages/ folder switches Streamlit to its legacy multipage mode"


def test_the_checks_catch_what_they_look_for() -> None:
    assert "streamlit" in imports("import streamlit as st")
    assert "streamlit.testing.v1" in imports("from streamlit.testing.v1 import AppTest")
    assert "dashboard.figures" in imports("from dashboard import figures")
    assert sql_fstrings('t = "x"\nq = f"SELECT * FROM {t} WHERE a = 1"') == [2]
    assert sql_fstrings('q = "DELETE FROM {}".format(t)') == [1]
    assert sql_fstrings('q = "SELECT %s" % t') == [1]
    assert sql_fstrings('label = f"Wachtenden bij {p}: {n} (van {m})"') == []


def test_tests_share_code_through_helpers_only() -> None:
    """Test files import what they share from tests.helpers, never from conftest.py (pytest's
    own: fixtures are handed over, not imported) or from another test file."""
    borrowed = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        found = sorted(
            m for m in imports(path.read_text(encoding="utf-8")) if m.split(".")[-1] == "conftest" or m.split(".")[-1].startswith("test_")
        )
        if found:
            borrowed[path.relative_to(ROOT).as_posix()] = found
    assert not borrowed
    assert "tests.helpers" in imports((ROOT / "tests" / "test_app.py").read_text(encoding="utf-8"))


SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|DROP|ALTER)\s", re.IGNORECASE)
# Modules that still hold SQL statements of their own: the build and file mechanics
# (per-table inserts and swaps, tables named in code), not figures. The list is to shrink,
# and what is left there is formatted with a table or column name from code (below); the
# store's one plain statement stays because the store imports nothing of the project.
# dashboard/fastload.py generates its statements from the contract's column list (which
# columns a file has decides them): only contract names and placeholders, every value bound.
INLINE_SQL_LEFT = {"dashboard/fastload.py", "dashboard/figures.py", "dashboard/ingest.py", "dashboard/store.py", "dashboard/warehouse.py"}
PLAIN_SQL_LEFT = {"dashboard/store.py": 1}


def inline_sql(source: str) -> list[int]:
    """Lines of string literals (plain or formatted) that begin as an SQL statement."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        parts = [node] if isinstance(node, ast.Constant) else node.values if isinstance(node, ast.JoinedStr) else []
        first = next((p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)), None)
        if first is not None and SQL_TEXT.match(first):
            lines.add(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize(
    "path", [p for p in _modules(PACKAGE) if p.relative_to(ROOT).as_posix() not in INLINE_SQL_LEFT], ids=lambda p: str(p.relative_to(ROOT))
)
def test_sql_statements_live_in_queries(path: Path) -> None:
    found = inline_sql(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}, regel {found}: SQL hoort in queries/ (één statement per bestand)"


def plain_sql(source: str) -> list[int]:
    """Lines of plain string literals (not part of an f-string) that begin as an SQL
    statement: a fixed statement, which could be a named query."""
    tree = ast.parse(source)
    inside = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    inside |= {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings ("Create an empty …")
    return sorted(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in inside and SQL_TEXT.match(n.value)
    )


@pytest.mark.parametrize("path", sorted(INLINE_SQL_LEFT))
def test_sql_left_in_code_names_its_tables_in_code(path: str) -> None:
    found = plain_sql((ROOT / path).read_text(encoding="utf-8"))
    assert len(found) <= PLAIN_SQL_LEFT.get(path, 0), f"{path}, regel {found}: een vaste query hoort in queries/"


def test_the_inline_sql_check_finds_statements() -> None:
    assert inline_sql('con.sql("SELECT count(*) FROM aanlevering")') == [1]
    assert inline_sql('t = "x"\ncon.sql(f"INSERT INTO {t} BY NAME SELECT * FROM nieuw")') == [2]
    assert inline_sql('msg = "Selecteer een aanbieder"') == []
    assert plain_sql('con.sql("SELECT 1")\ncon.sql(f"DELETE FROM {t}")') == [1]
    assert all(inline_sql((ROOT / p).read_text(encoding="utf-8")) for p in INLINE_SQL_LEFT), "remove it from the list"


def test_what_the_code_cites_is_in_the_repository() -> None:
    """A comment or docstring that points to a document (a Markdown file) points to one a
    reader of this repository can open."""
    present = {p.name for p in ROOT.rglob("*.md") if ".venv" not in p.parts}
    cited = {}
    for path in [*_modules(PACKAGE), *_modules(ROOT / "tests"), *sorted((ROOT / "queries").rglob("*.sql"))]:
        missing = set(re.findall(r"\b([\w-]+\.md)\b", path.read_text(encoding="utf-8"))) - present
        if missing:
            cited[path.relative_to(ROOT).as_posix()] = sorted(missing)
    assert "README.md" in present and not cited
