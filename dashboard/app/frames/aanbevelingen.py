"""The Aanbevelingen page: the register grouped by report and recommendation, each measure
with its status on a date, RAG in words, its linked indicator (path over time, target and
target date, counts of young people suppressed) and its status history. No streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard import definitions, fmt, indicators, privacy, registers
from dashboard.app.frames.common import Card, View
from dashboard.definitions import OP_TIJD, TE_LAAT
from dashboard.periods import month_of, parse_period
from dashboard.register import MEETING, STATUS_LABELS

# The register's red/amber/green in words first: the colour name alone is not the message.
STAND = {k: f"{w} ({k})" if k != "n.v.t." else w for k, w in definitions.RAG_WORDS.items()}
RAG_ICONS = definitions.RAG_ICONS
RAG_CLASS = {"groen": "jm-op", "oranje": "jm-letop", "rood": "jm-uit", "n.v.t.": "jm-na"}
COMPARISON_WORDS = {"<=": "ten hoogste", "<": "lager dan", ">=": "ten minste", ">": "hoger dan", "=": "gelijk aan"}
_ADDRESSEE_NAMES = {c: registers.short_name(c) for c in ("GEMEENTE", *registers.provider_codes())}
COUNTS = {"wachtenden", "zonder_vaste_casushouder"}  # figures that are whole numbers


def cards(m: pl.DataFrame) -> list[Card]:
    def n(*statuses: str) -> int:
        return m.filter(pl.col("status").is_in(statuses)).height

    late = int(m["te_laat"].sum())
    return [
        Card("Verbetermaatregelen", fmt.number(m.height, 0)),
        Card("Niet gestart", fmt.number(n("niet_gestart"), 0)),
        Card("In uitvoering", fmt.number(n("in_uitvoering"), 0)),
        Card("Gerealiseerd of doorgewerkt", fmt.number(n("gerealiseerd", "doorgewerkt"), 0)),
        Card("Te laat", fmt.number(late, 0), TE_LAAT if late else OP_TIJD, ("deadline verstreken, niet afgerond",)),
    ]


def value_text(cijfer: str, value: float | None, basis: int | None = None) -> str:
    """An indicator value as it may be shown (`indicators.shown`): a count of young people
    from 1 to 4 as '<5'; a percentage or median over fewer than 5 of them as '–'."""
    shown = indicators.shown(cijfer, value, basis)
    if shown is None or isinstance(shown, str):
        return shown or "–"
    return fmt.number(shown, 0 if cijfer in COUNTS else 1)


def target_text(cijfer: str, vergelijking: str, doel: float) -> str:
    digits = 0 if float(doel).is_integer() else 1
    return f"{COMPARISON_WORDS.get(vergelijking, vergelijking)} {fmt.number(doel, digits)}"


def indicator_label(r: dict) -> str:
    """'Wachtenden — JBRR, product VOOGDIJ'."""
    fig = indicators.CATALOG.get(r["cijfer"])
    label = fig.label if fig else r["cijfer"]
    scope = [registers.short_name(r["indicator_aanbieder"])]
    if r.get("indicator_product"):
        scope.append(registers.product_name(r["indicator_aanbieder"], r["indicator_product"]).lower())
    if r.get("indicator_team"):
        scope.append(f"team {r['indicator_team']}")
    return f"{label} — {', '.join(scope)}"


def table(m: pl.DataFrame) -> pl.DataFrame:
    indicator = [
        None if o is None else o + ("" if v is None else f" ({value_text(c, v, b)})")
        for o, v, b, c in m.select("oordeel", "indicator_waarde", "indicator_basis", "cijfer").iter_rows()
    ]
    # What a meeting reads first on the left; where a measure comes from on the right.
    return (
        m.with_columns(pl.Series("indicator_tekst", indicator, pl.String))
        .sort("deadline", "id")
        .select(
            pl.col("adressaat").replace_strict(_ADDRESSEE_NAMES, default=pl.col("adressaat")).alias("Adressaat"),
            pl.col("omschrijving").alias("Maatregel"),
            pl.col("deadline").alias("Deadline"),
            pl.col("status").replace_strict(STATUS_LABELS, default=pl.col("status")).alias("Status"),
            pl.when(pl.col("te_laat")).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias("Te laat"),
            pl.col("rag").replace_strict(STAND, default=pl.col("rag")).alias("Stand"),
            pl.col("indicator_tekst").alias("Indicator"),
            pl.col("eigenaar").alias("Eigenaar"),
            pl.col("status_datum").alias("Status sinds"),
            pl.col("nummer").cast(pl.String).alias("Aanbeveling"),
            pl.col("id").alias("Id"),
            pl.when(pl.col("soort") == MEETING)
            .then(pl.lit("afspraak uit regieoverleg"))
            .otherwise(pl.lit("verbetermaatregel"))
            .alias("Soort"),
            (pl.col("instantie") + " — " + pl.col("rapport")).alias("Rapport"),
        )
    )


# --- grouped by report and recommendation -------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    id: str
    nummer: str
    bevinding: str | None
    tekst: str
    adressaten: tuple[str, ...]
    measures: tuple[dict, ...]  # rows of register.measures, in deadline order


@dataclass(frozen=True)
class Report:
    id: str
    titel: str
    instantie: str
    datum: date | None
    bron: str | None
    recommendations: tuple[Recommendation, ...]
    soort: str | None = None  # None: an inspection's report; MEETING: a regie meeting

    @property
    def is_meeting(self) -> bool:
        return self.soort == MEETING


DEADLINES = {
    "alle": "Alle deadlines",
    "verstreken": "Deadline verstreken",
    "30": "Deadline binnen 30 dagen",
    "90": "Deadline binnen 90 dagen",
}


@dataclass(frozen=True)
class Selection:
    """The register filters of a meeting: empty means everything."""

    adressaten: tuple[str, ...] = ()
    statussen: tuple[str, ...] = ()
    rag: tuple[str, ...] = ()
    te_laat: bool = False
    deadline: str = "alle"  # a key of DEADLINES

    @property
    def active(self) -> bool:
        return bool(self.adressaten or self.statussen or self.rag or self.te_laat or self.deadline != "alle")


def select(measures: pl.DataFrame, s: Selection, on: date) -> pl.DataFrame:
    """The measures the filters let through, late ones first, then by deadline."""
    keep = pl.lit(True)
    if s.adressaten:
        keep &= pl.col("adressaat").is_in(list(s.adressaten))
    if s.statussen:
        keep &= pl.col("status").is_in(list(s.statussen))
    if s.rag:
        keep &= pl.col("rag").is_in(list(s.rag))
    if s.te_laat:
        keep &= pl.col("te_laat")
    if s.deadline == "verstreken":
        keep &= pl.col("deadline") < on
    elif s.deadline in ("30", "90"):
        keep &= pl.col("deadline").is_between(on, on + timedelta(days=int(s.deadline)))
    return measures.filter(keep).sort(["te_laat", "deadline", "id"], descending=[True, False, False], nulls_last=True)


def grouped(tree: list[dict], measures: pl.DataFrame, addressees: tuple[str, ...], only_with_measures: bool = False) -> list[Report]:
    """Reports → recommendations → measures, for recommendations addressed to any of
    `addressees` (the municipality and the chosen providers) or with a measure shown (only
    those, when a filter is on). Within a recommendation, late measures first, then by deadline."""
    by_rec: dict[str, list[dict]] = {}
    ordered = measures.sort(["te_laat", "deadline", "id"], descending=[True, False, False], nulls_last=True)
    for r in ordered.iter_rows(named=True):
        by_rec.setdefault(r["aanbeveling_id"], []).append(r)
    out = []
    for rep in tree:
        recs = []
        for a in rep.get("aanbevelingen") or []:
            shown = by_rec.get(a["id"], [])
            adressaten = tuple(a.get("adressaten") or ())
            if not shown and (only_with_measures or not set(adressaten) & set(addressees)):
                continue
            recs.append(Recommendation(a["id"], str(a.get("nummer", "")), a.get("bevinding"), a.get("tekst", ""), adressaten, tuple(shown)))
        if recs:
            out.append(
                Report(
                    rep["id"],
                    rep.get("titel", ""),
                    rep.get("instantie", ""),
                    rep.get("datum"),
                    rep.get("bron"),
                    tuple(recs),
                    rep.get("soort"),
                )
            )
    return out


def recommendation_choices(tree: list[dict]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Recommendation id → ('1a — onderzoek hoe …', addressees), for the forms (a meeting's
    agreements are added with the agreement form)."""
    out = {}
    for rep in (r for r in tree if r.get("soort") != MEETING):
        for a in rep.get("aanbevelingen") or []:
            text = a.get("tekst", "")
            out[a["id"]] = (
                f"{a['id']} ({a.get('nummer', '')}): {text[:70]}{'…' if len(text) > 70 else ''}",
                tuple(a.get("adressaten") or ()),
            )
    return out


