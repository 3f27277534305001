"""Shared page parts: the chart block (chart with tooltips, "Toon als tabel", CSV and Excel
downloads), side-by-side comparison tables with status badges, KPI cards, the demo banner
and the messages for an empty database or selection.

Everything shown or downloaded here comes from frames that are already suppressed
(dashboard.app.frames), so no component can show a small count."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Literal, TypeGuard, overload

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import ingest, opendata, registers
from dashboard.app import charts, data, filters, launch
from dashboard.app.filters import Filters

if TYPE_CHECKING:
    from dashboard.app.filters import FiltersWithData
from dashboard.app.frames.actielijst import Line
from dashboard.app.frames.common import Card, Row, legend_note
from dashboard.app.frames.display import as_html, dutch_frame, html_table, named, numeric_columns
from dashboard.app.frames.regiekaart import Block
from dashboard.definitions import (
    ACHTER_OP_SCHEMA,
    BOVEN_NORM,
    BRON_KLOPT_NIET,
    LET_OP,
    ONDER_NORM,
    OP_NORM,
    OP_TIJD,
    STATUS_ICONS,
    TE_LAAT,
)

DEMO_TEXT = "DEMODATA — fictieve cijfers, geen echte jeugdigen"
NO_DATA_TEXT = "Er zijn nog geen aanleveringen. Laad bestanden via Aanleveringen of start met demodata (`uv run jeugdmonitor demo`)."
_STATUS_CLASS = {
    OP_NORM: "jm-op",
    LET_OP: "jm-letop",
    BOVEN_NORM: "jm-uit",
    ONDER_NORM: "jm-uit",
    OP_TIJD: "jm-op",
    TE_LAAT: "jm-uit",
    ACHTER_OP_SCHEMA: "jm-uit",
    BRON_KLOPT_NIET: "jm-uit",
}

# Streamlit's file uploader has no setting for its texts ("Upload", "200MB per file"): they
# shrink to nothing and Dutch text is drawn in their place (a screen reader still hears
# Streamlit's word as well: hiding it would leave the button without a name). The limit
# named is the dashboard's own (ingest.MAX_UPLOAD_MB), refused in Dutch by the ingest;
# Streamlit's higher server.maxUploadSize only keeps its English refusal out of the way.
UPLOADER_CSS = f"""
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0; white-space: normal; overflow: visible;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  font-size: 1rem; content: "Bestanden kiezen";}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  font-size: 0.9rem; content: "of sleep ze hierheen; hoogstens {ingest.MAX_UPLOAD_MB} MB per bestand";}}
"""

CSS = (
    """
