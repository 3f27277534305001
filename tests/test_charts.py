"""Charts that read at a glance, checked in the Vega-Lite specs the pages hand to the
browser: a suppressed bar or point is marked ('<5', 'x', with a legend saying why) and a
true 0 is labelled 0, never silently absent; with one provider chosen no chart is empty
axes; team charts show every team, highest first, with the signal line where there is
one; the caseload trend is one small panel per team; realised waits read in weeks like
the other waits of the page; trend tables start with the newest month."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from dashboard.app import charts
from tests.helpers import assert_clean, dataframes, open_app

CHART_PAGES = ("wachtlijsten", "personeel", "caseload", "doorlooptijden")


def specs(at) -> list[dict]:
    """The charts' specs as the browser gets them, with their datasets (sent beside the spec, as Arrow)."""
    out = []
    for c in at.get("vega_lite_chart"):
        spec = json.loads(c.proto.spec)
        spec["datasets"] = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in c.proto.datasets}
        out.append(spec)
    return out


def layers(spec: dict) -> list[tuple[dict, list[dict]]]:
    """Every drawn layer of a spec with the rows it draws (its own data, else the parent's)."""
    out: list[tuple[dict, list[dict]]] = []

    def walk(node: dict, rows: list[dict]) -> None:
        if "data" in node:
            data = node["data"]
            rows = data.get("values") or spec.get("datasets", {}).get(data.get("name"), [])
        for child in node.get("layer", []):
            walk(child, rows)
        if "spec" in node:
            walk(node["spec"], rows)
        if "mark" in node:
            out.append((node, rows))

    walk(spec, [])
    return out


def field(layer: dict, channel: str) -> str | None:
    return layer.get("encoding", {}).get(channel, {}).get("field")


def drawn(spec: dict) -> int:
    """How many marks a chart draws: rows with a number on its value axis."""
    n = 0
    for layer, rows in layers(spec):
        for channel in ("x", "y"):
            enc = layer.get("encoding", {}).get(channel, {})
            if enc.get("type") == "quantitative" and enc.get("field"):
                n += sum(1 for r in rows if r.get(enc["field"]) is not None)
    return n


def marked(spec: dict) -> list[dict]:
    """The rows of the marker layers (text marks on `_tekst`): what stands where no bar is."""
    return [r for layer, rows in layers(spec) if field(layer, "text") == "_tekst" for r in rows]


def shape_legend(spec: dict) -> list[str]:
    return [e for layer, _ in layers(spec) for e in layer.get("encoding", {}).get("shape", {}).get("scale", {}).get("domain", [])]


def chart_with(at, column: str) -> dict:
    return next(s for s in specs(at) if any(column in r for _, rows in layers(s) for r in rows))


@pytest.fixture(scope="module")
def wachtlijsten(demo_db: Path) -> Any:
    with pytest.MonkeyPatch.context() as mp:
        at = open_app(demo_db, mp, {"periode": "2024-06"}, "wachtlijsten")
        assert_clean(at)
        yield at


def test_a_suppressed_band_is_marked_not_absent(wachtlijsten) -> None:
    """The wijkteams' 8–13-week band holds 1 youth ('<5'), and its 4–8-week band of 30 is
    hidden with it ('x'): both stand in the chart with their mark, and the legend says why."""
    bands = next(s for s in specs(wachtlijsten) if any(r.get("categorie") == "4–8 weken" for _, rows in layers(s) for r in rows))
    marks = {(r["aanbieder"], r["categorie"]): r["_tekst"] for r in marked(bands)}
    assert marks[("Wijkteams", "4–8 weken")] == "x"
    assert marks[("Wijkteams", "8–13 weken")] == "<5"
    assert f"<5 of x: {charts.SUPPRESSED_LEGEND}" in shape_legend(bands)
    # A true 0 (nobody at JBRR waits over a year) is labelled 0, not left out like a suppressed bar.
    assert marks[("JBRR", "> 52 weken")] == "0"
    bars = [rows for layer, rows in layers(bands) if layer["mark"] == "bar" or layer["mark"].get("type") == "bar"][0]
    drawn_bars = {(r["aanbieder"], r["categorie"]) for r in bars if r["wachtenden_getal"] is not None}
    assert ("Wijkteams", "4–8 weken") not in drawn_bars  # the number itself is never in the chart
    # Every band keeps its label on a 1024 px projector: upright labels break at their last space.
    bar = next(layer for layer, _ in layers(bands) if field(layer, "x") == "categorie")
    assert "lastindexof" in bar["encoding"]["x"]["axis"]["labelExpr"]


def test_stacked_bars_name_the_hidden_provider(wachtlijsten) -> None:
    areas = next(s for s in specs(wachtlijsten) if any(r.get("categorie") == "Overschie" for _, rows in layers(s) for r in rows))
    labels = {r["categorie"]: r["_tekst"] for r in marked(areas)}
    assert labels["Overschie"].startswith("JBRR ") and labels["Overschie"].endswith(("<5", "x"))


def test_a_suppressed_point_of_a_line_is_marked(wachtlijsten) -> None:
    flows = chart_with(wachtlijsten, "stroom")
    hidden = marked(flows)
    assert hidden and {r["_tekst"] for r in hidden} <= {"<5", "x"}
    assert f"<5 of x: {charts.SUPPRESSED_LEGEND}" in shape_legend(flows)


