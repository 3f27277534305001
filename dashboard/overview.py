"""The headline figures for one period, per provider side by side: the Overzicht page of
the dashboard, and the briefing the reports reuse.

Each headline figure comes with the same figure for the previous period and a year
earlier, the change against both, its norm (from the register or a signal value, see
`dashboard.definitions`) and a status word. Small numbers are suppressed before anything
is compared or worded, so nothing here can reveal a count under the threshold. Returns
plain data (polars frames in a dataclass), never markup."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import catalogue, definitions, figures, fmt, privacy, register, registers
from dashboard.catalogue import NOT_DELIVERED, NOT_OWED, near_norm_text, with_unit
from dashboard.definitions import BOVEN_NORM, ONDER_NORM
from dashboard.figures import Scope
from dashboard.periods import Period, parse_period

CHANGE, OFF_NORM, MEASURES = "verandering", "buiten norm", "maatregelen"
MUNICIPALITY = "GEMEENTE"
TEAMS_NAMED = 3  # more teams above the caseload norm than this: one summary line per provider


@dataclass(frozen=True)
class Overzicht:
    periode: Period
    vorige: Period
    vorig_jaar: Period
    aanbieders: tuple[str, ...]
    kerncijfers: pl.DataFrame  # one row per headline figure and provider (catalogue.Figure.as_row)
    per_product: pl.DataFrame  # waiting per provider and product: now, previous, a year earlier
    samenvatting: pl.DataFrame  # soort (verandering / buiten norm / maatregelen), aanbieder, tekst
    demo: bool
    # Improvement measures from the register per addressee (GEMEENTE first, then the providers):
    # maatregelen, open, te_laat, as they stood on `maatregelen_op` (register.status_counts).
    maatregelen: pl.DataFrame = field(default_factory=pl.DataFrame)
    maatregelen_op: date | None = None
    geleverd: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (delivered, owing)

    @property
    def heeft_data(self) -> bool:
        return self.kerncijfers.filter(~pl.col("markering").is_in([NOT_DELIVERED, NOT_OWED])).height > 0


HEADLINES: tuple[str, ...] = (
    "wachtlijst.wachtenden",
    "wachtlijst.mediaan_wachttijd_weken",
    "wachtlijst.boven_norm_pct",
    "caseload.caseload",
    "caseload.zonder_vaste_casushouder",
    "personeel.verloop_12m_pct",
    "personeel.vacaturegraad_pct",
    *(m.key for m in definitions.PROCESS_STEPS.values()),
)


def _in(p: Period) -> str:
    """'in juni 2024' / 'in het 2e kwartaal 2024'."""
    return f"in {p.phrase()}"


def completeness(fr: catalogue.Frames, period: Period, providers: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per extract kind: how many of the providers that owe it delivered it for `period`."""
    out = {}
    for kind in catalogue.MARTS:
        owing = [p for p in providers if registers.owes(p, kind)]
        out[kind] = (sum(fr.has(period, p, kind) for p in owing), len(owing))
    return out


def complete_months(delivered: pl.DataFrame, months: Sequence[str], recent: int = 3) -> list[str]:
    """The months (of `months`, as given) in which every provider delivered every extract
    it owes and delivers: the kinds each provider delivered in the `recent` newest months
    with data. One early delivery (a provider already sending next month) leaves that month
    incomplete, so it is not where a visitor lands by default."""
    newest = sorted(months, reverse=True)[:recent]
    owed = {
        (r["aanbieder"], r["soort"])
        for r in delivered.filter(pl.col("periode").is_in(newest)).iter_rows(named=True)
        if registers.owes(r["aanbieder"], r["soort"])
    }
    got: dict[str, set[tuple[str, str]]] = {}
    for r in delivered.iter_rows(named=True):
        got.setdefault(r["periode"], set()).add((r["aanbieder"], r["soort"]))
    return [m for m in months if owed <= got.get(m, set())]


