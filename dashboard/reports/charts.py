"""Charts for the printed reports: Altair specs rendered offline to SVG by vl-convert
(no browser, no network), which Typst embeds as vector graphics with selectable text.

Made for paper and grey print: every provider has its own line pattern, point shape and
a label at the end of its line, besides its colour, so nothing depends on colour alone.
Norm and signal lines are black and labelled. Numbers and months are Dutch (`1.234,5`,
`jun 2024`). The points handed in are already suppressed: a left-out point is a gap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import altair as alt
import vl_convert as vlc

from dashboard.registers import provider_codes

# The dashboard's provider colours (Okabe–Ito, safe for colour-blind readers) ...
COLORS = {"JBRR": "#0072B2", "ENVER": "#E69F00", "WIJKTEAMS": "#009E73"}
SPARE = ["#CC79A7", "#56B4E9", "#D55E00"]
# ... and, for grey print, a pattern and a shape per provider.
DASHES = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]
FONT = "DejaVu Sans"
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
LOCALE = alt.Locale(
    number=alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]),
    time=alt.TimeLocale(
        dateTime="%A %e %B %Y %X", date="%d-%m-%Y", time="%H:%M:%S", periods=["AM", "PM"],
        days=["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        shortDays=["zo", "ma", "di", "wo", "do", "vr", "za"],
        months=["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december"],
        shortMonths=MONTHS))

alt.utils.schemapi.disable_debug_mode()


class Size(TypedDict, total=False):
    """The frame of a trend chart, shared by the charts of one report."""

    width: int
    height: int
    font_size: int
    month_step: int
    months: tuple[str, str] | None


def style(providers: Sequence[str]) -> dict[str, Any]:
    """Fixed colour, dash and shape per provider, in register order (the same in every chart)."""
    order = [p for p in provider_codes() if p in providers] + [p for p in providers if p not in provider_codes()]
    index = {p: provider_codes().index(p) if p in provider_codes() else len(provider_codes()) + i
             for i, p in enumerate(order)}
    colors = [COLORS.get(p) or SPARE[index[p] % len(SPARE)] for p in order]
    return {"domain": order,
            "color": alt.Scale(domain=order, range=colors),
            "dash": alt.Scale(domain=order, range=[DASHES[index[p] % len(DASHES)] for p in order]),
            "shape": alt.Scale(domain=order, range=[SHAPES[index[p] % len(SHAPES)] for p in order])}


def _finish(chart: alt.LayerChart, width: int, height: int, font_size: int) -> alt.LayerChart:
    return (chart.properties(width=width, height=height)
            .configure(locale=LOCALE, font=FONT, background="white")
            .configure_axis(labelFontSize=font_size, titleFontSize=font_size, titleFontWeight="normal",
                            labelColor="#000000", titleColor="#000000", gridColor="#d9d9d9", domainColor="#000000",
                            tickColor="#000000")
            .configure_legend(labelFontSize=font_size, orient="bottom", title=None, symbolStrokeWidth=2,
                              symbolSize=60, labelColor="#000000", direction="horizontal", columnPadding=10)
            .configure_view(stroke=None))


def to_svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.to_dict(validate=False)
    return vlc.vegalite_to_svg(spec)


def _datetime(iso: str) -> dict:
    y, m, d = (int(x) for x in iso[:10].split("-"))
    return {"year": y, "month": m, "date": d}


def end_labels(points: list[dict], zero: bool, extra: Sequence[float] = (), gap: float = 0.09) -> list[dict]:
    """The provider names at the newest point of each line; names that would print on top of
    each other (closer than `gap` of the value range) become one label on two lines."""
    last: dict[str, dict] = {}
    for p in sorted(points, key=lambda r: r["maand"]):
        last[p["aanbieder"]] = p
    if not last:
        return []
    values = [p["waarde"] for p in points] + list(extra) + ([0.0] if zero else [])
    span = (max(values) - min(values)) or 1.0
    groups: list[list[dict]] = []
    for p in sorted(last.values(), key=lambda r: (r["maand"], r["waarde"])):
        g = groups[-1] if groups else None
        if g and g[-1]["maand"] == p["maand"] and abs(p["waarde"] - g[-1]["waarde"]) < gap * span:
            g.append(p)
        else:
            groups.append([p])
    return [{"maand": g[0]["maand"], "waarde": sum(x["waarde"] for x in g) / len(g),
             "aanbieder": "\n".join(x["aanbieder"] for x in g)} for g in groups]


def trend(points: list[dict], providers: Sequence[str], y_title: str, *, percent: bool = False,
          decimals: int = 0, reference: list[dict] | None = None, width: int = 230, height: int = 120,
          font_size: int = 10, months_axis: str = "%b %Y", month_step: int = 4, zero: bool = True,
          months: tuple[str, str] | None = None) -> str:
    """Lines per provider over months (`maand` ISO date, `aanbieder`, `waarde`), with an
    optional stepped reference line (`maand`, `waarde`, `label`: a norm or signal value).
    `months` (first, last) fixes the time axis, so a short series shows as short."""
    s = style(providers)
    fmt_y = f",.{decimals}f" if not percent else ".0f"
    x_scale = alt.Scale(domain=[_datetime(months[0]), _datetime(months[1])]) if months else alt.Undefined
    x = alt.X("maand:T", title=None, scale=x_scale,
              axis=alt.Axis(format=months_axis, labelAngle=0, labelOverlap=True,
                            tickCount={"interval": "month", "step": month_step}))
    y = alt.Y("waarde:Q", title=y_title, scale=alt.Scale(zero=zero, nice=True),
              axis=alt.Axis(format=fmt_y, tickCount=4, labelExpr="datum.label + '%'" if percent else alt.Undefined))
    data = alt.Data(values=points or [{"maand": None, "aanbieder": None, "waarde": None}])
    base = alt.Chart(data).encode(x=x, y=y)
    legend = None  # every line carries its provider's name at its end instead
    lines = base.mark_line(strokeWidth=2, clip=True).encode(
        color=alt.Color("aanbieder:N", scale=s["color"], legend=legend),
        strokeDash=alt.StrokeDash("aanbieder:N", scale=s["dash"], legend=legend),
        detail="aanbieder:N")
    dots = base.mark_point(filled=True, size=28, opacity=1).encode(
        color=alt.Color("aanbieder:N", scale=s["color"], legend=None),
        shape=alt.Shape("aanbieder:N", scale=s["shape"], legend=None))
    # The provider's name at its newest point: readable without the legend and in grey.
    names = end_labels(points, zero, [r["waarde"] for r in reference or []])
    labels = alt.Chart(alt.Data(values=names or [{"maand": None, "waarde": None, "aanbieder": ""}])
                       ).mark_text(align="left", dx=5, fontSize=font_size - 1, color="#000000", lineBreak="\n").encode(
        x=x, y=y, text="aanbieder:N")
    layers = [lines, dots, labels]
    if reference:
        ref = alt.Chart(alt.Data(values=reference)).encode(x=x, y=y)
        layers.insert(0, ref.mark_line(color="#000000", strokeWidth=1.5, strokeDash=[4, 3],
                                       interpolate="step-after").encode(detail="label:N"))
        firsts = {}
        for r in sorted(reference, key=lambda r: r["maand"], reverse=True):
            firsts[r["label"]] = r
        layers.append(alt.Chart(alt.Data(values=list(firsts.values()))).mark_text(
            align="left", baseline="top", dx=2, dy=3, fontSize=font_size - 1, color="#000000",
            fontStyle="italic").encode(
            x=x, y=y, text="label:N"))
    chart = alt.layer(*layers).resolve_scale(color="shared")
    return to_svg(_finish(chart, width, height, font_size))


def dots(rows: list[dict], y_field: str, y_title: str, series_field: str, series_order: Sequence[str],
         *, reference: float | None = None, reference_label: str = "", width: int = 420,
         height: int | None = None, font_size: int = 10) -> str:
    """A dot plot for percentages per category (`y_field`), one shape per period in
    `series_field`, with an optional vertical reference line (a signal value)."""
    shapes = alt.Scale(domain=list(series_order), range=SHAPES[:len(series_order)])
    fills = alt.Scale(domain=list(series_order), range=["#000000", "#7f7f7f", "#ffffff"][:len(series_order)])
    cats = list(dict.fromkeys(r[y_field] for r in rows))
    height = height or max(60, 26 * len(cats))
    base = alt.Chart(alt.Data(values=rows))
    y = alt.Y(f"{y_field}:N", title=None, sort=cats, axis=alt.Axis(labelLimit=260))
    x = alt.X("waarde:Q", title=y_title, scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(format=".0f", labelExpr="datum.label + '%'"))
    rule = base.mark_rule(color="#9a9a9a").encode(y=y, x=alt.X("min(waarde):Q"), x2="max(waarde):Q")
    points = base.mark_point(size=70, strokeWidth=1.5, opacity=1, stroke="#000000").encode(
        y=y, x=x, shape=alt.Shape(f"{series_field}:N", scale=shapes, title=None),
        fill=alt.Fill(f"{series_field}:N", scale=fills, title=None))
    layers = [rule, points]
    if reference is not None:
        ref = alt.Chart(alt.Data(values=[{"waarde": reference, "label": reference_label}]))
        layers.append(ref.mark_rule(color="#000000", strokeDash=[4, 3], strokeWidth=1.5).encode(x="waarde:Q"))
        layers.append(ref.mark_text(align="left", baseline="top", dx=3, y=-14, fontSize=font_size - 1,
                                    fontStyle="italic").encode(x="waarde:Q", text="label:N"))
    chart = alt.LayerChart(layer=layers)
    return to_svg(_finish(chart, width, height, font_size).configure_legend(symbolType="circle"))


def bars(rows: list[dict], category: str, title: str, *, reference: float | None = None,
         reference_label: str = "", width: int = 420, font_size: int = 10, decimals: int = 1) -> str:
    """Horizontal bars with the value written at each bar and an optional reference line."""
    cats = [r[category] for r in rows]
    height = max(60, 20 * len(cats))
    base = alt.Chart(alt.Data(values=rows))
    y = alt.Y(f"{category}:N", title=None, sort=cats, axis=alt.Axis(labelLimit=220))
    x = alt.X("waarde:Q", title=title, scale=alt.Scale(zero=True, nice=True), axis=alt.Axis(format=",.0f"))
    # The value inside the end of its bar, white on dark grey: clear of the reference line.
    layers = [base.mark_bar(color="#595959", stroke="#000000", strokeWidth=0.5, height=15).encode(y=y, x=x),
              base.mark_text(align="right", dx=-4, fontSize=font_size - 1, color="#ffffff", fontWeight="bold").encode(
                  y=y, x=x, text="tekst:N")]
    if reference is not None:
        ref = alt.Chart(alt.Data(values=[{"waarde": reference, "label": reference_label}]))
        layers.append(ref.mark_rule(color="#000000", strokeDash=[4, 3], strokeWidth=1.5).encode(x="waarde:Q"))
        layers.append(ref.mark_text(align="left", baseline="top", dx=3, y=-14, fontSize=font_size - 1,
                                    fontStyle="italic").encode(x="waarde:Q", text="label:N"))
    return to_svg(_finish(alt.LayerChart(layer=layers), width, height, font_size))
