"""Wethouderbriefing: one A4 page for a month or a quarter, for the alderman.

The headline figures per provider with their status against the norm (symbol and word) and
the change against the previous period, three small trend charts (waiting, caseload against
its norm, staff turnover), the register's measures that are overdue or off target, and a
short plain-Dutch text generated from the figures. The figures are the dashboard's own:
`overview.build` (Overzicht page), `figures` and `register.measures`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dashboard import actions, definitions, overview, privacy, registers, vaststelling
from dashboard import notes as texts
from dashboard.access import MUNICIPALITY
from dashboard.periods import Period
from dashboard.reports import charts, common, render, summary
from dashboard.reports.common import GeenGegevens

# The headline figures of the briefing are the Overzicht's, the process norms (the certified
# institution only) apart; each row under the dictionary's heading, as on every surface.
PROCESS = tuple(definitions.PROCESS_STEPS.values())
KEYS = tuple(definitions.metric(k) for k in overview.HEADLINES if k not in {m.key for m in PROCESS})
TREND_MONTHS = 13
# How many lines each list may take, from roomy to tight: the page must stay one page, so
# the renderer takes the first that fits (what is cut is in the quarterly report).
# The ranked action list (dashboard.actions) takes the place of an unranked "what needs a
# decision": the measures that are late, the figures off norm, with owner and deadline.
FITS = (  # action-list items, summary lines per heading, data-quality remarks
    (8, 3, 4),
    (7, 3, 3),
    (6, 2, 2),
    (5, 2, 2),
    (4, 1, 1),
    (3, 1, 1),
    (2, 1, 1),  # with the advisor's own words (notes.MAX_BRIEFING_TEXT) in the fullest month
)


def _cell(r: common.Row) -> dict:
    """Value, status (symbol and word) and the previous period's value with the change."""
    if not r.delivered:
        return {"waarde": r.texts[0], "status": "", "was": "", "geleverd": False}
    # The unit of a change in a percentage (%-punt) is said once, under the table.
    delta = r.change_previous.replace("\u00a0%\u2011punt", "")
    was = f"was {r.texts[1]}" + (f" ({delta})" if delta != common.DASH else "")
    return {"waarde": r.texts[0] + (" *" if r.note else ""), "status": r.status, "was": was, "geleverd": True}


def _norm(rows: list[common.Row]) -> str:
    norms = {registers.short_name(r.provider): r.norm for r in rows if r.norm}
    if not norms:
        return "geen norm"
    if len(set(norms.values())) == 1 and len(norms) == len(rows):
        return next(iter(norms.values()))
    kinds = {n.split(" ", 1)[0] for n in norms.values()}
    if len(kinds) == 1:  # "norm: JBRR 1 week, WIJKTEAMS 4 weken"
        return f"{kinds.pop()}: " + ", ".join(f"{p} {n.split(' ', 1)[1]}" for p, n in norms.items())
    return "; ".join(f"{p}: {n}" for p, n in norms.items())


