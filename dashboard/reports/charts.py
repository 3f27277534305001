"""Charts for the printed reports: Vega-Lite specs rendered offline to SVG by vl-convert
(no browser, no network), which Typst embeds as vector graphics with selectable text.
The specs are written as plain dicts, not through Altair: a report is rendered in a fresh
process (reports/isolated.py), and importing Altair and building, copying and
serialising its chart objects took 0.4-0.5 s of a 1.6 s briefing, for specs this short.

Made for paper and grey print: every provider has its own line pattern, point shape and
a label at the end of its line, besides its colour, so nothing depends on colour alone.
Norm and signal lines are black and labelled. Numbers and months are Dutch (`1.234,5`,
`jun 2024`). The points handed in are already suppressed: a left-out point is a gap."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypedDict

import vl_convert as vlc

from dashboard import fmt, textsafety
from dashboard.periods import MAANDEN, MAANDEN_KORT
from dashboard.registers import provider_codes, short_name
from dashboard.reports.svg import Svg

# The dashboard's provider colours (Okabe–Ito, safe for colour-blind readers) ...
COLORS = {"JBRR": "#0072B2", "ENVER": "#E69F00", "WIJKTEAMS": "#009E73"}
SPARE = ["#CC79A7", "#56B4E9", "#D55E00"]
# ... and, for grey print, a pattern and a shape per provider.
DASHES = [[1, 0], [7, 3], [2, 2], [9, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]
FONT = "DejaVu Sans"
MONTHS = MAANDEN_KORT
LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%A %e %B %Y %X",
        "date": "%d-%m-%Y",
        "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
        "months": list(MAANDEN),
        "shortMonths": list(MONTHS),
    },
}


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
    index = {p: provider_codes().index(p) if p in provider_codes() else len(provider_codes()) + i for i, p in enumerate(order)}
    colors = [COLORS.get(p) or SPARE[index[p] % len(SPARE)] for p in order]
    return {
        "domain": order,
        "color": {"domain": order, "range": colors},
        "dash": {"domain": order, "range": [DASHES[index[p] % len(DASHES)] for p in order]},
        "shape": {"domain": order, "range": [SHAPES[index[p] % len(SHAPES)] for p in order]},
    }


def _nominal(field: str, **more: Any) -> dict[str, Any]:
    return {"field": field, "type": "nominal", **more}


def _quantitative(field: str, **more: Any) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", **more}


def _layer(values: list[dict], mark: dict[str, Any], encoding: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"data": {"values": values}, "mark": mark, "encoding": encoding, **more}


def _finish(layers: list[dict], width: int, height: int, font_size: int, legend: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole spec: the layers in their frame, with the reports' fonts, colours and
    Dutch number and month names."""
    return {
        "layer": layers,
        "width": width,
        "height": height,
        "config": {
            "view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None},
            "axis": {
                "labelFontSize": font_size,
                "titleFontSize": font_size,
                "titleFontWeight": "normal",
                "labelColor": "#000000",
                "titleColor": "#000000",
                "gridColor": "#d9d9d9",
                "domainColor": "#000000",
                "tickColor": "#000000",
            },
            "background": "white",
            "font": FONT,
            "legend": legend
            or {
                "labelFontSize": font_size,
                "orient": "bottom",
                "title": None,
                "symbolStrokeWidth": 2,
                "symbolSize": 60,
                "labelColor": "#000000",
                "direction": "horizontal",
                "columnPadding": 10,
            },
            "locale": LOCALE,
        },
    }


def to_svg(spec: dict[str, Any], alt_text: str = "") -> Svg:
    return Svg(vlc.vegalite_to_svg(_printable(spec)), alt_text)


def _month(iso: str) -> str:
    return f"{MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"


def _value(v: float | None, percent: bool, decimals: int) -> str:
    return fmt.pct(v, decimals if decimals else 1) if percent else fmt.number(v, decimals)