def measure_ids(tree: list[dict]) -> set[str]:
    return {m["id"] for rep in tree for a in rep.get("aanbevelingen") or [] for m in a.get("maatregelen") or []}


def new_measure_id(tree: list[dict], aanbeveling_id: str, adressaat: str) -> str:
    """The next free 'M-<aanbeveling>-<adressaat>-<n>'."""
    taken, n = measure_ids(tree), 1
    stem = f"M-{aanbeveling_id}-{adressaat}"
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


# --- one measure ----------------------------------------------------------------------------


def rag_text(rag: str | None) -> str:
    """Icon and words, never colour alone: '✗ achter op schema (rood)'."""
    return definitions.rag_text(rag, colour=True)


def facts(r: dict) -> list[tuple[str, str]]:
    """The measure's facts as (label, text)."""
    status = STATUS_LABELS.get(r["status"], r["status"])
    since = f" sinds {fmt.day(r['status_datum'])}" if r.get("status_datum") else " (nog geen statusupdate)"
    out = [
        ("Adressaat", registers.short_name(r["adressaat"])),
        ("Eigenaar", r["eigenaar"] or "–"),
        ("Deadline", fmt.day(r["deadline"])),
        ("Status", status + since),
        ("Te laat", "ja — deadline verstreken, niet afgerond" if r["te_laat"] else "nee"),
    ]
    if r.get("toelichting"):
        out.append(("Toelichting", r["toelichting"]))
    return out


