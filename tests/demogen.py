"""Generate the synthetic demo extracts (DEMODATA) in ``data/demo/``.

Run as ``uv run python -m tests.demogen``. The output is fully determined by one seeded
``random.Random``: no other randomness and no dependence on today's date, so regenerating
gives byte-identical files.

Waiting lists are simulated as queues per (provider, product, wacht_op), month by month, so
that the waitlist snapshots, the ``gestart`` rows and the JBRR ``doorlooptijden`` describe
the same people. The JBRR figures of the July 2024 update (seeds/004) are reproduced exactly:
67 on the voogdij list on 2023-11-30, 112 on the JR list on 2023-06-30, both lists empty from
2024-06-30, and Cluster 7 with 320 OTS measures, caseload 24 -> 18 and 60 measures without a
fixed jeugdbeschermer on 2024-06-30.

The three providers deliver in deliberately different formats (separator, encoding, date and
decimal notation, booleans, CSV versus XLSX) so that the demo exercises every route of the
data contract.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

import xlsxwriter

SEED = 20240630
OUT_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
CORRECTIONS = "correcties"

MONTHS: list[tuple[int, int]] = [(y, m) for y in (2023, 2024) for m in range(1, 13)]
N = len(MONTHS)
PERIOD_START = date(2023, 1, 1)


# --------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------


def month_start(i: int) -> date:
    y, m = MONTHS[i]
    return date(y, m, 1)


def month_end(i: int) -> date:
    y, m = MONTHS[i]
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)


def month_label(i: int) -> str:
    y, m = MONTHS[i]
    return f"{y}-{m:02d}"


def rand_date(rng: Random, lo: date, hi: date) -> date:
    """Uniform date in [lo, hi] (hi < lo collapses to lo)."""
    span = max((hi - lo).days, 0)
    return lo + timedelta(days=rng.randint(0, span))


def count_draw(rng: Random, mean: float) -> int:
    """A Poisson-like count (normal approximation is plenty for a demo)."""
    return max(0, round(rng.gauss(mean, math.sqrt(max(mean, 1.0)))))


def binomial(rng: Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


def wander(rng: Random, base: float, n: int, step: float = 0.012, pull: float = 0.25) -> list[float]:
    """Mean-reverting random walk around ``base``: month-to-month figures that look real."""
    x, out = base, []
    for _ in range(n):
        x += pull * (base - x) + base * rng.gauss(0, step)
        out.append(x)
    return out


def ramp(points: dict[int, float]) -> list[float]:
    """Piecewise-linear curve over the 24 months through {month index: value}."""
    keys = sorted(points)
    out = []
    for i in range(N):
        lo = max((k for k in keys if k <= i), default=keys[0])
        hi = min((k for k in keys if k >= i), default=keys[-1])
        if lo == hi:
            out.append(points[lo])
        else:
            t = (i - lo) / (hi - lo)
            out.append(points[lo] + t * (points[hi] - points[lo]))
    return out


# --------------------------------------------------------------------------------------
# File formats: one per provider, on purpose different
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    encoding: str
    sep: str
    date_fmt: str
    decimal_comma: bool
    true: str
    false: str
    newline: str


JBRR_FMT = Fmt("utf-8", ",", "%Y-%m-%d", False, "ja", "nee", "\n")
# Excel-style export: BOM, CRLF, Dutch notation.
ENVER_FMT = Fmt("utf-8-sig", ";", "%d-%m-%Y", True, "ja", "nee", "\r\n")
# Older Windows system: cp1252, CRLF, and true/false booleans.
WIJK_FMT = Fmt("cp1252", ";", "%d-%m-%Y", True, "true", "false", "\r\n")

COLUMNS = {
    "wachtlijst": [
        "aanbieder",
        "peildatum",
        "client_id",
        "product",
        "wacht_op",
        "aanmelddatum",
        "urgentie",
        "overbrugging",
        "gebied",
        "leeftijd",
    ],
    "gestart": ["aanbieder", "client_id", "product", "aanmelddatum", "startdatum", "urgentie"],
    "personeel": [
        "aanbieder",
        "periode",
        "team",
        "functie",
        "bezetting_fte",
        "bezetting_personen",
        "instroom_personen",
        "uitstroom_personen",
        "vacatures_fte",
        "inhuur_fte",
        "verzuim_pct",
        "skj_geregistreerd_personen",
    ],
    "caseload": [
        "aanbieder",
        "peildatum",
        "team",
        "product",
        "casussen",
        "casushouders_fte",
        "zonder_vaste_casushouder",
        "contact_binnen_3_maanden",
    ],
    "doorlooptijden": [
        "aanbieder",
        "client_id",
        "product",
        "maatregel_id",
        "ontvangstdatum",
        "beoordeeld_op",
        "eerste_contact_op",
        "risicotaxatie_op",
        "mdo_op",
        "gezinsplan_op",
    ],
}


def fmt_value(v: object, fmt: Fmt) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return fmt.true if v else fmt.false
    if isinstance(v, date):
        return v.strftime(fmt.date_fmt)
    if isinstance(v, float):
        s = f"{v:.1f}"
        return s.replace(".", ",") if fmt.decimal_comma else s
    return str(v)


def write_csv(path: Path, soort: str, rows: list[dict], fmt: Fmt) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=fmt.sep, lineterminator=fmt.newline)
    cols = COLUMNS[soort]
    writer.writerow(cols)
    for row in rows:
        writer.writerow([fmt_value(row.get(c), fmt) for c in cols])
    # newline="" keeps our own line terminators; the encoding adds the BOM for utf-8-sig.
    with open(path, "w", encoding=fmt.encoding, newline="") as fh:
        fh.write(buf.getvalue())


def write_personeel_xlsx(path: Path, rows: list[dict], created: datetime) -> None:
    """ENVER's quarterly staff workbook: an explanation sheet first, the data on 'personeel'."""
    wb = xlsxwriter.Workbook(str(path))
    # A fixed creation time keeps the workbook byte-identical between runs.
    wb.set_properties({"title": "Personeel Enver", "author": "DEMODATA", "created": created})
    info = wb.add_worksheet("toelichting")
    info.write(
        0, 0, "Personeelsgegevens Enver per maand, team en functie (DEMODATA, fictief). De gegevens staan op het tabblad 'personeel'."
    )
    sheet = wb.add_worksheet("personeel")
    cols = COLUMNS["personeel"]
    for c, name in enumerate(cols):
        sheet.write_string(0, c, name)
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(cols):
            v = row.get(name)
            if v is None:
                continue  # optional value not delivered: leave the cell empty
            if isinstance(v, str):
                sheet.write_string(r, c, v)
            else:
                sheet.write_number(r, c, v)
    wb.close()