def describe_trend(
    points: list[dict], providers: Sequence[str], y_title: str, percent: bool, decimals: int, reference: list[dict], hidden: list[dict]
) -> str:
    """`Lijngrafiek van jeugdigen per maand, jan 2023 tot en met jun 2024. In jun 2024: JBRR
    60, Enver 541, Wijkteams 278. Stippellijn: norm 14,5.`"""
    if not points and not hidden:
        return f"Lijngrafiek van {y_title} per maand: geen cijfers om te tonen."
    months = sorted({p["maand"][:10] for p in [*points, *hidden]})
    newest = months[-1]
    if not decimals and not percent and any(not float(p["waarde"]).is_integer() for p in points):
        decimals = 1  # a caseload of 14,4 is not 14
    at_end = {p["aanbieder"]: p["waarde"] for p in points if p["maand"][:10] == newest}
    near = [r["waarde"] for r in reference if r["maand"][:10] == newest]

    def said(v: float) -> str:
        # One more decimal where rounding would make a value off its norm read as equal to it.
        d = decimals + 1 if any(v != n and round(v, decimals) == round(n, decimals) for n in near) else decimals
        return _value(v, percent, d)

    marked = {h["aanbieder"]: h["tekst"] for h in hidden if h["maand"][:10] == newest}
    values = [
        f"{short_name(a)} {said(at_end[a])}" if a in at_end else f"{short_name(a)} {marked.get(a, 'niet geleverd')}" for a in providers
    ]
    text = f"Lijngrafiek van {y_title} per maand, {_month(months[0])} tot en met {_month(newest)}, één lijn per aanbieder. "
    text += f"In {_month(newest)}: {', '.join(values)}."
    refs: dict[str, float] = {}
    for r in sorted(reference, key=lambda r: r["maand"]):
        refs[r["label"]] = r["waarde"]
    if refs:
        lines = [label if any(ch.isdigit() for ch in label) else f"{label} ({_value(v, percent, 1)})" for label, v in refs.items()]
        text += " Stippellijn: " + ", ".join(lines) + "."
    return text


