"""The municipality's register of inspection recommendations: reports, recommendations,
improvement measures per addressee, an append-only status history per measure, and
indicators that judge a measure on data.

Nothing is ever overwritten: every change is a new row (with who and when), a correction
is a newer version of the same id, and this module has no update or delete path. Edits
from the dashboard and imports from a YAML file go through the same validation and the
same all-or-nothing write."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import yaml

from dashboard import audit, indicators, sql, store, textsafety, warehouse
from dashboard.errors import DATE_SHAPE, NO_SUCH_DATE
from dashboard.registers import products_of, provider_codes, short_name

STATUSES = ("niet_gestart", "in_uitvoering", "gerealiseerd", "doorgewerkt", "vervallen")
STATUS_LABELS = {
    "niet_gestart": "niet gestart",
    "in_uitvoering": "in uitvoering",
    "gerealiseerd": "gerealiseerd",
    "doorgewerkt": "doorgewerkt (werkt aantoonbaar in de praktijk)",
    "vervallen": "vervallen",
}
MUNICIPALITY = "GEMEENTE"
ADDRESSEES = (MUNICIPALITY, *provider_codes())
MEETING = "regieoverleg"
KINDS = (MEETING,)  # a report's `soort` besides an inspection's (no soort)
MAX_LISTED = 100
RECOMMENDATION_BLOCK = "elke aanbeveling is een blok met id, nummer, tekst en adressaten"
MEASURE_BLOCK = "elke maatregel is een blok met id, adressaat, omschrijving, eigenaar en deadline"


@dataclass(frozen=True)
class Problem:
    """A Dutch message naming the file or form, the line, the field and the rule."""

    source: str
    rule: str
    line: int | None = None
    field: str | None = None
    value: Any = None

    def text(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"regel {self.line}")
        if self.field:
            where.append(f"veld '{self.field}'")
        if self.value is not None:
            where.append(f"waarde '{self.value}'")
        return textsafety.printable(f"{', '.join(where)}: {self.rule}")


class RegisterError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.text() for p in problems[:MAX_LISTED]))
        self.problems = problems


# --- reading -------------------------------------------------------------------------


def measures(db: Path | store.Database, on: date | None = None, adressaten: list[str] | None = None) -> pl.DataFrame:
    """Every measure as it stands on `on` (default today): status, te_laat, and its linked
    indicator judged on the figures (`oordeel`, `indicator_waarde`, `indicator_maand`,
    `indicator_basis` and the series it was judged on, `indicator_reeks`), plus `rag`. The
    values are not yet suppressed: show them through `indicators.shown`."""
    on = on or date.today()
    with store.database(db) as handle:  # the register and its indicators: one read connection
        frame = sql.query(handle.connection(), "register/maatregelen", op=on, adressaten=_addressees(adressaten))
        links = frame.select("cijfer", "indicator_aanbieder", "indicator_product", "indicator_team").rows()
        series = indicators.series_many(handle, [link for link in links if link[0]], today=on)
    judged: list[tuple[object, ...]] = []
    for link, r in zip(links, frame.select("status", "te_laat", "vergelijking", "doel", "doeldatum").iter_rows()):
        status, te_laat, vergelijking, doel, doeldatum = r
        oordeel: str | None = None
        row: tuple[object, ...] = (None,) * 5
        if link[0]:
            values = series[link]
            j = indicators.judge(values, vergelijking, doel, doeldatum, on)
            oordeel, row = j.oordeel, (j.oordeel, j.waarde, j.maand, j.basis, values.to_dicts())
        judged.append((*row, indicators.rag(status, bool(te_laat), oordeel)))
    extra = pl.DataFrame(
        judged,
        orient="row",
        schema={
            "oordeel": pl.String,
            "indicator_waarde": pl.Float64,
            "indicator_maand": pl.Date,
            "indicator_basis": pl.Int64,
            "indicator_reeks": pl.List(pl.Struct(indicators.SERIES_SCHEMA)),
            "rag": pl.String,
        },
    )
    return pl.concat([frame, extra], how="horizontal")


DONE = ("gerealiseerd", "doorgewerkt", "vervallen")


def _addressees(adressaten: Sequence[str] | None) -> list[str]:
    """None: every addressee; an empty list: none (a viewer who may see nothing)."""
    return list(ADDRESSEES if adressaten is None else adressaten)


def status_counts(db: Path, on: date | None = None, adressaten: list[str] | None = None) -> pl.DataFrame:
    """Per addressee (in the order asked for, zero where it has none): `maatregelen`, `open`
    (status on `on` not gerealiseerd, doorgewerkt or vervallen) and `te_laat`. The same query
    as `measures`, without judging indicators: cheap enough for the Overzicht."""
    on = on or date.today()
    wanted = _addressees(adressaten)
    frame = pl.DataFrame(schema={"adressaat": pl.String, "status": pl.String, "te_laat": pl.Boolean})
    with store.reader(db) as con:
        if store.has_table(con, "reg_maatregel"):
            frame = sql.query(con, "register/maatregelen", op=on, adressaten=wanted).select("adressaat", "status", "te_laat")
    counts = frame.group_by("adressaat").agg(
        maatregelen=pl.len().cast(pl.Int64),
        open=(~pl.col("status").is_in(DONE)).sum().cast(pl.Int64),
        te_laat=pl.col("te_laat").fill_null(False).sum().cast(pl.Int64),
    )
    return (
        pl.DataFrame({"adressaat": wanted}, schema={"adressaat": pl.String})
        .join(counts, on="adressaat", how="left")
        .with_columns(pl.col("maatregelen", "open", "te_laat").fill_null(0))
    )


def history(db: Path, ids: list[str]) -> pl.DataFrame:
    with store.reader(db) as con:
        return sql.query(con, "register/historie", ids=list(ids))


def summary(db: Path, on: date, adressaten: list[str] | None = None) -> dict | None:
    """The `aanbevelingen` section of kerncijfers, None when the register is empty."""
    frame = measures(db, on, adressaten) if _has_measures(db) else pl.DataFrame()
    if frame.is_empty():
        return None
    counts = dict(frame.group_by("status").len().iter_rows())
    return {"maatregelen": frame.height, "per_status": {s: int(counts.get(s, 0)) for s in STATUSES}, "te_laat": int(frame["te_laat"].sum())}


def _has_measures(db: Path) -> bool:
    with store.reader(db) as con:
        return store.has_table(con, "reg_maatregel") and sql.query(con, "register/aantal_maatregelen").item() > 0


# --- writing ---------------------------------------------------------------------------


def add_report(db: Path, door: str, **fields: Any) -> None:
    _apply(db, {"rapporten": [fields]}, door, "formulier rapport")


def add_recommendation(db: Path, door: str, rapport_id: str, **fields: Any) -> None:
    _apply(db, {"rapporten": [{"id": rapport_id, "aanbevelingen": [fields]}]}, door, "formulier aanbeveling")


def add_measure(db: Path, door: str, aanbeveling_id: str, **fields: Any) -> None:
    _apply(db, {"aanbevelingen": [{"id": aanbeveling_id, "maatregelen": [fields]}]}, door, "formulier maatregel")


def add_status(db: Path, door: str, maatregel_id: str, **fields: Any) -> None:
    """A new entry in the measure's history; earlier entries stay as they were."""
    _apply(db, {"maatregelen": [{"id": maatregel_id, "historie": [fields]}]}, door, "formulier statusupdate")


