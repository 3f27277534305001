"""Data contract v1 as data: every extract kind, its columns and rules.

The validator interprets these specs, and the provider documentation and the Definities
page are generated from them, so the rules a provider reads are the rules that run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["code", "date", "text", "int", "decimal", "bool", "month"]

WACHT_OP = ("jeugdbeschermer", "intake", "diagnostiek", "behandeling", "plaatsing", "ondersteuning")
URGENTIE = ("regulier", "spoed")
FUNCTIES = ("jeugdbeschermer", "gedragswetenschapper", "hulpverlener", "wijkteammedewerker", "ondersteuner", "leidinggevende", "overig")
CLIENT_ID_PATTERN = r"^[A-Za-z0-9_-]{6,64}$"

# Header names that are personal data whatever their values (data/aanleverspecificatie.md,
# "Persoonsgegevens worden nooit aangenomen").
PERSONAL_NAME_PARTS = (
    "bsn",
    "burgerservicenummer",
    "naam",
    "geboorte",
    # A birth date under a shorter or other name: geb_datum, gebdat, geboren_op, birth_date.
    "geboren",
    "gebdat",
    "geb_dat",
    "geb-dat",
    "geb.dat",
    "geb dat",
    "birth",
    "adres",
    "address",
    "postcode",
    "woonplaats",
    "straat",
    "huisnummer",
    "telefoon",
    "e-mail",
    "email",
)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True
    description: str = ""
    # For `code`: the allowed values; "@aanbieder" / "@product" / "@gebied" are checked against the registers.
    codes: tuple[str, ...] | str | None = None
    minimum: float | None = None
    maximum: float | None = None
    default: object = None
    pattern: str | None = None
    pattern_text: str = ""
    max_length: int = 200
    # Whether a message may quote the value: not where it may be personal data.
    echo: bool = True


@dataclass(frozen=True)
class Compare:
    """`left <op> right` on every row where both are filled; op is `<=` or `>=`."""

    left: str
    op: Literal["<=", ">="]
    right: str

    def words(self, is_date: bool) -> str:
        """Dutch for the rule, e.g. `mag niet later zijn dan`."""
        return {
            ("<=", True): "mag niet later zijn dan",
            (">=", True): "mag niet eerder zijn dan",
            ("<=", False): "mag niet groter zijn dan",
            (">=", False): "mag niet kleiner zijn dan",
        }[self.op, is_date]


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    columns: tuple[Column, ...]
    period_column: str  # every row's value must fall inside the file's period
    unique: tuple[str, ...] = ()
    unique_text: str = ""
    compares: tuple[Compare, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


AANBIEDER = Column("aanbieder", "code", codes="@aanbieder", description="code van de aanbieder, gelijk aan die in de bestandsnaam")
CLIENT_ID = Column(
    "client_id",
    "text",
    pattern=CLIENT_ID_PATTERN,
    echo=False,
    pattern_text="6 tot 64 tekens uit A-Z, a-z, 0-9, _ en -",
    description="pseudoniem van de jeugdige, door de aanbieder toegekend (nooit een BSN)",
)
PRODUCT = Column("product", "code", codes="@product", description="een van de producten van de aanbieder")
PEILDATUM = Column("peildatum", "date", description="peildatum van de momentopname")
WACHTLIJST_PEILDATUM = Column(
    "peildatum",
    "date",
    description="peildatum van de momentopname; rijen met dezelfde peildatum vormen "
    "samen één momentopname (een bestand mag er meer bevatten)",
)
TEAM = Column("team", "text", description="naam van het team, bijvoorbeeld `Cluster 7`")
URGENTIE_COL = Column(
    "urgentie", "code", required=False, codes=URGENTIE, default="regulier", description="`regulier` (standaard) of `spoed`"
)


# Plausible ranges for one row (one team and function, or one team and product): far above
# any real team, far below what breaks a sum (a count near 2**63, an FTE of 1e400 = infinity).
# A row may also be a whole organisation (one team `Totaal`).
MAX_PERSONS = 10_000
MAX_FTE = 10_000
MAX_CASES = 100_000


def _count(name: str, description: str, required: bool = True, maximum: int = MAX_PERSONS) -> Column:
    return Column(name, "int", required=required, minimum=0, maximum=maximum, description=description)


def _fte(name: str, description: str, required: bool = True, default: object = None) -> Column:
    return Column(name, "decimal", required=required, minimum=0, maximum=MAX_FTE, default=default, description=description)


WACHTLIJST = Kind(
    "wachtlijst",
    "momentopname: één rij per jeugdige die op de peildatum wacht",
    (
        AANBIEDER,
        WACHTLIJST_PEILDATUM,
        CLIENT_ID,
        PRODUCT,
        Column("wacht_op", "code", codes=WACHT_OP, description="waarop de jeugdige wacht"),
        Column("aanmelddatum", "date", description="datum van aanmelding; niet na de peildatum"),
        URGENTIE_COL,
        Column(
            "overbrugging",
            "bool",
            required=False,
            default=False,
            description="`ja` = overbruggingshulp of een vast aanspreekpunt tijdens het wachten",
        ),
        Column("gebied", "code", required=False, codes="@gebied", echo=False, description="Rotterdams gebied (zie onder), of leeg"),
        Column("leeftijd", "int", required=False, minimum=0, maximum=23, description="leeftijd in jaren, 0 tot en met 23"),
    ),
    period_column="peildatum",
    unique=("peildatum", "product", "client_id"),
    unique_text="client_id komt maar één keer voor per peildatum en product",
    compares=(Compare("aanmelddatum", "<=", "peildatum"),),
)

GESTART = Kind(
    "gestart",
    "stroom: één rij per traject dat in de periode is gestart (gerealiseerde wachttijd)",
    (
        AANBIEDER,
        CLIENT_ID,
        PRODUCT,
        Column("aanmelddatum", "date", description="datum van aanmelding"),
        Column("startdatum", "date", description="datum waarop de hulp echt begon; binnen de periode van het bestand"),
        URGENTIE_COL,
    ),
    period_column="startdatum",
    unique=("product", "client_id", "startdatum"),
    unique_text="een traject (client_id, product, startdatum) komt maar één keer voor",
    compares=(Compare("startdatum", ">=", "aanmelddatum"),),
)

PERSONEEL = Kind(
    "personeel",
    "stroom: één rij per maand, team en functie",
    (
        AANBIEDER,
        Column("periode", "month", description="maand `JJJJ-MM`"),
        TEAM,
        Column("functie", "code", codes=FUNCTIES, description="functiegroep"),
        _fte("bezetting_fte", "fte in dienst aan het eind van de maand"),
        _count("bezetting_personen", "aantal personen in dienst aan het eind van de maand"),
        _count("instroom_personen", "in de maand in dienst gekomen"),
        _count("uitstroom_personen", "in de maand uit dienst gegaan"),
        _fte("vacatures_fte", "openstaande vacatures in fte aan het eind van de maand"),
        _fte("inhuur_fte", "ingehuurd personeel in fte aan het eind van de maand", required=False, default=0.0),
        Column("verzuim_pct", "decimal", required=False, minimum=0, maximum=100, description="ziekteverzuim in de maand, 0 tot en met 100"),
        _count("skj_geregistreerd_personen", "SKJ-geregistreerde personen; niet meer dan bezetting_personen", required=False),
    ),
    period_column="periode",
    unique=("periode", "team", "functie"),
    unique_text="één rij per periode, team en functie",
    compares=(Compare("skj_geregistreerd_personen", "<=", "bezetting_personen"),),
)

CASELOAD = Kind(
    "caseload",
    "momentopname: één rij per peildatum, team en product",
    (
        AANBIEDER,
        PEILDATUM,
        TEAM,
        PRODUCT,
        _count("casussen", "lopende casussen (bij JBRR: maatregelen)", maximum=MAX_CASES),
        _fte("casushouders_fte", "fte casushoudende medewerkers in het team"),
        _count("zonder_vaste_casushouder", "casussen zonder vaste casushouder; niet meer dan casussen", maximum=MAX_CASES),
        _count(
            "contact_binnen_3_maanden",
            "casussen met face-to-face contact in de laatste 3 maanden; niet meer dan casussen",
            required=False,
            maximum=MAX_CASES,
        ),
    ),
    period_column="peildatum",
    unique=("peildatum", "team", "product"),
    unique_text="één rij per peildatum, team en product",
    compares=(Compare("zonder_vaste_casushouder", "<=", "casussen"), Compare("contact_binnen_3_maanden", "<=", "casussen")),
)

MILESTONES = ("beoordeeld_op", "eerste_contact_op", "risicotaxatie_op", "mdo_op", "gezinsplan_op")

DOORLOOPTIJDEN = Kind(
    "doorlooptijden",
    "één rij per maatregel die in de periode is ontvangen",
    (
        AANBIEDER,
        CLIENT_ID,
        PRODUCT,
        Column("maatregel_id", "text", max_length=64, description="kenmerk van de maatregel; uniek per aanbieder"),
        Column("ontvangstdatum", "date", description="datum van ontvangst; binnen de periode van het bestand"),
        *(
            Column(m, "date", required=False, description="datum waarop dit gebeurde; leeg = nog niet; niet vóór de ontvangstdatum")
            for m in MILESTONES
        ),
    ),
    period_column="ontvangstdatum",
    unique=("maatregel_id",),
    unique_text="maatregel_id is uniek per aanbieder",
    compares=tuple(Compare(m, ">=", "ontvangstdatum") for m in MILESTONES),
)

KINDS: dict[str, Kind] = {k.name: k for k in (WACHTLIJST, GESTART, PERSONEEL, CASELOAD, DOORLOOPTIJDEN)}
