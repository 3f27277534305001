"""Altair charts for the pages: Dutch number and date formats (Vega locale), the Okabe–Ito
palette (safe for colour-blind readers), large fonts and thick lines so they read on a
projector. Tooltips show prepared Dutch texts, so exact values read as `1.234,5` and a
suppressed count as `<5`. No streamlit here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import altair as alt
import polars as pl

from dashboard import registers
from dashboard.periods import MAANDEN, MAANDEN_KORT

# Okabe–Ito; black last, because norm lines are black.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PROVIDER_COLORS = {"JBRR": "#0072B2", "ENVER": "#E69F00", "WIJKTEAMS": "#009E73", "Totaal": "#000000"}
NORM_COLOR = "#000000"
FONT_SIZE = 15
HEIGHT = 400

MONTHS = MAANDEN
LOCALE = alt.Locale(
    number=alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["€ ", ""]),
    time=alt.TimeLocale(
        dateTime="%A %e %B %Y %X",
        date="%d-%m-%Y",
        time="%H:%M:%S",
        periods=["AM", "PM"],
        days=["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
        shortDays=["zo", "ma", "di", "wo", "do", "vr", "za"],
        months=MONTHS,
        shortMonths=MAANDEN_KORT,
    ),
)

Tooltip = Sequence[tuple[str, str]]  # (field, Dutch title)
AnyChart = alt.Chart | alt.LayerChart  # what every function here returns

# Altair's debug mode validates every schema object when it is created; a page builds a
# dozen charts per run, and the full spec is still validated once in to_dict.
alt.utils.schemapi.disable_debug_mode()


def _named(df: pl.DataFrame, fixed: dict[str, str] | None) -> tuple[pl.DataFrame, dict[str, str] | None]:
    """Providers by the name people use (legend, tooltips), not their file-name code; their
    fixed colours follow the names."""
    if "aanbieder" not in df.columns or df.schema["aanbieder"] != pl.String:
        return df, fixed
    names = {c: registers.short_name(c) for c in df["aanbieder"].unique().drop_nulls().to_list()}
    df = df.with_columns(pl.col("aanbieder").replace_strict(names, default=pl.col("aanbieder")))
    return df, None if fixed is None else {names.get(k, registers.short_name(k)): v for k, v in fixed.items()}


def _tooltips(fields: Tooltip) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]


def _finish(chart: AnyChart, legend: Sequence[str], height: int = HEIGHT) -> AnyChart:
    # Long legend labels (process steps, product names) get two columns so none is cut off.
    columns = 4 if max((len(str(v)) for v in legend), default=0) <= 16 else 2
    return (
        chart.properties(height=height)
        .configure(locale=LOCALE, font="Source Sans Pro, Arial, sans-serif")
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=260, titleFontWeight="normal")
        .configure_legend(
            labelFontSize=FONT_SIZE,
            titleFontSize=FONT_SIZE,
            orient="bottom",
            labelLimit=420,
            symbolSize=160,
            symbolStrokeWidth=3,
            columns=columns,
        )
        .configure_view(stroke=None)
    )


def colour_scale(values: Sequence[str], fixed: dict[str, str] | None = None) -> alt.Scale:
    """Fixed colours (and order) for providers; Okabe–Ito in order for anything else."""
    fixed = fixed or {}
    present = set(values)
    domain = [v for v in fixed if v in present] + [v for v in dict.fromkeys(values) if v not in fixed]
    spare = iter(c for c in OKABE_ITO if c not in fixed.values())
    return alt.Scale(domain=domain, range=[fixed.get(v) or next(spare, "#777777") for v in domain])


def time_axis(quarters: bool) -> alt.X:
    if quarters:
        axis = alt.Axis(labelExpr="quarter(datum.value) + 'e kw ' + year(datum.value)", tickCount="month", labelAngle=0, labelOverlap=True)
    else:
        axis = alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True)
    return alt.X("datum:T", title=None, axis=axis)


def trend(
    df: pl.DataFrame,
    y: str,
    y_title: str,
    colour: str,
    colour_title: str,
    tooltip: Tooltip,
    quarters: bool,
    fixed_colours: dict[str, str] | None = None,
    percent: bool = False,
    norm: str | None = None,
    norm_tooltip: Tooltip = (),
) -> AnyChart:
    """Lines over time, one per `colour`; optionally a stepped norm line (the norm that held
    on each date, so a change of norm shows as a step)."""
    df, fixed_colours = _named(df, fixed_colours)
    scale = colour_scale(df[colour].to_list(), fixed_colours)
    y_enc = alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=".0f" if percent else ",~r"), scale=alt.Scale(zero=True))
    base = alt.Chart(df).encode(x=time_axis(quarters))
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3).encode(
        y=y_enc, color=alt.Color(f"{colour}:N", title=colour_title, scale=scale), tooltip=_tooltips(tooltip)
    )
    if norm is None:
        return _finish(lines, scale.domain)
    rule = base.mark_line(interpolate="step-after", strokeDash=[8, 5], strokeWidth=2.5, color=NORM_COLOR).encode(
        y=f"{norm}:Q", detail=f"{colour}:N", tooltip=_tooltips(norm_tooltip)
    )
    return _finish(alt.LayerChart(layer=[lines, rule]), scale.domain)


def bars(
    df: pl.DataFrame,
    category: str,
    category_title: str,
    value: str,
    value_title: str,
    colour: str,
    colour_title: str,
    tooltip: Tooltip,
    order: Sequence[str] | None = None,
    fixed_colours: dict[str, str] | None = None,
    horizontal: bool = False,
    percent: bool = False,
    norm: str | None = None,
    norm_tooltip: Tooltip = (),
    grouped: bool = True,
) -> AnyChart:
    """Bars per category: side by side per `colour` value when `grouped`, else one bar per
    category (stacked if several colours share it). `order` fixes the category order (default:
    as in the data). Optionally a tick per bar at its norm. Horizontal charts get the height
    their labels need."""
    df, fixed_colours = _named(df, fixed_colours)
    scale = colour_scale(df[colour].to_list(), fixed_colours)
    cat_axis = alt.Axis(labelAngle=0, labelLimit=260) if not horizontal else alt.Axis(labelLimit=260)
    order = list(order) if order is not None else df[category].unique(maintain_order=True).to_list()
    cat: dict[str, Any] = {"field": category, "type": "nominal", "title": category_title, "sort": order, "axis": cat_axis}
    val = alt.Axis(format=".0f" if percent else ",~r")
    val_scale = alt.Scale(zero=True)
    if horizontal:
        enc: dict[str, Any] = {"y": alt.Y(**cat), "x": alt.X(f"{value}:Q", title=value_title, axis=val, scale=val_scale)}
        if grouped:
            enc["yOffset"] = alt.YOffset(f"{colour}:N", sort=scale.domain)
    else:
        enc = {"x": alt.X(**cat), "y": alt.Y(f"{value}:Q", title=value_title, axis=val, scale=val_scale)}
        if grouped:
            enc["xOffset"] = alt.XOffset(f"{colour}:N", sort=scale.domain)
    base = alt.Chart(df).encode(**enc)
    chart = base.mark_bar().encode(color=alt.Color(f"{colour}:N", title=colour_title, scale=scale), tooltip=_tooltips(tooltip))
    if norm is not None:
        tick_enc = dict(enc)
        tick_enc["x" if horizontal else "y"] = alt.X(f"{norm}:Q") if horizontal else alt.Y(f"{norm}:Q")
        ticks = alt.Chart(df).mark_tick(color=NORM_COLOR, thickness=3, size=28).encode(**tick_enc, tooltip=_tooltips(norm_tooltip))
        chart = alt.LayerChart(layer=[chart, ticks])
    height = bar_height(len(order), len(scale.domain) if grouped else 1) if horizontal else HEIGHT
    return _finish(chart, scale.domain, height)


def bar_height(n_categories: int, n_series: int = 1) -> int:
    """Horizontal bars: enough room per bar to read its label on a projector. Streamlit fits
    the whole chart, axis and legend included, into the height: hence the fixed part."""
    return max(260, 32 * n_categories * max(n_series, 1) + 170)


def indicator(
    df: pl.DataFrame,
    y_title: str,
    doel: float,
    doel_tekst: str,
    doeldatum: date,
    doeldatum_tekst: str,
    percent: bool = False,
    height: int = 260,
) -> AnyChart:
    """A linked indicator over time: its monthly values (a null value is not drawn), the
    target as a dashed horizontal rule, the target date as a dotted vertical rule; tooltips
    with the Dutch texts."""
    y_axis = alt.Axis(format=".0f" if percent else ",~r")
    x = alt.X("datum:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True))
    line = (
        alt.Chart(df)
        .mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3, color=OKABE_ITO[0])
        .encode(
            x=x,
            y=alt.Y("waarde_getal:Q", title=y_title, axis=y_axis, scale=alt.Scale(zero=True)),
            tooltip=_tooltips([("maand_naam", "Maand"), ("waarde_tekst", y_title)]),
        )
    )
    target = pl.DataFrame({"doel": [float(doel)], "tekst": [doel_tekst]})
    rule = (
        alt.Chart(target)
        .mark_rule(color=NORM_COLOR, strokeDash=[8, 5], strokeWidth=2.5)
        .encode(y=alt.Y("doel:Q", title=y_title), tooltip=_tooltips([("tekst", "Doel")]))
    )
    when = pl.DataFrame({"datum": [doeldatum], "tekst": [doeldatum_tekst]})
    deadline = (
        alt.Chart(when)
        .mark_rule(color=OKABE_ITO[5], strokeDash=[2, 4], strokeWidth=2.5)
        .encode(x=x, tooltip=_tooltips([("tekst", "Doeldatum")]))
    )
    return _finish(alt.LayerChart(layer=[line, rule, deadline]), [], height)


# --- slides -------------------------------------------------------------------------------

SLIDE_WIDTH = 960


def slide(chart: AnyChart, title: str, notes: Sequence[str]) -> dict[str, Any]:
    """The chart as a slide for a presentation: a fixed width, its title, and under it the
    source, period and (for demo data) the DEMODATA mark, burned into the image."""
    titled = chart.properties(
        width=SLIDE_WIDTH,
        title=alt.TitleParams(
            text=title, subtitle=list(notes), anchor="start", fontSize=24, subtitleFontSize=16, subtitleColor="#333333", offset=14
        ),
    )
    # The class's own to_dict: a chart shown on the page may carry an instance override (components.unvalidated).
    return alt.TopLevelMixin.to_dict(titled, validate=False)


def slide_svg(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc  # on a click only: the converter is large

    return vlc.vegalite_to_svg(spec).encode("utf-8")


def slide_png(spec: dict[str, Any]) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=2)