def indicator_facts(r: dict) -> list[tuple[str, str]]:
    if not r.get("cijfer"):
        return []
    newest = "geen gegevens"
    if r.get("indicator_waarde") is not None:
        newest = (
            f"{value_text(r['cijfer'], r['indicator_waarde'], r.get('indicator_basis'))} "
            f"({parse_period(month_of(r['indicator_maand'])).display()})"
        )
    return [
        ("Indicator", indicator_label(r)),
        ("Doel", f"{target_text(r['cijfer'], r['vergelijking'], r['doel'])} op {fmt.day(r['doeldatum'])}"),
        ("Nieuwste waarde", newest),
        ("Oordeel", r.get("oordeel") or "–"),
    ]


def series_of(r: dict) -> pl.DataFrame:
    """A measure's indicator series (`maand`, `waarde`, `basis`) as register.measures judged it."""
    return pl.DataFrame(r.get("indicator_reeks") or [], schema=indicators.SERIES_SCHEMA)


def indicator_view(series: pl.DataFrame, r: dict) -> View:
    """The indicator's path: `datum`, `waarde_getal` (null where a count of young people, or
    the young people under a percentage or median, are too few to show), Dutch texts for the
    tooltips; the note says what was left out."""
    cijfer = r["cijfer"]
    young = indicators.CATALOG[cijfer].young_people
    bases = series["basis"] if "basis" in series.columns else [None] * series.height
    values = [indicators.shown(cijfer, v, b) for v, b in zip(series["waarde"], bases)]
    texts = [value_text(cijfer, v, b) for v, b in zip(series["waarde"], bases)]
    numbers = [v if isinstance(s, (int, float)) else None for v, s in zip(series["waarde"], values)]
    chart = pl.DataFrame(
        {
            "datum": series["maand"].dt.month_start(),
            "waarde_getal": pl.Series(numbers, dtype=pl.Float64),
            "waarde_tekst": pl.Series(texts, dtype=pl.String),
            "maand_naam": pl.Series([parse_period(month_of(d)).display() for d in series["maand"]], dtype=pl.String),
        }
    )
    hidden = sum(1 for v in numbers if v is None)
    note = ""
    if hidden:
        t = privacy.threshold()
        months = "maand" if hidden == 1 else "maanden"
        note = (
            f"{hidden} {months} met 1 tot {t - 1} jeugdigen: niet getoond (minder dan {t}, privacy)."
            if young
            else f"{hidden} {months} over minder dan {t} jeugdigen: niet getoond (privacy)."
        )
    table = chart.select(pl.col("maand_naam").alias("Maand"), pl.col("waarde_tekst").alias("Waarde"))
    return View(chart, table, note)


def history_rows(h: pl.DataFrame) -> list[tuple[str, ...]]:
    """(datum, status, toelichting, bewijs, door, vastgelegd op), oldest first, newest last."""
    return [
        (
            fmt.day(r["datum"]),
            STATUS_LABELS.get(r["status"], r["status"]),
            r["toelichting"] or "",
            r["bewijs"] or "",
            r["door"] or "",
            r["vastgelegd_op"].strftime("%d-%m-%Y %H:%M"),
        )
        for r in h.sort("datum", "vastgelegd_op").iter_rows(named=True)
    ]


def added_text(added: dict) -> str:
    names = {
        "rapport": ("rapport", "rapporten"),
        "aanbeveling": ("aanbeveling", "aanbevelingen"),
        "maatregel": ("maatregel", "maatregelen"),
        "status": ("statusupdate", "statusupdates"),
        "indicator": ("indicatorkoppeling", "indicatorkoppelingen"),
    }
    parts = [f"{n} {names[k][0] if n == 1 else names[k][1]}" for k, n in added.items() if n and k in names]
    return ("Geïmporteerd: " + ", ".join(parts) + ".") if parts else "Niets nieuws: alles in het bestand stond al zo in het register."
