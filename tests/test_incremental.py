"""A delivery rebuilds only the staging rows and mart periods it can change; the result
must be the very tables a full rebuild gives. Compared table by table: the demo loaded
month by month against the demo built in one go, and corrections of old months (which
trailing 12- and 3-month windows and quarters read) against a full rebuild."""

from __future__ import annotations

import ast
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import demo, ingest, sql, store, warehouse
from dashboard.paths import DEMO, ROOT
from dashboard.registers import provider_codes


def derived_tables(db: Path) -> dict[str, pl.DataFrame]:
    """Every staging table and view and every mart, rows in a fixed order."""
    with store.reader(db) as con:
        names = [
            n
            for (n,) in con.sql(
                "SELECT name FROM (SELECT table_name AS name FROM duckdb_tables() "
                "UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal) "
                "WHERE name LIKE 'stg_%' OR name LIKE 'mart_%' OR name = 'huidige_aanlevering' ORDER BY 1"
            ).fetchall()
        ]
        return {
            n: con.sql(f"SELECT * FROM {n}").pl().sort(pl.all(), nulls_last=True)  # names from the catalog
            for n in names
            if n != "mart_meta"
        }


def assert_same_tables(got: Path, want: Path, marts_only: bool = False) -> None:
    a, b = derived_tables(got), derived_tables(want)
    # Every staging table and mart is compared.
    tables = {f"mart_{m}" for m in warehouse.MATERIALIZED}
    if not marts_only:
        tables |= {d.name for d in warehouse.staging() if d.refresh or d.creates == "VIEW"}
    a, b = {n: a[n] for n in tables & a.keys()}, {n: b[n] for n in tables & b.keys()}
    assert a.keys() == b.keys() == tables
    for name in a:
        # Sums of doubles may differ in the last bits with the order DuckDB adds them in.
        try:
            assert_frame_equal(a[name], b[name], check_exact=False, rel_tol=1e-9, abs_tol=1e-9)
        except AssertionError as e:
            raise AssertionError(f"{name}: {e}") from None


def month_of(path: Path) -> str:
    return path.stem.rsplit("_", 1)[1]


