"""Cached access to the figures. Every cache key holds `store.data_version(db)`, which
changes when a writer swaps in a new delivery, so a new delivery shows without a restart
(also one loaded by a separate `jeugdmonitor ingest`), and the periods and providers asked
for, so each period is cached on its own. Nothing here computes a figure."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from dashboard import (
    actions,
    audit,
    deadlines,
    figures,
    ingest,
    kerncijfers,
    notes,
    overview,
    regiekaart,
    register,
    reports,
    vaststellen,
    vaststelling,
)
from dashboard.errors import Finding
from dashboard.figures import Scope
from dashboard.periods import Period, parse_period
from dashboard.register import MEETING as MEETING  # the pages name an agreement by its source's kind

if TYPE_CHECKING:
    from dashboard.app.filters import Filters

Version = tuple[int, int, int] | None
Need = tuple[str, Sequence[Period] | None] | tuple[str, Sequence[Period] | None, dict[str, str]]
PARALLEL = 4

_FIGURES: dict[str, Callable[..., pl.DataFrame]] = {
    f.__name__: f
    for f in (
        figures.wachtlijst,
        figures.wachtlijst_per_product,
        figures.wachtlijst_verdeling,
        figures.wachtlijst_stroom,
        figures.verwachte_doorlooptijd,
        figures.gestart,
        figures.gestart_per_product,
        figures.personeel,
        figures.caseload,
        figures.doorlooptijden,
        figures.geleverd,
        figures.verwachte_aanleveringen,
        figures.ijw,
        figures.ijw_kruiscontrole,
    )
}


@st.cache_data(show_spinner=False, max_entries=2000)
def _figure(
    name: str,
    db: str,
    version: Version,
    periods: tuple[str, ...],
    providers: tuple[str, ...],
    today: date,
    dimensie: str | None,
    niveau: str | None,
    aanbieder: str | None = None,
) -> pl.DataFrame:
    scope = Scope.of(periods, providers, today)
    # Only the rows asked for, read as such: a trend of providers need not read (and cache) every team.
    extra = {"dimensie": dimensie} if dimensie else {k: v for k, v in (("niveau", niveau), ("aanbieder", aanbieder)) if v}
    return _FIGURES[name](Path(db), scope, **extra)


def figure(
    name: str,
    f: Filters,
    periods: Sequence[Period] | None = None,
    dimensie: str | None = None,
    niveau: str | None = None,
    aanbieder: str | None = None,
) -> pl.DataFrame:
    """`figures.<name>` for the chosen providers and `periods` (default: the chosen period);
    for personeel and caseload optionally only one `niveau` (team, aanbieder, totaal) and
    only one of the chosen providers (`aanbieder`)."""
    chosen = periods or ([f.period] if f.period else [])
    labels = tuple(p.label for p in chosen)
    return _figure(name, str(f.db), f.version, labels, f.providers, f.today, dimensie, niveau, aanbieder)


def _parallel(calls: Sequence[Callable[[], object]]) -> None:
    """Run cached calls at once. Each figure opens its own read-only connection, and opening
    one costs more as the database grows; DuckDB does that work outside the GIL, so a page's
    queries overlap instead of queueing."""
    ctx = get_script_run_ctx()

    def run(call: Callable[[], object]) -> object:
        add_script_run_ctx(threading.current_thread(), ctx)  # st.cache_data needs the session
        return call()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        list(pool.map(run, calls))


def prefetch(f: Filters, *needs: Need) -> None:
    """Fetch the figures a page is about to ask for, concurrently; its own calls then hit
    the cache. A need is (mart, periods or None for the chosen period[, {dimensie/niveau}])."""
    _parallel([partial(figure, n[0], f, n[1], **(n[2] if len(n) > 2 else {})) for n in needs])


# One side thread for the whole server: warming is work nobody waits for yet, so it never
# takes more than one of the machine's cores from the pages being drawn.
_WARMER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jeugdmonitor-warm")


def warm(f: Filters, period: Period | None, *calls: Callable[[Filters], object]) -> None:
    """Fill the shared caches in the background with what `calls` return for `period` and
    otherwise the same filters, after the page has been drawn: the rerun that asks for them
    next (the month/quarter switch: a whole new period's figures, about half a second on
    a cold cache) then finds them ready, or waits for the computation already under way,
    since st.cache_data computes one key once. Each call on its own: one that fails shows
    its error when the page itself asks for it."""
    if period is None or period == f.period:
        return
    other = replace(f, period=period)
    for call in calls:
        _WARMER.submit(call, other)


@st.cache_data(show_spinner=False, max_entries=200)
def _overview(
    db: str, version: Version, period: str, providers: tuple[str, ...], today: date, addressees: tuple[str, ...], on: date
) -> overview.Overzicht:
    return overview.build(Path(db), parse_period(period), providers, today, addressees, on)


def headline(f: Filters) -> overview.Overzicht:
    assert f.period is not None
    return _overview(str(f.db), f.version, f.period.label, f.providers, f.today, f.addressees, f.register_on)


@st.cache_data(show_spinner=False, max_entries=200)
def _actions(
    db: str, version: Version, period: str, providers: tuple[str, ...], today: date, addressees: tuple[str, ...], on: date
) -> actions.Actielijst:
    return actions.build(Path(db), parse_period(period), providers, today, addressees, on)


def action_list(f: Filters) -> actions.Actielijst:
    """Wat vraagt actie, for the chosen period and providers and the viewer's addressees."""
    assert f.period is not None
    return _actions(str(f.db), f.version, f.period.label, f.providers, f.today, f.addressees, f.register_on)


