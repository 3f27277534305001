"""Named SQL from queries/: one query per file, parameters bound by name ($name)."""

from __future__ import annotations

import re
from functools import cache

import duckdb
import polars as pl

from dashboard.paths import QUERIES

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@cache
def text(name: str) -> str:
    """`marts/wachtlijst` -> the SQL of queries/marts/wachtlijst.sql."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


@cache
def params_of(name: str) -> frozenset[str]:
    without_comments = re.sub(r"--[^\n]*", "", text(name))
    return frozenset(_PARAM.findall(without_comments))


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run a named query; only the parameters it uses are bound, and a missing one is a bug."""
    wanted = params_of(name)
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    rel = con.sql(text(name), params={k: params[k] for k in wanted} or None)
    if rel is None:
        return pl.DataFrame()
    frame = rel.pl()
    # SQL sums and decimal literals give DECIMAL/HUGEINT; figures are plain floats and ints.
    return frame.with_columns(
        pl.col(c).cast(pl.Int64 if t == pl.Int128 or getattr(t, "scale", None) == 0 else pl.Float64)
        for c, t in frame.schema.items()
        if t == pl.Int128 or isinstance(t, pl.Decimal)
    )


def run(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run a script of statements without parameters (schema, staging)."""
    con.sql(text(name))