def link_indicator(db: Path, door: str, maatregel_id: str, **fields: Any) -> None:
    _apply(db, {"maatregelen": [{"id": maatregel_id, "indicator": fields}]}, door, "formulier indicator")


def meeting_ids(aanbieder: str, datum: date) -> tuple[str, str]:
    """The ids of a regie meeting with a provider on a date, and of its list of agreements."""
    meeting = f"RO-{aanbieder}-{datum.isoformat()}"
    return meeting, f"{meeting}-afspraken"


def add_agreement(db: Path, door: str, aanbieder: str | None = None, datum: date | None = None, **fields: Any) -> str:
    """An agreement made in the regie meeting with `aanbieder` on `datum`: a measure (what,
    `adressaat` the municipality or the provider, `eigenaar`, `deadline`) of that meeting,
    which is a report of soort `regieoverleg` (made with its first agreement). From then on
    it is followed up like any measure. Returns the agreement's id."""
    source = "formulier afspraak"
    code = str(aanbieder or "").strip().upper()
    problems = []
    if code not in provider_codes():
        problems.append(Problem(source, f"kies de aanbieder van het overleg: {', '.join(provider_codes())}", field="aanbieder"))
    if not isinstance(datum, date):
        problems.append(Problem(source, "verplicht veld ontbreekt (de datum van het overleg)", field="datum"))
    elif datum > date.today():
        problems.append(Problem(source, "het overleg kan niet in de toekomst liggen", field="datum", value=datum.isoformat()))
    if problems:
        raise RegisterError(problems)
    assert isinstance(datum, date)
    meeting, agreements = meeting_ids(code, datum)
    warehouse.ensure(db)
    with store.reader(db) as con:
        taken = {m["id"] for m in _current(con, "maatregel")}
        held = any(r["id"] == meeting for r in _current(con, "rapport"))
    stem, n = f"M-RO-{code}-{datum:%Y%m%d}", 1
    while f"{stem}-{n}" in taken:
        n += 1
    name = short_name(code)
    agreement = {"id": agreements, "maatregelen": [{"id": f"{stem}-{n}", **fields}]}
    report: dict[str, Any] = {"id": meeting, "aanbevelingen": [agreement]}
    if not held:  # the meeting and its list of agreements come with its first agreement
        report |= {"soort": MEETING, "instantie": "Regieoverleg", "datum": datum, "titel": f"{name}, {datum:%d-%m-%Y}"}
        agreement |= {
            "nummer": "Afspraken",
            "tekst": f"Afspraken gemaakt in het regieoverleg met {name}",
            "adressaten": [MUNICIPALITY, code],
        }
    doc = {"rapporten": [report]}
    _apply(db, doc, door, source)
    return f"{stem}-{n}"