def _printable(value: Any) -> Any:
    """The spec with every control character written as its code: vl-convert aborts the
    whole process on one (a team name stored before such names were refused)."""
    if isinstance(value, str):
        return textsafety.printable(value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def _datetime(iso: str) -> dict:
    y, m, d = (int(x) for x in iso[:10].split("-"))
    return {"year": y, "month": m, "date": d}


def _nice_domain(values: Sequence[float], zero: bool) -> tuple[float, float]:
    """The y range drawn: from 0 (or the lowest value) to a round number at or above the
    highest, so label positions can be worked out in points before Vega draws."""
    lo = 0.0 if zero else min(values)
    hi = max(values)
    if hi <= lo:
        hi = lo + 1.0
    raw_step = (hi - lo) / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw_step)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def end_labels(
    points: list[dict],
    zero: bool,
    reference: Sequence[dict] = (),
    *,
    height: int = 120,
    font_size: int = 10,
    domain: tuple[float, float] | None = None,
) -> list[dict]:
    """One label per line, in a column right of the newest month: the provider names at
    their newest values, and the reference lines' labels (norm, signaalwaarde) at theirs.
    Labels closer than a line of text are pushed apart, keeping their order, so none
    prints over another and no line runs through one."""
    last: dict[str, dict] = {}
    for p in sorted(points, key=lambda r: r["maand"]):
        last[p["aanbieder"]] = p
    newest_ref: dict[str, dict] = {}
    for r in sorted(reference, key=lambda r: r["maand"]):
        newest_ref[r["label"]] = r
    items = [{"tekst": short_name(k), "waarde": v["waarde"], "stijl": "lijn"} for k, v in last.items()] + [
        {"tekst": k, "waarde": v["waarde"], "stijl": "referentie"} for k, v in newest_ref.items()
    ]
    if not items:
        return []
    lo, hi = domain or _nice_domain([p["waarde"] for p in points] + [r["waarde"] for r in reference], zero)
    per_point = (hi - lo) / height  # data units per point of chart height
    gap = (font_size + 1.5) * per_point
    items.sort(key=lambda x: (x["waarde"], x["tekst"]))
    placed = [max(lo, min(hi, x["waarde"])) for x in items]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - (hi + gap)
    if overflow > 0:  # pushed above the chart: move the column down, as far as the bottom allows
        placed = [v - overflow for v in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    # `waarde` becomes the label's place (the layers share one y axis); the line's own value stays in `echt`.
    return [x | {"echt": x["waarde"], "waarde": v} for x, v in zip(items, placed)]


def trend(
    points: list[dict],
    providers: Sequence[str],
    y_title: str,
    *,
    percent: bool = False,
    decimals: int = 0,
    reference: list[dict] | None = None,
    width: int = 230,
    height: int = 120,
    font_size: int = 10,
    months_axis: str = "%b %Y",
    month_step: int = 4,
    zero: bool = True,
    months: tuple[str, str] | None = None,
    hidden: list[dict] | None = None,
) -> Svg:
    """Lines per provider over months (`maand` ISO date, `aanbieder`, `waarde`), with an
    optional stepped reference line (`maand`, `waarde`, `label`: a norm or signal value).
    `months` (first, last) fixes the time axis, so a short series shows as short. Every
    label sits right of the lines (see end_labels); month labels are only drawn where
    they fit, so none is hidden under another. `hidden` (`maand`, `aanbieder`, `tekst`):
    points not drawn because too few young people underlie them, each marked on the
    baseline with the provider's point and its mark ('<5'), never silently absent."""
    s = style(providers)
    fmt_y = f",.{decimals}f" if not percent else ".0f"
    dates: list[str] = sorted({p["maand"][:10] for p in points} | {r["maand"][:10] for r in reference or []})
    span = (months[0][:10], months[1][:10]) if months else (dates[0], dates[-1]) if dates else None
    x: dict[str, Any] = {
        "field": "maand",
        "type": "temporal",
        "title": None,
        "axis": {"format": months_axis, "labelAngle": 0, "labelOverlap": False, "labelFlush": False},
    }
    if months:
        x["scale"] = {"domain": [_datetime(months[0]), _datetime(months[1])]}
    if span:
        x["axis"]["values"] = _month_ticks(span[0], span[1], width, font_size, month_step)
    values = [p["waarde"] for p in points] + [r["waarde"] for r in reference or []]
    domain = _nice_domain(values, zero) if values else (0.0, 1.0)
    y_axis: dict[str, Any] = {"format": fmt_y, "tickCount": 4}
    if percent:
        y_axis["labelExpr"] = "datum.label + '%'"
    y = _quantitative("waarde", title=y_title, scale={"domain": list(domain), "nice": False}, axis=y_axis)
    at = {"x": x, "y": y}
    color = _nominal("aanbieder", scale=s["color"], legend=None)  # every line carries its name at its end instead
    shape = _nominal("aanbieder", scale=s["shape"], legend=None)
    drawn = points or [{"maand": None, "aanbieder": None, "waarde": None}]
    layers = [
        _layer(
            drawn,
            {"type": "line", "strokeWidth": 2, "clip": True},
            at | {"color": color, "strokeDash": _nominal("aanbieder", scale=s["dash"], legend=None), "detail": _nominal("aanbieder")},
        ),
        _layer(drawn, {"type": "point", "filled": True, "size": 28, "opacity": 1}, at | {"color": color, "shape": shape}),
    ]
    if reference:
        step = {"type": "line", "color": "#000000", "strokeWidth": 1.5, "strokeDash": [4, 3], "interpolate": "step-after"}
        layers.insert(0, _layer(reference, step, at | {"detail": _nominal("label")}))
    # The labels in a column right of the plot (x = its width): readable without a legend and in grey.
    names = end_labels(points, zero, reference or [], height=height, font_size=font_size - 1, domain=domain)
    if names:
        column = {"x": {"value": width + 5}, "y": y, "text": _nominal("tekst")}
        label = {"type": "text", "align": "left", "baseline": "middle", "fontSize": font_size - 1, "color": "#000000"}
        layers.append(_layer(names, label, column, transform=[{"filter": "datum.stijl == 'lijn'"}]))
        layers.append(_layer(names, label | {"fontStyle": "italic"}, column, transform=[{"filter": "datum.stijl == 'referentie'"}]))
    if hidden:
        marked = [h | {"waarde": domain[0]} for h in hidden]
        # In the provider's own colour and shape, as its line: whose point it is reads without a legend.
        layers.append(_layer(marked, {"type": "point", "filled": True, "size": 40, "opacity": 1}, at | {"color": color, "shape": shape}))
        mark = {"type": "text", "baseline": "bottom", "dy": -5, "fontSize": font_size - 2, "color": "#000000"}
        layers.append(_layer(marked, mark, at | {"text": _nominal("tekst")}))
    alt_text = describe_trend(points, s["domain"], y_title, percent, decimals, reference or [], hidden or [])
    return to_svg(_finish(layers, width, height, font_size) | {"resolve": {"scale": {"color": "shared"}}}, alt_text)


def _month_ticks(first: str, last: str, width: int, font_size: int, step: int) -> list[dict]:
    """Month starts every `step` months (or a multiple, so that labels like 'okt 2023' fit
    side by side), aligned to January."""
    y0, m0 = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    count = (y1 - y0) * 12 + (m1 - m0)
    label = 0.65 * font_size * 8 + 6  # 'okt 2023' and some room
    steps = [k for k in (1, 2, 3, 4, 6, 12) if k >= step and k % step == 0] or [12]
    step = next((k for k in steps if not count or width * k / count >= label), 12)
    ticks = []
    for k in range(count + 1):
        y, m = y0 + (m0 - 1 + k) // 12, (m0 - 1 + k) % 12 + 1
        if (m - 1) % step == 0:
            ticks.append({"year": y, "month": m, "date": 1})
    return ticks


def dots(
    rows: list[dict],
    y_field: str,
    y_title: str,
    series_field: str,
    series_order: Sequence[str],
    *,
    reference: float | None = None,
    reference_label: str = "",
    width: int = 420,
    height: int | None = None,
    font_size: int = 10,
) -> Svg:
    """A dot plot for percentages per category (`y_field`), one shape per period in
    `series_field`, with an optional vertical reference line (a signal value)."""
    shapes = {"domain": list(series_order), "range": SHAPES[: len(series_order)]}
    fills = {"domain": list(series_order), "range": ["#000000", "#7f7f7f", "#ffffff"][: len(series_order)]}
    cats = list(dict.fromkeys(r[y_field] for r in rows))
    height = height or max(60, 26 * len(cats))
    y = _nominal(y_field, title=None, sort=cats, axis={"labelLimit": 260})
    x = _quantitative("waarde", title=y_title, scale={"domain": [0, 100]}, axis={"format": ".0f", "labelExpr": "datum.label + '%'"})
    span = {"y": y, "x": _quantitative("waarde", aggregate="min"), "x2": {"field": "waarde", "aggregate": "max"}}
    layers = [
        _layer(rows, {"type": "rule", "color": "#9a9a9a"}, span),
        _layer(
            rows,
            {"type": "point", "size": 70, "strokeWidth": 1.5, "opacity": 1, "stroke": "#000000"},
            {
                "y": y,
                "x": x,
                "shape": _nominal(series_field, scale=shapes, title=None),
                "fill": _nominal(series_field, scale=fills, title=None),
            },
        ),
    ]
    if reference is not None:
        layers += _reference_line(reference, reference_label, font_size)
    per = {c: [f"{r[series_field]} {fmt.pct(r['waarde'])}" for r in rows if r[y_field] == c] for c in cats}
    alt_text = f"Stippendiagram van {y_title} per onderdeel, één stip per periode: " + "; ".join(
        f"{c}: {', '.join(v)}" for c, v in per.items()
    )
    if reference is not None:
        alt_text += f". Stippellijn: {reference_label or fmt.pct(reference, 0)}"
    # Vega-Lite's own legend, on the right beside the rows, each period with its shape and fill:
    # as printed since the first version (where Altair's configure_legend replaced the
    # reports' bottom legend), and it costs the page no extra height.
    return to_svg(_finish(layers, width, height, font_size, legend={"symbolType": "circle"}), alt_text + ".")


def bars(
    rows: list[dict],
    category: str,
    title: str,
    *,
    reference: float | None = None,
    reference_label: str = "",
    width: int = 420,
    font_size: int = 10,
    decimals: int = 1,
) -> Svg:
    """Horizontal bars with the value written at each bar and an optional reference line."""
    cats = [r[category] for r in rows]
    height = max(60, 20 * len(cats))
    y = _nominal(category, title=None, sort=cats, axis={"labelLimit": 220})
    x = _quantitative("waarde", title=title, scale={"zero": True, "nice": True}, axis={"format": ",.0f"})
    # The values in a column right of the plot: no bar end, norm line or grid line runs through them.
    layers = [
        _layer(rows, {"type": "bar", "color": "#595959", "stroke": "#000000", "strokeWidth": 0.5, "height": 15}, {"y": y, "x": x}),
        _layer(
            rows,
            {"type": "text", "align": "left", "fontSize": font_size - 1, "color": "#000000", "fontWeight": "bold"},
            {"y": y, "x": {"value": width + 6}, "text": _nominal("tekst")},
        ),
    ]
    if reference is not None:
        layers += _reference_line(reference, reference_label, font_size)
    alt_text = f"Staafdiagram van {title} per {category}: " + "; ".join(f"{r[category]} {r['tekst']}" for r in rows)
    if reference is not None:
        alt_text += f". Stippellijn: {reference_label}"
    return to_svg(_finish(layers, width, height, font_size), alt_text + ".")


def _reference_line(value: float, label: str, font_size: int) -> list[dict]:
    """A vertical dashed line at a signal value or norm, its label at the top."""
    values = [{"waarde": value, "label": label}]
    at = {"x": _quantitative("waarde")}
    return [
        _layer(values, {"type": "rule", "color": "#000000", "strokeDash": [4, 3], "strokeWidth": 1.5}, at),
        _layer(
            values,
            {"type": "text", "align": "left", "baseline": "top", "dx": 3, "y": -14, "fontSize": font_size - 1, "fontStyle": "italic"},
            at | {"text": _nominal("label")},
        ),
    ]
