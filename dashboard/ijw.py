"""Reading iJw 3.2 messages (JW315, JW301, JW305, JW307) exported by the municipality's
backoffice: one `Bericht` per file (data-contract v2).

The XML is parsed with lxml hardened like defusedxml: no DTD is loaded, no entity is
expanded, nothing is fetched from the network, a document with a DOCTYPE is refused
before anything is built from it, and files are bounded in size. The namespace and the
BerichtCode decide the kind. Elements the figures need are checked strictly (presence,
format, code lists); elements they do not need are ignored, and so are the person's
name, birth date (after the age is taken), addresses, relatives and comments: only the
keyed pseudonym of the BSN and the age in whole years on the message date leave this
module. A message is all-or-nothing: any error rejects it whole. Errors name the file,
the message, the element path and the rule, never the value of a personal element."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from dashboard import pseudonym, registers
from dashboard.errors import MAX_LISTED, Finding
from dashboard.workdays import FIRST_YEAR, LAST_YEAR

MAX_BYTES = 5 * 1024 * 1024  # one message is a few kilobytes; this leaves room for many products
BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
NAMESPACE = "http://www.istandaarden.nl/ijw/3_2/{}/schema"


@dataclass(frozen=True)
class Kind:
    name: str  # JW315
    code: str  # BerichtCode (COD002)
    provider_in: str  # the header element holding the provider's AGB code
    municipality_in: str
    products: tuple[str, str]  # container and product element under Client

    @property
    def namespace(self) -> str:
        return NAMESPACE.format(self.name.lower())


KINDS = {
    k.namespace: k
    for k in (
        Kind("JW315", "446", "Afzender", "Ontvanger", ("AangevraagdeProducten", "AangevraagdProduct")),
        Kind("JW301", "436", "Ontvanger", "Afzender", ("ToegewezenProducten", "ToegewezenProduct")),
        Kind("JW305", "438", "Afzender", "Ontvanger", ("StartProducten", "StartProduct")),
        Kind("JW307", "440", "Afzender", "Ontvanger", ("StopProducten", "StopProduct")),
    )
}

# Code lists of iJw release 3.2 for the elements that are read.
JZ020_PRODUCTCATEGORIE = frozenset({"31", "32", "33", "34", "35", "36", "37", "38", *(str(c) for c in range(40, 56))})
JZ588_REDEN_BEEINDIGING = frozenset({"02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39"})
JZ002_REDEN_WIJZIGING = frozenset(f"{c:02d}" for c in range(1, 15))
COD467_STATUS = frozenset({"1", "2", "3"})  # 9 (ongewijzigd) is not used in JW305/JW307
VOORTIJDIG = ("32", "33", "34", "35")  # JZ588: ended prematurely

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}$")
_PRODUCTCODE = re.compile(r"^[0-9A-Za-z]{5}$")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")

COLUMNS = (
    "toewijzing_nummer",
    "referentie_aanbieder",
    "productcategorie",
    "productcode",
    "product",
    "toewijzingsdatum",
    "ingangsdatum",
    "einddatum",
    "reden_wijziging",
    "begindatum",
    "reden_beeindiging",
    "status_aanlevering",
)


def bsn_valid(text: str) -> bool:
    """Nine digits that pass the eleven-test (elfproef)."""
    if not (len(text) == 9 and text.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(text, _BSN_WEIGHTS))
    return total % 11 == 0 and total != 0


def safe_name(name: str) -> str:
    """A file name as it may be kept and shown: a backoffice may name exports after the
    client, so any nine digits that pass the eleven-test are masked."""
    return _NINE_DIGITS.sub(lambda m: "*********" if bsn_valid(m.group()) else m.group(), name)


def looks_like_xml(name: str, data: bytes) -> bool:
    """XML by extension, or by content: after a BOM and white space the file starts with `<`."""
    if name.lower().endswith(".xml"):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") or head.startswith(b"\xff\xfe<") or head.startswith(b"\xfe\xff\x00<")


@dataclass
class Message:
    """What is kept of one accepted message."""

    file: str
    kind: str
    code: str
    identificatie: str
    dagtekening: date
    provider: str
    agb_code: str
    municipality: str
    client: str
    age: int
    products: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.kind} '{self.identificatie}'"

    def digest(self) -> str:
        """Same BerichtIdentificatie and same content -> same digest (stored once)."""
        content = {
            "soort": self.kind,
            "identificatie": self.identificatie,
            "dagtekening": self.dagtekening.isoformat(),
            "agb": self.agb_code,
            "gemeente": self.municipality,
            "client": self.client,
            "leeftijd": self.age,
            "producten": self.products,
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class Read:
    file: str
    message: Message | None = None
    errors: list[Finding] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.message is not None and self.error_count == 0


class _Rejected(Exception):
    pass


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.label: str | None = None
        self.errors: list[Finding] = []

    def error(self, element: str | None, rule: str, value: str | None = None) -> None:
        self.errors.append(Finding(self.file, rule, value=value, message=self.label, element=element))

    def stop(self, element: str | None, rule: str, value: str | None = None) -> _Rejected:
        self.error(element, rule, value)
        return _Rejected()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def read_message(file: str, data: bytes, key: bytes) -> Read:
    """One file holding one iJw message: the message as it is kept, or every error found."""
    file = safe_name(file)
    r = _Reader(file)
    try:
        root = _parse(r, data)
        message = _message(r, root, key)
    except _Rejected:
        message = None
    if r.errors or message is None:
        return Read(file, errors=r.errors[:MAX_LISTED], error_count=max(1, len(r.errors)))
    return Read(file, message)


def _parse(r: _Reader, data: bytes) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise r.stop(
            None,
            f"het bestand is {len(data) / 1024 / 1024:.1f} MB; een iJw-bericht mag hooguit "
            f"{MAX_BYTES // 1024 // 1024} MB zijn (één Bericht per bestand)",
        )
    # A DOCTYPE can declare entities (an 'XML bomb') or point outside; iJw messages never
    # have one, so it is refused before parsing. UTF-16 input is checked decoded too.
    probe = data[:4096].replace(b"\x00", b"").upper()
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise r.stop(
            None,
            "het bestand bevat een DOCTYPE- of ENTITY-declaratie; iJw-berichten hebben die niet "
            "en ze worden om veiligheidsredenen geweigerd",
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as e:
        line = getattr(e, "lineno", None)
        raise r.stop(
            None,
            "geen geldige XML"
            + (f" (regel {line})" if line else "")
            + "; lever het bericht als XML-bestand zoals de backoffice het exporteert",
        ) from None
    except ValueError:
        raise r.stop(None, "geen geldige XML; lever het bericht als XML-bestand zoals de backoffice het exporteert") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise r.stop(None, "het bestand bevat een DOCTYPE; iJw-berichten hebben die niet en ze worden om veiligheidsredenen geweigerd")
    return root


class _Node:
    """An element with its path, for reading children by the iStandaarden names. Elements
    of the message's own types are in its namespace; the parts of composite types from the
    basisschema (Identificatie, Dagtekening, Categorie, Code, Datum, ...) are accepted in the
    message's namespace or the basisschema's."""

    def __init__(self, r: _Reader, el: etree._Element, path: str, ns: str):
        self.r, self.el, self.path, self.ns = r, el, path, ns
        self._index: dict[str, list[etree._Element]] | None = None

    def _find(self, name: str, composite: bool) -> list[etree._Element]:
        if self._index is None:  # children by tag in Clark notation, {namespace}name, built once
            self._index = {}
            for c in self.el:
                if isinstance(c.tag, str):
                    self._index.setdefault(c.tag, []).append(c)
        found = self._index.get(f"{{{self.ns}}}{name}", [])
        return found + self._index.get(f"{{{BASIS}}}{name}", []) if composite else found

    def child(self, name: str, required: bool = True, composite: bool = False) -> _Node | None:
        found = self._find(name, composite)
        path = f"{self.path}/{name}"
        if not found:
            if required:
                self.r.error(path, "verplicht element ontbreekt")
            return None
        if len(found) > 1:
            self.r.error(path, "dit element mag maar één keer voorkomen")
        return _Node(self.r, found[0], path, self.ns)

    def many(self, name: str) -> list[_Node]:
        found = self._find(name, False)
        return [_Node(self.r, el, f"{self.path}/{name}[{i}]", self.ns) for i, el in enumerate(found, 1)]

    def text(self, name: str, required: bool = True, composite: bool = False) -> str | None:
        node = self.child(name, required, composite)
        if node is None:
            return None
        if len(node.el):
            self.r.error(node.path, "dit element hoort alleen tekst te bevatten")
            return None
        value = (node.el.text or "").strip()
        if not value:
            self.r.error(node.path, "verplicht element is leeg" if required else "element is leeg; laat het weg als er geen waarde is")
            return None
        return value

    def date(self, name: str, required: bool = True, composite: bool = False) -> date | None:
        value = self.text(name, required, composite)
        if value is None:
            return None
        parsed = None
        if _DATE.match(value):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                parsed = None
        path = f"{self.path}/{name}"
        if parsed is None:
            self.r.error(path, "geen geldige datum (verwacht JJJJ-MM-DD, zonder tijdzone)")
        elif not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.r.error(path, f"datum buiten het bereik {FIRST_YEAR}–{LAST_YEAR}")
            parsed = None
        return parsed

    def code(self, name: str, allowed: frozenset[str], codelist: str, required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in allowed:
            # Codes are not personal: the value helps the sender find the mistake.
            self.r.error(f"{self.path}/{name}", f"onbekende code; toegestaan volgens {codelist}: {', '.join(sorted(allowed))}", value)
            return None
        return value


def _kind(r: _Reader, root: etree._Element) -> Kind:
    """The namespace decides the kind."""
    qn = etree.QName(root)
    kind = KINDS.get(qn.namespace or "")
    if kind is None:
        known = ", ".join(f"{k.name} ({k.namespace})" for k in KINDS.values())
        raise r.stop(
            qn.localname,
            f"onbekende namespace: dit is geen iJw 3.2-bericht JW315, JW301, JW305 of JW307; verwacht een van {known}",
            qn.namespace or "(geen namespace)",
        )
    if qn.localname != "Bericht":
        raise r.stop(qn.localname, "het hoofdelement van een iJw-bericht heet 'Bericht'")
    return kind


def _identification(r: _Reader, header: _Node, kind: Kind) -> tuple[str | None, date | None]:
    """BerichtIdentificatie/Identificatie and /Dagtekening; names the message in every later error."""
    node = header.child("BerichtIdentificatie")
    if node is None:
        return None, None
    ident = node.text("Identificatie", composite=True)
    if ident is not None and (len(ident) > 50 or not ident.isprintable()):
        r.error(f"{node.path}/Identificatie", "Identificatie is hooguit 50 leesbare tekens")
        ident = None
    r.label = f"{kind.name} '{ident}'" if ident else kind.name
    return ident, node.date("Dagtekening", composite=True)


def _versions(r: _Reader, header: _Node, kind: Kind) -> str | None:
    """BerichtCode (must match the namespace), release 3.2, and the XSD versions."""
    code = header.text("BerichtCode")
    if code is not None and code != kind.code:
        raise r.stop(f"{header.path}/BerichtCode", f"BerichtCode past niet bij de namespace van {kind.name} (verwacht {kind.code})", code)
    for name, expected in (("BerichtVersie", "3"), ("BerichtSubversie", "2")):
        value = header.text(name)
        if value is not None and value != expected:
            r.error(f"{header.path}/{name}", f"dit is geen iJw-bericht van release 3.2 (verwacht {name} {expected})", value)
    xsd = header.child("XsdVersie")
    for name in ("BasisschemaXsdVersie", "BerichtXsdVersie") if xsd is not None else ():
        value = xsd.text(name, composite=True)  # type: ignore[union-attr]
        if value is not None and not _VERSION.match(value):
            r.error(f"{xsd.path}/{name}", "geen geldig versienummer (verwacht bijvoorbeeld 1.0.0)", value)  # type: ignore[union-attr]
    return code


def _parties(r: _Reader, header: _Node, kind: Kind) -> tuple[str | None, str | None, str | None]:
    """The provider's AGB code and the provider it belongs to; the municipality's code."""
    agb = header.text(kind.provider_in)
    provider = None
    if agb is not None and not re.fullmatch(r"\d{8}", agb):
        r.error(f"{header.path}/{kind.provider_in}", "een AGB-code bestaat uit 8 cijfers", agb)
    elif agb is not None:
        provider = registers.agb_providers().get(agb)
        if provider is None:
            r.error(
                f"{header.path}/{kind.provider_in}",
                "onbekende AGB-code: geen aanbieder in het "
                "aanbiedersregister (data/registers/aanbieders.csv, kolom agb_code) heeft deze code",
                agb,
            )
    municipality = header.text(kind.municipality_in)
    if municipality is not None and not re.fullmatch(r"\d{4}", municipality):
        r.error(f"{header.path}/{kind.municipality_in}", "een gemeentecode bestaat uit 4 cijfers (CBS)", municipality)
    return agb, provider, municipality


def _message(r: _Reader, root: etree._Element, key: bytes) -> Message | None:
    kind = _kind(r, root)
    bericht = _Node(r, root, "Bericht", kind.namespace)
    header = bericht.child("Header")
    client = bericht.child("Client")
    if header is None or client is None:
        raise _Rejected()
    identificatie, dagtekening = _identification(r, header, kind)
    code = _versions(r, header, kind)
    agb, provider, municipality = _parties(r, header, kind)
    client_id, age = _client(r, client, dagtekening, key)
    products = _products(r, client, kind, provider)
    if r.errors or None in (code, identificatie, dagtekening, agb, provider, municipality, client_id, age):
        raise _Rejected()
    assert identificatie and dagtekening and agb and provider and municipality and client_id and age is not None
    return Message(r.file, kind.name, kind.code, identificatie, dagtekening, provider, agb, municipality, client_id, age, products)


def _client(r: _Reader, client: _Node, dagtekening: date | None, key: bytes) -> tuple[str | None, int | None]:
    """The pseudonym and the age; the BSN and the birth date go no further than this."""
    bsn = client.text("Bsn")
    client_id = None
    if bsn is not None:
        if bsn_valid(bsn):
            client_id = pseudonym.pseudonym(bsn, key)
        else:
            r.error(f"{client.path}/Bsn", "geen geldig BSN (negen cijfers die aan de elfproef voldoen)")
    birth = client.child("Geboortedatum")
    born = birth.date("Datum", composite=True) if birth is not None else None
    age = None
    if born is not None and dagtekening is not None:
        if born > dagtekening:
            r.error(f"{client.path}/Geboortedatum/Datum", "de geboortedatum ligt na de dagtekening van het bericht")
        else:
            age = dagtekening.year - born.year - ((dagtekening.month, dagtekening.day) < (born.month, born.day))
    return client_id, age


def _product_of(r: _Reader, line: _Node, provider: str | None) -> dict:
    """Product/Categorie and /Code, and the project's product they map to."""
    out = {"productcategorie": None, "productcode": None, "product": None}
    node = line.child("Product", required=False)
    if node is None:
        return out
    category = node.text("Categorie", composite=True)
    code = node.text("Code", required=False, composite=True)
    path = f"{node.path}/Categorie"
    if category is not None and category not in JZ020_PRODUCTCATEGORIE:
        r.error(path, "onbekende productcategorie volgens JZ020", category)
        return out
    if code is not None and not _PRODUCTCODE.match(code):
        r.error(f"{node.path}/Code", "een productcode bestaat uit 5 letters of cijfers", code)
        return out
    if category is None:
        return out
    mapping = registers.ijw_product_map()
    # Most specific first: the provider's own row, then any provider's; the code, then the category.
    product = next(
        (
            mapping[k]
            for k in (
                (provider or "", category, code or ""),
                (provider or "", category, ""),
                ("", category, code or ""),
                ("", category, ""),
            )
            if k in mapping
        ),
        None,
    )
    shown = f"{category}/{code}" if code else category
    if product is None:
        r.error(
            node.path,
            "onbekend product: deze productcategorie en productcode staan niet in het productregister (data/registers/ijw_producten.csv)",
            shown,
        )
        return out
    if provider is not None and product not in registers.products_of(provider):
        r.error(node.path, f"dit product ({product}) hoort niet bij de producten van {provider} in het productenregister", shown)
        return out
    return {"productcategorie": category, "productcode": code, "product": product}


