"""Generate the synthetic iJw messages of the demo (DEMODATA) in ``data/demo/ijw/``.

Run as ``uv run python -m tests.ijw_demogen`` after ``tests.demogen``: the messages are
derived from the demo extracts. Seeded, so regenerating gives byte-identical files.

They describe the same journeys as the demo extracts: every ENVER `gestart` row of the
fourth quarter of 2024 gets its start message (JW305), and, where the registration lies
in that quarter, the request (JW315) and allocation (JW301) before it; a sample of those
still on ENVER's waitlist on 31-12-2024 who registered in the quarter have an allocation
without a start; some trajectories stop (JW307), a few prematurely; a few starts are sent with a
wrong date and then corrected (StatusAanlevering 2). The export window is that quarter:
messages dated before 1 October 2024 are not in it. Deliberate discrepancy: for November
2024 a quarter of ENVER's start messages is missing, so the cross-check with the
`gestart` extract flags "bron klopt niet" for ENVER in 2024-11.

The people are fictitious: BSNs only in the test range 999990000-999999999 (each passing
the eleven-test), invented birth dates, no names beyond "DEMODATA". Pseudonyms are made
with the public demo key (`pseudonym.DEMO_KEY`) when the demo is built; the ingest accepts
that key for demo data only."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from random import Random

from dashboard.ijw import bsn_valid
from dashboard.paths import DEMO

SEED = 20241231
PROVIDER, AGB, GEMEENTE = "ENVER", "98000022", "0599"
WINDOW = (date(2024, 10, 1), date(2024, 12, 31))
MONTHS = ("2024-10", "2024-11", "2024-12")
MISSING_MONTH, MISSING_SHARE = "2024-11", 0.25
WAITING_ALLOCATED = 150
PRODUCTS = {
    "AMBULANT": ("45", "45A01"),
    "DIAGNOSTIEK": ("45", "45D01"),
    "DAGBEHANDELING": ("41", "41A01"),
    "VERBLIJF": ("43", "43A01"),
    "PLEEGZORG": ("35", "35A01"),
    "CRISIS": ("46", "46A01"),
}
NS = "http://www.istandaarden.nl/ijw/3_2/{}/schema"
BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
CODES = {"jw315": "446", "jw301": "436", "jw305": "438", "jw307": "440"}
CONTAINERS = {"jw315": "AangevraagdeProducten", "jw301": "ToegewezenProducten", "jw305": "StartProducten", "jw307": "StopProducten"}


def _rows(name: str) -> list[dict[str, str]]:
    text = (DEMO / name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _day(text: str) -> date:
    d, m, y = text.split("-")
    return date(int(y), int(m), int(d))


def _test_bsns() -> list[str]:
    return [str(n) for n in range(999990000, 1000000000) if bsn_valid(str(n))]


class _Writer:
    def __init__(self) -> None:
        self.messages: list[tuple[str, bytes]] = []

    def add(self, kind: str, day: date, bsn: str, born: date, lines: str) -> None:
        n = len(self.messages) + 1
        sender, receiver = (GEMEENTE, AGB) if kind == "jw301" else (AGB, GEMEENTE)
        text = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<m:Bericht xmlns:m="{NS.format(kind)}" xmlns:b="{BASIS}">'
            f"<m:Header><m:BerichtCode>{CODES[kind]}</m:BerichtCode><m:BerichtVersie>3</m:BerichtVersie>"
            f"<m:BerichtSubversie>2</m:BerichtSubversie><m:Afzender>{sender}</m:Afzender>"
            f"<m:Ontvanger>{receiver}</m:Ontvanger><m:BerichtIdentificatie><b:Identificatie>DEMO{n:06d}"
            f"</b:Identificatie><b:Dagtekening>{day.isoformat()}</b:Dagtekening></m:BerichtIdentificatie>"
            "<m:XsdVersie><b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie>"
            "<b:BerichtXsdVersie>1.0.0</b:BerichtXsdVersie></m:XsdVersie></m:Header>"
            f"<m:Client><m:Bsn>{bsn}</m:Bsn><m:Geboortedatum><b:Datum>{born.isoformat()}</b:Datum>"
            "<b:DatumGebruik>1</b:DatumGebruik></m:Geboortedatum><m:Geslacht>0</m:Geslacht>"
            "<m:Naam><b:Geslachtsnaam><b:Achternaam>DEMODATA</b:Achternaam></b:Geslachtsnaam></m:Naam>"
            f"<m:{CONTAINERS[kind]}>{lines}</m:{CONTAINERS[kind]}></m:Client></m:Bericht>\n"
        )
        self.messages.append((f"DEMODATA_{kind.upper()}_{n:06d}.xml", text.encode()))


def _product(name: str) -> str:
    cat, code = PRODUCTS[name]
    return f"<m:Product><b:Categorie>{cat}</b:Categorie><b:Code>{code}</b:Code></m:Product>"


def messages() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every demo message, in the order a backoffice would export them."""
    rng = Random(SEED)
    started = [r for month in MONTHS for r in _rows(f"{PROVIDER}_gestart_{month}.csv")]
    waiting = [r for r in _rows(f"{PROVIDER}_wachtlijst_2024-12.csv") if _day(r["aanmelddatum"]) >= WINDOW[0]]
    # The test range holds 909 valid BSNs: a sample of those waiting gets an allocation.
    waiting = rng.sample(waiting, min(len(waiting), WAITING_ALLOCATED))
    bsns = iter(_test_bsns())
    people: dict[str, tuple[str, date]] = {}

    def person(client_id: str) -> tuple[str, date]:
        if client_id not in people:
            people[client_id] = (next(bsns), date(2024 - rng.randint(4, 17), rng.randint(1, 12), rng.randint(1, 28)))
        return people[client_id]

    events: list[tuple[date, str, str, str]] = []  # (date, kind, client_id, product lines)
    for i, r in enumerate(started + waiting):
        product = r["product"]
        registered = _day(r["aanmelddatum"])
        start = _day(r["startdatum"]) if "startdatum" in r else None
        last = start or WINDOW[1]
        asked = min(registered + timedelta(days=rng.randint(0, 3)), last)
        allocated = min(asked + timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 7, 8, 12))), last)
        ref, number = f"REF{i:06d}", f"TW{i:07d}"
        events.append(
            (
                asked,
                "jw315",
                r["client_id"],
                f"<m:AangevraagdProduct><m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder>{_product(product)}"
                f"<m:ToewijzingIngangsdatum>{asked.isoformat()}</m:ToewijzingIngangsdatum>"
                "<m:Verwijzer><b:Type>01</b:Type></m:Verwijzer></m:AangevraagdProduct>",
            )
        )
        events.append(
            (
                allocated,
                "jw301",
                r["client_id"],
                f"<m:ToegewezenProduct><m:ToewijzingNummer>{number}</m:ToewijzingNummer>"
                f"<m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder>{_product(product)}"
                f"<m:Toewijzingsdatum>{allocated.isoformat()}</m:Toewijzingsdatum>"
                f"<m:Toewijzingstijd>09:00:00</m:Toewijzingstijd>"
                f"<m:Ingangsdatum>{allocated.isoformat()}</m:Ingangsdatum></m:ToegewezenProduct>",
            )
        )
        if start is None:
            continue
        if start.strftime("%Y-%m") == MISSING_MONTH and rng.random() < MISSING_SHARE:
            continue  # the deliberate gap: these starts were never reported in the traffic

        def start_line(begin: date, status: str, number: str = number, product: str = product) -> str:
            return (
                f"<m:StartProduct><m:ToewijzingNummer>{number}</m:ToewijzingNummer>{_product(product)}"
                f"<m:Begindatum>{begin.isoformat()}</m:Begindatum>"
                f"<m:StatusAanlevering>{status}</m:StatusAanlevering></m:StartProduct>"
            )

        if rng.random() < 0.03 and start - timedelta(days=3) >= WINDOW[0]:
            events.append((start, "jw305", r["client_id"], start_line(start - timedelta(days=3), "1")))
            events.append((min(start + timedelta(days=2), WINDOW[1]), "jw305", r["client_id"], start_line(start, "2")))
        else:
            events.append((start, "jw305", r["client_id"], start_line(start, "1")))
        end = start + timedelta(days=rng.randint(10, 80))
        if end <= WINDOW[1] and rng.random() < 0.4:
            reason = rng.choice(("31",) * 6 + ("32", "33", "34", "35"))
            events.append(
                (
                    end,
                    "jw307",
                    r["client_id"],
                    f"<m:StopProduct><m:ToewijzingNummer>{number}</m:ToewijzingNummer>{_product(product)}"
                    f"<m:Begindatum>{start.isoformat()}</m:Begindatum>"
                    f"<m:RedenBeeindiging>{reason}</m:RedenBeeindiging><m:Einddatum>{end.isoformat()}"
                    "</m:Einddatum><m:StatusAanlevering>1</m:StatusAanlevering></m:StopProduct>",
                )
            )
    out = _Writer()
    for day, kind, client_id, lines in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        if WINDOW[0] <= day <= WINDOW[1]:
            bsn, born = person(client_id)
            out.add(kind, day, bsn, born, lines)
    return out.messages


def main(out: Path = DEMO) -> None:
    """Write the messages into `out`/ijw (default data/demo/ijw; the reproducibility test
    writes elsewhere and compares), replacing only the files this generator writes."""
    folder = out / "ijw"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("DEMODATA_JW3*.xml"):
        old.unlink()
    made = messages()
    for name, data in made:
        (folder / name).write_bytes(data)
    print(f"{len(made)} iJw-berichten geschreven naar {folder}")


if __name__ == "__main__":
    main()
