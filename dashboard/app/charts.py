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

from dashboard import privacy, registers
from dashboard.app.frames.common import MARK, ZERO, hidden_marks, mark_meaning, with_marks
from dashboard.periods import MAANDEN, MAANDEN_KORT

# Okabe–Ito; black last, because norm lines are black.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
PROVIDER_COLORS = {"JBRR": "#0072B2", "ENVER": "#E69F00", "WIJKTEAMS": "#009E73", "Totaal": "#000000"}
NORM_COLOR = "#000000"
MARK_COLOR = "#4d4d4d"  # what is not drawn: dark grey, 8:1 on white
SUPPRESSED_LEGEND = "te weinig jeugdigen om te tonen"
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
AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart  # what every function here returns

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


def _only(df: pl.DataFrame, *fields: str | None, tooltip: Tooltip = ()) -> pl.DataFrame:
    """The columns a chart draws or shows, nothing else: a chart's data goes to the browser
    whole, and a frame may hold unsuppressed counts beside the shown ones."""
    wanted = [f for f in dict.fromkeys([*fields, *(name for name, _ in tooltip), MARK]) if f and f in df.columns]
    return df.select(wanted)


def _tooltips(fields: Tooltip) -> list[alt.Tooltip]:
    return [alt.Tooltip(f"{name}:N", title=title) for name, title in fields]


def _finish(chart: AnyChart, legend: Sequence[str], height: int | None = HEIGHT) -> AnyChart:
    # Long legend labels (process steps, product names) get two columns so none is cut off.
    columns = 4 if max((len(str(v)) for v in legend), default=0) <= 16 else 2
    return (
        (chart if height is None else chart.properties(height=height))
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


# --- what a chart does not draw ----------------------------------------------------------
# A suppressed bar or point is never silently absent: a grey diamond stands where it would
# start, labelled with its mark ('<5', 'x', '–'), with a legend entry saying why; a true 0
# is labelled '0'. The marks come from the frame (`frames.common.with_marks`).


def _legend_entry(mark: str) -> str:
    if mark in (privacy.small(), privacy.SECONDARY):
        return f"{privacy.small()} of {privacy.SECONDARY}: {SUPPRESSED_LEGEND}"
    return f"{mark}: {mark_meaning(mark)}"


def _hidden_rows(df: pl.DataFrame) -> pl.DataFrame:
    """Rows whose number is not drawn, with the legend entry and tooltip text for their mark."""
    if MARK not in df.columns:
        return df.clear()
    rows = df.filter(pl.col(MARK).is_in(list(hidden_marks())))
    return rows.with_columns(
        pl.col(MARK).map_elements(_legend_entry, return_dtype=pl.String).alias("_legenda"),
        pl.col(MARK).map_elements(lambda m: f"{m} — {mark_meaning(m)}", return_dtype=pl.String).alias("_uitleg"),
    )


def _diamonds(rows: pl.DataFrame, enc: dict[str, Any], tooltip: Tooltip) -> alt.Chart:
    entries = list(dict.fromkeys(rows["_legenda"].to_list()))
    return (
        alt.Chart(rows.drop(MARK, strict=False))
        .mark_point(filled=True, size=150, color=MARK_COLOR, opacity=1)
        .encode(
            **enc,
            shape=alt.Shape("_legenda:N", title="Niet getoond", scale=alt.Scale(domain=entries, range=["diamond"] * len(entries))),
            tooltip=_tooltips([*tooltip, ("_uitleg", "Niet getoond")]),
        )
    )


def _labels(rows: pl.DataFrame, enc: dict[str, Any], text: str, horizontal: bool, colour: str = MARK_COLOR) -> alt.Chart:
    offset = {"dx": 10, "align": "left", "baseline": "middle"} if horizontal else {"dy": -14, "align": "center", "baseline": "bottom"}
    return (
        alt.Chart(rows.drop(MARK, strict=False))
        .mark_text(fontSize=FONT_SIZE - 1, fontWeight="bold", color=colour, **offset)  # type: ignore[arg-type]
        .encode(**enc, text=alt.Text(f"{text}:N"))
    )


def _bar_marks(
    df: pl.DataFrame, enc: dict[str, Any], category: str, value: str, colour: str, grouped: bool, horizontal: bool, tooltip: Tooltip
) -> list[alt.Chart]:
    """Marker layers for a bar chart (`enc`: its encoding, whose value channel they move):
    a diamond and mark per hidden bar, '0' at a true 0. Grouped bars are marked in their
    own slot at the baseline; stacked bars at the end of the stack, naming the series when
    several share it."""
    if MARK not in df.columns:
        return []
    hidden = _hidden_rows(df)
    if grouped:
        hidden = hidden.with_columns(_pos=pl.lit(0.0), _tekst=pl.col(MARK))
        zeros = df.filter(pl.col(MARK) == ZERO).with_columns(_pos=pl.lit(0.0), _tekst=pl.col(MARK))
    else:
        totals = df.group_by(category).agg(pl.col(value).fill_null(0).sum().cast(pl.Float64).alias("_pos"))
        several = df[colour].n_unique() > 1
        hidden = hidden.join(totals, on=category, how="left")
        if several:  # one diamond and one label per stack, naming each hidden series
            label = pl.concat_str(pl.col(colour), pl.lit(" "), pl.col(MARK)).str.join(" · ").over(category)
            hidden = hidden.with_columns(_tekst=label).unique(category, keep="first", maintain_order=True)
        else:
            hidden = hidden.with_columns(_tekst=pl.col(MARK))
        zeros = (
            df.join(totals, on=category, how="left")
            .filter((pl.col("_pos") == 0) & ~pl.col(category).is_in(hidden[category].to_list()))
            .unique(category, keep="first", maintain_order=True)
            .with_columns(_tekst=pl.lit(ZERO))
        )
    val = "x" if horizontal else "y"
    moved = dict(enc)
    moved[val] = enc[val].copy()
    moved[val].shorthand = "_pos:Q"
    if not grouped:
        moved.pop("yOffset" if horizontal else "xOffset", None)
    layers: list[alt.Chart] = []
    for rows, diamond in ((hidden, True), (zeros, False)):
        if rows.height == 0:
            continue
        if diamond:
            layers.append(_diamonds(rows, moved, tooltip))
        layers.append(_labels(rows, moved, "_tekst", horizontal, MARK_COLOR if diamond else NORM_COLOR))
    return layers


def _line_marks(df: pl.DataFrame, y_title: str, x: alt.X, tooltip: Tooltip) -> list[alt.Chart]:
    """A suppressed point of a line: a diamond on the baseline at its date, with its mark."""
    hidden = _hidden_rows(df)
    if hidden.height == 0:
        return []
    hidden = hidden.with_columns(_pos=pl.lit(0.0), _tekst=pl.col(MARK))
    enc = {"x": x, "y": alt.Y("_pos:Q", title=y_title)}
    return [_diamonds(hidden, enc, tooltip), _labels(hidden, enc, "_tekst", False)]


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
    shown: str | None = None,
) -> AnyChart:
    """Lines over time, one per `colour`; optionally a stepped norm line (the norm that held
    on each date, so a change of norm shows as a step). With `shown` (the column of texts
    as shown: '<5', 'x', '–' where `y` is null) every point not drawn is marked."""
    df, fixed_colours = _named(df, fixed_colours)
    if shown is not None:
        df = with_marks(df, y, shown)
    df = _only(df, "datum", y, colour, norm, tooltip=[*tooltip, *norm_tooltip])
    scale = colour_scale(df[colour].to_list(), fixed_colours)
    y_enc = alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=".0f" if percent else ",~r"), scale=alt.Scale(zero=True))
    base = alt.Chart(df.drop(MARK, strict=False)).encode(x=time_axis(quarters))
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=3).encode(
        y=y_enc, color=alt.Color(f"{colour}:N", title=colour_title, scale=scale), tooltip=_tooltips(tooltip)
    )
    marks = _line_marks(df, y_title, time_axis(quarters), tooltip)
    if norm is None:
        return _finish(alt.LayerChart(layer=[lines, *marks]) if marks else lines, scale.domain)
    rule = base.mark_line(interpolate="step-after", strokeDash=[8, 5], strokeWidth=2.5, color=NORM_COLOR).encode(
        y=f"{norm}:Q", detail=f"{colour}:N", tooltip=_tooltips(norm_tooltip)
    )
    return _finish(alt.LayerChart(layer=[lines, rule, *marks]), scale.domain)