@st.cache_data(show_spinner=False, max_entries=200)
def _card(db: str, version: Version, period: str, provider: str, today: date, addressees: tuple[str, ...], on: date) -> regiekaart.Card:
    return regiekaart.build(Path(db), parse_period(period), provider, today, addressees, on)


def card(f: Filters, provider: str) -> regiekaart.Card:
    """The regiekaart of one provider the viewer may see (else PermissionError)."""
    assert f.period is not None
    if provider not in f.providers:
        raise PermissionError(provider)
    return _card(str(f.db), f.version, f.period.label, provider, f.today, f.addressees, f.register_on)


@st.cache_data(show_spinner=False, max_entries=50)
def _months(db: str, version: Version) -> tuple[str, ...]:
    return tuple(p.label for p in figures.months_with_data(Path(db)))


@st.cache_data(show_spinner=False, max_entries=50)
def _complete(db: str, version: Version, months: tuple[str, ...]) -> tuple[str, ...]:
    if not months:
        return ()
    delivered = figures.geleverd(Path(db), Scope.of(list(months)))
    return tuple(overview.complete_months(delivered, months))


def newest_complete(db: Path, version: Version, months: tuple[str, ...]) -> str | None:
    """The default period: the newest month every provider delivered what it owes."""
    done = _complete(str(db), version, months)
    return done[0] if done else (months[0] if months else None)


def months_with_data(db: Path, version: Version) -> tuple[str, ...]:
    # The delivery log is needed on every page too (demo banner): fetch both at once.
    _parallel([lambda: _months(str(db), version), lambda: _deliveries(str(db), version)])
    return _months(str(db), version)


@st.cache_data(show_spinner=False, max_entries=50)
def _deliveries(db: str, version: Version) -> pl.DataFrame:
    return figures.aanleveringen(Path(db))


def deliveries(f: Filters) -> pl.DataFrame:
    """The delivery log of the chosen providers, newest first."""
    log = _deliveries(str(f.db), f.version)
    return log.filter(pl.col("aanbieder").is_in(list(f.providers)))


def is_demo(f: Filters) -> bool:
    log = _deliveries(str(f.db), f.version)
    return bool(log.filter(pl.col("status") == "geladen")["demo"].any()) if log.height else False


@st.cache_data(show_spinner=False, max_entries=100)
def _measures(db: str, version: Version, on: date, addressees: tuple[str, ...]) -> pl.DataFrame:
    return register.measures(Path(db), on, list(addressees))


def addressees(f: Filters) -> tuple[str, ...]:
    return f.addressees


def measures(f: Filters) -> pl.DataFrame:
    """The register's improvement measures for the municipality and the chosen providers, as
    they stand on `f.register_on` (today, or the chosen period's end). A measure linked to a
    figure of a provider outside the viewer's scope is shown without it."""
    frame = _measures(str(f.db), f.version, f.register_on, f.addressees)
    hidden = pl.col("indicator_aanbieder").is_not_null() & ~pl.col("indicator_aanbieder").is_in(list(f.providers))
    link = (
        "cijfer",
        "indicator_aanbieder",
        "indicator_product",
        "indicator_team",
        "vergelijking",
        "doel",
        "doeldatum",
        "oordeel",
        "indicator_waarde",
        "indicator_maand",
        "indicator_basis",
        "indicator_reeks",
    )
    return frame.with_columns(pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in link if c in frame.columns)


