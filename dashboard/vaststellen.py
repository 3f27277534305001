"""Establishing a period (`jeugdmonitor vaststellen`, the Vaststellen section of the
Aanleveringen page): the figures as they are now, computed once more through the same
roads as every output (`kerncijfers.build`, the kwartaalrapportage's `data`) for all
providers and for each provider, stored with what they rest on by `dashboard.vaststelling`.

Refused, in Dutch, when the period has not ended, has no data, lacks a delivery that was
expected, or was established before and nothing has changed since."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from dashboard import fmt, kerncijfers, registers, store, textsafety, vaststelling, warehouse
from dashboard.periods import Period
from dashboard.reports import common, quarterly, render
from dashboard.vaststelling import Established, VaststellingError

__all__ = ["VaststellingError", "establish"]


def _check_name(by: str) -> str:
    name = by.strip()
    if not name:
        raise VaststellingError("--door is verplicht: wie stelt de periode vast?")
    if textsafety.has_forbidden(name) or len(name) > 200:
        raise VaststellingError(f"de naam bij --door {textsafety.RULE}")
    return name


def establish(db: Path, period: Period, by: str, today: date | None = None, demo: bool = False) -> Established:
    """Establish `period`: the figures of now, with what they rest on. Returns what was
    recorded; VaststellingError (Dutch) when refused."""
    today = today or date.today()
    name = _check_name(by)
    if period.end >= today:
        raise VaststellingError(f"{period.display()} is nog niet voorbij: vaststellen kan pas na afloop van de periode")
    every = list(registers.provider_codes())
    with store.reader(db) as con:
        deliveries = vaststelling.grounds(con, period, every)
    payloads = {}
    for key in vaststelling.scope_keys():
        payload = kerncijfers.build(db, period, vaststelling.providers_of(key), today, with_stand=False)
        payloads[key] = payload
    if not kerncijfers.has_data(payloads[vaststelling.ALL]):
        raise VaststellingError(f"geen gegevens voor {period.display()}: er is niets om vast te stellen")
    gaps = common.missing(common.basis(db, period, None, today), [period])
    if gaps:
        raise VaststellingError(f"{period.display()} is niet compleet, dus niet vast te stellen: " + " ".join(g["tekst"] for g in gaps))
    earlier = vaststelling.established(db, period)
    if earlier is not None:
        now = vaststelling.stand(db, period, every, payloads[vaststelling.ALL], vaststelling.ALL)
        if not now["herzien_na_vaststelling"]:
            raise VaststellingError(
                f"{period.display()} is al vastgesteld op {fmt.day(earlier.on)} door {earlier.by}, en sindsdien is er niets veranderd"
            )
    # Two scopes at a time: much of a report's time is outside Python's lock (DuckDB's
    # queries, the chart renderer), so the second overlaps the first.
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = dict(zip(vaststelling.scope_keys(), pool.map(lambda key: _report(db, period, key, today), vaststelling.scope_keys())))
    reports = {key: data for key, data in made.items() if data is not None}
    verdicts = vaststelling.verdicts(db, period, every)
    with warehouse.writer(db) as w:
        vaststelling.record(w, period, name, deliveries, verdicts, payloads, reports, demo=demo)
    recorded = vaststelling.established(db, period)
    assert recorded is not None
    return recorded


def _report(db: Path, period: Period, key: str, today: date) -> dict | None:
    """The kwartaalrapportage's data for one scope, or None for a provider without any
    figure for the period. Kept as JSON: each chart's text alternative goes along as `alt`
    (an Svg's own is lost in JSON)."""
    try:
        return render.with_alt(quarterly.live_data(db, period, vaststelling.providers_of(key), today))
    except common.GeenGegevens:
        return None