def import_yaml(
    db: Path, data: bytes | str, door: str, source: str = "register.yaml", demo: bool = False, writer: warehouse.Session | None = None
) -> dict:
    """All-or-nothing import. Returns how many rows of each kind were added (an entry equal
    to what the register already holds is not added again). With `writer`, inside that
    write session instead of one of its own."""
    try:
        doc = yaml.load(data, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        rule = ALIAS_RULE if isinstance(e, _AliasRefused) else "geen geldige YAML: controleer inspringing en dubbele punten"
        raise RegisterError([Problem(source, rule, mark.line + 1 if mark else None)]) from None
    if not isinstance(doc, dict) or "rapporten" not in doc:
        raise RegisterError([Problem(source, "verwacht een lijst 'rapporten:' bovenaan het bestand")])
    return _apply(db, doc, door, source, demo=demo, writer=writer)


def export_yaml(db: Path, adressaten: Sequence[str] | None = None) -> str:
    """The whole register as it stands, with every measure's full history, as an editable
    and archivable YAML file (import it again to restore). With `adressaten`: only the
    recommendations addressed to one of them, with only their measures (a provider's view),
    and of their addressees only those."""
    header = (
        f"# Register van inspectieaanbevelingen (jeugdmonitor), geëxporteerd op "
        f"{datetime.now():%d-%m-%Y %H:%M}.\n# Bewerk en importeer opnieuw: wat al zo in het register "
        "staat, wordt niet dubbel opgeslagen; een wijziging wordt een nieuwe versie.\n"
    )
    buf = io.StringIO()
    yaml.dump({"rapporten": tree(db, adressaten)}, buf, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)
    return header + buf.getvalue()


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value seen twice (one date object under two measures) out in full both
    times: the import refuses aliases, and an export must always import again."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def tree(db: Path, adressaten: Sequence[str] | None = None) -> list[dict]:
    """The register as export_yaml writes it: reports → recommendations → measures (with
    their indicator and full history), current versions, empty fields left out; with
    `adressaten` only what is addressed to them (see export_yaml)."""
    with store.reader(db) as con:
        reports, recs, meas = _current(con, "rapport"), _current(con, "aanbeveling"), _current(con, "maatregel")
        links = _current(con, "indicator")
        hist = sql.query(con, "register/historie_alle").to_dicts() if store.has_table(con, "reg_status") else []
    link_by = {li.pop("maatregel_id"): {k: v for k, v in li.items() if v is not None} for li in links}
    if adressaten is not None:
        wanted = set(adressaten)
        meas = [m for m in meas if m["adressaat"] in wanted]
        recs = [r | {"adressaten": [a for a in r["adressaten"] or [] if a in wanted]} for r in recs if wanted & set(r["adressaten"] or [])]
        reports = [r for r in reports if any(a["rapport_id"] == r["id"] for a in recs)]
    out = []
    for rep in reports:
        rep = {k: v for k, v in rep.items() if v is not None or k == "datum"}
        rep["aanbevelingen"] = []
        for rec in (r for r in recs if r["rapport_id"] == rep["id"]):
            rec = {k: v for k, v in rec.items() if k != "rapport_id" and v is not None}
            rec["maatregelen"] = []
            for m in (m for m in meas if m["aanbeveling_id"] == rec["id"]):
                m = {k: v for k, v in m.items() if k != "aanbeveling_id" and v is not None}
                if m["id"] in link_by:
                    m["indicator"] = link_by[m["id"]]
                m["historie"] = [
                    {k: v for k, v in h.items() if k != "maatregel_id" and v is not None} for h in hist if h["maatregel_id"] == m["id"]
                ]
                rec["maatregelen"].append(m)
            rep["aanbevelingen"].append(rec)
        out.append(rep)
    return out


# --- validation and the one write path -------------------------------------------------


ALIAS_RULE = "een YAML-verwijzing (*naam naar een &anker) wordt niet aangenomen: schrijf elke waarde voluit"


class _AliasRefused(yaml.composer.ComposerError):
    pass


class _LineLoader(yaml.SafeLoader):
    """Remembers the line of every mapping and of each of its fields, so errors can name it.
    Refuses aliases: a register never needs one, and ten lines of aliases referring to
    aliases make a value of a billion items, which any check that reads it as text takes
    minutes and gigabytes to expand (a 300-byte upload holding a server's processor)."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused(None, None, ALIAS_RULE, self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[arg-type]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__regel__"] = node.start_mark.line + 1
        mapping["__regels__"] = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
        return mapping

    def timestamp_or_text(self, node: yaml.ScalarNode) -> date | str:
        # YAML reads 2024-13-01 as a date and raises ValueError; keep the text so that the
        # checker reports it with its line and field instead of the import crashing.
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return str(self.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.timestamp_or_text)


class _Checker:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, item: dict, field: str | None, rule: str, value: Any = None) -> None:
        # The field's own line when it is there (a wrong value), else the block's (a missing field).
        line = (item.get("__regels__") or {}).get(field, item.get("__regel__"))
        self.problems.append(Problem(self.source, rule, line, field, value))

    def text(self, item: dict, field: str, required: bool = True) -> str | None:
        value = item.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(item, field, "verplicht veld ontbreekt of is leeg")
            return None
        if isinstance(value, (list, dict)):
            self.fail(item, field, "verwacht één tekst, geen lijst of blok")
            return None
        if textsafety.has_forbidden(str(value), prose=True):
            self.fail(item, field, textsafety.RULE.replace("een tab, regeleinde of ", ""))
            return None
        return str(value).strip()

    def day(self, item: dict, field: str, required: bool = True) -> date | None:
        value = item.get(field)
        if value is None or value == "":
            if required:
                self.fail(item, field, "verplicht veld ontbreekt (datum JJJJ-MM-DD of DD-MM-JJJJ)")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                pass
        if re.match(DATE_SHAPE, str(value)):
            self.fail(item, field, NO_SUCH_DATE, value)
        else:
            self.fail(item, field, "geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)", value)
        return None

    def blocks(self, item: dict, field: str, rule: str) -> list[dict]:
        """The list under `field`, keeping only its blocks (mappings); anything else is
        reported with `rule` instead of crashing the import."""
        value = item.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(item, field, rule)
            return []
        if not all(isinstance(v, dict) for v in value):
            self.fail(item, field, rule)
        return [v for v in value if isinstance(v, dict)]

    def code(self, item: dict, field: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(item, field, required)
        if value is not None and value not in allowed:
            self.fail(item, field, f"onbekende waarde; toegestaan: {', '.join(allowed)}", value)
            return None
        return value


def _apply(db: Path, doc: dict, door: str, source: str, demo: bool = False, writer: warehouse.Session | None = None) -> dict:
    """Validate a register document completely, then append everything new in one write."""
    if not door or not str(door).strip():
        raise RegisterError([Problem(source, "vul uw naam in: elke wijziging wordt vastgelegd met wie en wanneer", field="door")])
    if writer is None:
        warehouse.ensure(db)  # the first entry may come before any delivery
        with store.reader(db) as con:
            known = _known(con)
    else:
        known = _known(writer.con)
    batch = _Batch(_Checker(source), known, str(door).strip(), demo)
    batch.document(doc)
    if batch.chk.problems:
        raise RegisterError(batch.chk.problems)
    added = {t.removeprefix("reg_"): len(r) for t, r in batch.rows.items()}
    if any(added.values()):
        if writer is None:
            with warehouse.writer(db) as w:
                _append(w, batch.rows, batch.now)
        else:
            _append(writer, batch.rows, batch.now)
        audit.record(db, batch.door, "registerwijziging", _audit_text(source, added, batch.rows))
    return added


def _audit_text(source: str, added: dict[str, int], rows: dict[str, list[dict]]) -> str:
    """What changed, as the audit trail shows it: the counts, and for up to five status
    updates and new measures which measure and which status ("M-2b-ENVER-1 → in_uitvoering")."""
    text = f"{source}: " + ", ".join(f"{n} {k}" for k, n in added.items() if n)
    named = [f"{r['maatregel_id']} → {r['status']}" for r in rows["reg_status"]] + [f"nieuw {r['id']}" for r in rows["reg_maatregel"]]
    if named:
        text += " (" + "; ".join(named[:5]) + (f"; en {len(named) - 5} meer" if len(named) > 5 else "") + ")"
    return text


TABLES = ("reg_rapport", "reg_aanbeveling", "reg_maatregel", "reg_status", "reg_indicator")


class _Batch:
    """One register document being checked: each kind of block has its own handler, which
    reports problems to the checker and collects the rows that are new."""

    def __init__(self, chk: _Checker, known: dict, door: str, demo: bool):
        self.chk, self.known, self.door, self.demo = chk, known, door, demo
        self.now = datetime.now().replace(microsecond=0)
        self.rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.seen: dict[str, set[str]] = {"rapport": set(), "aanbeveling": set(), "maatregel": set()}
        self.stamp = {"vastgelegd_op": self.now, "door": door}

    def document(self, doc: dict) -> None:
        for rep in self.chk.blocks(doc, "rapporten", "elk rapport is een blok met id, instantie, datum en titel"):
            self.report(rep)
        # A form adding to an existing recommendation, or to an existing measure.
        for a, aid in _existing(self.chk, doc, "aanbevelingen", RECOMMENDATION_BLOCK, self.known["aanbeveling"], "aanbeveling"):
            for m in self.chk.blocks(a, "maatregelen", MEASURE_BLOCK):
                self.measure(m, aid, self.known["adressaten"].get(aid))
        for m, _ in _existing(self.chk, doc, "maatregelen", MEASURE_BLOCK, self.known["maatregel"], "maatregel"):
            self.measure(m, None, None)

    def _id(self, item: dict, what: str) -> str | None:
        """The block's id, noted as seen; a second block with the same id is reported."""
        iid = self.chk.text(item, "id")
        if iid is not None:
            if iid in self.seen[what]:
                self.chk.fail(item, "id", f"{what} komt twee keer voor in het bestand", iid)
            self.seen[what].add(iid)
        return iid

    def _add(self, table: str, kind: str, row: dict) -> None:
        """`row` as a new version, unless the register already holds exactly that."""
        if self.known[kind].get(row["id"]) != _plain(row):
            self.rows[table].append(row | self.stamp)

    def report(self, rep: dict) -> None:
        rid = self._id(rep, "rapport")
        if rid is None:
            return
        if "titel" in rep or rid not in self.known["rapport"]:
            chk = self.chk
            self._add(
                "reg_rapport",
                "rapport",
                {
                    "id": rid,
                    "instantie": chk.text(rep, "instantie"),
                    "datum": chk.day(rep, "datum", required=False),
                    "titel": chk.text(rep, "titel"),
                    "bron": chk.text(rep, "bron", required=False),
                    # None: an inspection's report; `regieoverleg`: a meeting, its agreements the measures.
                    "soort": chk.code(rep, "soort", KINDS, required=False),
                    "demo": bool(rep.get("demo", self.demo)),
                },
            )
        for a in self.chk.blocks(rep, "aanbevelingen", RECOMMENDATION_BLOCK):
            self.recommendation(a, rid)

    def _addressees(self, a: dict) -> list[str]:
        raw = a.get("adressaten")
        if not isinstance(raw, list) or not raw:
            self.chk.fail(a, "adressaten", f"geef een lijst van adressaten uit: {', '.join(ADDRESSEES)}")
            raw = []
        for v in raw:
            if str(v).strip().upper() not in ADDRESSEES:
                self.chk.fail(a, "adressaten", f"onbekende adressaat; toegestaan: {', '.join(ADDRESSEES)}", v)
        return [x for x in (str(v).strip().upper() for v in raw) if x in ADDRESSEES]

    def recommendation(self, a: dict, rep_id: str) -> None:
        aid = self._id(a, "aanbeveling")
        if aid is None:
            return
        addressees = self.known["adressaten"].get(aid)
        if "tekst" in a or aid not in self.known["aanbeveling"]:
            chk = self.chk
            addressees = self._addressees(a)
            self._add(
                "reg_aanbeveling",
                "aanbeveling",
                {
                    "id": aid,
                    "rapport_id": rep_id,
                    "nummer": chk.text(a, "nummer"),
                    "bevinding": chk.text(a, "bevinding", required=False),
                    "tekst": chk.text(a, "tekst"),
                    "adressaten": addressees,
                    "toelichting": chk.text(a, "toelichting", required=False),
                },
            )
            self.known["adressaten"][aid] = addressees
        for m in self.chk.blocks(a, "maatregelen", MEASURE_BLOCK):
            self.measure(m, aid, addressees)

    def measure(self, m: dict, rec_id: str | None, addressees: list[str] | None) -> None:
        """A measure block: under a recommendation (`rec_id`), or referring to an existing
        measure by id (`rec_id` None) to add history or an indicator."""
        mid = self._id(m, "maatregel")
        if mid is None:
            return
        if "omschrijving" in m or mid not in self.known["maatregel"]:
            self._measure_version(m, mid, rec_id, addressees)
        link = m.get("indicator")
        if isinstance(link, dict):
            _indicator(self.chk, link, mid, self.known, self.rows, self.stamp)
        elif link is not None:
            self.chk.fail(m, "indicator", "de indicator is een blok met cijfer, aanbieder, vergelijking, doel en doeldatum")
        for h in self.chk.blocks(m, "historie", "elke statusupdate is een blok met datum, status, toelichting"):
            self.status(h, mid)

    def _measure_version(self, m: dict, mid: str, rec_id: str | None, addressees: list[str] | None) -> None:
        chk = self.chk
        adressaat = chk.code(m, "adressaat", ADDRESSEES)
        if addressees is not None and adressaat and adressaat not in addressees:
            chk.fail(m, "adressaat", f"de aanbeveling is niet gericht aan {adressaat} (wel aan {', '.join(addressees)})", adressaat)
        row = {
            "id": mid,
            "aanbeveling_id": rec_id,
            "adressaat": adressaat,
            "omschrijving": chk.text(m, "omschrijving"),
            "eigenaar": chk.text(m, "eigenaar"),
            "deadline": chk.day(m, "deadline"),
            "demo": bool(m.get("demo", self.demo)),
        }
        if rec_id is None:
            chk.fail(m, "id", "onbekende maatregel; voeg een nieuwe maatregel toe onder een aanbeveling", mid)
        else:
            self._add("reg_maatregel", "maatregel", row)

    def status(self, h: dict, mid: str) -> None:
        chk = self.chk
        entry = {
            "maatregel_id": mid,
            "datum": chk.day(h, "datum"),
            "status": chk.code(h, "status", STATUSES),
            "toelichting": chk.text(h, "toelichting", required=False),
            "bewijs": chk.text(h, "bewijs", required=False),
            "demo": bool(h.get("demo", self.demo)),
        }
        day = entry["datum"]
        if isinstance(day, date) and day > self.now.date():
            chk.fail(h, "datum", "een statusupdate kan niet in de toekomst liggen", day)
        key = (mid, entry["datum"], entry["status"], entry["toelichting"], entry["bewijs"])
        if key not in self.known["status"]:
            self.known["status"].add(key)
            self.rows["reg_status"].append(entry | {"vastgelegd_op": self.now, "door": chk.text(h, "door", required=False) or self.door})


def _existing(chk: _Checker, doc: dict, field: str, rule: str, known: dict, what: str) -> Iterator[tuple[dict, str]]:
    """The blocks under `field` that refer to an existing `what` by id, with that id; an
    unknown id is reported."""
    for item in chk.blocks(doc, field, rule):
        iid = chk.text(item, "id")
        if iid is None:
            continue
        if iid not in known:
            chk.fail(item, "id", f"onbekende {what}", iid)
            continue
        yield item, iid


def _append(w: warehouse.Session, rows: dict[str, list[dict]], now: datetime) -> None:
    # "Later recorded" must mean a later vastgelegd_op: the newest version of an id and the
    # newest of two updates on one date are chosen by it. So every new row gets its own
    # moment, in file order, after everything already stored (two saves within one second,
    # or two same-date updates in one file, would otherwise tie).
    newest = sql.query(w.con, "register/laatst_vastgelegd").item()
    tick = max(now, newest + timedelta(microseconds=1)) if newest else now
    for table, new in rows.items():
        for row in new:
            row["vastgelegd_op"], tick = tick, tick + timedelta(microseconds=1)
        if new:
            w.con.register("nieuw", pl.DataFrame(new))
            sql.run(w.con, f"register/toevoegen_{table.removeprefix('reg_')}")
            w.con.unregister("nieuw")
    w.changed = True


def _indicator(chk: _Checker, link: dict, mid: str, known: dict, rows: dict, stamp: dict) -> None:
    cijfer = chk.code(link, "cijfer", tuple(indicators.CATALOG))
    aanbieder = chk.code(link, "aanbieder", provider_codes())
    product = chk.text(link, "product", required=False)
    if product and aanbieder and product.upper() not in products_of(aanbieder):
        chk.fail(link, "product", f"onbekend product voor {aanbieder}", product)
    if product and cijfer and indicators.CATALOG[cijfer].by != "product":
        chk.fail(link, "product", "dit cijfer kent geen uitsplitsing naar product", product)
    team = chk.text(link, "team", required=False)
    if team and cijfer and indicators.CATALOG[cijfer].by != "team":
        chk.fail(link, "team", "dit cijfer kent geen uitsplitsing naar team", team)
    doel = link.get("doel")
    if not isinstance(doel, int | float) or isinstance(doel, bool):
        try:
            doel = float(str(doel).replace(",", "."))
        except ValueError:
            chk.fail(link, "doel", "geen getal", doel)
            doel = None
    row = {
        "maatregel_id": mid,
        "cijfer": cijfer,
        "aanbieder": aanbieder,
        "product": product.upper() if product else None,
        "team": team,
        "vergelijking": chk.code(link, "vergelijking", tuple(indicators.COMPARISONS)),
        "doel": None if doel is None else float(doel),
        "doeldatum": chk.day(link, "doeldatum"),
    }
    if known["indicator"].get(mid) != row:
        rows["reg_indicator"].append(row | stamp)
        known["indicator"][mid] = row


def _plain(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("vastgelegd_op", "door")}


def _current(con: duckdb.DuckDBPyConnection, part: str) -> list[dict]:
    """The current version of every rapport, aanbeveling, maatregel or indicator link."""
    if not store.has_table(con, f"reg_{part}"):
        return []
    return sql.query(con, f"register/huidig_{part}").to_dicts()


def _known(con: duckdb.DuckDBPyConnection) -> dict:
    """The register's current versions, to validate references and skip unchanged entries."""

    def current(part: str, key: str = "id") -> dict[str, dict]:
        return {r[key]: r for r in _current(con, part)}

    recs = current("aanbeveling")
    status = set()
    if store.has_table(con, "reg_status"):
        status = set(sql.query(con, "register/statusregels").rows())
    return {
        "rapport": current("rapport"),
        "aanbeveling": recs,
        "maatregel": current("maatregel"),
        "indicator": current("indicator", "maatregel_id"),
        "adressaten": {k: list(v["adressaten"]) for k, v in recs.items()},
        "status": status,
    }