def register_on(f: Filters) -> date:
    return f.register_on


@st.cache_data(show_spinner=False, max_entries=50)
def _register_tree(db: str, version: Version, scope: tuple[str, ...] | None) -> list[dict]:
    # As exported: every report and recommendation, also those without measures yet.
    return register.tree(Path(db), scope)


def _register_scope(f: Filters) -> tuple[str, ...] | None:
    """The whole register for municipal roles; for a provider only what is addressed to it."""
    return None if f.viewer.sees_unattributed else tuple(f.viewer.addressees)


def register_tree(f: Filters) -> list[dict]:
    """Reports with their recommendations (current versions), as in the register's export."""
    return _register_tree(str(f.db), f.version, _register_scope(f))


@st.cache_data(show_spinner=False, max_entries=200)
def _history(db: str, version: Version, ids: tuple[str, ...]) -> pl.DataFrame:
    return register.history(Path(db), list(ids))


def history(f: Filters, ids: Sequence[str]) -> pl.DataFrame:
    """The status history of measures (those the viewer may see), oldest first, with who and
    when recorded each entry."""
    visible = set(measures(f)["id"].to_list())
    return _history(str(f.db), f.version, tuple(i for i in ids if i in visible))


# --- register changes: the page never sees a RegisterError, only its Dutch problems -------

REGISTER_ACTIONS: dict[str, Callable[..., object]] = {
    "status": register.add_status,
    "maatregel": register.add_measure,
    "indicator": register.link_indicator,
    "rapport": register.add_report,
    "aanbeveling": register.add_recommendation,
    "afspraak": register.add_agreement,
}
STATUSES, STATUS_LABELS, ADDRESSEES, MUNICIPALITY = register.STATUSES, register.STATUS_LABELS, register.ADDRESSEES, register.MUNICIPALITY


def editor(f: Filters, typed: str) -> str:
    """Who a register change is recorded by: the logged-in person, or (unsecured local use,
    nobody logged in) the name typed in the form."""
    return typed if f.viewer.local else f.viewer.name


NOT_ALLOWED = "u mag het register niet wijzigen: dat mag alleen de rol gemeente-beheer"


def change_register(f: Filters, action: str, door: str, *target: str, **fields: object) -> list[str]:
    """Apply one change from a form; the problems as Dutch texts (none: it was saved). The
    caches follow by themselves: the write changes the data version."""
    if not f.viewer.may_edit:
        return [NOT_ALLOWED]
    try:
        REGISTER_ACTIONS[action](f.db, editor(f, door), *target, **fields)
    except register.RegisterError as e:
        return [form_problem(p) for p in e.problems]
    return []


# The register's field names as the forms label them: a form's error names what the user sees.
FORM_LABELS = {
    "door": "Door wie (uw naam)",
    "adressaat": "Adressaat",
    "omschrijving": "Omschrijving",
    "eigenaar": "Eigenaar",
    "deadline": "Deadline",
    "status": "Status",
    "datum": "Datum",
    "toelichting": "Toelichting",
    "bewijs": "Bewijs",
    "cijfer": "Cijfer",
    "aanbieder": "Aanbieder",
    "product": "Product",
    "team": "Team",
    "vergelijking": "Vergelijking",
    "doel": "Doel",
    "doeldatum": "Doeldatum",
    "nummer": "Nummer",
    "tekst": "Tekst van de aanbeveling",
    "bevinding": "Bevinding",
    "adressaten": "Adressaten",
    "instantie": "Instantie",
    "titel": "Titel",
    "bron": "Bron",
    "id": "Id",
}


def form_problem(p: register.Problem) -> str:
    """A problem with a form, as 'Omschrijving: verplicht veld ontbreekt of is leeg'."""
    label = FORM_LABELS.get(p.field, p.field) if p.field else None
    value = f" ('{p.value}')" if p.value is not None else ""
    return f"{label}: {p.rule}{value}" if label else f"{p.rule}{value}"


def export_register(f: Filters) -> str:
    """The register as the viewer may see it (a provider: what is addressed to it)."""
    return register.export_yaml(f.db, _register_scope(f))


def import_register(f: Filters, blob: bytes, door: str, name: str) -> tuple[dict | None, list[str]]:
    """(rows added per kind, problems)."""
    if not f.viewer.may_edit:
        return None, [NOT_ALLOWED]
    try:
        return register.import_yaml(f.db, blob, editor(f, door), source=name), []
    except register.RegisterError as e:
        return None, [p.text() for p in e.problems]


