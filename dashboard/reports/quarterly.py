"""Kwartaalrapportage: the multi-page PDF for the quarterly accountability review (also for
a single month).

Per theme (waiting, staff, caseload, process norms, recommendations) the figures for the
period, the previous period and the same period a year earlier, with charts; then the
definitions and norms used, the deliveries the figures rest on, and the data-quality
remarks. Every figure is read through `dashboard.overview` / `dashboard.figures` /
`dashboard.register`, like the dashboard and `kerncijfers`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from dashboard import catalogue, definitions, figures, fmt, notes, privacy, registers, store, vaststelling
from dashboard.access import MUNICIPALITY
from dashboard.periods import Period
from dashboard.reports import charts, common, render, summary
from dashboard.reports.common import GeenGegevens

TREND_MONTHS = 24
SUMMARY_LINES = 8  # per heading on the cover page; every figure is in the chapters

THEMES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "wachtlijsten",
        "Wachtlijsten",
        (
            "wachtlijst.wachtenden",
            "wachtlijst.mediaan_wachttijd_weken",
            "wachtlijst.p90_wachttijd_weken",
            "wachtlijst.boven_norm_pct",
            "wachtlijst.met_overbrugging_pct",
            "gestart.aantal",
            "gestart.mediaan_gerealiseerde_wachttijd_dagen",
            "gestart.binnen_norm_pct",
        ),
        "wachtlijst",
    ),
    (
        "personeel",
        "Personeel",
        (
            "personeel.bezetting_fte",
            "personeel.bezetting_personen",
            "personeel.verloop_12m_pct",
            "personeel.vacaturegraad_pct",
            "personeel.inhuur_pct",
            "personeel.verzuim_pct",
            "personeel.skj_pct",
        ),
        "personeel",
    ),
    (
        "caseload",
        "Caseload",
        (
            "caseload.casussen",
            "caseload.casushouders_fte",
            "caseload.caseload",
            "caseload.norm",
            "caseload.zonder_vaste_casushouder",
            "caseload.contact_3m_pct",
        ),
        "caseload",
    ),
    (
        "procesnormen",
        "Procesnormen",
        tuple(m.key for m in definitions.PROCESS_STEPS.values()),
        "doorlooptijden",
    ),
)


def _table(fig: common.Figures, keys: Sequence[str], provider: str) -> list[list[str]]:
    rows = []
    for key in keys:
        kind = definitions.metric(key).kind
        if not fig.delivered(provider, kind):
            continue
        r = fig.row(key, provider)
        if all(t == common.DASH for t in r.texts):  # e.g. a caseload norm the provider has not
            continue
        label = definitions.metric(key).heading + (" *" if r.note else "")
        rows.append([label, *r.texts, r.change_previous, r.change_year, r.norm or "–", r.status or "–"])
    return rows


def _full_name(code: str) -> str:
    """`JBRR — Jeugdbescherming Rotterdam Rijnmond`, `Enver`."""
    short, full = registers.short_name(code), registers.provider_name(code)
    return full if short == full else f"{short} — {full}"


def _theme(fig: common.Figures, b: common.Basis, name: str, keys: Sequence[str], kind: str) -> dict:
    tables, absent, notes = [], [], set()
    for p in b.providers:
        rows = _table(fig, keys, p)
        if rows:
            tables.append({"aanbieder": _full_name(p), "rijen": rows})
            notes |= {fig.row(k, p).note for k in keys if fig.delivered(p, definitions.metric(k).kind)} - {""}
        else:
            absent.append(registers.short_name(p))
    remarks = []
    if absent:
        remarks.append(f"{common.names_list(absent)} leverde(n) voor deze periodes geen {kind} aan.")
    if notes:
        remarks.append("* Verloop over minder dan 12 maanden gegevens, omgerekend naar een jaar (geannualiseerd).")
    return {"tabellen": tables, "opmerkingen": remarks}


def _explanations(b: common.Basis) -> dict[str, list[dict]]:
    """Per theme the toelichtingen of the report's providers on its period (and the period's
    months), as plain strings: the template prints them as text, never as markup."""
    out: dict[str, list[dict]] = {t: [] for t in notes.THEMES}
    for e in notes.for_providers(b.db, b.providers, b.period):
        out[e.thema].append({"kop": e.kop, "tekst": e.tekst, "wie": e.wie_wanneer})
    return out


def _waiting_extra(fig: common.Figures) -> dict:
    """Waiting per product (suppressed as a breakdown of each provider's total, as on the
    dashboard's Overzicht)."""
    order = {p: i for i, p in enumerate(fig.b.providers)}
    pp = sorted(fig.ov.per_product.iter_rows(named=True), key=lambda r: order.get(r["aanbieder"], 99))
    rows = [
        [
            registers.short_name(r["aanbieder"]),
            r["product_naam"] or r["product"],
            r["nu"],
            r["wachtenden_vorige"],
            r["wachtenden_vorig_jaar"],
        ]
        for r in pp
    ]
    return {"titel": "Wachtenden per product", "rijen": rows}


def _ijw_extra(b: common.Basis) -> list[dict]:
    """The municipality's own record of the journeys (iJw messages), per provider with
    traffic: the chain request → allocation → start → stop for the three periods, suppressed
    exactly as in `kerncijfers` (one reader: `catalogue.ijw_section`)."""
    scope = figures.Scope.of(list(b.three), list(b.providers), b.today)
    ij, kc = figures.ijw(b.db, scope), figures.ijw_kruiscontrole(b.db, scope)
    out = []
    for p in b.providers:
        per = [catalogue.ijw_section(ij.filter(pl.col("periode") == x.label), kc.filter(pl.col("periode") == x.label), p) for x in b.three]
        if all(s is None for s in per):
            continue
        rows = [[m.short_label, *(s.text(m.name) if s else catalogue.DASH for s in per)] for m in catalogue.IJW_CHAIN]
        out.append({"aanbieder": registers.provider_name(p), "rijen": rows})
    return out


CASELOAD = definitions.metric("caseload.caseload")


def _caseload_extra(b: common.Basis, fig: common.Figures) -> tuple[dict, list[dict]]:
    """Teams above the caseload norm in the period, with the previous period's caseload."""
    cl = fig.frames.marts["caseload"].filter(pl.col("niveau") == "team")
    now = cl.filter(pl.col("periode") == b.period.label)
    before = {(r["aanbieder"], r["team"]): r for r in cl.filter(pl.col("periode") == b.previous.label).iter_rows(named=True)}
    rows, bars = [], []
    # Cases without a fixed case holder are young people: suppressed per team, with the
    # secondary rule over the teams of the provider (the metrics spec, v2), as everywhere.
    keys = ("caseload.zonder_vaste_casushouder", "caseload.casussen", "caseload.casushouders_fte", "caseload.caseload", "caseload.norm")
    shown = catalogue.breakdown(now.sort("aanbieder", "caseload", descending=[False, True], nulls_last=True), keys, by=["aanbieder"])
    for r in shown.iter_rows(named=True):
        if r["norm"] is not None and r["caseload"] is not None:
            bars.append(
                {
                    "team": r["team"],
                    "aanbieder": registers.short_name(r["aanbieder"]),
                    "waarde": r["caseload"],
                    "norm": r["norm"],
                    "tekst": r["caseload_tekst"],
                }
            )
        if not r["boven_norm"]:
            continue
        prev = before.get((r["aanbieder"], r["team"]))
        rows.append(
            [
                r["team"],
                registers.short_name(r["aanbieder"]),
                r["casussen_tekst"],
                r["casushouders_fte_tekst"],
                r["caseload_tekst"],
                r["norm_tekst"],
                catalogue.shown_value(CASELOAD, prev["caseload"]).text if prev else catalogue.DASH,
                r["zonder_vaste_casushouder"],
            ]
        )
    return {"titel": "Teams boven de caseloadnorm", "rijen": rows}, bars


JUDGEABLE, RUNNING = definitions.metric("doorlooptijden.beoordeelbaar"), definitions.metric("doorlooptijden.lopend")


def _process_extra(b: common.Basis, fig: common.Figures) -> tuple[list[list[str]], list[dict]]:
    """Per step: the norm, how many measures could be judged, and how many are still running;
    and the dot-plot points (percentages on fewer than 5 measures left out)."""
    rows, points = [], []
    norms = registers.norms().filter(pl.col("norm").is_in(["proces_werkdagen", "proces_dagen"]))
    norm_text = {r["sleutel"]: f"{fmt.number(r['waarde'], 0)} {r['eenheid']}" for r in norms.iter_rows(named=True)}
    df = fig.frames.marts["doorlooptijden"]
    for p in b.providers:
        for step, m in definitions.PROCESS_STEPS.items():
            label = m.short_label
            here = {per.label: fig.frames.row("doorlooptijden", per, p, stap=step) for per in b.three}
            if not any(here.values()):
                continue
            r = here[b.period.label]
            rows.append(
                [
                    registers.short_name(p),
                    label,
                    norm_text.get(step, "–"),
                    catalogue.shown_value(JUDGEABLE, r["beoordeelbaar"]).text if r else catalogue.DASH,
                    catalogue.shown_value(RUNNING, r["lopend"]).text if r else catalogue.DASH,
                ]
            )
            for per in b.three:
                x = here[per.label]
                value = catalogue.shown_value(m, x["binnen_norm_pct"], x["beoordeelbaar"]).value if x else None
                if value is not None:
                    points.append(
                        {
                            "stap": f"{label} ({registers.short_name(p)})"
                            if len(b.providers) > 1 and df["aanbieder"].n_unique() > 1
                            else label,
                            "periode": per.display(),
                            "waarde": value,
                        }
                    )
    return rows, points


@dataclass(frozen=True)
class _Context:
    """What every theme of the report shares: the basis, its figures, the trend series and
    the size and span of the wide charts."""

    b: common.Basis
    fig: common.Figures
    series: dict
    wide: charts.Size
    span: str
    columns: list[str]


def _waiting_theme(x: _Context) -> dict:
    fig, b, series, wide, span = x.fig, x.b, x.series, x.wide, x.span
    t = privacy.threshold()
    # Waiting lists
    w = _theme(fig, b, "wachtlijsten", THEMES[0][2], "wachtlijst")
    w["titel"], w["extra"] = "Wachtlijsten", [_waiting_extra(fig)]
    w["intro"] = (
        "Wachtenden op de peildatum van de nieuwste wachtlijst van de periode; gestart: trajecten die in "
        "de periode begonnen, met de gerealiseerde wachttijd van aanmelding tot start."
    )
    omitted = series["wachtenden"].omitted
    w["grafieken"] = [
        {
            "titel": f"Wachtenden per maand ({span})",
            "svg": charts.trend(series["wachtenden"].points, b.providers, "jeugdigen", hidden=series["wachtenden"].hidden, **wide),
            "noot": (
                f"<{t} = te weinig jeugdigen om te tonen (1 tot {t - 1}): {', '.join(omitted)}."
                if omitted
                else "Maanden zonder aanlevering ontbreken in de lijn."
            ),
        }
    ]
    w["ijw"] = _ijw_extra(b)
    return w


def _staff_theme(x: _Context) -> dict:
    fig, b, series, wide, span = x.fig, x.b, x.series, x.wide, x.span
    # Staff
    s = _theme(fig, b, "personeel", THEMES[1][2], "personeel")
    s["titel"], s["extra"] = "Personeel", []
    s["intro"] = (
        "Bezetting, vacatures en inhuur aan het einde van de periode; verloop over de 12 maanden tot en "
        "met de periode; verzuim gewogen naar bezetting."
    )
    s["grafieken"] = [
        {
            "titel": f"Verloop over 12 maanden ({span})",
            "svg": charts.trend(
                series["verloop"].points, b.providers, "verloop", percent=True, reference=series["verloop"].reference, **wide
            ),
            "noot": " ".join(x for x in ("Stippellijn: signaalwaarde van het dashboard.", series["verloop"].annualised_note()) if x),
        }
    ]
    return s


def _caseload_theme(x: _Context) -> dict:
    fig, b, series, wide, span = x.fig, x.b, x.series, x.wide, x.span
    # Caseload
    c = _theme(fig, b, "caseload", THEMES[2][2], "caseload")
    teams, bars = _caseload_extra(b, fig)
    c["titel"], c["extra"] = "Caseload", []
    c["teams"] = teams
    c["intro"] = (
        "Casussen per fte casushouder op de peildatum van de nieuwste caseload van de periode, beoordeeld "
        "tegen de norm die op die datum gold."
    )
    with_norm = sorted({r["label"].removeprefix("norm ") for r in series["caseload"].reference})
    c["grafieken"] = [
        {
            "titel": f"Caseload per maand ({span})",
            "svg": charts.trend(
                series["caseload"].points, b.providers, "casussen per fte", reference=series["caseload"].reference, zero=False, **wide
            ),
            "noot": (
                f"Stippellijn: caseloadnorm van {common.names_list(with_norm)}."
                if with_norm
                else "Geen van deze aanbieders heeft een caseloadnorm."
            ),
        }
    ]
    if bars:
        norm = bars[0]["norm"]
        c["grafieken"].append(
            {
                "titel": f"Caseload per team op de peildatum ({b.period.display()})",
                "svg": charts.bars(
                    bars, "team", "casussen per fte", reference=norm, reference_label=f"norm {fmt.number(norm, 1)}", width=470
                ),
                "noot": "Teams van aanbieders met een caseloadnorm.",
            }
        )
    return c


def _process_theme(x: _Context) -> dict:
    fig, b, columns = x.fig, x.b, x.columns
    t = privacy.threshold()
    # Process norms
    pn = _theme(fig, b, "procesnormen", THEMES[3][2], "doorlooptijden")
    steps, points = _process_extra(b, fig)
    pn["titel"], pn["extra"] = "Procesnormen", []
    pn["stappen"] = steps
    pn["intro"] = (
        "Maatregelen ontvangen in de periode die een stap binnen de termijn zetten, als deel van de "
        "maatregelen die beoordeeld kunnen worden (stap gezet of termijn verstreken). Werkdagen: maandag "
        "tot en met vrijdag zonder feestdagen."
    )
    signal = definitions.metric("doorlooptijden.eerste_contact_5_werkdagen_pct").signal
    pn["grafieken"] = (
        [
            {
                "titel": "Binnen de termijn, per stap",
                "svg": charts.dots(
                    points,
                    "stap",
                    "binnen de termijn",
                    "periode",
                    columns,
                    reference=signal.norm if signal else None,
                    reference_label=f"signaalwaarde {fmt.number(signal.norm, 0)}%" if signal else "",
                    width=380,
                ),
                "noot": f"Percentages op minder dan {t} maatregelen zijn weggelaten.",
            }
        ]
        if points
        else []
    )
    return pn


def _register_section(b: common.Basis, reg_now: common.Register) -> tuple[list[list[str]], list[list[str]]]:
    """The measures counted per status at the end of each period, and every measure now."""
    counts = []
    for per in b.three:
        reg = reg_now if per == b.period else common.register_on(b, b.on(per), detail=False)
        counts.append(reg.telling)
    count_rows = []
    if any(counts):
        for status in ("niet_gestart", "in_uitvoering", "gerealiseerd", "doorgewerkt", "vervallen"):
            count_rows.append([common.REGISTER_STATUS[status].capitalize(), *(str(x["per_status"][status]) if x else "–" for x in counts)])
        count_rows.append(["Totaal", *(str(x["maatregelen"]) if x else "–" for x in counts)])
        count_rows.append(["Waarvan te laat", *(str(x["te_laat"]) if x else "–" for x in counts)])
    measures = [
        [
            m["id"],
            registers.short_name(m["adressaat"]),
            m["omschrijving"],
            m["deadline"],
            m["status"] + (f" (sinds {m['status_sinds']})" if m["status_sinds"] else ""),
            m["indicator"] or "–",
            m["oordeel_tekst"] + (f": {m['waarom']}" if m["waarom"] else ""),
        ]
        for m in reg_now.maatregelen
    ]
    return count_rows, measures


def _definitions(b: common.Basis, with_ijw: bool) -> tuple[list[list[str]], list[list[str]]]:
    """The definitions of the figures used, and the norms that applied."""
    keys = [k for _, _, ks, _ in THEMES for k in ks] + ([m.key for m in catalogue.IJW_CHAIN] if with_ijw else [])
    defs = []
    for k in keys:
        m = definitions.metric(k)
        norm = definitions.norm_text(m)
        sig = m.signal.describe(m.unit) if m.signal else ""
        if m.signal and m.signal.norm is not None:
            sig = f"signaalwaarde: {sig}"
        defs.append(
            [
                definitions.SECTIONS[m.section],
                m.label,
                m.definition,
                "; ".join(x for x in (norm, sig) if x) or "–",
                "afgeschermd" if m.young_people else "nee",
            ]
        )
    one = {"dagen": "dag", "weken": "week", "werkdagen": "werkdag"}
    norms = [
        [
            r["omschrijving"],
            fmt.number(r["waarde"], 0 if float(r["waarde"]).is_integer() else 1)
            + " "
            + (one.get(r["eenheid"], r["eenheid"]) if r["waarde"] == 1 else r["eenheid"]),
            definitions.since_text(r["geldig_vanaf"]),
            re.sub(r"(?<=\d)\.(?=\d)", ",", r["bron"]),
        ]  # "14.5 maatregelen" in a source text
        for r in registers.norms_for(b.providers).sort("norm", "sleutel", "geldig_vanaf").iter_rows(named=True)
    ]
    return defs, norms


def data(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> dict:
    """The report's data: for an established period the data as they were established (for
    all providers, or one, with the measures and register date of that choice), otherwise
    computed now (`live_data`); `stand` says which, on every page."""
    b = common.basis(db, period, providers, today, adressaten, register_op)
    est = vaststelling.established(b.db, b.period)
    key = _established_key(b)
    if est is not None and key is not None and key in est.report:
        revised = vaststelling.changed_deliveries(est.grounds_of(b.providers), _grounds_now(b))
        return est.report[key] | {"stand": _stand_text(est, revised), "vastgesteld": True}
    out = live_data(db, period, providers, today, adressaten, register_op)
    if est is None:
        out["stand"] = "Voorlopige cijfers: deze periode is nog niet vastgesteld."
    else:
        out["stand"] = (
            f"Voorlopige cijfers: {b.period.display()} is vastgesteld voor alle aanbieders samen en voor elke aanbieder "
            "apart, niet voor deze keuze van aanbieders of maatregelen."
        )
    out["vastgesteld"] = False
    return out


def _established_key(b: common.Basis) -> str | None:
    """The scope of an establishment this report is (all providers or one, with the
    measures that belong with that choice), or None. The register date asked for does not
    matter: the established report shows the register as it stood at the period's end."""
    key = vaststelling.scope_key(b.providers)
    if key is None:
        return None
    default = {MUNICIPALITY, *b.providers} if key == vaststelling.ALL else {key}
    return key if b.adressaten is None or set(b.adressaten) == default else None


def _grounds_now(b: common.Basis) -> list[dict]:
    with store.reader(b.db) as con:
        return vaststelling.grounds(con, b.period, list(b.providers))


def _stand_text(est: vaststelling.Established, revised: list[dict]) -> str:
    text = f"Vastgestelde cijfers: vastgesteld op {fmt.day(est.on)} door {est.by}."
    if revised:
        files = ", ".join(d["bestand"] for d in revised)
        text += f" Herzien na vaststelling (nieuwe aanlevering {files}); deze rapportage toont de vastgestelde cijfers."
    return text


def live_data(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> dict:
    """The report's data computed from the figures of now."""
    b, fig, reg_now = common.start(db, period, providers, today, adressaten, register_op)
    missing = common.missing(b, list(b.three))
    text = summary.build(fig.ov, reg_now.maatregelen, common.missing(b, [b.period]))
    text.verbeterd, text.verslechterd = text.verbeterd[:SUMMARY_LINES], text.verslechterd[:SUMMARY_LINES]
    months = common.months_until(b.period, TREND_MONTHS)
    series = common.trends(b, months)
    wide = charts.Size(
        width=470, height=150, font_size=11, month_step=3, months=(months[0].start.isoformat(), months[-1].start.isoformat())
    )
    columns = [p.display() for p in b.three]
    span = f"{common.short_month(months[0])} t/m {common.short_month(months[-1])}"

    x = _Context(b, fig, series, wide, span, columns)
    themes = [_waiting_theme(x), _staff_theme(x), _caseload_theme(x), _process_theme(x)]
    told = _explanations(b)
    for th, theme in zip(themes, ("wachtlijst", "personeel", "caseload", "doorlooptijden"), strict=True):
        th["toelichtingen"] = told[theme]
    count_rows, measures = _register_section(b, reg_now)
    defs, norms = _definitions(b, bool(themes[0]["ijw"]))

    # Deliveries and data quality.
    now_rows = common.deliveries(b, b.period)
    other = {per.display(): common.deliveries(b, per) for per in b.three[1:]}
    quality = common.quality(b, list(b.three), fig.demo, now_rows + [r for rs in other.values() for r in rs])
    quality["ontbrekend"] = [m["tekst"] for m in missing]

    kind = "Kwartaalrapportage" if b.period.is_quarter else "Maandrapportage"
    return {
        "soort": "kwartaal",
        "titel": f"{kind} jeugdhulp",
        "periode": b.period.display(),
        "gemaakt": common.generated_on(b.today),
        "demo": fig.demo,
        "aanbieders": [_full_name(p) for p in b.providers],
        "kolommen": columns,
        "kolommen_kort": [common.short_period(p) for p in b.three],
        "vergelijking": (
            f"Elk cijfer staat naast dezelfde maatstaf voor {common.period_word(b.previous)} en {common.period_word(b.year_earlier)}."
        ),
        "samenvatting": text.as_dict(),
        "toelichtingen": told["algemeen"],
        "themas": themes,
        "register": {"kop": ["Status", *columns], "telling": count_rows, "maatregelen": measures, "stand": fmt.day(b.on())},
        "definities": defs,
        "normen": norms,
        "aanleveringen": [
            [r["aanbieder"], r["soort"], r["periode"], r["bestand"], r["ontvangen"], r["rijen"], r["status"], r["opmerking"] or "–"]
            for r in now_rows
        ],
        "aanleveringen_vergelijking": [
            {
                "periode": per,
                "rijen": [
                    [x["aanbieder"], x["soort"], x["bestanden"], x["ontvangen"], x["correcties"]] for x in common.deliveries_summary(rows)
                ],
            }
            for per, rows in other.items()
        ],
        "datakwaliteit": quality,
        "leeswijzer": common.legend_text(),
    }


def render_quarterly(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> bytes:
    """The Kwartaalrapportage (for `YYYY-Qn`, or a month) as PDF bytes. Raises
    `GeenGegevens` when the period has no data."""
    return to_pdf(data(db, period, providers, today, adressaten, register_op))


def to_pdf(d: dict) -> bytes:
    return render.pdf("kwartaal.typ", d)


__all__ = ["GeenGegevens", "data", "live_data", "render_quarterly", "to_pdf"]