def _products(r: _Reader, client: _Node, kind: Kind, provider: str | None) -> list[dict]:
    container = client.child(kind.products[0])
    if container is None:
        return []
    lines = container.many(kind.products[1])
    if not lines:
        r.error(f"{container.path}/{kind.products[1]}", "minstens één product is verplicht")
    out = []
    for volgnr, line in enumerate(lines, 1):
        row: dict = dict.fromkeys(COLUMNS) | {"volgnr": volgnr}
        row |= _product_of(r, line, provider)
        if kind.name == "JW315":
            row["referentie_aanbieder"] = line.text("ReferentieAanbieder")
            row["ingangsdatum"] = line.date("ToewijzingIngangsdatum")
            row["einddatum"] = line.date("ToewijzingEinddatum", required=False)
        elif kind.name == "JW301":
            row["toewijzing_nummer"] = line.text("ToewijzingNummer")
            row["referentie_aanbieder"] = line.text("ReferentieAanbieder", required=False)
            row["toewijzingsdatum"] = line.date("Toewijzingsdatum")
            row["ingangsdatum"] = line.date("Ingangsdatum")
            row["einddatum"] = line.date("Einddatum", required=False)
            row["reden_wijziging"] = line.code("RedenWijziging", JZ002_REDEN_WIJZIGING, "JZ002", required=False)
            _not_before(r, line, row, "einddatum", "ingangsdatum", "Einddatum", "Ingangsdatum")
        else:
            row["toewijzing_nummer"] = line.text("ToewijzingNummer", required=False)
            row["ingangsdatum"] = line.date("ToewijzingIngangsdatum", required=False)
            row["begindatum"] = line.date("Begindatum")
            row["status_aanlevering"] = line.code("StatusAanlevering", COD467_STATUS, "COD467")
            if kind.name == "JW307":
                row["reden_beeindiging"] = line.code("RedenBeeindiging", JZ588_REDEN_BEEINDIGING, "JZ588")
                row["einddatum"] = line.date("Einddatum")
                _not_before(r, line, row, "einddatum", "begindatum", "Einddatum", "Begindatum")
        for column in ("toewijzing_nummer", "referentie_aanbieder"):
            value = row[column]
            if value is not None and (len(value) > 50 or not value.isprintable()):
                r.error(f"{line.path}", f"{column} is hooguit 50 leesbare tekens")
        out.append(row)
    return out


def _not_before(r: _Reader, line: _Node, row: dict, later: str, earlier: str, later_el: str, earlier_el: str) -> None:
    if row[later] is not None and row[earlier] is not None and row[later] < row[earlier]:
        r.error(f"{line.path}/{later_el}", f"{later_el} ligt voor {earlier_el}")
