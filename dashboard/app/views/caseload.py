"""Caseload: cases per case-holding FTE per team against the norm valid on each date."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import streamlit as st

from dashboard import registers
from dashboard.app import charts, components, data, filters, remarks
from dashboard.app.frames import caseload as frames
from dashboard.app.frames.common import tip

if TYPE_CHECKING:
    from dashboard.app.filters import FiltersWithData


def render() -> None:
    f = filters.current()
    components.header("Caseload", f)
    if not components.ready(f):
        return
    now = data.figure("caseload", f)
    if now.height == 0:
        components.nothing_for("caseload")
        return
    st.caption("Nieuwste caseload-momentopname in de periode. De norm is de norm die op de peildatum gold.")
    components.compare_table(f.providers, frames.compare_rows(now, f.providers))
    remarks.block(f, "caseload")

    teams = frames.teams(now)
    tooltip = [
        ("aanbieder", "Aanbieder"),
        ("team", "Team"),
        tip("caseload.caseload"),
        tip("caseload.norm"),
        ("oordeel", "Oordeel"),
        ("peildatum_tekst", "Peildatum"),
    ]
    chart = charts.bars(
        teams.chart,
        "team",
        "Team",
        "caseload",
        "Casussen per fte",
        "aanbieder",
        "Aanbieder",
        tooltip,
        order=teams.chart["team"].to_list(),
        fixed_colours=charts.PROVIDER_COLORS,
        horizontal=True,
        grouped=False,
        norm="norm",
        norm_tooltip=[("team", "Team"), tip("caseload.norm")],
        shown="caseload_tekst",
    )
    components.chart_block(
        f"Caseload per team — {f.period.display()}",
        chart,
        teams.table,
        "caseload_teams",
        caption="Hoogste caseload bovenaan. Het zwarte streepje is de caseloadnorm van het team (alleen waar een norm geldt). "
        + teams.note,
    )

    # Below the first screen: read, drawn and sent when opened.
    components.section("Caseload per team door de tijd", "caseload_trend", partial(team_trend, f))


def team_trend(f: FiltersWithData) -> None:
    provider = components.provider_choice(f.providers, "caseload_aanbieder")
    # The team trend is read for the chosen provider only: team rows grow with the data.
    history = data.figure("caseload", f, f.trend(), niveau="team", aanbieder=provider)
    trend = frames.team_trend(history, f.period.label)
    if trend.empty:
        components.nothing_for(f"de caseload van {registers.short_name(provider)}")
        return
    has_norm = trend.chart["norm"].is_not_null().any()
    # Small multiples, not one chart of 7-10 lines: the teams' caseloads lie within a case or
    # two of each other, so their lines cross and tangle, and with ten teams the colours run
    # out. One panel per team on a shared scale, highest caseload first, reads each team's
    # course and its distance to the norm at a glance; the table holds the exact values.
    chart = charts.small_multiples(
        trend.chart,
        "caseload",
        "Casussen per fte",
        "paneel",
        [("periode_naam", "Periode"), ("team", "Team"), tip("caseload.caseload"), tip("caseload.norm"), ("oordeel", "Oordeel")],
        f.period.is_quarter,
        norm="norm" if has_norm else None,
        norm_tooltip=[("periode_naam", "Periode"), tip("caseload.norm")],
    )
    explain = (
        "De gestippelde lijn is de norm die op elke peildatum gold; verandert de norm, dan maakt de lijn een trap."
        if has_norm
        else "Voor deze aanbieder geldt geen caseloadnorm."
    )
    components.chart_block(
        f"Caseload per team — {registers.short_name(provider)}",
        chart,
        trend.table,
        "caseload_trend",
        caption=f"Eén vakje per team, met zijn caseload in {f.period.display()}; hoogste caseload eerst. {explain} {trend.note}".strip(),
    )


if __name__ == "__main__":
    render()