<style>
.jm-table {border-collapse: collapse; width: 100%; font-size: 1.05rem; margin-bottom: 0.5rem;}
.jm-table th {text-align: left; padding: 0.55rem 0.8rem; border-bottom: 3px solid #333; font-size: 1.15rem;}
.jm-table td {padding: 0.55rem 0.8rem; border-bottom: 1px solid #d0d0d0; vertical-align: top;}
.jm-table td.jm-label {font-weight: 600; max-width: 16rem;}
/* A small table as plain HTML (components.table): compact rows like the grid it replaces,
   a header that stays in view while a long one scrolls. */
.jm-grid-wrap {margin-bottom: 0.6rem; overflow-x: auto;}
.jm-grid-wrap:focus-visible {outline: 3px solid #0072B2; outline-offset: 2px;}
.jm-grid-tall {max-height: 35rem; overflow-y: auto; border: 1px solid #d0d0d0;}
.jm-grid {border-collapse: collapse; font-size: 0.95rem; font-variant-numeric: tabular-nums; min-width: 50%;}
.jm-grid th {text-align: left; font-weight: 600; padding: 0.4rem 0.75rem; border-bottom: 2px solid #333;
             background: #f5f5f5; position: sticky; top: 0; vertical-align: bottom;}
.jm-grid td {padding: 0.35rem 0.75rem; border-bottom: 1px solid #e0e0e0; vertical-align: top; overflow-wrap: break-word;}
.jm-grid .jm-num {text-align: right;}
.jm-grid td.jm-kort {white-space: nowrap;}
.jm-grid td.jm-zin {min-width: 9rem;}
.jm-grid td.jm-lang {min-width: 14rem;}
.jm-value {font-size: 1.45rem; font-weight: 700; font-variant-numeric: tabular-nums; margin-right: 0.4rem;}
.jm-note {font-size: 0.9rem; color: #333; font-style: italic;}
.jm-sub {font-size: 0.92rem; color: #333; margin-top: 0.15rem; font-variant-numeric: tabular-nums;}
.jm-status {display: inline-block; padding: 0.05rem 0.55rem; border-radius: 0.8rem; font-size: 0.95rem;
            font-weight: 700; border: 2px solid; white-space: nowrap;}
.jm-op {border-color: #009E73; color: #00563f; background: #e3f4ee;}
.jm-letop {border-color: #E69F00; color: #6b4700; background: #fdf1da;}
.jm-uit {border-color: #D55E00; color: #8a3300; background: #fbe6da;}
.jm-na {border-color: #777; color: #333; background: #eee;}
.jm-rec {border-left: 4px solid #0072B2; padding: 0.2rem 0 0.2rem 0.9rem; margin: 0.6rem 0 0.4rem 0;}
.jm-rec .jm-rec-head {font-size: 1.15rem; font-weight: 700;}
.jm-rec .jm-rec-text {font-size: 1.1rem; margin: 0.3rem 0;}
.jm-rec .jm-rec-finding {font-size: 0.98rem; color: #333;}
.jm-note-head {font-weight: 700; font-size: 1.02rem;}
.jm-note-text {font-size: 1.02rem; margin: 0.2rem 0;}
.jm-facts {border-collapse: collapse; font-size: 1rem; margin: 0.3rem 0;}
.jm-facts th {text-align: left; font-weight: 600; padding: 0.15rem 0.9rem 0.15rem 0; vertical-align: top; white-space: nowrap;}
.jm-facts td {padding: 0.15rem 0; vertical-align: top;}
.jm-measure-title {font-size: 1.08rem; font-weight: 700; margin-bottom: 0.2rem;}
/* A measure's status history (views/aanbevelingen.history_details): the browser's own
   disclosure, drawn like Streamlit's expander so both kinds of section read the same. */
.jm-history {border: 1px solid #d0d0d0; border-radius: 0.5rem; margin: 0.5rem 0 0.2rem 0;}
.jm-history > summary {cursor: pointer; padding: 0.5rem 0.9rem; font-size: 1rem;}
.jm-history > summary:focus-visible {outline: 3px solid #0072B2; outline-offset: 2px;}
.jm-history[open] > summary {border-bottom: 1px solid #d0d0d0;}
.jm-history > table, .jm-history > p {margin: 0.5rem 0.9rem;}
.jm-history > table {width: calc(100% - 1.8rem);}
.jm-cards {display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0.3rem 0 1rem 0;}
.jm-card {flex: 1 1 9.5rem; max-width: 24rem; border: 1px solid #c8c8c8; border-radius: 0.6rem; padding: 0.7rem 0.9rem;}
.jm-card .jm-card-label {font-size: 1rem; color: #333;}
.jm-card .jm-value {font-size: 1.9rem; display: block; margin: 0.15rem 0;}
.jm-lines {font-size: 1.1rem; line-height: 1.6;}
.jm-def {margin: 0.9rem 0 0.1rem 0;}
.jm-def-sub {font-size: 0.875rem; color: #4a4a4a; margin: 0 0 0.6rem 0;}
.jm-actions {font-size: 0.98rem;}
.jm-actions td {padding: 0.35rem 0.6rem;}
.jm-actions th {padding: 0.35rem 0.6rem; font-size: 1rem;}
.jm-actions td.jm-rank {font-weight: 700; width: 2rem; font-variant-numeric: tabular-nums;}
.jm-actions .jm-what {font-weight: 600;}
.jm-actions .jm-value {font-size: 1.05rem;}
.jm-actions th:nth-child(3) {width: 36%;}
/* Two domains side by side (one where even two of 17rem do not fit). */
.jm-rk {display: grid; grid-template-columns: repeat(auto-fit, minmax(max(17rem, calc(50% - 1.2rem)), 1fr));
        gap: 0.3rem 1.2rem; margin-bottom: 0.6rem;}
.jm-rk h2 {font-size: 1.1rem; font-weight: 700; margin: 0.2rem 0 0.1rem 0; padding: 0; border-bottom: 2px solid #333;}
.jm-rk table {border-collapse: collapse; width: 100%;}
.jm-rk td {padding: 0.15rem 0.3rem; border-bottom: 1px solid #d0d0d0; vertical-align: top;}
.jm-rk td.jm-rk-label {font-weight: 600; font-size: 0.95rem; line-height: 1.25;}
.jm-rk .jm-sub {font-weight: 400; font-size: 0.8rem; line-height: 1.25; margin-top: 0.1rem;}
.jm-rk td.jm-rk-now {text-align: right; line-height: 1.2;}
.jm-rk .jm-value {font-size: 1.1rem; margin-right: 0; white-space: nowrap;}
.jm-rk .jm-status {font-size: 0.75rem; padding: 0 0.3rem; border-width: 1.5px;}
.jm-rk td.jm-rk-spark {width: 80px; padding: 0.3rem 0 0 0.2rem;}
.jm-rk .jm-short {display: none;}
.jm-rk blockquote.jm-rk-said {margin: 0.3rem 0 0 0; padding: 0.1rem 0 0.1rem 0.6rem; border-left: 3px solid #0072B2; font-size: 0.88rem;}
.jm-rk blockquote.jm-rk-said p {margin: 0; white-space: pre-line; font-size: 0.85rem; line-height: 1.3;}
.jm-rk blockquote.jm-rk-said footer {font-size: 0.78rem; color: #4a4a4a;}
@media (max-width: 1200px) {
  .jm-rk .jm-long {display: none;}
  .jm-rk .jm-short {display: inline;}
}
.jm-rk .jm-rk-note {font-size: 0.85rem; color: #333; margin: 0.15rem 0 0 0;}
.jm-actions th:nth-child(4) {width: 22%;}
/* Streamlit draws captions at 60 % opacity: 3.9:1 on white, where WCAG AA asks 4.5:1. */
.stApp [data-testid="stCaptionContainer"] {opacity: 1; color: #4a4a4a;}
/* A first screen for a 1024×768 projector: no empty header band above the page (Streamlit's
   header holds nothing with the minimal toolbar while the sidebar is open), compact notices.
   The page's own style and script elements take no row either. With the sidebar closed its
   open button sits there, so the page starts below it. */
.stApp:not(:has([data-testid="stExpandSidebarButton"])) [data-testid="stHeader"] {height: 0; min-height: 0; overflow: visible;}
[data-testid="stMainBlockContainer"] {padding-top: 1rem;}
.stApp:has([data-testid="stExpandSidebarButton"]) [data-testid="stMainBlockContainer"] {padding-top: 3.75rem;}
[data-testid="stElementContainer"]:has(> .stHtml > style:only-child),
[data-testid="stElementContainer"]:has(> .stHtml > script:only-child) {display: none;}
@media (max-width: 1200px) {
  [data-testid="stMainBlockContainer"] {padding-left: 1.5rem; padding-right: 1.5rem;}
  .stApp h1 {font-size: 2rem;}
  .jm-table td.jm-label {max-width: 9rem; font-size: 0.92rem;}
  .jm-table {font-size: 0.95rem;}
  .jm-table th {padding: 0.35rem 0.5rem; font-size: 1rem;}
  .jm-table td {padding: 0.35rem 0.5rem;}
  .jm-value {font-size: 1.2rem;}
  .jm-sub {font-size: 0.8rem; margin-top: 0; line-height: 1.3;}
  .jm-status {font-size: 0.85rem;}
  .jm-actions {font-size: 0.88rem;}
  .jm-actions td, .jm-actions th {padding: 0.25rem 0.4rem;}
  .jm-grid {font-size: 0.88rem;}
  .jm-grid th, .jm-grid td {padding: 0.3rem 0.45rem;}
}
.st-key-jm_banners [data-testid="stAlertContainer"] {padding: 0.35rem 0.8rem; font-size: 0.92rem;}
.st-key-jm_banners [data-testid="stAlertContainer"] p {font-size: 0.92rem;}
.stApp h1 {padding-top: 0.4rem; padding-bottom: 0.3rem;}
/* Printing a page: the content only (no sidebar, toolbar, buttons), at full length. */
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], .stDownloadButton, .stButton, [data-testid="stCheckbox"],
  .stFileUploader, [data-testid="stForm"] {display: none !important;}
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
    height: auto !important; overflow: visible !important; position: static !important;}
  [data-testid="stMainBlockContainer"] {padding: 0 !important; max-width: none !important;}
  .jm-table tr, .jm-grid tr, .jm-card, [data-testid="stVegaLiteChart"] {break-inside: avoid;}
  .jm-grid-wrap {max-height: none; overflow: visible;}
  /* Paper does not scroll sideways: every column on the page, wrapped where it must. */
  .jm-grid td.jm-kort {white-space: normal;}
  .jm-grid td.jm-zin, .jm-grid td.jm-lang {min-width: 0;}
}
"""
    + UPLOADER_CSS
    + """
</style>
"""
)

# Streamlit's index.html says lang="en" and offers no setting for it (streamlit#15726):
# set the document's language once the app is loaded, with Streamlit's public st.html.
LANG = "<script>document.documentElement.lang = 'nl';</script>"


def setup() -> None:
    st.html(CSS)
    st.html(LANG, unsafe_allow_javascript=True)


def demo_banner(f: Filters) -> None:
    if f.version is not None and data.is_demo(f):
        st.warning(f"**{DEMO_TEXT}**", icon=":material/science:")


def header(title: str, f: Filters, subtitle: str | None = None) -> None:
    st.title(title)
    parts = []
    if f.period is not None:
        parts.append(f"Periode: **{f.period.display()}**")
    if f.providers:
        parts.append("Aanbieders: **" + ", ".join(registers.short_name(p) for p in f.providers) + "**")
    if subtitle:
        parts.append(subtitle)
    if parts:
        st.markdown(" · ".join(parts))


@overload
def ready(f: Filters, needs_data: Literal[True] = ...) -> TypeGuard[FiltersWithData]: ...
@overload
def ready(f: Filters, needs_data: Literal[False]) -> bool: ...
def ready(f: Filters, needs_data: bool = True) -> bool:
    """False (with a clear Dutch message) when there is nothing to show for the selection."""
    if needs_data and not f.has_data:
        st.info(NO_DATA_TEXT, icon=":material/inbox:")
        return False
    if not f.providers:
        st.info("Kies in de zijbalk ten minste één aanbieder.", icon=":material/filter_alt:")
        return False
    return True


def provider_choice(options: Sequence[str], key: str, label: str = "Aanbieder", show_label: bool = False) -> str:
    """One provider of `options` for the charts below, as buttons named as people name the
    providers (Enver, not ENVER); the choice is kept while the user visits other pages."""
    return (
        st.segmented_control(
            label,
            list(options),
            key=key,
            default=options[0],
            persist_state="session",
            label_visibility="visible" if show_label else "collapsed",
            format_func=registers.short_name,
        )
        or options[0]
    )


def nothing_for(what: str) -> None:
    st.info(f"Geen gegevens over {what} voor deze periode en aanbieders.", icon=":material/info:")


def privacy_note() -> None:
    st.caption(legend_note())


# --- tables and downloads -------------------------------------------------------------


def table(frame: pl.DataFrame, key: str | None = None, label: str = "Tabel") -> None:
    """A table as the reader should see it: Dutch numbers and dates, numbers right-aligned;
    a small one a plain HTML table (`display.html_table`), a long or wide one the grid.
    `label` names the table's scrolling area for a screen reader."""
    shown = dutch_frame(frame)
    if as_html(frame):
        st.html(html_table(shown, label))
        return
    config = {c: st.column_config.TextColumn(c, alignment="right") for c in numeric_columns(frame)}
    # Every row visible up to 15 rows (about 37 px each, plus the header), then scroll.
    st.dataframe(shown, hide_index=True, column_config=config, key=key, height=37 * (min(frame.height, 15) + 1) + 8)


def csv_bytes(frame: pl.DataFrame, about: opendata.About | None = None) -> bytes:
    """CSV as Dutch Excel opens it, numbers as numbers (`dashboard.opendata`). Text that
    Excel would run as a formula (a team named `=1+1`, `@SUM(…)`) gets a leading
    apostrophe, so it opens as the text it is (CSV injection)."""
    return opendata.csv_bytes(named(frame), about)


def excel_bytes(frame: pl.DataFrame, about: opendata.About | None = None, sheet: str = "gegevens") -> bytes:
    return opendata.excel_bytes(named(frame), about, sheet)


def about(f: Filters, subject: str, frame: pl.DataFrame) -> opendata.About:
    """What a download is about: the chosen period and providers, the peildatum of its rows,
    the deliveries the figures rest on and whether they are demo data."""
    period = f.period
    day = ""
    if "Peildatum" in frame.columns and frame.schema["Peildatum"] == pl.Date and frame["Peildatum"].drop_nulls().len():
        days = sorted(set(frame["Peildatum"].drop_nulls().to_list()))
        day = ", ".join(d.strftime("%d-%m-%Y") for d in days[:3]) + (" …" if len(days) > 3 else "")
    elif period is not None:
        day = f"einde periode: {min(period.end, f.today):%d-%m-%Y}"
    sources: tuple[str, ...] = ()
    if period is not None:
        log = data.deliveries(f)
        if log.height and "periode" in log.columns:
            months = set(period.months)
            current = log.filter((pl.col("status") == "geladen") & pl.col("periode").is_in(list(months) + [period.quarter().label]))
            sources = tuple(sorted(current["bestand"].to_list()))
    return opendata.About(
        subject[:1].upper() + subject[1:],
        period.display() if period else "",
        day,
        ", ".join(registers.short_name(p) for p in f.providers),
        sources,
        data.is_demo(f),
        f.today,
    )


def download(
    where: DeltaGenerator,
    label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    key: str,
    type: Literal["primary", "secondary", "tertiary"] = "secondary",
) -> None:
    """A download button whose file is made when it is clicked, and recorded then in the
    audit trail (who downloaded what): every download of the dashboard goes through here."""
    f = filters.current()

    def made() -> bytes:
        data.record(f, "download", file_name)
        return make()

    where.download_button(label, made, file_name=file_name, mime=mime, key=key, on_click="ignore", icon=":material/download:", type=type)


def downloads(frame: pl.DataFrame, stem: str, key: str, subject: str | None = None, slide: Callable[[], dict] | None = None) -> None:
    """CSV and Excel of a table, named for subject, period and providers; PNG and SVG of its chart."""
    f = filters.current()
    row = st.container(horizontal=True)
    name = opendata.file_stem(stem, f.period.label if f.period else None, f.providers)
    what = subject or stem.replace("_", " ")
    download(row, "Download CSV", lambda: csv_bytes(frame, about(f, what, frame)), f"{name}.csv", "text/csv", f"csv_{key}")
    download(
        row,
        "Download Excel",
        lambda: excel_bytes(frame, about(f, what, frame)),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"xlsx_{key}",
    )
    if slide is not None:  # the chart itself, for a presentation
        download(row, "Download PNG", lambda: charts.slide_png(slide()), f"{name}.png", "image/png", f"png_{key}")
        download(row, "Download SVG", lambda: charts.slide_svg(slide()), f"{name}.svg", "image/svg+xml", f"svg_{key}")


def slide_notes(f: Filters) -> list[str]:
    """What a chart on a slide says under its title: source, period, and the demo mark."""
    notes = [f"Bron: jeugdmonitor gemeente Rotterdam, aanleveringen van {', '.join(registers.short_name(c) for c in f.providers)}"]
    if f.period is not None:
        notes.append(f"Periode: {f.period.display()}")
    if f.version is not None and data.is_demo(f):
        notes.append(DEMO_TEXT)
    return notes


# Streamlit turns a chart into its spec on every rerun, and altair checks that spec against
# Vega-Lite's JSON schema each time (~12 % of a visit's server time). The specs are built by
# our code, not by users: the test suite validates them (it sets this variable) and the
# server does not.
_VALIDATE_CHARTS = os.environ.get("JEUGDMONITOR_VALIDATE_CHARTS") == "1"


def unvalidated(chart: charts.AnyChart) -> charts.AnyChart:
    """The chart, turned into its spec without the schema check (see above)."""
    if not _VALIDATE_CHARTS:
        # Not `chart.to_dict = ...`: altair would take that for a chart property.
        to_dict = type(chart).to_dict
        object.__setattr__(chart, "to_dict", partial(to_dict, chart, validate=False))  # type: ignore[arg-type]
    return chart


def chart_block(
    title: str,
    chart: charts.AnyChart,
    frame: pl.DataFrame,
    key: str,
    caption: str | None = None,
    stem: str | None = None,
    heading: bool = True,
) -> None:
    """A titled chart with exact values in its tooltips, a toggle to its numbers as a table,
    the numbers downloadable (CSV and Excel) and the chart too, slide-ready (PNG and SVG
    with title, source, period and demo mark burned in). Without `heading` the title is
    the section's (`section`) that holds only this chart."""
    if heading:
        st.header(title)
    if caption:
        st.caption(caption)
    # A view choice: kept while the user visits other pages (session), not put in the URL.
    if st.toggle("Toon als tabel", key=f"tabel_{key}", persist_state="session"):
        table(frame, key=f"df_{key}", label=f"Tabel: {title}")
    else:
        st.altair_chart(unvalidated(chart), width="stretch", alt=title)
    f = filters.current()
    downloads(frame, stem or opendata.slug(title), key, title, slide=lambda: charts.slide(chart, title, slide_notes(f)))


def table_block(title: str, frame: pl.DataFrame, key: str, caption: str | None = None, heading: bool = True) -> None:
    """A titled table with its downloads, for figures that read best as a table."""
    if heading:
        st.header(title)
    if caption:
        st.caption(caption)
    table(frame, key=f"df_{key}", label=f"Tabel: {title}")
    downloads(frame, opendata.slug(title), key, title)


# --- sections opened on request --------------------------------------------------------

SECTION_KEY = "sectie_"  # the expander's state: st.session_state[SECTION_KEY + key] is True while open


def section(label: str, key: str, body: Callable[[], None], expanded: bool = False, icon: str | None = None) -> None:
    """A part of a page below its first screen, under a closed expander: its figures are
    read, its charts built and sent only when the reader opens it (a closed expander costs
    the server and the browser nothing), and a choice inside it reruns only the section
    (st.fragment), not the page. Opening is the expander's own button (keyboard: Tab, then
    Enter or Space); the label names what is inside. `expanded`: open on arrival."""
    _section(label, SECTION_KEY + key, body, expanded, icon)


@st.fragment
def _section(label: str, key: str, body: Callable[[], None], expanded: bool, icon: str | None) -> None:
    # A section's own rerun does not pass through main.py: it is a script run of its own.
    with launch.script_run():
        box = st.expander(label, expanded=expanded, key=key, on_change="rerun", icon=icon)
        if box.open:
            with box:
                body()


# --- provider-supplied text ------------------------------------------------------------

# Every ASCII punctuation that Markdown or Streamlit reads as syntax, backslash-escaped (a
# CommonMark escape, shown as the character itself). The colon and the slash too: an escaped
# colon opens no `:red[…]` directive and no `:smile:` shortcode (Streamlit looks for those
# in the source, where `\:smile\:` does not match), and `\/` keeps `:material/…:` from being
# rewritten to an icon, and a URL from becoming a link. No invisible character is added.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$&:/])")


def literal(text: object) -> str:
    """Text from providers or users (file names, values, ids) for a Streamlit element that
    renders Markdown (labels, alerts, captions): shown exactly as typed, never as emphasis,
    a link, HTML, a formula or a `:red[...]`/`:icon:` directive."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# --- comparison tables, badges and cards ----------------------------------------------


def badge(status: str | None) -> str:
    """A status as icon plus words, never colour alone."""
    if not status:
        return ""
    return f'<span class="jm-status {_STATUS_CLASS[status]}">{STATUS_ICONS[status]} {html.escape(status)}</span>'


def compare_table(columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Rows of figures with one column per provider, side by side."""
    # Providers by the name people use, not their file-name code.
    head = "".join(f"<th>{html.escape(registers.short_name(c) if i else c)}</th>" for i, c in enumerate(["Indicator", *columns]))
    body = []
    for r in rows:
        tds = [f'<td class="jm-label" title="{html.escape(r.help)}">{html.escape(r.label)}</td>']
        for c in r.cells:
            note = f' <span class="jm-note">{html.escape(c.note)}</span>' if c.note else ""
            subs = "".join(f'<div class="jm-sub">{html.escape(line)}</div>' for line in c.lines)
            tds.append(f'<td><span class="jm-value">{html.escape(c.value)}</span>{badge(c.status)}{note}{subs}</td>')
        body.append(f"<tr>{''.join(tds)}</tr>")
    st.html(f'<table class="jm-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def action_table(lines: Sequence[Line]) -> None:
    """The ranked action list: rank, owner, what with its value, status and norm, how far
    off and how long, the measure or agreement and its deadline."""
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("#", "Eigenaar", "Wat vraagt actie", "Hoe ver · hoe lang", "Maatregel of afspraak")
    )
    body = []
    for a in lines:
        e = html.escape
        body.append(
            f'<tr><td class="jm-rank">{a.rank}</td><td>{e(a.owner)}</td>'
            f'<td><div class="jm-what">{e(a.what)}</div><span class="jm-value">{e(a.value)}</span>{badge(a.status)}'
            f'<div class="jm-sub">{e(a.norm)}</div></td>'
            f'<td>{e(a.far)}<div class="jm-sub">{e(a.since)}</div></td>'
            + (f'<td>{e(a.measure)}<div class="jm-sub">deadline {e(a.deadline)}</div></td></tr>' if a.measure else "<td>–</td></tr>")
        )
    st.html(f'<table class="jm-table jm-actions"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def regiekaart(blocks: Sequence[Block]) -> None:
    """The regiekaart's figures: per domain a compact table (name with status and norm, value
    with the previous period, the sparkline), the domains side by side where they fit."""
    parts = []
    e = html.escape
    for b in blocks:
        rows = []
        for x in b.figures:
            label = f'<span class="jm-long">{e(x.label)}</span><span class="jm-short" title="{e(x.label)}">{e(x.short)}</span>'
            judged = f"{badge(x.status)} {e(x.norm)}".strip()
            now = f'<span class="jm-value">{e(x.value)}</span>' if x.delivered else f'<span class="jm-note">{e(x.value)}</span>'
            rows.append(
                f'<tr><td class="jm-rk-label">{label}<div class="jm-sub">{judged}</div></td>'
                f'<td class="jm-rk-now">{now}<div class="jm-sub">{e(x.previous)}</div></td><td class="jm-rk-spark">{x.svg}</td></tr>'
            )
        notes = "".join(f'<p class="jm-rk-note">{e(n)}</p>' for n in b.notes)
        notes += "".join(f'<blockquote class="jm-rk-said"><p>{e(t)}</p><footer>{e(h)}</footer></blockquote>' for h, t in b.explanations)
        parts.append(f"<section><h2>{e(b.title)}</h2><table><tbody>{''.join(rows)}</tbody></table>{notes}</section>")
    st.html(f'<div class="jm-rk">{"".join(parts)}</div>')


def fact_rows(head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A small table of texts (provider text escaped)."""
    th = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    st.html(f'<table class="jm-table jm-actions"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>')


def cards(items: Sequence[Card]) -> None:
    parts = []
    for c in items:
        subs = "".join(f'<div class="jm-sub">{html.escape(line)}</div>' for line in c.lines)
        parts.append(
            f'<div class="jm-card"><div class="jm-card-label">{html.escape(c.label)}</div>'
            f'<span class="jm-value">{html.escape(c.value)}</span>{badge(c.status)}{subs}</div>'
        )
    st.html(f'<div class="jm-cards">{"".join(parts)}</div>')


def bullet_list(lines: Sequence[str]) -> None:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    st.html(f'<ul class="jm-lines">{items}</ul>')


# --- printed reports ----------------------------------------------------------------------

REPORT_TITLES = {"briefing": "Wethouderbriefing (PDF)", "kwartaal": "Kwartaalrapportage (PDF)", "regiekaart": "Regiekaart (PDF)"}
REPORT_STEMS = {"briefing": "wethouderbriefing", "kwartaal": "kwartaalrapportage", "regiekaart": "regiekaart"}


def _report_wanted(f: Filters, kind: str, providers: tuple[str, ...]) -> tuple:
    return (kind, f.version, data.report_period(f, kind).label, providers)


def report_buttons(f: Filters) -> None:
    """One button per report. Rendering a PDF takes seconds, so it is made only when asked
    for ("maken"); then, for this period and these providers, the download button shows."""
    row = st.container(horizontal=True)
    for kind in ("briefing", "kwartaal"):
        report_button(row, f, kind, f.providers)


def report_button(row: DeltaGenerator, f: Filters, kind: str, providers: tuple[str, ...]) -> None:
    """The button that makes report `kind` about `providers`, then the one that downloads it."""
    title = REPORT_TITLES[kind]
    period = data.report_period(f, kind)
    state = f"_rapport_{kind}"
    wanted = _report_wanted(f, kind, providers)
    if st.session_state.get(state) != wanted:
        about = "voor de gekozen aanbieders" if kind != "regiekaart" else f"voor {', '.join(registers.short_name(p) for p in providers)}"
        row.button(
            f"{title} maken",
            key=f"rapport_{kind}_maken",
            icon=":material/picture_as_pdf:",
            help=f"Maakt de {title.removesuffix(' (PDF)').lower()} over {period.display()} {about} (enkele seconden).",
            on_click=st.session_state.__setitem__,
            args=(state, wanted),
        )
        return
    with row, st.spinner(f"{title} wordt gemaakt…"):
        pdf, why = data.report(f, kind, providers)
    if pdf is None:
        row.warning(f"{title}: {why}", icon=":material/info:")
        return
    download(
        row,
        title,
        partial(bytes, pdf),
        f"{REPORT_STEMS[kind]}-{period.label}-{'-'.join(providers)}.pdf",
        "application/pdf",
        f"rapport_{kind}",
        type="primary",
    )