# --------------------------------------------------------------------------------------
# People on waiting lists
# --------------------------------------------------------------------------------------

GEBIEDEN = {  # Rotterdam areas, weighted roughly by number of young people
    "Centrum": 5,
    "Delfshaven": 12,
    "Overschie": 3,
    "Noord": 9,
    "Hillegersberg-Schiebroek": 6,
    "Kralingen-Crooswijk": 8,
    "Prins Alexander": 13,
    "Feijenoord": 12,
    "IJsselmonde": 9,
    "Charlois": 11,
    "Hoogvliet": 6,
    "Hoek van Holland": 2,
    "Pernis": 1,
    "Rozenburg": 2,
}


def pick_gebied(rng: Random) -> str:
    if rng.random() < 0.03:  # a few providers' records lack an area
        return ""
    return rng.choices(list(GEBIEDEN), weights=list(GEBIEDEN.values()))[0]


class IdSeq:
    """Pseudonymous client ids: a prefix plus a running number, never a bare BSN-like number."""

    def __init__(self, prefix: str, start: int):
        self.prefix, self.n = prefix, start

    def next(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:06d}"


@dataclass
class Person:
    client_id: str
    aanbieder: str
    product: str
    wacht_op: str
    aanmelddatum: date
    urgentie: str
    overbrugging: bool
    gebied: str
    age0: int
    bday_offset: int  # days since the last birthday at registration
    score: float  # queue order: lowest leaves first
    startdatum: date | None = None

    def leeftijd(self, on: date) -> int:
        return min(23, self.age0 + ((on - self.aanmelddatum).days + self.bday_offset) // 365)


@dataclass
class QueueSpec:
    aanbieder: str
    product: str
    wacht_op: str
    ids: IdSeq
    targets: list[int]  # waitlist size at each month end (exact)
    arrivals: list[float]  # mean registrations per month
    direct_share: list[float]  # share starting without joining the queue
    direct_delay: tuple[int, int]  # days from registration to start for those
    spill: bool = True  # may a direct start fall after month end (then they are on the snapshot)
    min_stay_days: int = 0  # anyone left waiting at month end has waited at least this long
    fifo_noise: float = 25.0  # sd in days on the queue position: "mostly FIFO"
    hard_share: float = 0.0  # complex cases that are passed over ...
    hard_delay: tuple[int, int] = (0, 0)  # ... by this many days
    backlog_age: int = 180  # typical age (days) of the 2023-01 backlog
    backlog_max_age: int = 364  # oldest registration before 2023-01-01
    overbrugging_p: float = 0.3
    age: tuple[int, int, int] = (0, 17, 9)  # low, high, mode
    spoed_p: float = 0.06


def new_person(rng: Random, spec: QueueSpec, aanmeld: date, hard: bool | None = None) -> Person:
    urgentie = "spoed" if rng.random() < spec.spoed_p else "regulier"
    score = aanmeld.toordinal() + rng.gauss(0, spec.fifo_noise)
    if urgentie == "spoed":
        score -= 14  # urgent cases move up the queue
    if hard is None:
        hard = rng.random() < spec.hard_share
    if hard:
        score += rng.randint(*spec.hard_delay)
    lo, hi, mode = spec.age
    return Person(
        client_id=spec.ids.next(),
        aanbieder=spec.aanbieder,
        product=spec.product,
        wacht_op=spec.wacht_op,
        aanmelddatum=aanmeld,
        urgentie=urgentie,
        overbrugging=rng.random() < spec.overbrugging_p,
        gebied=pick_gebied(rng),
        age0=min(hi, int(rng.triangular(lo, hi + 1, mode))),
        bday_offset=rng.randint(0, 364),
        score=score,
    )


def initial_backlog(rng: Random, spec: QueueSpec) -> list[Person]:
    """People already waiting on 2022-12-31. The oldest are complex cases that keep being
    passed over, so some of them are still waiting more than a year later."""
    people = []
    for _ in range(spec.targets[0]):
        if rng.random() < 0.2 and spec.hard_share > 0:
            age = rng.randint(spec.backlog_age, spec.backlog_max_age)
            people.append(new_person(rng, spec, PERIOD_START - timedelta(days=age), hard=True))
        else:
            age = min(spec.backlog_max_age, int(spec.backlog_age * rng.random() ** 0.8) + 1)
            people.append(new_person(rng, spec, PERIOD_START - timedelta(days=age)))
    return people


def simulate_queue(rng: Random, spec: QueueSpec) -> list[Person]:
    """Month by month: registrations arrive, some start directly, and the queue is cut so that
    exactly ``targets[i]`` people are waiting at the end of month i (the rest start that month).
    Waiting on a peildatum = registered by then and not yet started."""
    people = initial_backlog(rng, spec)
    for i in range(N):
        ms, me, target = month_start(i), month_end(i), spec.targets[i]
        for _ in range(count_draw(rng, spec.arrivals[i])):
            p = new_person(rng, spec, rand_date(rng, ms, me))
            if rng.random() < spec.direct_share[i]:
                p.startdatum = p.aanmelddatum + timedelta(days=rng.randint(*spec.direct_delay))
                if p.startdatum > me and not spec.spill:
                    p.startdatum = rand_date(rng, p.aanmelddatum, me)
            people.append(p)

        waiting = [p for p in people if p.startdatum is None]
        planned = [p for p in people if p.startdatum and p.startdatum > me and p.aanmelddatum <= me]
        n_stay = target - len(planned)
        if n_stay < 0:  # too many planned starts: bring some forward into this month
            for p in rng.sample(planned, -n_stay):
                p.startdatum = rand_date(rng, max(p.aanmelddatum, ms), me)
            n_stay = 0

        latest = me - timedelta(days=spec.min_stay_days)
        eligible = [p for p in waiting if p.aanmelddatum <= latest]
        while len(eligible) < n_stay:  # the list grows faster than registrations: add some
            p = new_person(rng, spec, rand_date(rng, ms, latest))
            people.append(p)
            waiting.append(p)
            eligible.append(p)

        eligible.sort(key=lambda p: p.score)
        stay = {id(p) for p in eligible[len(eligible) - n_stay :]} if n_stay else set()
        for p in waiting:
            if id(p) not in stay:
                p.startdatum = rand_date(rng, max(p.aanmelddatum, ms), me)
    return people


def waiting_on(people: list[Person], d: date) -> list[Person]:
    return [p for p in people if p.aanmelddatum <= d and (p.startdatum is None or p.startdatum > d)]


def started_in(people: list[Person], i: int) -> list[Person]:
    ms, me = month_start(i), month_end(i)
    return [p for p in people if p.startdatum and ms <= p.startdatum <= me]


def waitlist_rows(people: list[Person], i: int, overbrugging_all: bool = False) -> list[dict]:
    d = month_end(i)
    rows = [
        {
            "aanbieder": p.aanbieder,
            "peildatum": d,
            "client_id": p.client_id,
            "product": p.product,
            "wacht_op": p.wacht_op,
            "aanmelddatum": p.aanmelddatum,
            "urgentie": p.urgentie,
            "overbrugging": overbrugging_all or p.overbrugging,
            "gebied": p.gebied,
            "leeftijd": p.leeftijd(d),
        }
        for p in waiting_on(people, d)
    ]
    return rows


def gestart_rows(people: list[Person], i: int) -> list[dict]:
    return [
        {
            "aanbieder": p.aanbieder,
            "client_id": p.client_id,
            "product": p.product,
            "aanmelddatum": p.aanmelddatum,
            "startdatum": p.startdatum,
            "urgentie": p.urgentie,
        }
        for p in started_in(people, i)
    ]


def waitlist_file(rows: list[dict]) -> tuple[str, list[dict]]:
    """Rows in the order a provider's export would list them."""
    key = ("product", "wacht_op", "aanmelddatum", "client_id")
    return "wachtlijst", sorted(rows, key=lambda r: tuple(str(r[k]) for k in key))


def gestart_file(rows: list[dict]) -> tuple[str, list[dict]]:
    key = ("product", "startdatum", "client_id")
    return "gestart", sorted(rows, key=lambda r: tuple(str(r[k]) for k in key))


# --------------------------------------------------------------------------------------
# Staff (personeel): headcount paths turned into consistent in- and outflow
# --------------------------------------------------------------------------------------


@dataclass
class StaffLine:
    team: str
    functie: str
    personen: list[int]
    fte: list[float]
    skj_share: float | None = None  # None: SKJ registration not reported for this function
    vacancy_rate: float = 0.10
    hire_rate: float = 0.0


def small_headcount(rng: Random, base: int) -> list[int]:
    """A small team's headcount: mostly stable, now and then one more or one less."""
    x, out = base, []
    for _ in range(N):
        r = rng.random()
        if r < 0.03:
            x += 1
        elif r < 0.06:
            x -= 1
        x = min(max(x, max(1, base - 1)), base + 1)
        out.append(x)
    return out


def line_from_headcount(rng: Random, team: str, functie: str, personen: list[int], skj_share: float | None = None, **kw) -> StaffLine:
    part_time = rng.uniform(0.78, 0.95)
    fte = [round(p * part_time, 1) for p in personen]
    return StaffLine(team, functie, personen, fte, skj_share, **kw)


def line_from_fte(rng: Random, team: str, functie: str, fte: list[float], skj_share: float | None = None, **kw) -> StaffLine:
    part_time = rng.uniform(0.86, 0.9)
    personen = [max(1, round(f / part_time)) for f in fte]
    return StaffLine(team, functie, personen, list(fte), skj_share, **kw)


def staff_rows(
    rng: Random, aanbieder: str, lines: list[StaffLine], turnover: dict[int, float], verzuim: tuple[float, float]
) -> list[list[dict]]:
    """Rows per month. Leavers are drawn from last month's headcount at the yearly turnover
    rate; joiners follow so that headcount(m) = headcount(m-1) + instroom - uitstroom."""
    months: list[list[dict]] = [[] for _ in range(N)]
    for line in lines:
        prev = line.personen[0]
        for i in range(N):
            now = line.personen[i]
            out = binomial(rng, prev, turnover[MONTHS[i][0]] / 12)
            inn = now - prev + out
            if inn < 0:  # shrinking faster than natural turnover: more people left
                out, inn = out - inn, 0
            prev = now
            fte = line.fte[i]
            skj = None
            if line.skj_share is not None:
                skj = now - binomial(rng, now, 1 - line.skj_share)
            months[i].append(
                {
                    "aanbieder": aanbieder,
                    "periode": month_label(i),
                    "team": line.team,
                    "functie": line.functie,
                    "bezetting_fte": fte,
                    "bezetting_personen": now,
                    "instroom_personen": inn,
                    "uitstroom_personen": out,
                    "vacatures_fte": round(fte * line.vacancy_rate * rng.uniform(0.6, 1.4), 1),
                    "inhuur_fte": round(fte * line.hire_rate * rng.uniform(0.6, 1.4), 1),
                    "verzuim_pct": round(min(15.0, max(2.0, rng.gauss(*verzuim))), 1),
                    "skj_geregistreerd_personen": skj,
                }
            )
    return months


# --------------------------------------------------------------------------------------
# JBRR: Jeugdbescherming Rotterdam Rijnmond
# --------------------------------------------------------------------------------------

# Scripted waitlists (measures without a fixed jeugdbeschermer) from seeds/004.
JBRR_VOOGDIJ_LIST = [30, 33, 37, 40, 44, 48, 52, 56, 60, 63, 67, 58, 47, 36, 24, 13, 5, 0, 0, 0, 0, 0, 0, 0]
JBRR_JR_LIST = [80, 85, 91, 97, 104, 112, 108, 103, 97, 90, 82, 73, 62, 50, 38, 25, 12, 0, 0, 0, 0, 0, 0, 0]
JBRR_OTS_LIST = [112, 118, 121, 125, 128, 124, 127, 130, 126, 122, 120, 116, 104, 95, 86, 77, 68, 60, 52, 45, 38, 31, 25, 20]

# Cluster 7 (OTS only): (casussen, casushouders_fte). 336/14.0 = 24.0 on 2023-11-30 and
# 320/17.8 = 18.0 on 2024-06-30, then on towards the regular norm.
CLUSTER7 = [
    (305, 14.6),
    (308, 14.5),
    (311, 14.5),
    (314, 14.4),
    (318, 14.4),
    (321, 14.3),
    (324, 14.2),
    (327, 14.1),
    (330, 14.1),
    (333, 14.0),
    (336, 14.0),
    (334, 14.5),
    (331, 15.3),
    (329, 15.9),
    (327, 16.5),
    (325, 17.0),
    (322, 17.4),
    (320, 17.8),
    (316, 18.4),
    (312, 18.9),
    (309, 19.4),
    (305, 19.8),
    (302, 20.1),
    (300, 20.3),
]

JBRR_REGULAR = [f"Cluster {k}" for k in range(1, 7)]
JBRR_PRODUCTS = ["OTS", "VOOGDIJ", "JR"]
JBRR_BASE_CASES = {"OTS": 392, "VOOGDIJ": 88, "JR": 150}  # per regular cluster


def jbrr_queues(rng: Random) -> dict[str, list[Person]]:
    # From 2024 every new voogdij and JR measure is assigned at once (seeds/004).
    voogdij_direct = [0.5] * 12 + [1.0] * 12
    jr_direct = [0.6] * 12 + [1.0] * 12
    common = dict(direct_delay=(1, 10), spill=False, min_stay_days=8, fifo_noise=20, backlog_age=300, backlog_max_age=364)
    specs = {
        "OTS": QueueSpec(
            "JBRR",
            "OTS",
            "jeugdbeschermer",
            IdSeq("JB-OTS-", 41000),
            JBRR_OTS_LIST,
            [50.0] * N,
            [0.8] * N,
            overbrugging_p=0.7,
            age=(0, 17, 8),
            **common,
        ),
        "VOOGDIJ": QueueSpec(
            "JBRR",
            "VOOGDIJ",
            "jeugdbeschermer",
            IdSeq("JB-VGD-", 7000),
            JBRR_VOOGDIJ_LIST,
            [7.0] * N,
            voogdij_direct,
            overbrugging_p=0.6,
            age=(0, 17, 12),
            **common,
        ),
        "JR": QueueSpec(
            "JBRR",
            "JR",
            "jeugdbeschermer",
            IdSeq("JB-JR-", 23000),
            JBRR_JR_LIST,
            [20.0] * N,
            jr_direct,
            overbrugging_p=0.85,
            age=(12, 23, 16),
            **common,
        ),
    }
    return {product: simulate_queue(rng, spec) for product, spec in specs.items()}


def jbrr_caseload(rng: Random) -> list[list[dict]]:
    """Regular clusters 1-6 near the 14.5 norm (at or under it from 2024); Cluster 7 as scripted. The measures
    without a fixed jeugdbeschermer equal the waitlists: OTS all in Cluster 7, voogdij and JR
    spread over the regular clusters."""
    # Staff changes slowly, so each cluster's FTE is a smooth path; its cases follow from a
    # caseload that stays close to the 14.5 norm.
    base_cases = sum(JBRR_BASE_CASES.values())
    team_fte = {t: smooth_fte(rng, base_cases * rng.uniform(0.92, 1.08) / 14.5) for t in JBRR_REGULAR}
    team_norm = {t: wander(rng, rng.uniform(14.35, 14.65), N, step=0.004) for t in JBRR_REGULAR}
    mix = {(t, p): wander(rng, JBRR_BASE_CASES[p], N, step=0.01) for t in JBRR_REGULAR for p in JBRR_PRODUCTS}
    waitlists = {"VOOGDIJ": JBRR_VOOGDIJ_LIST, "JR": JBRR_JR_LIST}
    months = []
    for i in range(N):
        d, rows = month_end(i), []
        for t in JBRR_REGULAR:
            # 2023: staff shortage, some regular clusters just above the 14.5 norm; from
            # 2024 every regular cluster is at or under it, so only Cluster 7 exceeds it.
            low, high = (14.15, 14.85) if i < 12 else (13.85, 14.45)
            target = min(high, max(low, team_norm[t][i] - (0 if i < 12 else 0.25)))
            total = math.floor(team_fte[t][i] * target)
            n = dict(zip(JBRR_PRODUCTS, spread(total, [mix[t, p][i] for p in JBRR_PRODUCTS])))
            fte = split_fte(team_fte[t][i], n)
            for p in JBRR_PRODUCTS:
                rows.append(
                    {
                        "aanbieder": "JBRR",
                        "peildatum": d,
                        "team": t,
                        "product": p,
                        "casussen": n[p],
                        "casushouders_fte": fte[p],
                        "zonder_vaste_casushouder": 0,
                        "contact_binnen_3_maanden": round(n[p] * rng.uniform(0.86, 0.94)),
                    }
                )
        for p, counts in waitlists.items():
            mine = [r for r in rows if r["product"] == p]
            shares = spread(counts[i], [r["casussen"] for r in mine])
            for r, k in zip(mine, shares):
                r["zonder_vaste_casushouder"] = k
        n7, fte7 = CLUSTER7[i]
        contact7 = 0.75 + rng.uniform(-0.02, 0.02) if i < 12 else 0.77 + 0.11 * (i - 12) / 11
        rows.append(
            {
                "aanbieder": "JBRR",
                "peildatum": d,
                "team": "Cluster 7",
                "product": "OTS",
                "casussen": n7,
                "casushouders_fte": fte7,
                "zonder_vaste_casushouder": JBRR_OTS_LIST[i],
                "contact_binnen_3_maanden": round(n7 * contact7),
            }
        )
        months.append(rows)
    return months


def smooth_fte(rng: Random, base: float) -> list[float]:
    """A team's FTE month by month: small, slow changes (0.1 FTE steps)."""
    return [round(x, 1) for x in wander(rng, base, N, step=0.005, pull=0.15)]


def split_fte(total: float, cases: dict[str, int]) -> dict[str, float]:
    """Divide a team's FTE over its products in proportion to cases, summing exactly."""
    all_cases = sum(cases.values())
    keys = list(cases)
    out = {k: round(total * cases[k] / all_cases, 1) for k in keys[1:]}
    out[keys[0]] = round(total - sum(out.values()), 1)
    return {k: out[k] for k in keys}


def spread(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` in proportion to ``weights``."""
    raw = [total * w / sum(weights) for w in weights]
    out = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda k: raw[k] - out[k], reverse=True)
    for k in order[: total - sum(out)]:
        out[k] += 1
    return out


def jbrr_staff(rng: Random, caseload: list[list[dict]]) -> list[list[dict]]:
    """Jeugdbeschermer FTE per cluster equals the cluster's case-holding FTE."""

    def team_fte(team: str) -> list[float]:
        return [round(sum(r["casushouders_fte"] for r in rows if r["team"] == team), 1) for rows in caseload]

    lines = []
    for team in JBRR_REGULAR + ["Cluster 7"]:
        c7 = team == "Cluster 7"
        lines += [
            line_from_fte(rng, team, "jeugdbeschermer", team_fte(team), skj_share=0.96, vacancy_rate=0.105, hire_rate=0.042),
            line_from_headcount(rng, team, "gedragswetenschapper", small_headcount(rng, 1 if c7 else 2), skj_share=0.96, vacancy_rate=0.08),
            line_from_headcount(rng, team, "ondersteuner", small_headcount(rng, 3 if c7 else 1), vacancy_rate=0.05),
            line_from_headcount(rng, team, "leidinggevende", small_headcount(rng, 1), vacancy_rate=0.03),
        ]
    lines += [
        line_from_headcount(rng, "Staf", "overig", small_headcount(rng, 4), vacancy_rate=0.05),
        line_from_headcount(rng, "Staf", "leidinggevende", small_headcount(rng, 1), vacancy_rate=0.0),
    ]
    return staff_rows(rng, "JBRR", lines, turnover={2023: 0.245, 2024: 0.135}, verzuim=(7.0, 1.1))


def jbrr_doorlooptijden(rng: Random, queues: dict[str, list[Person]]) -> list[list[dict]]:
    """One row per measure received in the month, i.e. every JBRR registration. Process
    times shorten from 2023 to 2024; about 3% of milestones are not (yet) registered."""
    milestones = [
        ("beoordeeld_op", 0, 4),
        ("eerste_contact_op", 2, 10),
        ("risicotaxatie_op", 8, 25),
        ("mdo_op", 8, 25),
        ("gezinsplan_op", 25, 60),
    ]
    received = sorted(
        (p for ps in queues.values() for p in ps if p.aanmelddatum >= PERIOD_START), key=lambda p: (p.aanmelddatum, p.client_id)
    )
    months: list[list[dict]] = [[] for _ in range(N)]
    seq: dict[int, int] = {}
    for p in received:
        i = MONTHS.index((p.aanmelddatum.year, p.aanmelddatum.month))
        seq[p.aanmelddatum.year] = seq.get(p.aanmelddatum.year, 0) + 1
        power = 1.0 + 1.6 * i / (N - 1)  # higher power: more mass at the short end
        row = {
            "aanbieder": "JBRR",
            "client_id": p.client_id,
            "product": p.product,
            "maatregel_id": f"M{p.aanmelddatum.year}-{seq[p.aanmelddatum.year]:06d}",
            "ontvangstdatum": p.aanmelddatum,
        }
        done = 0  # milestones follow each other: never before the previous one
        for name, lo, hi in milestones:
            done = max(done, min(hi, lo + int((hi - lo + 1) * rng.random() ** power)))
            row[name] = None if rng.random() < 0.03 else p.aanmelddatum + timedelta(days=done)
        months[i].append(row)
    return months


def generate_jbrr(rng: Random) -> dict[str, tuple[str, list[dict]]]:
    queues = jbrr_queues(rng)
    caseload = jbrr_caseload(rng)
    staff = jbrr_staff(rng, caseload)
    doorloop = jbrr_doorlooptijden(rng, queues)
    files = {}
    for i in range(N):
        lab = month_label(i)
        wl, gs = [], []
        for people in queues.values():
            # In 2024 every waiting measure has a fixed contact person (Cluster 7 approach).
            wl += waitlist_rows(people, i, overbrugging_all=MONTHS[i][0] >= 2024)
            gs += gestart_rows(people, i)
        files[f"JBRR_wachtlijst_{lab}.csv"] = waitlist_file(wl)
        files[f"JBRR_gestart_{lab}.csv"] = gestart_file(gs)
        files[f"JBRR_personeel_{lab}.csv"] = ("personeel", staff[i])
        files[f"JBRR_caseload_{lab}.csv"] = ("caseload", caseload[i])
        files[f"JBRR_doorlooptijden_{lab}.csv"] = ("doorlooptijden", doorloop[i])
    return files


# --------------------------------------------------------------------------------------
# ENVER: youth care provider (long waits, XLSX staff file per quarter)
# --------------------------------------------------------------------------------------

# Worsening slowly through 2023, flat in spring/summer 2024, improving from autumn 2024.
ENVER_LEVEL = ramp({0: 0.92, 14: 1.05, 19: 1.05, 23: 0.86})

ENVER_TEAMS = [  # team, product, cases, cases per case-holding FTE
    ("Enver Ambulant Noord", "AMBULANT", 560, 14.0),
    ("Enver Ambulant Zuid", "AMBULANT", 620, 14.5),
    ("Enver Dagbehandeling", "DAGBEHANDELING", 85, 5.0),
    ("Enver Verblijf", "VERBLIJF", 110, 3.5),
    ("Enver Pleegzorg", "PLEEGZORG", 390, 17.0),
    ("Enver Crisisdienst", "CRISIS", 45, 4.0),
    ("Enver Diagnostiek", "DIAGNOSTIEK", 150, 9.0),
]


def enver_targets(rng: Random, base: int) -> list[int]:
    return [max(0, round(base * lvl * rng.uniform(0.97, 1.03))) for lvl in ENVER_LEVEL]


def enver_queues(rng: Random) -> dict[str, list[Person]]:
    amb_ids = IdSeq("EN-AMB-", 4000)  # one id range for both AMBULANT queues
    long_wait = dict(
        hard_share=0.10, hard_delay=(200, 450), backlog_age=200, backlog_max_age=425, fifo_noise=30
    )  # backlog back to late 2021
    specs = [
        QueueSpec(
            "ENVER",
            "AMBULANT",
            "intake",
            amb_ids,
            enver_targets(rng, 105),
            [60.0] * N,
            [0.4] * N,
            (5, 25),
            overbrugging_p=0.2,
            age=(4, 17, 12),
            **long_wait,
        ),
        QueueSpec(
            "ENVER",
            "AMBULANT",
            "behandeling",
            amb_ids,
            enver_targets(rng, 145),
            [35.0] * N,
            [0.2] * N,
            (10, 40),
            overbrugging_p=0.35,
            age=(4, 17, 12),
            **long_wait,
        ),
        QueueSpec(
            "ENVER",
            "DIAGNOSTIEK",
            "diagnostiek",
            IdSeq("EN-DIA-", 2000),
            enver_targets(rng, 120),
            [30.0] * N,
            [0.25] * N,
            (7, 30),
            overbrugging_p=0.15,
            age=(2, 17, 8),
            **long_wait,
        ),
        QueueSpec(
            "ENVER",
            "VERBLIJF",
            "plaatsing",
            IdSeq("EN-VER-", 900),
            enver_targets(rng, 60),
            [10.0] * N,
            [0.3] * N,
            (1, 14),
            overbrugging_p=0.6,
            age=(8, 17, 14),
            **long_wait,
        ),
        QueueSpec(
            "ENVER",
            "PLEEGZORG",
            "plaatsing",
            IdSeq("EN-PLZ-", 1200),
            enver_targets(rng, 45),
            [8.0] * N,
            [0.25] * N,
            (3, 21),
            overbrugging_p=0.55,
            age=(0, 17, 6),
            **long_wait,
        ),
        QueueSpec(
            "ENVER",
            "DAGBEHANDELING",
            "behandeling",
            IdSeq("EN-DAG-", 600),
            enver_targets(rng, 40),
            [7.0] * N,
            [0.2] * N,
            (10, 35),
            overbrugging_p=0.4,
            age=(2, 14, 6),
            **long_wait,
        ),
        # Crisis help has no waiting list: everyone starts the same or the next day.
        QueueSpec(
            "ENVER", "CRISIS", "behandeling", IdSeq("EN-CRI-", 3000), [0] * N, [25.0] * N, [1.0] * N, (0, 1), spill=False, age=(6, 17, 15)
        ),
    ]
    return {f"{s.product}/{s.wacht_op}": simulate_queue(rng, s) for s in specs}


def enver_caseload_and_staff(rng: Random) -> tuple[list[list[dict]], list[list[dict]]]:
    caseload: list[list[dict]] = [[] for _ in range(N)]
    lines = []
    # Staff shortage in 2023 pushes caseloads and cases without a fixed worker up.
    pressure = ramp({0: 1.04, 11: 1.08, 17: 1.03, 23: 0.97})
    for team, product, base_cases, per_fte in ENVER_TEAMS:
        fte_path = smooth_fte(rng, base_cases / per_fte)
        for i in range(N):
            fte = fte_path[i]
            n = round(fte * per_fte * pressure[i] * rng.uniform(0.98, 1.02))
            no_worker = 0.04 if i < 12 else 0.02
            caseload[i].append(
                {
                    "aanbieder": "ENVER",
                    "peildatum": month_end(i),
                    "team": team,
                    "product": product,
                    "casussen": n,
                    "casushouders_fte": fte,
                    "zonder_vaste_casushouder": round(n * no_worker * rng.uniform(0.3, 1.5)),
                    "contact_binnen_3_maanden": round(n * rng.uniform(0.86, 0.96)),
                }
            )
        lines += [
            line_from_fte(rng, team, "hulpverlener", fte_path, skj_share=0.9, vacancy_rate=0.12, hire_rate=0.07),
            line_from_headcount(
                rng, team, "gedragswetenschapper", small_headcount(rng, max(1, round(base_cases / 180))), skj_share=0.95, vacancy_rate=0.1
            ),
            line_from_headcount(rng, team, "ondersteuner", small_headcount(rng, 2), vacancy_rate=0.05),
            line_from_headcount(rng, team, "leidinggevende", small_headcount(rng, 1), vacancy_rate=0.03),
        ]
    lines += [
        line_from_headcount(rng, "Enver Staf", "overig", small_headcount(rng, 8), vacancy_rate=0.05),
        line_from_headcount(rng, "Enver Staf", "leidinggevende", small_headcount(rng, 2), vacancy_rate=0.0),
    ]
    staff = staff_rows(rng, "ENVER", lines, turnover={2023: 0.31, 2024: 0.13}, verzuim=(8.0, 1.3))
    return caseload, staff


def generate_enver(rng: Random) -> dict[str, tuple[str, list[dict]]]:
    queues = enver_queues(rng)
    caseload, staff = enver_caseload_and_staff(rng)
    files = {}
    for i in range(N):
        lab = month_label(i)
        wl, gs = [], []
        for people in queues.values():
            wl += waitlist_rows(people, i)
            gs += gestart_rows(people, i)
        files[f"ENVER_wachtlijst_{lab}.csv"] = waitlist_file(wl)
        files[f"ENVER_gestart_{lab}.csv"] = gestart_file(gs)
        files[f"ENVER_caseload_{lab}.csv"] = ("caseload", caseload[i])
    for q in range(N // 3):
        y, m = MONTHS[3 * q]
        rows = [r for i in range(3 * q, 3 * q + 3) for r in staff[i]]
        files[f"ENVER_personeel_{y}-Q{(m - 1) // 3 + 1}.xlsx"] = ("personeel", rows)
    return files


def enver_correction(files: dict[str, tuple[str, list[dict]]], rng: Random) -> list[dict]:
    """Re-delivery of May 2024: five people on the list had in fact already started. They are
    taken from those gone by June, so the correction keeps the flows between snapshots sane."""
    may = files["ENVER_wachtlijst_2024-05.csv"][1]
    june_ids = {r["client_id"] for r in files["ENVER_wachtlijst_2024-06.csv"][1]}
    gone = [r["client_id"] for r in may if r["client_id"] not in june_ids]
    drop = set(rng.sample(gone, 5))
    return [r for r in may if r["client_id"] not in drop]


# --------------------------------------------------------------------------------------
# WIJKTEAMS: municipal neighbourhood teams (cp1252 export)
# --------------------------------------------------------------------------------------

# The en dash in 'Noord – Oude Noorden' is byte 0x96 in cp1252: the encoding matters.
WIJK_TEAMS = [
    ("Wijkteam Centrum", 260),
    ("Wijkteam Delfshaven", 430),
    ("Wijkteam Noord – Oude Noorden", 340),
    ("Wijkteam Kralingen-Crooswijk", 300),
    ("Wijkteam Hillegersberg-Schiebroek", 220),
    ("Wijkteam Prins Alexander", 410),
    ("Wijkteam Feijenoord", 450),
    ("Wijkteam IJsselmonde", 330),
    ("Wijkteam Charlois", 400),
    ("Wijkteam Hoogvliet", 240),
]


def wijk_queue(rng: Random) -> list[Person]:
    # Seasonal: the list swells after the summer and again in spring; a little lower in 2024.
    targets = [
        round((300 + 30 * math.sin(2 * math.pi * (MONTHS[i][1] - 6) / 12) - (15 if i >= 12 else 0)) * rng.uniform(0.97, 1.03))
        for i in range(N)
    ]
    season = [0.85 if MONTHS[i][1] in (7, 8) else 1.0 for i in range(N)]
    spec = QueueSpec(
        "WIJKTEAMS",
        "ONDERSTEUNING",
        "ondersteuning",
        IdSeq("WT-", 12000),
        targets,
        [320.0 * s for s in season],
        [0.55] * N,
        (3, 28),
        fifo_noise=10,
        backlog_age=60,
        backlog_max_age=200,
        overbrugging_p=0.4,
        age=(0, 17, 10),
    )
    return simulate_queue(rng, spec)


def wijk_caseload_and_staff(rng: Random) -> tuple[list[list[dict]], list[list[dict]]]:
    caseload: list[list[dict]] = [[] for _ in range(N)]
    lines = []
    for team, base_cases in WIJK_TEAMS:
        per_fte = rng.uniform(17.0, 21.0)
        fte_path = smooth_fte(rng, base_cases / per_fte)
        for i in range(N):
            fte = fte_path[i]
            n = round(fte * per_fte * rng.uniform(0.97, 1.03))
            caseload[i].append(
                {
                    "aanbieder": "WIJKTEAMS",
                    "peildatum": month_end(i),
                    "team": team,
                    "product": "ONDERSTEUNING",
                    "casussen": n,
                    "casushouders_fte": fte,
                    "zonder_vaste_casushouder": round(n * rng.uniform(0.0, 0.03)),
                    "contact_binnen_3_maanden": round(n * rng.uniform(0.88, 0.97)),
                }
            )
        lines += [
            line_from_fte(rng, team, "wijkteammedewerker", fte_path, skj_share=0.65, vacancy_rate=0.07, hire_rate=0.03),
            line_from_headcount(rng, team, "gedragswetenschapper", small_headcount(rng, 2), skj_share=0.95, vacancy_rate=0.06),
            line_from_headcount(rng, team, "leidinggevende", small_headcount(rng, 1), vacancy_rate=0.0),
        ]
    staff = staff_rows(rng, "WIJKTEAMS", lines, turnover={2023: 0.2, 2024: 0.17}, verzuim=(6.0, 1.0))
    return caseload, staff


def generate_wijkteams(rng: Random) -> dict[str, tuple[str, list[dict]]]:
    people = wijk_queue(rng)
    caseload, staff = wijk_caseload_and_staff(rng)
    files = {}
    for i in range(N):
        lab = month_label(i)
        files[f"WIJKTEAMS_wachtlijst_{lab}.csv"] = waitlist_file(waitlist_rows(people, i))
        files[f"WIJKTEAMS_gestart_{lab}.csv"] = gestart_file(gestart_rows(people, i))
        files[f"WIJKTEAMS_personeel_{lab}.csv"] = ("personeel", staff[i])
        files[f"WIJKTEAMS_caseload_{lab}.csv"] = ("caseload", caseload[i])
    return files


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------

LEESMIJ = """\
# Demodata jeugdmonitor

**DEMODATA — deze bestanden zijn synthetisch. Er staan geen echte personen, cliënten of
medewerkers in; alle `client_id`'s zijn verzonnen pseudoniemen.**

De map bevat fictieve maandelijkse aanleveringen (januari 2023 t/m december 2024) van drie
aanbieders volgens de aanleverspecificatie:

- **JBRR** (CSV, UTF-8, `,`, datums `JJJJ-MM-DD`): wachtlijst, gestart, personeel, caseload en
  doorlooptijden. De cijfers volgen de update *Op de goede weg* (juli 2024) van Jeugdbescherming
  Rotterdam Rijnmond: 67 voogdijmaatregelen op de wachtlijst eind november 2023, 112
  JR-zaken eind juni 2023, beide wachtlijsten leeg vanaf eind juni 2024, en in Cluster 7
  320 OTS-maatregelen waarvan 60 zonder vaste jeugdbeschermer, met een caseload die daalt
  van 24 (eind november 2023) naar 18 (eind juni 2024).
- **ENVER** (CSV met BOM, `;`, datums `DD-MM-JJJJ`, decimale komma; personeel per kwartaal
  als Excel-bestand met tabblad `personeel`): lange wachttijden, soms langer dan een jaar,
  en hoog personeelsverloop in 2023.
- **WIJKTEAMS** (CSV in Windows-1252, `;`): wachtlijst, gestart, personeel en caseload per
  wijkteam.

De map `correcties/` bevat een herlevering van `ENVER_wachtlijst_2024-05.csv` waarin vijf
jongeren ontbreken die al gestart bleken; lees die ná de hoofdmap in, dan vervangt hij het
origineel.

Opnieuw aanmaken (de uitkomst is steeds precies gelijk):

    uv run python -m tests.demogen
"""

OWN_FILE = re.compile(r"^(JBRR|ENVER|WIJKTEAMS)_[a-z]+_\d{4}-(\d{2}|Q[1-4])\.(csv|xlsx)$")
FORMATS = {"JBRR": JBRR_FMT, "ENVER": ENVER_FMT, "WIJKTEAMS": WIJK_FMT}


def clear_old_output(out: Path) -> None:
    """Remove only files this generator writes, so nothing else in data/demo is touched."""
    for folder in (out, out / CORRECTIONS):
        if folder.is_dir():
            for f in folder.iterdir():
                if f.is_file() and OWN_FILE.match(f.name):
                    f.unlink()


def write_file(folder: Path, name: str, soort: str, rows: list[dict]) -> None:
    provider = name.split("_")[0]
    if name.endswith(".xlsx"):
        y, q = re.search(r"(\d{4})-Q(\d)", name).groups()
        # Dated as if delivered on the 10th after the quarter, for reproducible bytes.
        delivered = datetime(int(y) + (q == "4"), 1 if q == "4" else 3 * int(q) + 1, 10, 9, 0)
        write_personeel_xlsx(folder / name, rows, delivered)
    else:
        write_csv(folder / name, soort, rows, FORMATS[provider])


def main(out: Path = OUT_DIR) -> None:
    """Write the demo extracts into `out` (default data/demo; the reproducibility test
    writes elsewhere and compares)."""
    rng = Random(SEED)
    files = {}
    files |= generate_jbrr(rng)
    files |= generate_enver(rng)
    files |= generate_wijkteams(rng)
    correction = enver_correction(files, rng)

    (out / CORRECTIONS).mkdir(parents=True, exist_ok=True)
    clear_old_output(out)
    for name, (soort, rows) in sorted(files.items()):
        write_file(out, name, soort, rows)
    write_file(out / CORRECTIONS, "ENVER_wachtlijst_2024-05.csv", "wachtlijst", correction)
    (out / "LEESMIJ.md").write_text(LEESMIJ, encoding="utf-8")
    print(f"{len(files) + 1} bestanden geschreven naar {out}")


if __name__ == "__main__":
    main()
