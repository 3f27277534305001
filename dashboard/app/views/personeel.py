"""Personeel: staffing and turnover per provider and team, now and over time."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from dashboard.app import charts, components, data, filters, remarks
from dashboard.app.frames import personeel as frames

if TYPE_CHECKING:
    from dashboard.app.filters import FiltersWithData


def render() -> None:
    f = filters.current()
    components.header("Personeel", f)
    if not components.ready(f):
        return
    data.prefetch(f, ("personeel", f.trend(), {"niveau": "aanbieder"}), ("personeel", None))
    history = data.figure("personeel", f, f.trend(), niveau="aanbieder")
    now = data.figure("personeel", f)
    if now.height == 0:
        components.nothing_for("personeel")
        return
    st.caption(
        "Standen aan het einde van de periode; verloop over de 12 maanden tot en met de periode "
        "(geannualiseerd als er minder dan 12 maanden gegevens zijn)."
    )
    components.compare_table(f.providers, frames.compare_rows(now, f.providers))
    remarks.block(f, "personeel")

    key = st.selectbox(
        "Indicator",
        list(frames.INDICATORS),
        key="personeel_indicator",
        persist_state="session",
        bind="query-params",
        index=list(frames.INDICATORS).index("verloop_12m_pct"),
        format_func=lambda k: frames.INDICATORS[k].heading,
    )
    metric = frames.INDICATORS[key]
    label, column, pct = metric.heading, metric.column, metric.pct
    view = frames.trend(history, key)
    # Where the dashboard has a signal value, it is drawn as a dashed line, as wherever a norm exists.
    lined, signal = frames.with_signal(view.chart, key)
    chart = charts.trend(
        lined,
        column,
        label,
        "aanbieder",
        "Aanbieder",
        [("periode_naam", "Periode"), ("aanbieder", "Aanbieder"), (f"{column}_tekst", label), ("geannualiseerd", "Verloop geannualiseerd")],
        f.period.is_quarter,
        charts.PROVIDER_COLORS,
        percent=pct,
        norm="signaal" if signal else None,
        norm_tooltip=[("signaal_tekst", "Signaalwaarde")],
    )
    components.chart_block(
        f"{label} per aanbieder",
        chart,
        view.table,
        "personeel_trend",
        caption="Gestreepte zwarte lijn: de signaalwaarde van het dashboard." if signal else None,
    )

    # Below the first screen: drawn and sent when opened.
    components.section("Per team", "personeel_teams", partial(per_team, f, now, key))


def per_team(f: FiltersWithData, now: pl.DataFrame, key: str) -> None:
    metric = frames.INDICATORS[key]
    label, column, pct = metric.heading, metric.column, metric.pct
    line = frames.signal_line(key)
    teams = frames.teams(now, key)
    chart = charts.bars(
        teams.chart,
        "team",
        "Team",
        column,
        label,
        "aanbieder",
        "Aanbieder",
        [("aanbieder", "Aanbieder"), ("team", "Team"), (f"{column}_tekst", label)],
        order=teams.chart["team"].to_list(),
        fixed_colours=charts.PROVIDER_COLORS,
        horizontal=True,
        grouped=False,
        percent=pct,
        shown=f"{column}_tekst",
        signal=line,
    )
    explain = "Hoogste waarde bovenaan." + (" Gestreepte zwarte lijn: de signaalwaarde van het dashboard." if line else "")
    components.chart_block(
        f"{label} per team — {f.period.display()}", chart, teams.table, "personeel_teams", caption=f"{explain} {teams.note}".strip()
    )


if __name__ == "__main__":
    render()
