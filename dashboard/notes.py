"""Words beside the figures: a provider's or the municipality's factual explanation
(toelichting) per period and theme, and the advisor's own text for the wethouderbriefing
of a period (briefingtekst).

Like the register, nothing is overwritten: every save is a new row with who and when; the
newest row is the current text, the older ones are its history. Who may write or read
what is decided here, from the `access.Viewer` (never by a page): a provider's user writes
and reads only its own toelichtingen and never sees the briefing text; gemeente-beheer
writes for every provider and the briefing; gemeente-lezer reads. The text is stored as
typed: every surface shows it as text (escaped), never as markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from dashboard import audit, sql, store, textsafety, warehouse
from dashboard.access import MUNICIPALITY, Viewer
from dashboard.periods import Period, PeriodError, parse_period
from dashboard.registers import provider_codes, short_name

THEMES = ("wachtlijst", "personeel", "caseload", "doorlooptijden", "algemeen")
THEME_LABELS = {
    "wachtlijst": "Wachtlijst",
    "personeel": "Personeel",
    "caseload": "Caseload",
    "doorlooptijden": "Doorlooptijden",
    "algemeen": "Algemeen",
}
MAX_EXPLANATION = 2000  # characters: an explanation beside a figure, not a report
MAX_BRIEFING_TEXT = 300  # the briefing is one A4 page: measured to fit beside the demo's fullest action lists
NO_RIGHT = "u mag geen toelichting schrijven met uw rol"


class NoteError(Exception):
    """Dutch problems with a toelichting or briefing text; nothing was saved."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Explanation:
    aanbieder: str
    periode: str
    thema: str
    namens: str  # the provider's code, or GEMEENTE
    tekst: str
    door: str
    vastgelegd_op: datetime
    demo: bool
    versies: int = 1

    @property
    def aanbieder_naam(self) -> str:
        return short_name(self.aanbieder)

    @property
    def namens_naam(self) -> str:
        return short_name(self.namens)

    @property
    def thema_naam(self) -> str:
        return THEME_LABELS[self.thema]

    @property
    def periode_naam(self) -> str:
        return parse_period(self.periode).display()

    @property
    def kop(self) -> str:
        """`Toelichting van JBRR over Wachtlijst, juni 2024` (of the municipality: `… van de
        gemeente over JBRR, …`)."""
        who = self.aanbieder_naam if self.namens == self.aanbieder else f"de gemeente over {self.aanbieder_naam}"
        return f"Toelichting van {who} — {self.thema_naam}, {self.periode_naam}"

    @property
    def wie_wanneer(self) -> str:
        text = f"{self.door}, {self.vastgelegd_op:%d-%m-%Y %H:%M}" + demo_mark(self.door, self.demo)
        return text + (f"; {self.versies - 1} eerdere versie(s)" if self.versies > 1 else "")


def demo_mark(door: str, demo: bool) -> str:
    """` (demo)` after who wrote a demo text, unless the name already says so."""
    return " (demo)" if demo and "(demo)" not in door else ""


def related_periods(period: Period) -> list[str]:
    """The toelichting periods that explain figures of `period`: itself, and its quarter
    (a month) or its months (a quarter)."""
    if period.is_quarter:
        return [period.label, *period.months]
    return [period.label, period.quarter().label]


# --- reading ---------------------------------------------------------------------------


def _rows(db: Path, name: str, **params: object) -> list[dict]:
    with store.reader(db) as con:
        table = "reg_briefingtekst" if name.startswith("register/briefingtekst") else "reg_toelichting"
        if not store.has_table(con, table):
            return []
        return sql.query(con, name, **params).to_dicts()


def for_providers(db: Path, providers: Sequence[str], period: Period, themes: Sequence[str] | None = None) -> list[Explanation]:
    """The current toelichtingen on `period` (and its quarter or months) of `providers`, in
    theme order. The caller has scoped `providers` (reports, `explanations`)."""
    rows = _rows(db, "register/toelichtingen", aanbieders=list(providers), perioden=related_periods(period), themas=list(THEMES))
    wanted = set(themes or THEMES)
    return [Explanation(**r) for r in rows if r["thema"] in wanted]