# --- toelichtingen and the briefing text: the page never sees a NoteError ----------------


@st.cache_data(show_spinner=False, max_entries=200)
def _explanations(db: str, version: Version, providers: tuple[str, ...], period: str) -> list[notes.Explanation]:
    return notes.for_providers(Path(db), providers, parse_period(period))


def explanations(f: Filters, themes: Sequence[str] | None = None) -> list[notes.Explanation]:
    """The current toelichtingen on the chosen period (and its quarter or months) of the
    chosen providers the viewer may see (`f.providers` is already the viewer's scope)."""
    if f.period is None:
        return []
    wanted = set(themes or notes.THEMES)
    return [e for e in _explanations(str(f.db), f.version, f.viewer.scope(f.providers), f.period.label) if e.thema in wanted]


def explanation_history(f: Filters, e: notes.Explanation) -> list[notes.Explanation]:
    """The earlier versions of one toelichting the viewer sees (newest first, the current
    one left out)."""
    if f.period is None:
        return []
    same = [
        h
        for h in notes.history(f.db, f.viewer, f.period, f.viewer.scope(f.providers))
        if (h.aanbieder, h.periode, h.thema, h.namens) == (e.aanbieder, e.periode, e.thema, e.namens)
    ]
    return same[1:]


def write_explanation(f: Filters, aanbieder: str, periode: str, thema: str, tekst: str, typed: str) -> list[str]:
    """Save one toelichting within the viewer's rights (notes decides them); the problems in
    Dutch (none: saved)."""
    try:
        notes.add_explanation(f.db, f.viewer, aanbieder, periode, thema, tekst, editor(f, typed), today=f.today)
    except notes.NoteError as e:
        return e.problems
    return []


def briefing_established(f: Filters) -> datetime | None:
    """When the chosen period was established (its briefing text is then fixed), or None."""
    est = vaststelling.established(f.db, f.period) if f.period is not None else None
    return est.on if est else None


def briefing_text(f: Filters) -> dict | None:
    """The text for the wethouderbriefing of the chosen period (municipal roles): the newest,
    or for an established period the one it was established with."""
    return notes.briefing_text(f.db, f.viewer, f.period, briefing_established(f)) if f.period is not None else None


def write_briefing_text(f: Filters, tekst: str, typed: str) -> list[str]:
    if f.period is None:
        return ["kies eerst een periode"]
    if (on := briefing_established(f)) is not None:
        return [f"{f.period.display()} is vastgesteld op {on:%d-%m-%Y}: de tekst van de briefing ligt daarmee vast"]
    try:
        notes.set_briefing_text(f.db, f.viewer, f.period.label, tekst, editor(f, typed), today=f.today)
    except notes.NoteError as e:
        return e.problems
    return []


# --- delivery deadlines ---------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=50)
def _due(db: str, version: Version, providers: tuple[str, ...], today: date) -> list[deadlines.Due]:
    return deadlines.overview(Path(db), providers, today)


def due(f: Filters) -> list[deadlines.Due]:
    """Every delivery of the chosen providers that was due, with its deadline and state."""
    return _due(str(f.db), f.version, f.providers, f.today)


def deadline_rule() -> str:
    return deadlines.rule_text()


# --- vaststellen: verdicts and established periods -------------------------------------


@st.cache_data(show_spinner=False, max_entries=100)
def _stand(db: str, version: Version, period: str, providers: tuple[str, ...], today: date) -> dict:
    return kerncijfers.build(Path(db), parse_period(period), list(providers), today)["stand"]


def stand(f: Filters, period: Period) -> dict:
    """The `stand` of the period's figures for the chosen providers (kerncijfers): voorlopig
    or vastgesteld, revised since, what changed, and the verdicts of those providers only."""
    return _stand(str(f.db), f.version, period.label, f.providers, f.today)


@st.cache_data(show_spinner=False, max_entries=20)
def _established(db: str, version: Version) -> list[dict]:
    return vaststelling.established_periods(Path(db))


def established_periods(f: Filters) -> list[dict]:
    return _established(str(f.db), f.version)


def revision_note(f: Filters, file_name: str) -> str | None:
    """That a delivery just loaded revises an established period (vaststelling.revision_note)."""
    return vaststelling.revision_note(f.db, file_name)