def data(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> dict:
    """Everything the page shows, as finished Dutch strings (and SVG charts)."""
    b, fig, reg = common.start(db, period, providers, today, adressaten, register_op)
    missing = common.missing(b, [b.period])
    text = summary.build(fig.ov, reg.maatregelen, missing)

    rows = []
    notes = set()
    for m in KEYS:
        per = [fig.row(m.key, p) for p in b.providers]
        rows.append({"label": m.heading, "norm": _norm(per), "cellen": [_cell(r) for r in per]})
        notes |= {r.note for r in per if r.note}
    process = []
    for p in b.providers:
        per = [fig.row(m.key, p) for m in PROCESS]
        if not any(r.delivered for r in per):
            continue
        process.append(
            {
                "aanbieder": registers.short_name(p),
                "kop": [m.label for m in PROCESS],
                "cellen": [_cell(r) for r in per],
                "norm": _norm(per[:1]),
            }
        )

    months = common.months_until(b.period, TREND_MONTHS)
    series = common.trends(b, months)
    t = privacy.threshold()
    waiting_note = (
        f"<{t} = te weinig jeugdigen om te tonen (1 tot {t - 1}): {', '.join(series['wachtenden'].omitted)}."
        if series["wachtenden"].omitted
        else ""
    )
    with_norm = [
        registers.short_name(p)
        for p in b.providers
        if f"norm {registers.short_name(p)}" in {r["label"] for r in series["caseload"].reference}
    ]
    without = [registers.short_name(p) for p in b.providers if registers.short_name(p) not in with_norm]
    caseload_note = (
        f"Stippellijn: norm {common.names_list(with_norm)}" + (f"; {common.names_list(without)} zonder norm." if without else ".")
        if with_norm
        else ""
    )
    size = charts.Size(width=190, height=105, font_size=13, months=(months[0].start.isoformat(), months[-1].start.isoformat()))
    graphs = [
        {
            "titel": "Wachtenden",
            "svg": charts.trend(series["wachtenden"].points, b.providers, "jeugdigen", hidden=series["wachtenden"].hidden, **size),
            "noot": waiting_note,
        },
        {
            "titel": "Caseload tegen de norm",
            "svg": charts.trend(
                series["caseload"].points, b.providers, "casussen per fte", reference=series["caseload"].reference, zero=False, **size
            ),
            "noot": caseload_note,
        },
        {
            "titel": "Verloop (12 maanden)",
            "svg": charts.trend(
                series["verloop"].points, b.providers, "verloop", percent=True, reference=series["verloop"].reference, **size
            ),
            "noot": " ".join(
                x for x in ("Stippellijn: signaalwaarde." if series["verloop"].reference else "", series["verloop"].annualised_note()) if x
            ),
        },
    ]

    todo = actions.build(b.db, b.period, b.providers, b.today, b.addressees, b.on())
    # The advisor's own words are the municipality's: printed when the briefing holds the
    # municipality's view (its measures), never in a provider's own briefing.
    # An established period keeps the text as it stood when it was established.
    est = vaststelling.established(b.db, b.period)
    own = (
        texts.briefing_text_versions(b.db, b.period, est.on if est else None)
        if b.adressaten is None or MUNICIPALITY in b.adressaten
        else []
    )
    register_line = reg.line(b.on())
    quality = []
    if missing:
        quality += ["Ontbreekt: " + m["tekst"] for m in missing]
    rejected = common.rejected(b, b.period)
    if rejected:
        quality.append(f"Afgewezen bestanden voor deze periode: {len(rejected)} (" + ", ".join(r["bestand"] for r in rejected[:3]) + ").")
    if notes:
        quality.append("* " + "; ".join(sorted(notes)) + ": verloop berekend over minder dan 12 maanden en omgerekend naar een jaar.")

    return {
        "soort": "briefing",
        "titel": "Wethouderbriefing jeugdhulp",
        "periode": b.period.display(),
        "ondertitel": (
            f"{common.names_list([registers.short_name(p) for p in b.providers])} · stand {common.period_word(b.period)}, "
            f"vergeleken met {common.period_word(b.previous)}"
        ),
        "gemaakt": common.generated_on(b.today),
        "demo": fig.demo,
        "aanbieders": [registers.short_name(p) for p in b.providers],
        "vorige": b.previous.display(),
        "samenvatting": text.as_dict(),
        "eigen_woorden": own[0]["tekst"] if own else "",
        "kerncijfers": rows,
        "procesnormen": process,
        "grafieken": graphs,
        "grafieken_periode": f"{common.short_month(months[0])} t/m {common.short_month(months[-1])}",
        "acties": [action_row(i, a) for i, a in enumerate(todo.items, 1)],
        "acties_meer": 0,
        "register": register_line,
        "datakwaliteit": quality,
        "leeswijzer": common.short_legend(),
    }


def action_row(rank: int, a: actions.Action) -> dict:
    """One item of Wat vraagt actie, as finished strings."""
    return {
        "rang": str(rank),
        "eigenaar": a.owner_name,
        "wat": a.what,
        "nu": f"{a.value} {a.icon}",
        "norm": a.norm.removeprefix("norm ").removeprefix("signaalwaarde "),
        "hoe_ver": a.afwijking_short,
        "hoe_lang": a.since_short,
        "maatregel": "; ".join(f"{m.omschrijving} ({registers.short_name(m.adressaat)})" for m in a.measures)
        or ("–" if a.kind == actions.MEASURE else "geen"),
        "deadline": a.deadline_text,
    }


def fit(full: dict, todo: int, summary_lines: int, remarks: int) -> dict:
    """The page's data with each list cut to the given length; what is left out is counted."""
    out = dict(full)
    out["acties"] = full["acties"][:todo]
    out["acties_meer"] = len(full["acties"]) - len(out["acties"])
    s = full["samenvatting"]
    out["samenvatting"] = {"verbeterd": s["verbeterd"][:summary_lines], "verslechterd": s["verslechterd"][:summary_lines]}
    out["datakwaliteit"] = full["datakwaliteit"][:remarks] + (
        [f"En nog {len(full['datakwaliteit']) - remarks} opmerking(en) over de gegevens: zie de kwartaalrapportage."]
        if len(full["datakwaliteit"]) > remarks
        else []
    )
    return out


def render_briefing(
    db: Path | str,
    period: Period | str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> bytes:
    """The Wethouderbriefing as PDF bytes: always one A4 page. Raises `GeenGegevens` when
    the period has no data."""
    return to_pdf(data(db, period, providers, today, adressaten, register_op))


def to_pdf(full: dict) -> bytes:
    """The page for `data(...)`, with the lists cut as far as needed to keep one page."""
    return render.pdf("briefing.typ", render.first_fitting("briefing.typ", [fit(full, *limits) for limits in FITS]))


__all__ = ["GeenGegevens", "data", "render_briefing", "to_pdf"]
