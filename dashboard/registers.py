"""The registers the project ships: providers, their products, Rotterdam's areas, and norms with valid-from
dates. They are data (CSV in data/registers) so that a provider or a norm can be added
without a code change."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from dashboard.paths import REGISTERS

if TYPE_CHECKING:
    import polars as pl

# polars is imported on first use, not with this module: `jeugdmonitor serve` checks the
# access file (which names providers) before it starts Streamlit, and that start should
# not wait for polars to load.


@cache
def providers() -> pl.DataFrame:
    import polars as pl

    # AGB codes are codes, not numbers: a leading zero must survive.
    return pl.read_csv(REGISTERS / "aanbieders.csv", schema_overrides={"agb_code": pl.String})


@cache
def products() -> pl.DataFrame:
    import polars as pl

    return pl.read_csv(REGISTERS / "producten.csv")


@cache
def ijw_products() -> pl.DataFrame:
    """The municipality's mapping from iJw Productcategorie (JZ020) and Productcode to the
    project's products; an empty productcode stands for every code of that category, an
    empty aanbieder for every provider (a provider's own row wins)."""
    import polars as pl

    return pl.read_csv(REGISTERS / "ijw_producten.csv", infer_schema=False).with_columns(pl.col("aanbieder", "productcode").fill_null(""))


@cache
def ijw_product_map() -> dict[tuple[str, str, str], str]:
    """(aanbieder or '', productcategorie, productcode or '') -> product, for the reader's look-up."""
    rows = ijw_products().select("aanbieder", "productcategorie", "productcode", "product").iter_rows()
    return {(a, c, k): p for a, c, k, p in rows}


@cache
def agb_providers() -> dict[str, str]:
    """AGB code -> provider code (a provider may list several codes, separated by `;`)."""
    out: dict[str, str] = {}
    for code, agb in providers().select("code", "agb_code").iter_rows():
        for one in (agb or "").split(";"):
            if one.strip():
                out[one.strip()] = code
    return out


@cache
def norms() -> pl.DataFrame:
    import polars as pl

    return pl.read_csv(REGISTERS / "normen.csv", try_parse_dates=True)


def norms_for(providers: tuple[str, ...] | list[str]) -> pl.DataFrame:
    """The norms that concern `providers`: those of their products, and those tied to no
    product (the process norms). What a provider's own user or report is shown."""
    import polars as pl

    every = products()["product"]
    own = products().filter(pl.col("aanbieder").is_in(list(providers)))["product"]
    return norms().filter(pl.col("sleutel").is_in(own.implode()) | ~pl.col("sleutel").is_in(every.implode()))


@cache
def provider_codes() -> tuple[str, ...]:
    return tuple(providers()["code"].to_list())


@cache
def products_of(provider: str) -> tuple[str, ...]:
    import polars as pl

    return tuple(products().filter(pl.col("aanbieder") == provider)["product"].to_list())


@cache
def areas() -> tuple[str, ...]:
    """Rotterdam's areas (gebieden), the closed list for `gebied` in the wachtlijst."""
    import polars as pl

    return tuple(pl.read_csv(REGISTERS / "gebieden.csv")["gebied"].to_list())


def area_key(text: str) -> str:
    """How an area is matched: case, dashes and spaces do not matter, nor a leading
    `Rotterdam` (`Rotterdam-Noord`, `kralingen–crooswijk`)."""
    return re.sub(AREA_PREFIX, "", re.sub(AREA_SEPARATORS, "-", text.strip().lower()))


# Shared by Python's `re` and polars' Rust regex, so both match an area alike.
AREA_SEPARATORS, AREA_PREFIX = r"[\s\-\u2010-\u2015_/]+", r"^rotterdam-"


# What people call the register's addressees and providers in running text and column heads
# (the codes are file-name keys, not names). The providers register holds the full names;
# where that is long, people use a short one (a display choice, kept here with the register
# reader rather than as a column, so existing databases need no migration).
_SHORT = {"GEMEENTE": "Gemeente", "WIJKTEAMS": "Wijkteams", "ENVER": "Enver", "JBRR": "JBRR"}


def short_name(code: str) -> str:
    """`Enver`, `Wijkteams`, `JBRR`, `Gemeente`: how a person names a provider or addressee."""
    return _SHORT.get(code) or provider_name(code)


def product_name(provider: str | None, product: str) -> str:
    """`Voogdij`, not `VOOGDIJ`."""
    import polars as pl

    rows = products().filter(pl.col("product") == product)
    if provider:
        rows = rows.filter(pl.col("aanbieder") == provider) if rows.filter(pl.col("aanbieder") == provider).height else rows
    return str(rows["omschrijving"][0]) if rows.height else product


def provider_name(code: str) -> str:
    import polars as pl

    row = providers().filter(pl.col("code") == code)
    return row["naam"][0] if row.height else code


DEFAULT_DEADLINE_WORKDAYS = 10  # a kind the deadline register does not list


@cache
def deadline_workdays() -> dict[str, int]:
    """Per extract kind, the working days after a period's end by which its delivery is due
    (data/registers/aanlevertermijnen.csv: the municipality changes it there)."""
    import polars as pl

    frame = pl.read_csv(REGISTERS / "aanlevertermijnen.csv")
    return {str(k): int(n) for k, n in frame.select("soort", "werkdagen_na_afloop").iter_rows()}


def deadline_days(kind: str) -> int:
    return deadline_workdays().get(kind, DEFAULT_DEADLINE_WORKDAYS)


# The extracts every provider delivers under the data contract; `doorlooptijden` (the
# process norms of child protection) is asked of the certified institution (GI) only.
REQUIRED_KINDS = ("wachtlijst", "gestart", "personeel", "caseload")
GI_KINDS = ("doorlooptijden",)


@cache
def kinds_owed(provider: str) -> tuple[str, ...]:
    """The extract kinds `provider` owes; a figure of another kind is 'n.v.t.' for it."""
    import polars as pl

    row = providers().filter(pl.col("code") == provider)
    gi = row.height > 0 and "(GI)" in str(row["soort"][0])
    return REQUIRED_KINDS + GI_KINDS if gi else REQUIRED_KINDS


def owes(provider: str, kind: str) -> bool:
    # Kinds outside the contract's list (e.g. message traffic) are not judged here: owed.
    return kind in kinds_owed(provider) or kind not in REQUIRED_KINDS + GI_KINDS
