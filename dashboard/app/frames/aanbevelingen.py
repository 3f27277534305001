"""The Aanbevelingen page: the register's improvement measures as they stood on a date,
read-only (editing belongs to the register's own issue)."""

from __future__ import annotations

import polars as pl

from dashboard import fmt
from dashboard.app.frames.common import Card
from dashboard.definitions import BOVEN_NORM, OP_NORM
from dashboard.register import STATUS_LABELS

# The register's red/amber/green in words first: the colour name alone is not the message.
STAND = {"groen": "op schema (groen)", "oranje": "aandacht nodig (oranje)", "rood": "achter (rood)",
         "n.v.t.": "n.v.t. (vervallen)"}


def cards(m: pl.DataFrame) -> list[Card]:
    def n(*statuses: str) -> int:
        return m.filter(pl.col("status").is_in(statuses)).height

    late = int(m["te_laat"].sum())
    return [Card("Verbetermaatregelen", fmt.number(m.height, 0)),
            Card("Niet gestart", fmt.number(n("niet_gestart"), 0)),
            Card("In uitvoering", fmt.number(n("in_uitvoering"), 0)),
            Card("Gerealiseerd of doorgewerkt", fmt.number(n("gerealiseerd", "doorgewerkt"), 0)),
            Card("Te laat", fmt.number(late, 0), BOVEN_NORM if late else OP_NORM,
                 ("deadline verstreken, niet afgerond",))]


def table(m: pl.DataFrame) -> pl.DataFrame:
    indicator = [None if o is None else o + ("" if v is None else f" ({fmt.number(v)})")
                 for o, v in m.select("oordeel", "indicator_waarde").iter_rows()]
    # What a meeting reads first on the left; where a measure comes from on the right.
    return m.with_columns(pl.Series("indicator_tekst", indicator, pl.String)).sort("deadline", "id").select(
        pl.col("adressaat").alias("Adressaat"), pl.col("omschrijving").alias("Maatregel"),
        pl.col("deadline").alias("Deadline"),
        pl.col("status").replace_strict(STATUS_LABELS, default=pl.col("status")).alias("Status"),
        pl.when(pl.col("te_laat")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Te laat"),
        pl.col("rag").replace_strict(STAND, default=pl.col("rag")).alias("Stand"),
        pl.col("indicator_tekst").alias("Indicator"), pl.col("eigenaar").alias("Eigenaar"),
        pl.col("status_datum").alias("Status sinds"), pl.col("nummer").cast(pl.String).alias("Aanbeveling"),
        (pl.col("instantie") + " — " + pl.col("rapport")).alias("Rapport"))