def test_the_demo_loaded_month_by_month_equals_the_demo_built_at_once(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "stapsgewijs.duckdb"
    files = demo.demo_files()
    monthly = [f for f in files if f.parent == DEMO]
    corrections = [f for f in files if f.parent != DEMO]
    last_half = {"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2024-Q3", "2024-Q4"}
    ingest.ingest_files(db, [f for f in monthly if month_of(f) not in last_half], demo=True, fresh=True)
    # The rest as it arrives: one month at a time, each delivery a small incremental write.
    for month in sorted(last_half):
        ingest.ingest_files(db, [f for f in monthly if month_of(f) == month], demo=True)
    ingest.ingest_files(db, corrections, demo=True)  # a re-delivery of 2024-05
    full = tmp_path / "volledig.duckdb"
    shutil.copyfile(db, full)
    warehouse.rebuild(full)
    assert_same_tables(db, full)
    # The same figures as the demo built at once (only delivery ids differ with the load order).
    assert_same_tables(db, demo_db, marts_only=True)


def _corrected(source: Path, folder: Path, column: int, delta: int = 1) -> Path:
    """The file with one more in `column` of its first row (a corrected figure)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    sep = ";" if lines[0].count(";") > lines[0].count(",") else ","
    cells = lines[1].split(sep)
    cells[column] = str(int(cells[column]) + delta)
    lines[1] = sep.join(cells)
    target = folder / source.name
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _without_rows(source: Path, folder: Path, keep: int) -> Path:
    """The file with only its first `keep` rows: a re-delivery in which clients are gone."""
    lines = source.read_text(encoding="utf-8").splitlines()
    target = folder / source.name
    target.write_text("\n".join(lines[: keep + 1]) + "\n", encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "make",
    [
        # staff: the 12-month turnover window of every later month reads this month
        lambda d, t: [_corrected(d / "JBRR_personeel_2023-03.csv", t, column=7)],
        # caseload and a waitlist of an old month: later inflow/outflow and the 3-month outflow
        lambda d, t: [
            _corrected(d / "JBRR_caseload_2023-06.csv", t, column=4),
            _without_rows(d / "WIJKTEAMS_wachtlijst_2023-06.csv", t, keep=40),
        ],
    ],
    ids=["personeel-2023-03", "caseload-en-wachtlijst-2023-06"],
)
def test_a_correction_of_an_old_month_equals_a_full_rebuild(demo_db: Path, tmp_path: Path, make) -> None:
    incremental, full = tmp_path / "incrementeel.duckdb", tmp_path / "volledig.duckdb"
    shutil.copyfile(demo_db, incremental)
    files = make(DEMO, tmp_path)
    results = ingest.ingest_files(incremental, files)
    assert all(r.outcome is ingest.Outcome.REPLACED for r in results), [r.line() for r in results]
    shutil.copyfile(incremental, full)
    warehouse.rebuild(full)
    assert_same_tables(incremental, full)
    # And the correction did reach the figures (the comparison is not of two unchanged copies).
    changed = derived_tables(incremental)
    assert any(not f.equals(derived_tables(demo_db)[n]) for n, f in changed.items() if n.startswith("mart_"))


def test_a_mart_computed_once_per_snapshot_equals_its_query_for_every_period(demo_db: Path) -> None:
    """The waitlist marts are computed once for periods with the same newest snapshots (a
    quarter and its last month) and copied: the stored rows must be what the mart's own
    query gives for every period, in the same order within each period."""
    order = warehouse.ORDER
    with store.reader(demo_db) as con:
        periods = warehouse._periods(con)
        same = warehouse._same_snapshots(con, periods, provider_codes())
        # The demo's quarters end in a month with every provider's snapshot: shared.
        assert {label for label in same if "Q" in label} == {p.label for p in periods if "Q" in p.label}
        assert not any("Q" in label for label in same.values())
        marked = [d.name for d in warehouse.marts() if d.by_snapshot]
        assert {"wachtlijst", "wachtlijst_verdeling", "wachtlijst_per_product"} <= set(marked)
        for name in marked:
            stored = con.sql(f"SELECT * FROM mart_{name}").pl()  # names from the fixed list
            direct = sql.query(con, f"marts/{name}", **warehouse.mart_params(name, periods, provider_codes(), date.today()))
            direct = direct.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("periode").alias(order))
            assert stored.height == direct.height > 0, name
            key = ["periode", order]
            assert_frame_equal(stored.sort(key), direct.sort(key), check_exact=False, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("was", ["table", "view"])
def test_a_staging_table_that_became_a_view_or_back_is_rebuilt_on_upgrade(demo_db: Path, tmp_path: Path, was: str) -> None:
    """A database of an earlier version holds a staging object as the other kind (this
    version made stg_wachtlijst a view; a later one may make a view a table again): the
    upgrade `serve` runs replaces it, and every figure equals a fresh build's."""
    import duckdb

    views = [d.name for d in warehouse.staging() if d.creates == "VIEW"]
    tables = [d.name for d in warehouse.staging() if d.creates == "TABLE" and d.refresh]
    assert views and tables
    name = views[0] if was == "table" else tables[0]
    db = tmp_path / "eerder.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db))
    con.sql(f"CREATE TABLE _rows AS SELECT * FROM {name}")  # names from the staging files
    con.sql(f"DROP {'VIEW' if was == 'table' else 'TABLE'} {name}")
    if was == "table":
        con.sql(f"ALTER TABLE _rows RENAME TO {name}")
    else:
        con.sql(f"CREATE VIEW {name} AS SELECT * FROM _rows")
    con.sql("UPDATE mart_meta SET vingerafdruk = 'een eerdere versie'")
    con.close()
    assert warehouse.upgrade(db)
    with store.reader(db) as con:
        kinds = con.sql(
            "SELECT 'table' FROM duckdb_tables() WHERE table_name = $n UNION ALL SELECT 'view' FROM duckdb_views() WHERE view_name = $n",
            params={"n": name},
        ).fetchall()
    assert kinds == [("view" if was == "table" else "table",)]
    assert_same_tables(db, demo_db)


def test_the_build_order_follows_what_each_staging_query_reads() -> None:
    order = [d.name for d in warehouse.staging()]
    for d in warehouse.staging():
        for dep in d.reads & set(order):
            assert order.index(dep) < order.index(d.name), (dep, d.name)
    assert order.index("huidige_aanlevering") < order.index("stg_wachtlijst") < order.index("stg_snapshot")


def test_a_reader_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "bestaat-niet.duckdb"
    with pytest.raises(store.NoDatabase), store.reader(db):
        pass
    assert list(tmp_path.iterdir()) == []


def test_one_handle_reads_one_version_through_one_connection(demo_copy: Path) -> None:
    with store.Database(demo_copy) as handle:
        with store.reader(handle) as first:
            before = first.sql("SELECT count(*) FROM aanlevering").fetchall()
        ingest.ingest_files(demo_copy, [_corrected(DEMO / "JBRR_caseload_2023-06.csv", demo_copy.parent, 4)])
        with store.reader(handle) as second:
            assert second is first  # reused, not opened again
            assert second.sql("SELECT count(*) FROM aanlevering").fetchall() == before
    with store.reader(demo_copy) as fresh:
        assert fresh.sql("SELECT count(*) FROM aanlevering").fetchall()[0][0] == before[0][0] + 1


def test_the_store_imports_nothing_of_the_project() -> None:
    """The store moves files; the warehouse and the figures build on it, never the reverse."""
    tree = ast.parse((ROOT / "dashboard" / "store.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.split(".")[0] == "dashboard"}