def explanations(
    db: Path, viewer: Viewer, period: Period, themes: Sequence[str] | None = None, providers: Sequence[str] | None = None
) -> list[Explanation]:
    """What `viewer` may read of the toelichtingen on `period`: those of the requested
    `providers` (default: all) within the viewer's scope. For pages and the regiekaart."""
    return for_providers(db, viewer.scope(providers), period, themes)


def history(db: Path, viewer: Viewer, period: Period, providers: Sequence[str] | None = None) -> list[Explanation]:
    """Every version of the toelichtingen `viewer` may read on `period`, newest first."""
    rows = _rows(db, "register/toelichting_historie", aanbieders=list(viewer.scope(providers)), perioden=related_periods(period))
    return [Explanation(**r) for r in rows]


def briefing_text_versions(db: Path, period: Period, as_of: datetime | None = None) -> list[dict]:
    """Every version of the briefing text of `period`, newest (the one printed) first; with
    `as_of` (an established period's moment) only those recorded by then: the text is kept
    with the established period as it stood."""
    rows = _rows(db, "register/briefingtekst", periode=period.label)
    return [r for r in rows if as_of is None or r["vastgelegd_op"] <= as_of]


def briefing_text(db: Path, viewer: Viewer, period: Period, as_of: datetime | None = None) -> dict | None:
    """The current briefing text of `period` (tekst, door, vastgelegd_op, demo, versies), or
    None: none written, or a viewer who may not see it."""
    if not viewer.sees_briefing_text:
        return None
    versions = briefing_text_versions(db, period, as_of)
    return versions[0] | {"versies": len(versions)} if versions else None


# --- writing ---------------------------------------------------------------------------


def _text(value: object, what: str, limit: int, problems: list[str]) -> str:
    text = str(value or "").strip()
    if not text:
        problems.append(f"{what}: vul een tekst in")
    elif textsafety.has_forbidden(text, prose=True):
        problems.append(f"{what}: " + textsafety.RULE.replace("een tab, regeleinde of ", ""))
    elif len(text) > limit:
        problems.append(f"{what}: ten hoogste {limit} tekens (nu {len(text)})")
    return text


def _period(value: object, today: date, problems: list[str]) -> Period | None:
    try:
        p = parse_period(str(value or ""))
    except PeriodError as e:
        problems.append(f"periode: {e}")
        return None
    if p.start > today:
        problems.append(f"periode: {p.display()} is nog niet begonnen")
        return None
    return p


def _name(door: object, problems: list[str]) -> str:
    name = str(door or "").strip()
    if not name:
        problems.append("door: vul uw naam in: elke toelichting wordt vastgelegd met wie en wanneer")
    elif textsafety.has_forbidden(name):
        problems.append("door: " + textsafety.RULE)
    return name


def check_explanation(
    viewer: Viewer, aanbieder: object, periode: object, thema: object, tekst: object, door: object, today: date | None = None
) -> dict:
    """The row to store, or NoteError with every problem in Dutch."""
    problems: list[str] = []
    code = str(aanbieder or "").strip().upper()
    if code not in provider_codes():
        problems.append(
            f"aanbieder: onbekende aanbieder '{textsafety.printable(str(aanbieder or ''))}'; bekend zijn: {', '.join(provider_codes())}"
        )
    elif not viewer.may_explain(code):
        problems.append(
            NO_RIGHT if not viewer.explains_for else f"u mag alleen een toelichting schrijven voor {', '.join(viewer.explains_for)}"
        )
    theme = str(thema or "").strip().lower()
    if theme not in THEMES:
        problems.append(f"thema: onbekend thema '{textsafety.printable(str(thema or ''))}'; kies uit {', '.join(THEMES)}")
    p = _period(periode, today or date.today(), problems)
    text = _text(tekst, "tekst", MAX_EXPLANATION, problems)
    name = _name(door, problems)
    if problems:
        raise NoteError(problems)
    assert p is not None
    return {"aanbieder": code, "periode": p.label, "thema": theme, "namens": viewer.speaks_for, "tekst": text, "door": name}