def give_verdict(f: Filters, period: Period, provider: str, verdict: str, reason: str) -> list[str]:
    """A provider's verdict on its own figures (access.Viewer.may_judge); problems in Dutch."""
    if not f.viewer.may_judge(provider):
        return ["u mag alleen de cijfers van uw eigen organisatie beoordelen (rol aanbieder)"]
    try:
        vaststelling.record_verdict(f.db, period, provider, verdict, reason, f.viewer.name, today=f.today)
    except vaststelling.VaststellingError as e:
        return [str(e)]
    record(f, "oordeel", f"{provider} {period.label}: {verdict}")
    return []


def establish(f: Filters, period: Period, door: str) -> list[str]:
    """Establish the period (access.Viewer.may_establish); problems in Dutch."""
    if not f.viewer.may_establish:
        return ["vaststellen mag alleen de rol gemeente-beheer"]
    try:
        vaststellen.establish(f.db, period, editor(f, door), today=f.today)
    except vaststelling.VaststellingError as e:
        return [str(e)]
    record(f, "vaststelling", period.label)
    return []


# --- printed reports --------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=20)
def _report(
    kind: str, db: str, version: Version, period: str, providers: tuple[str, ...], today: date, addressees: tuple[str, ...], on: date
) -> bytes:
    # In a child process: a render that crashes ends that process, never the server.
    return reports.make(kind, Path(db), period, list(providers), today=today, adressaten=addressees, register_op=on)


def report_period(f: Filters, kind: str) -> Period:
    """The period a report is about: the chosen one; for the kwartaalrapportage with a month
    chosen, that month's quarter."""
    assert f.period is not None
    return f.period.quarter() if kind == "kwartaal" else f.period


def report(f: Filters, kind: str, providers: tuple[str, ...] | None = None) -> tuple[bytes | None, str]:
    """The PDF (cached per data version, period and providers), or why there is none. For a
    provider the report is about that provider alone, with only its own measures. A report
    about fewer providers (`providers`, the regiekaart: one) only of those the viewer may see."""
    period = report_period(f, kind)
    chosen = f.providers if providers is None else tuple(p for p in providers if p in f.providers)
    if not chosen:
        return None, "U hebt geen toegang tot de cijfers van deze aanbieder."
    try:
        # The same addressees and register date as the page the button is on.
        pdf = _report(
            kind,
            str(f.db),
            f.version,
            period.label,
            chosen,
            f.today,
            f.addressees,
            min(period.end, f.today) if f.register_at_period_end else f.register_on,
        )
    except reports.GeenGegevens as e:
        return None, str(e) or f"Geen gegevens voor {period.display()}."
    except reports.RenderFailed as e:
        return None, str(e)[:1].upper() + str(e)[1:] + "."
    # Once per session and report (a rerun shows the same PDF again; that is no new render).
    what = f"{kind} {period.label} voor {', '.join(chosen)}"
    done = st.session_state.setdefault("_rapporten_vastgelegd", set())
    if (what, f.version) not in done:
        done.add((what, f.version))
        record(f, "rapport", what)
    return pdf, ""


# --- the audit trail -----------------------------------------------------------------------


def record(f: Filters, event: str, what: str) -> None:
    audit.record(f.db, f.viewer.name, event, what)


def audit_log(f: Filters) -> pl.DataFrame:
    """The audit trail, newest first: for gemeente-beheer only (others get an empty frame)."""
    log = audit.read(f.db)
    return log if f.viewer.may_edit else log.clear()


# --- deliveries: rejected files and uploads --------------------------------------------------


def rejected(f: Filters) -> list[dict]:
    """Quarantined files of the chosen providers; files whose provider could not be read for
    the municipality, and for a provider only those it uploaded itself."""
    return ingest.rejected(f.db, f.providers, unattributed=f.viewer.sees_unattributed, door=f.viewer.name)


def upload(f: Filters, blobs: list[tuple[str, bytes]], progress: Callable[[int, int, str], None]) -> list[ingest.FileResult]:
    """The same ingest as the CLI, within the viewer's rights: gemeente-beheer any provider,
    a provider only its own extracts; other roles nothing."""
    if not f.viewer.may_upload_any:
        return [
            ingest.FileResult(
                name, ingest.Outcome.REJECTED, error_count=1, errors=[Finding(name, "u mag geen bestanden aanleveren met uw rol")]
            )
            for name, _ in blobs
        ]
    return ingest.upload(f.db, blobs, f.viewer.name, None if f.viewer.may_edit else f.viewer.providers, progress)
