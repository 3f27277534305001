"""`<AANBIEDER>_<soort>_<periode>.<csv|xlsx>` (data/aanleverspecificatie.md, "Bestanden")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashboard import textsafety
from dashboard.contract import KINDS
from dashboard.errors import FileRejected, Finding
from dashboard.periods import Period, PeriodError, parse_period
from dashboard.registers import provider_codes

_NAME = re.compile(r"^(?P<provider>[^_]+)_(?P<kind>[^_]+)_(?P<period>[^_.]+)\.(?P<ext>[A-Za-z]+)$")
EXTENSIONS = ("csv", "xlsx")
# As plain text for messages (shown literally, also in the dashboard: no Markdown backticks);
# the delivery specification quotes it as code.
CONVENTION_TEXT = "AANBIEDER_soort_periode.csv of .xlsx, bijvoorbeeld JBRR_wachtlijst_2024-06.csv"
MAX_NAME = 200
CONVENTION = "`<AANBIEDER>_<soort>_<periode>.<csv|xlsx>`, bijvoorbeeld `JBRR_wachtlijst_2024-06.csv`"


@dataclass(frozen=True)
class FileName:
    provider: str
    kind: str
    period: Period
    ext: str


def parse_file_name(name: str) -> FileName:
    name = Path(name).name

    def reject(rule: str) -> FileRejected:
        return FileRejected(Finding(name, rule))

    if len(name) > MAX_NAME:
        raise reject(f"bestandsnaam is {len(name)} tekens; hoogstens {MAX_NAME}: {CONVENTION_TEXT}")
    if textsafety.has_forbidden(name):
        raise reject(f"bestandsnaam {textsafety.RULE}: {CONVENTION_TEXT}")
    m = _NAME.match(name)
    if not m:
        raise reject(f"bestandsnaam volgt de afspraak niet: {CONVENTION_TEXT}")
    ext = m["ext"].lower()
    if ext not in EXTENSIONS:
        raise reject(f"bestandstype '.{m['ext']}' wordt niet aangenomen; lever .csv of .xlsx")
    provider = m["provider"]
    if provider not in provider_codes():
        raise reject(f"onbekende aanbieder '{provider}' in de bestandsnaam; bekend zijn: " + ", ".join(provider_codes()))
    kind = m["kind"].lower()
    if kind not in KINDS:
        raise reject(f"onbekende soort '{m['kind']}' in de bestandsnaam; bekend zijn: " + ", ".join(KINDS))
    try:
        period = parse_period(m["period"])
    except PeriodError as e:
        raise reject(f"periode in de bestandsnaam: {e}") from None
    today = date.today()
    if period.start > today:
        # It would also become everyone's default view, as the newest period.
        raise reject(
            f"periode {period.label} in de bestandsnaam is nog niet begonnen (vandaag is "
            f"{today:%d-%m-%Y}); lever alleen over een periode die al loopt of voorbij is"
        )
    return FileName(provider, kind, period, ext)
