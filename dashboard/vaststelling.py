"""Established figures ("vaststellen", issue 12): a provider's verdict on its own figures of
a period (akkoord, or bezwaar with a reason), and the municipality's establishment of a
period, which records what the figures rest on (the deliveries with their hashes, the
norms, the register's state, the verdicts) and the figures themselves as JSON: the
kerncijfers and the kwartaalrapportage's data, per scope. Both tables are insert-only.

This module stores and reads; `dashboard.vaststellen` computes the figures to establish.
Who may give a verdict or establish is `dashboard.access`'s decision; the callers pass
only what the viewer may see."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from dashboard import registers, sql, store, textsafety, warehouse
from dashboard.periods import Period

VERDICTS = ("akkoord", "bezwaar")
VOORLOPIG, VASTGESTELD = "voorlopig", "vastgesteld"
ALL = "*"  # the scope key of all providers together
MAX_REASON = 2000


class VaststellingError(ValueError):
    """Refused, with a Dutch reason for the page or the CLI."""


def scope_key(providers: Sequence[str] | None) -> str | None:
    """`*` for all providers, the code for one, None for another selection (not kept)."""
    known = registers.provider_codes()
    if providers is None or set(providers) == set(known):
        return ALL
    chosen = [p for p in known if p in providers]
    return chosen[0] if len(chosen) == 1 else None


def scope_keys() -> tuple[str, ...]:
    """The scopes an establishment keeps figures for: all providers, and each provider."""
    return (ALL, *registers.provider_codes())


def providers_of(key: str) -> list[str] | None:
    return None if key == ALL else [key]


# --- verdicts ------------------------------------------------------------------------------


def check_verdict(period: Period, verdict: str, reason: str | None, today: date) -> str | None:
    """The reason as stored (None for akkoord); VaststellingError in Dutch when refused."""
    if verdict not in VERDICTS:
        raise VaststellingError(f"onbekend oordeel '{textsafety.printable(verdict)}'; kies akkoord of bezwaar")
    if period.end >= today:
        raise VaststellingError(f"{period.display()} is nog niet voorbij: een oordeel kan pas na afloop van de periode")
    if verdict == "akkoord":
        return None
    text = (reason or "").strip()
    if not text:
        raise VaststellingError("bij bezwaar is een reden verplicht: schrijf op welke cijfers niet kloppen en waarom")
    if len(text) > MAX_REASON:
        raise VaststellingError(f"de reden is te lang ({len(text)} tekens; hoogstens {MAX_REASON})")
    if textsafety.has_forbidden(text, prose=True):
        raise VaststellingError(f"de reden {textsafety.RULE}")
    return text


def record_verdict(
    db: Path,
    period: Period,
    provider: str,
    verdict: str,
    reason: str | None,
    by: str,
    today: date | None = None,
    demo: bool = False,
    writer: warehouse.Session | None = None,
) -> None:
    """Append a provider's verdict on its own figures of `period` (the newest counts)."""
    text = check_verdict(period, verdict, reason, today or date.today())
    if provider not in registers.provider_codes():
        raise VaststellingError(f"onbekende aanbieder '{textsafety.printable(provider)}'")
    params = {
        "periode": period.label,
        "aanbieder": provider,
        "oordeel": verdict,
        "reden": text,
        "demo": demo,
        "vastgelegd_op": datetime.now(),
        "door": by,
    }
    if writer is not None:
        _append_verdict(writer, params)
        return
    with warehouse.writer(db) as w:
        _append_verdict(w, params)


def _append_verdict(w: warehouse.Session, params: dict[str, Any]) -> None:
    newest = sql.query(w.con, "vaststelling/laatste_oordeel").item()
    if newest is not None and params["vastgelegd_op"] <= newest:  # two in one clock tick
        params["vastgelegd_op"] = newest + timedelta(microseconds=1)
    sql.query(w.con, "vaststelling/oordeel_toevoegen", **params)
    w.changed = True


def _ready(con: duckdb.DuckDBPyConnection) -> bool:
    """A database made before vaststellen has no such tables (a reader never creates them)."""
    return store.has_table(con, "vst_vaststelling") and store.has_table(con, "vst_oordeel")