def build(
    db: Path,
    period: Period,
    providers: list[str] | tuple[str, ...] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> Overzicht:
    """The headline figures of `period` for `providers`; the register's measures counted for
    `adressaten` (default: the municipality and those providers) on `register_op` (default:
    the period's end, or today if that is earlier)."""
    previous, year_earlier = period.previous(), period.year_earlier()
    scope = Scope.of([period, previous, year_earlier], providers, today)
    span = 12 if not period.is_quarter else 4
    history = Scope.of([period.shift(-k) for k in range(span + 1)], scope.providers, scope.today)
    on = register_op or min(period.end, scope.today)
    with ThreadPoolExecutor(max_workers=2) as pool:
        per_product = pool.submit(figures.wachtlijst_per_product, db, history)
        counts = pool.submit(register.status_counts, db, on, [MUNICIPALITY, *scope.providers] if adressaten is None else list(adressaten))
        frames = catalogue.Frames.load(db, scope)
        got = {"per_product": per_product.result(), "maatregelen": counts.result()}
    rows = [catalogue.figure(frames, key, period, provider).as_row() for key in HEADLINES for provider in scope.providers]
    headline = pl.DataFrame(
        rows,
        schema_overrides={c: pl.Float64 for c in ("waarde", "vorige", "vorig_jaar", "verschil_vorige", "verschil_jaar", "norm")},
        infer_schema_length=None,
    )
    per_product_table, product_lines = _per_product(got["per_product"], period)
    lines = product_lines + _waiting_lines(headline, previous, year_earlier) + _off_norm_lines(headline, frames, period)
    lines += _measure_lines(got["maatregelen"], on)
    summary = pl.DataFrame(lines, schema={"soort": pl.String, "aanbieder": pl.String, "tekst": pl.String}, orient="row")
    return Overzicht(
        period,
        previous,
        year_earlier,
        scope.providers,
        headline,
        per_product_table,
        summary,
        frames.demo,
        got["maatregelen"],
        on,
        completeness(frames, period, scope.providers),
    )


def _measure_lines(counts: pl.DataFrame, on: date) -> list[tuple[str, str, str]]:
    """The municipality's own overdue measures: it is not a column of the side-by-side table."""
    own = counts.filter(pl.col("adressaat") == MUNICIPALITY)
    if own.is_empty() or not own["te_laat"][0]:
        return []
    late, still_open = int(own["te_laat"][0]), int(own["open"][0])
    what = "verbetermaatregel" if late == 1 else "verbetermaatregelen"
    return [
        (
            MEASURES,
            MUNICIPALITY,
            f"Gemeente zelf: {late} {what} te laat op {fmt.day(on)} (deadline verstreken, niet afgerond); {still_open} open in totaal.",
        )
    ]


def _per_product(raw: pl.DataFrame, period: Period) -> tuple[pl.DataFrame, list[tuple[str, str, str]]]:
    """Waiting per product now, previous period and a year earlier (suppressed as a
    breakdown of each provider's total), and the lines for lists that emptied or began;
    `raw` holds the periods back to a year earlier (for the peak a list had)."""
    names = registers.products().select("aanbieder", "product", pl.col("omschrijving").alias("product_naam"))
    shown = catalogue.breakdown(
        raw.with_columns(pl.col("wachtenden").alias("n")), ("wachtlijst.wachtenden",), by=["periode", "aanbieder"]
    ).join(names, on=["aanbieder", "product"], how="left")

    def at(p: Period) -> pl.DataFrame:
        return shown.filter(pl.col("periode") == p.label).select("aanbieder", "product", "wachtenden", "n")

    table = (
        at(period)
        .join(at(period.previous()), on=["aanbieder", "product"], how="full", coalesce=True, suffix="_vorige")
        .join(at(period.year_earlier()), on=["aanbieder", "product"], how="full", coalesce=True, suffix="_vorig_jaar")
        .join(names, on=["aanbieder", "product"], how="left")
        .rename({"wachtenden": "nu"})
        .sort("aanbieder", "product")
    )
    lines: list[tuple[str, str, str]] = []
    history = shown.filter(pl.col("periode") != period.label)
    before = _in(period.previous())
    for r in table.iter_rows(named=True):
        if r["n"] is None or r["n_vorige"] is None:
            continue
        name, provider = _lower_first(r["product_naam"] or r["product"]), r["aanbieder"]
        if r["n"] == 0 and r["n_vorige"] > 0:
            # "Was" the highest count of the past year, unless that cell is hidden to protect another.
            peak = (
                history.filter((pl.col("aanbieder") == provider) & (pl.col("product") == r["product"]))
                .sort(["n", "periode"], descending=[True, True])
                .row(0, named=True)
            )
            was = (
                f"{peak['wachtenden']} {_in(parse_period(peak['periode']))}"
                if peak["wachtenden"] != privacy.SECONDARY
                else f"{r['wachtenden_vorige']} {before}"
            )
            lines.append((CHANGE, provider, f"De wachtlijst {name} bij {_name(provider)} is weggewerkt: 0, was {was}."))
        elif r["n"] > 0 and r["n_vorige"] == 0:
            lines.append((CHANGE, provider, f"Nieuwe wachtlijst {name} bij {_name(provider)}: {r['nu']}, was 0 {before}."))
    table = table.drop("n", "n_vorige", "n_vorig_jaar").with_columns(
        pl.col("nu", "wachtenden_vorige", "wachtenden_vorig_jaar").fill_null("–")
    )
    return table, lines


def _waiting_lines(headline: pl.DataFrame, previous: Period, year_earlier: Period) -> list[tuple[str, str, str]]:
    out = []
    rows = headline.filter((pl.col("indicator") == "wachtlijst.wachtenden") & ~pl.col("markering").is_in([NOT_DELIVERED, NOT_OWED]))
    for r in rows.iter_rows(named=True):
        text = (
            f"Wachtenden bij {_name(r['aanbieder'])}: {r['weergave']} ({previous.display()}: {r['vorige_weergave']}; "
            f"{year_earlier.display()}: {r['vorig_jaar_weergave']})."
        )
        out.append((CHANGE, r["aanbieder"], text))
    return out


CASELOAD, NORM = definitions.metric("caseload.caseload"), definitions.metric("caseload.norm")


def _caseload_text(t: dict) -> str:
    """'18,0 per fte, norm 14,5' (one more decimal where rounding would make it equal the norm)."""
    return f"{near_norm_text(CASELOAD, t['caseload'], t['norm'])} per fte, norm {catalogue.shown_value(NORM, t['norm']).text}"


def _team_text(t: dict) -> str:
    return f"{t['team']}: {_caseload_text(t)}"


def _off_norm_lines(headline: pl.DataFrame, fr: catalogue.Frames, period: Period) -> list[tuple[str, str, str]]:
    out = []
    teams = (
        fr.marts["caseload"]
        .filter((pl.col("periode") == period.label) & (pl.col("niveau") == "team") & pl.col("boven_norm").fill_null(False))
        .sort("caseload", descending=True)
    )
    for (provider,), above in teams.group_by("aanbieder", maintain_order=True):
        if above.height <= TEAMS_NAMED:
            for t in above.iter_rows(named=True):
                text = f"Caseload {t['team']} ({_name(provider)}): {_caseload_text(t)}."
                out.append((OFF_NORM, provider, text))
        else:  # many teams: one line, naming the highest
            highest = "; ".join(_team_text(t) for t in above.head(TEAMS_NAMED).iter_rows(named=True))
            out.append((OFF_NORM, provider, f"{above.height} teams van {_name(provider)} boven de caseloadnorm; hoogste: {highest}."))
    for r in headline.filter(pl.col("status").is_in([BOVEN_NORM, ONDER_NORM])).iter_rows(named=True):
        value = with_unit(r["weergave"], r["eenheid"]) + (f" ({r['opmerking']})" if r["opmerking"] else "")
        text = f"{r['label']} bij {_name(r['aanbieder'])}: {value}; {r['norm_soort']} {r['norm_weergave']}."
        out.append((OFF_NORM, r["aanbieder"], text))
    return out


def _name(code: str) -> str:
    return registers.short_name(code)


def _lower_first(text: str) -> str:
    return text if text[:2].isupper() else text[:1].lower() + text[1:]
