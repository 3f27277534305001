"""The registers the project ships: providers, their products, and norms with valid-from
dates. They are data (CSV in data/registers) so that a provider or a norm can be added
without a code change."""

from __future__ import annotations

from functools import cache

import polars as pl

from dashboard.paths import REGISTERS


@cache
def providers() -> pl.DataFrame:
    return pl.read_csv(REGISTERS / "aanbieders.csv")


@cache
def products() -> pl.DataFrame:
    return pl.read_csv(REGISTERS / "producten.csv")


@cache
def norms() -> pl.DataFrame:
    return pl.read_csv(REGISTERS / "normen.csv", try_parse_dates=True)


def norms_for(providers: tuple[str, ...] | list[str]) -> pl.DataFrame:
    """The norms that concern `providers`: those of their products, and those tied to no
    product (the process norms). What a provider's own user or report is shown."""
    every = products()["product"]
    own = products().filter(pl.col("aanbieder").is_in(list(providers)))["product"]
    return norms().filter(pl.col("sleutel").is_in(own.implode()) | ~pl.col("sleutel").is_in(every.implode()))


@cache
def provider_codes() -> tuple[str, ...]:
    return tuple(providers()["code"].to_list())


@cache
def products_of(provider: str) -> tuple[str, ...]:
    return tuple(products().filter(pl.col("aanbieder") == provider)["product"].to_list())


def provider_name(code: str) -> str:
    row = providers().filter(pl.col("code") == code)
    return row["naam"][0] if row.height else code