def add_explanation(
    db: Path,
    viewer: Viewer,
    aanbieder: object,
    periode: object,
    thema: object,
    tekst: object,
    door: object,
    today: date | None = None,
) -> dict:
    """Check and append one toelichting (one write, with who and when); returns the row."""
    row = check_explanation(viewer, aanbieder, periode, thema, tekst, door, today)
    _append(db, "toelichting", [row | {"demo": False}])
    audit.record(db, row["door"], "toelichting", f"toelichting {row['aanbieder']} {row['periode']} {row['thema']} (namens {row['namens']})")
    return row


def set_briefing_text(db: Path, viewer: Viewer, periode: object, tekst: object, door: object, today: date | None = None) -> dict:
    """A new version of the briefing text of a period (the newest is printed)."""
    problems: list[str] = []
    if not viewer.may_write_briefing_text:
        problems.append("u mag de tekst voor de wethouderbriefing niet wijzigen: dat mag alleen de rol gemeente-beheer")
    p = _period(periode, today or date.today(), problems)
    text = _text(tekst, "tekst", MAX_BRIEFING_TEXT, problems)
    name = _name(door, problems)
    if problems:
        raise NoteError(problems)
    assert p is not None
    row = {"periode": p.label, "tekst": text, "door": name, "demo": False}
    _append(db, "briefingtekst", [row])
    audit.record(db, name, "toelichting", f"tekst wethouderbriefing {p.label}")
    return row


def _append(db: Path, kind: str, rows: list[dict], writer: warehouse.Session | None = None) -> None:
    if writer is None:
        warehouse.ensure(db)
        with warehouse.writer(db) as w:
            _insert(w, kind, rows)
    else:
        _insert(writer, kind, rows)


def _insert(w: warehouse.Session, kind: str, rows: list[dict]) -> None:
    # "Newest" must mean recorded last: every row its own moment after everything stored,
    # to the microsecond, so that a text saved just after a period was established (whose
    # moment is also exact) is never taken for one from before.
    newest = sql.query(w.con, "register/laatst_tekst").item()
    now = datetime.now()
    tick = max(now, newest + timedelta(microseconds=1)) if newest else now
    for row in rows:
        row["vastgelegd_op"], tick = tick, tick + timedelta(microseconds=1)
    w.con.register("nieuw", pl.DataFrame(rows))
    sql.run(w.con, f"register/toevoegen_{kind}")
    w.con.unregister("nieuw")
    w.changed = True


# --- the demo ----------------------------------------------------------------------------


def import_demo(db: Path, blob: bytes, door: str, writer: warehouse.Session, today: date | None = None) -> int:
    """The demo's toelichtingen and briefing texts (data/demo/toelichtingen_demo.yaml), all
    checked as a form would be and flagged as demo. Returns how many rows were added."""
    doc: dict[str, Any] = yaml.safe_load(blob) or {}
    municipality = Viewer(door, "gemeente-beheer")
    rows: list[dict] = []
    problems: list[str] = []
    for item in doc.get("toelichtingen") or []:
        namens = str(item.get("namens") or MUNICIPALITY).upper()
        who = municipality if namens == MUNICIPALITY else Viewer(door, "aanbieder", namens)
        try:
            rows.append(
                check_explanation(
                    who, item.get("aanbieder"), item.get("periode"), item.get("thema"), item.get("tekst"), item.get("door") or door, today
                )
                | {"demo": True}
            )
        except NoteError as e:
            problems += e.problems
    texts = []
    for item in doc.get("briefingteksten") or []:
        p = _period(item.get("periode"), today or date.today(), problems)
        text = _text(item.get("tekst"), "tekst", MAX_BRIEFING_TEXT, problems)
        if p is not None:
            texts.append({"periode": p.label, "tekst": text, "door": item.get("door") or door, "demo": True})
    if problems:
        raise NoteError(problems)
    if rows:
        _insert(writer, "toelichting", rows)
    if texts:
        _insert(writer, "briefingtekst", texts)
    return len(rows) + len(texts)