def test_realised_waits_read_in_weeks_like_the_other_waits(wachtlijsten) -> None:
    started = chart_with(wachtlijsten, "mediaan_weken")
    bar = next(layer for layer, _ in layers(started) if field(layer, "x") == "mediaan_weken")
    assert bar["encoding"]["x"]["title"] == "Mediane wachttijd (weken)"
    voogdij = next(r for _, rows in layers(started) for r in rows if r.get("product_naam") == "Voogdij")
    assert voogdij["mediaan_tekst"] == "183 dagen (26,1 weken)"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_with_only_jbrr_no_chart_is_empty_axes(page: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The default period: in it JBRR's waiting per area and per age are all small counts.
    at = open_app(demo_db, monkeypatch, {"aanbieders": "JBRR"}, page)
    assert_clean(at)
    for spec in specs(at):
        assert drawn(spec) or marked(spec), f"{page}: a chart with nothing on its axes"


def test_team_charts_show_every_team_highest_first_with_the_signal_line(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "personeel")
    spec = chart_with(at, "team")
    at.toggle(key="tabel_personeel_teams").set_value(True).run()
    teams = dataframes(at)[0]
    bar = next(layer for layer, _ in layers(spec) if field(layer, "x") == "verloop_12m_pct")
    order = bar["encoding"]["y"]["sort"]
    assert len(order) == teams.height == 26  # all teams, not "25 of 26"
    values = {r["team"]: r["verloop_12m_pct"] for _, rows in layers(spec) for r in rows if "team" in r}
    assert [values[t] for t in order] == sorted(values.values(), reverse=True)
    assert any(field(layer, "x") == "signaal" for layer, _ in layers(spec))  # verloop: signaalwaarde 15%

    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "caseload")
    spec = next(s for s in specs(at) if "facet" not in s)
    bar = next(layer for layer, _ in layers(spec) if field(layer, "x") == "caseload")
    values = {r["team"]: r["caseload"] for _, rows in layers(spec) for r in rows if "team" in r}
    assert len(bar["encoding"]["y"]["sort"]) == len(values) == 24
    assert [values[t] for t in bar["encoding"]["y"]["sort"]] == sorted(values.values(), reverse=True)


def test_caseload_trend_is_one_panel_per_team_highest_first(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, "caseload")
    spec = next(s for s in specs(at) if "facet" in s)
    panels = spec["facet"]["sort"]
    assert len(panels) == 7 and panels[0] == "Cluster 7: 18,0 (boven de norm)"
    assert spec["columns"] == 2  # two panels side by side fit a 1024 px projector
    assert any(field(layer, "y") == "norm" for layer, _ in layers(spec))  # the norm in every panel


def test_trend_tables_start_with_the_newest_month(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for page, key in (("wachtlijsten", "tabel_wl_trend"), ("personeel", "tabel_personeel_trend"), ("caseload", "tabel_caseload_trend")):
        at = open_app(demo_db, monkeypatch, {"periode": "2024-06"}, page)
        at.toggle(key=key).set_value(True).run()
        table = next(t for t in dataframes(at) if "Periode" in t.columns)
        assert table["Periode"][0] == "juni 2024" and table["Periode"][-1] != "juni 2024", page


def test_chart_data_holds_only_what_the_chart_shows(wachtlijsten) -> None:
    """A chart's data goes to the browser whole: only the columns the chart draws or shows
    in a tooltip, so no raw count beside the suppressed one (a count of young people
    travels as its shown text, '<5', or as the number where it may be shown)."""
    counts = {"wachtenden", "wachtenden_getal", "boven_norm", "met_overbrugging", "instroom", "uitstroom", "aantal"}
    seen = set()
    for spec in specs(wachtlijsten):
        for rows in spec["datasets"].values():
            for r in rows:
                seen |= counts & set(r)
                assert not [c for c in counts & set(r) if isinstance(r[c], int) and 0 < r[c] < 5], r
        used = {f for layer, _ in layers(spec) for enc in layer.get("encoding", {}).values() for f in _fields(enc)}
        used |= {spec.get("facet", {}).get("field")}
        for rows in spec["datasets"].values():
            assert not set(rows[0] if rows else {}) - used, "columns the chart does not use"
    assert {"wachtenden", "aantal"} <= seen


def _fields(enc: Any) -> list[str]:
    items = enc if isinstance(enc, list) else [enc]
    return [i["field"] for i in items if isinstance(i, dict) and "field" in i]


def test_an_indicators_suppressed_month_is_marked_on_its_chart() -> None:
    """A measure's linked indicator of 3 youths in May: marked '<5' on the baseline, not a gap."""
    from datetime import date

    import polars as pl

    from dashboard.app.frames import aanbevelingen as ab_frames

    series = pl.DataFrame({"maand": [date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)], "waarde": [0.0, 3.0, 12.0]})
    view = ab_frames.indicator_view(series, {"cijfer": "wachtenden"})
    spec = charts.indicator(view.chart, "Wachtenden", 0, "0", date(2024, 12, 31), "31-12-2024").to_dict()
    spec["datasets"] = spec.get("datasets", {})
    hidden = marked(spec)
    assert [(r["maand_naam"], r["_tekst"]) for r in hidden] == [("mei 2024", "<5")]
    assert f"<5 of x: {charts.SUPPRESSED_LEGEND}" in shape_legend(spec)