# Two columns of panels fit the page on a 1024 px projector as on a 1440 px screen.
PANEL_WIDTH, PANEL_HEIGHT, PANEL_COLUMNS = 250, 110, 2


def small_multiples(
    df: pl.DataFrame,
    y: str,
    y_title: str,
    panel: str,
    tooltip: Tooltip,
    quarters: bool,
    norm: str | None = None,
    norm_tooltip: Tooltip = (),
) -> AnyChart:
    """One small panel per `panel` value (in the order of the data), each its own line on a
    shared scale, with the stepped norm line where there is one: readable where a dozen
    lines in one chart would tangle. A panel's title breaks after ': ' (name, then value)."""
    df = _only(df, "datum", y, panel, norm, tooltip=[*tooltip, *norm_tooltip])
    order = df[panel].unique(maintain_order=True).to_list()
    x = alt.X("datum:T", title=None, axis=alt.Axis(format="%b %y" if not quarters else "%Y", labelAngle=0, tickCount=3, labelOverlap=True))
    y_enc = alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=",~r", tickCount=4), scale=alt.Scale(zero=True))
    base = alt.Chart().encode(x=x)
    layers: list[alt.Chart] = [
        base.mark_line(point=alt.OverlayMarkDef(size=36, filled=True), strokeWidth=2.5, color=OKABE_ITO[0]).encode(
            y=y_enc, tooltip=_tooltips(tooltip)
        )
    ]
    if norm is not None:
        layers.append(
            base.mark_line(interpolate="step-after", strokeDash=[6, 4], strokeWidth=2, color=NORM_COLOR).encode(
                y=alt.Y(f"{norm}:Q", title=y_title), tooltip=_tooltips(norm_tooltip)
            )
        )
    chart = (
        alt.LayerChart(layer=layers)
        .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
        .facet(
            data=df,
            facet=alt.Facet(
                f"{panel}:N",
                sort=order,
                title=None,
                header=alt.Header(
                    labelFontSize=FONT_SIZE,
                    labelColor="#000000",
                    labelAnchor="start",
                    labelLimit=PANEL_WIDTH + 30,
                    labelExpr="split(datum.label, ': ')",
                ),
            ),
            columns=PANEL_COLUMNS,
            spacing={"row": 18, "column": 14},
        )
    )
    return _finish(chart, [], height=None)


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
    shown: str | None = None,
    signal: tuple[float, str] | None = None,
) -> AnyChart:
    """Bars per category: side by side per `colour` value when `grouped`, else one bar per
    category (stacked if several colours share it). `order` fixes the category order (default:
    as in the data). Optionally a tick per bar at its norm. Horizontal charts get the height
    their labels need. With `shown` (the column of texts as shown) every bar not drawn is
    marked, and a true 0 labelled. `signal` (value, text) draws one dashed line across all
    bars, as the trend draws it."""
    df, fixed_colours = _named(df, fixed_colours)
    if shown is not None:
        df = with_marks(df, value, shown)
    df = _only(df, category, value, colour, norm, tooltip=[*tooltip, *norm_tooltip])
    scale = colour_scale(df[colour].to_list(), fixed_colours)
    # Upright labels under vertical bars break at their last space ("13–26 / weken"), so that
    # on a 1024 px projector every band keeps its label instead of every other one.
    last = "lastindexof(datum.label, ' ')"
    two_lines = f"{last} < 0 ? datum.label : [slice(datum.label, 0, {last}), slice(datum.label, {last} + 1)]"
    cat_axis = alt.Axis(labelLimit=260) if horizontal else alt.Axis(labelAngle=0, labelLimit=260, labelExpr=two_lines)
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
    base = alt.Chart(df.drop(MARK, strict=False)).encode(**enc)
    layers = [base.mark_bar().encode(color=alt.Color(f"{colour}:N", title=colour_title, scale=scale), tooltip=_tooltips(tooltip))]
    if norm is not None:
        tick_enc = dict(enc)
        tick_enc["x" if horizontal else "y"] = alt.X(f"{norm}:Q") if horizontal else alt.Y(f"{norm}:Q")
        layers.append(base.mark_tick(color=NORM_COLOR, thickness=3, size=28).encode(**tick_enc, tooltip=_tooltips(norm_tooltip)))
    if signal is not None:
        line = pl.DataFrame({"signaal": [float(signal[0])], "signaal_tekst": [signal[1]]})
        where = alt.X("signaal:Q", title=value_title) if horizontal else alt.Y("signaal:Q", title=value_title)
        rule = alt.Chart(line).mark_rule(color=NORM_COLOR, strokeDash=[8, 5], strokeWidth=2.5)
        layers.append(rule.encode(**{"x" if horizontal else "y": where}, tooltip=_tooltips([("signaal_tekst", "Signaalwaarde")])))
    # Built once: a LayerChart moves data its layers share up to itself.
    layers += _bar_marks(df, enc, category, value, colour, grouped, horizontal, tooltip)
    chart: AnyChart = alt.LayerChart(layer=layers) if len(layers) > 1 else layers[0]
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
    """A linked indicator over time: its monthly values (one too small to show is marked on
    the baseline with its mark, '<5'), the
    target as a dashed horizontal rule, the target date as a dotted vertical rule; tooltips
    with the Dutch texts."""
    y_axis = alt.Axis(format=".0f" if percent else ",~r")
    x = alt.X("datum:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap=True))
    df = _only(with_marks(df, "waarde_getal", "waarde_tekst"), "datum", "waarde_getal", "maand_naam", "waarde_tekst")
    # A month too small to show is marked on the baseline, as on every chart.
    marks = _line_marks(df, y_title, x, [("maand_naam", "Maand"), ("waarde_tekst", y_title)])
    df = df.drop(MARK)
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
    return _finish(alt.LayerChart(layer=[line, rule, deadline, *marks]), [], height)


# --- slides -------------------------------------------------------------------------------

SLIDE_WIDTH = 960


def slide(chart: AnyChart, title: str, notes: Sequence[str]) -> dict[str, Any]:
    """The chart as a slide for a presentation: a fixed width, its title, and under it the
    source, period and (for demo data) the DEMODATA mark, burned into the image."""
    # Small multiples keep their panels' own width.
    sized = {} if isinstance(chart, alt.FacetChart) else {"width": SLIDE_WIDTH}
    titled = chart.properties(
        **sized,
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