def verdicts(db: Path | store.Database, period: Period, providers: Sequence[str]) -> list[dict]:
    """The newest verdict of each of `providers` (only those: the caller passes the
    viewer's scope) on its figures of `period`."""
    with store.reader(db) as con:
        if not _ready(con):
            return []
        frame = sql.query(con, "vaststelling/oordelen", periode=period.label, aanbieders=list(providers))
    return [_verdict_row(r) for r in frame.iter_rows(named=True)]


def _verdict_row(r: dict) -> dict:
    return {
        "aanbieder": r["aanbieder"],
        "oordeel": r["oordeel"],
        "reden": r["reden"],
        "door": r["door"],
        "op": r["vastgelegd_op"].isoformat(timespec="seconds"),
        "demo": bool(r["demo"]),
    }


# --- what figures rest on ----------------------------------------------------------------


def grounds(con: duckdb.DuckDBPyConnection, period: Period, providers: Sequence[str]) -> list[dict]:
    """The deliveries the figures of `period` rest on, with their hashes."""
    return list(sql.query(con, "vaststelling/grondslag", eind=period.end, aanbieders=list(providers)).iter_rows(named=True))


def norms(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return list(sql.query(con, "vaststelling/normen").iter_rows(named=True))


def register_state(con: duckdb.DuckDBPyConnection) -> dict:
    return sql.query(con, "vaststelling/registerstand").row(0, named=True)


# --- establishments --------------------------------------------------------------------------


@dataclass(frozen=True)
class Established:
    period: str
    on: datetime
    by: str
    deliveries: list[dict]
    norms: list[dict]
    register: dict
    verdicts: list[dict]
    kerncijfers: dict[str, dict]  # scope key -> the kerncijfers payload (without `stand`)
    report: dict[str, dict]  # scope key -> the kwartaalrapportage's data
    demo: bool

    def grounds_of(self, providers: Sequence[str]) -> list[dict]:
        return [d for d in self.deliveries if d["aanbieder"] in providers]


def record(
    w: warehouse.Session,
    period: Period,
    by: str,
    deliveries: list[dict],
    verdicts: list[dict],
    kerncijfers: dict[str, dict],
    report: dict[str, dict],
    demo: bool = False,
    now: datetime | None = None,
) -> None:
    """Append an establishment of `period` in the writer's copy. The deliveries must be
    what the copy holds now: a delivery that arrived while the figures were computed
    refuses the establishment (the figures would not rest on what is recorded)."""
    now = now or datetime.now()
    providers = list(registers.provider_codes())
    if grounds(w.con, period, providers) != deliveries:
        raise VaststellingError("er is intussen een nieuwe aanlevering binnengekomen; stel de periode opnieuw vast")
    newest = sql.query(w.con, "vaststelling/laatste_vaststelling").item()
    if newest is not None and now <= newest:
        now = newest + timedelta(microseconds=1)
    sql.query(
        w.con,
        "vaststelling/vaststelling_toevoegen",
        periode=period.label,
        vastgesteld_op=now,
        door=by,
        aanleveringen=_json(deliveries),
        normen=_json(norms(w.con)),
        register=_json(register_state(w.con)),
        oordelen=_json(verdicts),
        kerncijfers=_json(kerncijfers),
        rapport=_json(report),
        demo=demo,
    )
    w.changed = True


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def established(db: Path | store.Database, period: Period) -> Established | None:
    """The newest establishment of `period`, or None."""
    with store.reader(db) as con:
        if not _ready(con):
            return None
        frame = sql.query(con, "vaststelling/vaststelling", periode=period.label)
    if frame.is_empty():
        return None
    r = frame.row(0, named=True)
    return Established(
        period=r["periode"],
        on=r["vastgesteld_op"],
        by=r["door"],
        deliveries=json.loads(r["aanleveringen"]),
        norms=json.loads(r["normen"]),
        register=json.loads(r["register"]),
        verdicts=json.loads(r["oordelen"]),
        kerncijfers=json.loads(r["kerncijfers"]),
        report=json.loads(r["rapport"]),
        demo=bool(r["demo"]),
    )


def established_periods(db: Path | store.Database) -> list[dict]:
    """Every established period: `periode`, `vastgesteld_op`, `door`, `demo`; newest first."""
    with store.reader(db) as con:
        if not _ready(con):
            return []
        return list(sql.query(con, "vaststelling/vaststellingen").iter_rows(named=True))


def revision_note(db: Path | store.Database, file_name: str) -> str | None:
    """For a delivery just loaded: that it revises an established period (a month or its
    quarter), in Dutch; None otherwise (or when the name holds no period)."""
    from dashboard.errors import FileRejected
    from dashboard.filenames import parse_file_name

    try:
        period = parse_file_name(file_name).period
    except FileRejected:
        return None
    for p in dict.fromkeys((period, period.quarter())):
        est = established(db, p)
        if est is not None:
            return (
                f"let op: {p.display()} is vastgesteld op {est.on:%d-%m-%Y} door {est.by}; de cijfers van nu zijn "
                "'herzien na vaststelling', de vastgestelde blijven bewaard (zie Vaststellen)"
            )
    return None


# --- the stand of a period's figures ---------------------------------------------------------


def _flat(value: object, path: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for k, v in value.items():
            out |= _flat(v, f"{path}.{k}" if path else str(k))
        return out
    return {path: value}


def changed_figures(before: dict, now: dict) -> list[dict]:
    """The figures of two kerncijfers payloads that differ: `cijfer` (a path such as
    `aanbieders.ENVER.wachtlijst.wachtenden`), `vastgesteld` and `nu`."""
    a, b = _flat({k: v for k, v in before.items() if k != "stand"}), _flat({k: v for k, v in now.items() if k != "stand"})
    return [{"cijfer": k, "vastgesteld": a.get(k), "nu": b.get(k)} for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def changed_deliveries(before: list[dict], now: list[dict]) -> list[dict]:
    """Deliveries that count now but did not when the period was established (a
    re-delivery, or a file that came late), with what they replaced."""
    old = {d["id"] for d in before}
    by_slot = {(d["aanbieder"], d["soort"], d["periode"]): d for d in before}
    out = []
    for d in now:
        if d["id"] in old:
            continue
        replaced = by_slot.get((d["aanbieder"], d["soort"], d["periode"]))
        out.append(
            {
                "bestand": d["bestand"],
                "aanbieder": d["aanbieder"],
                "soort": d["soort"],
                "periode": d["periode"],
                "ontvangen_op": d["ontvangen_op"],
                "vervangt": replaced["bestand"] if replaced else None,
                "wijzigingen": d["wijzigingen"],
            }
        )
    return out


def stand(db: Path | store.Database, period: Period, providers: Sequence[str], live: dict, key: str | None) -> dict:
    """The `stand` object of kerncijfers: voorlopig or vastgesteld (when, by whom), and
    whether the figures were revised after the establishment, with what changed. `live` is
    the payload computed now for the scope `key` (see `scope_key`)."""
    est = established(db, period)
    result: dict[str, Any] = {
        "status": VOORLOPIG,
        "vastgesteld_op": None,
        "vastgesteld_door": None,
        "herzien_na_vaststelling": False,
        "wijzigingen": None,
        "oordelen": {v["aanbieder"]: {k: v[k] for k in ("oordeel", "reden", "door", "op")} for v in verdicts(db, period, providers)},
    }
    if est is None:
        return result
    with store.reader(db) as con:
        now = grounds(con, period, providers)
    deliveries = changed_deliveries(est.grounds_of(providers), now)
    figures = changed_figures(est.kerncijfers[key], live) if key in est.kerncijfers else []
    result |= {
        "status": VASTGESTELD,
        "vastgesteld_op": est.on.date().isoformat(),
        "vastgesteld_door": est.by,
        "herzien_na_vaststelling": bool(deliveries or figures),
        "wijzigingen": {"aanleveringen": deliveries, "cijfers": figures} if deliveries or figures else None,
    }
    return result
