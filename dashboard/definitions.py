"""The metric dictionary: every figure the dashboard, the reports and `kerncijfers` show,
with its Dutch label, its definition in plain Dutch, its unit, the norm
it is judged against and the query file it comes from.

Norms come from the norms register (data/registers/normen.csv) with their valid-from
dates and sources. Where the register holds no norm, the dashboard uses a *signaalwaarde*:
a threshold that only decides the status word (op norm / let op / boven norm), stated
here so that users can see and question it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

import polars as pl

from dashboard import fmt, registers
from dashboard.paths import QUERIES

Direction = Literal["lager", "hoger"]

OP_NORM, LET_OP, BOVEN_NORM, ONDER_NORM = "op norm", "let op", "boven norm", "onder norm"
OP_TIJD, TE_LAAT = "op tijd", "te laat"  # deadlines (the register's measures), not norms
# The action list's words for a measure whose indicator missed its target, and for two
# sources that disagree (the iJw cross-check).
ACHTER_OP_SCHEMA, BRON_KLOPT_NIET = "achter op schema", "bron klopt niet"
STATUS_ICONS = {
    OP_NORM: "✓",
    LET_OP: "!",
    BOVEN_NORM: "▲",
    ONDER_NORM: "▼",
    OP_TIJD: "✓",
    TE_LAAT: "!",
    ACHTER_OP_SCHEMA: "✗",
    BRON_KLOPT_NIET: "≠",
}

# The register's red/amber/green, in one vocabulary for pages and reports: icon and words
# first, the colour name alone is not the message.
RAG_WORDS = {"groen": "op schema", "oranje": "aandacht nodig", "rood": "achter op schema", "n.v.t.": "vervallen"}
RAG_ICONS = {"groen": "✓", "oranje": "!", "rood": "✗", "n.v.t.": "–"}


def rag_text(rag: str | None, colour: bool = False) -> str:
    """'✗ achter op schema' (with `colour`: '✗ achter op schema (rood)')."""
    if not rag:
        return "–"
    words = RAG_WORDS.get(rag, rag) + (f" ({rag})" if colour and rag != "n.v.t." else "")
    return f"{RAG_ICONS.get(rag, '')} {words}".strip()


SIGNAL_SOURCE = "signaalwaarde van het dashboard (voorstel, vast te stellen door de gemeente)"


@dataclass(frozen=True)
class Signal:
    """How a value is judged. `norm` None means: the norm from the register, valid on the
    date of the figure. `margin` is the 'let op' band beyond the norm, relative to the norm
    when `relative`, else in the figure's own unit."""

    direction: Direction
    norm: float | None = None
    margin: float = 0.0
    relative: bool = False
    source: str = SIGNAL_SOURCE

    def status(self, value: float | None, norm: float | None = None) -> str | None:
        norm = self.norm if norm is None else norm
        if value is None or norm is None:
            return None
        band = norm * self.margin if self.relative else self.margin
        if self.direction == "lager":
            return OP_NORM if value <= norm else LET_OP if value <= norm + band else BOVEN_NORM
        return OP_NORM if value >= norm else LET_OP if value >= norm - band else ONDER_NORM

    def describe(self, unit: str) -> str:
        word = "hoogstens" if self.direction == "lager" else "minstens"
        target = "de norm" if self.norm is None else f"{fmt.number(self.norm, _digits(self.norm))}{_suffix(unit)}"
        side = "boven" if self.direction == "lager" else "onder"
        if self.relative:
            band = f"tot {fmt.number(self.margin * 100, 0)}% {side} de norm"
        elif self.margin:
            step = " %-punt" if unit == "%" else _suffix(unit)
            band = f"tot {fmt.number(self.margin, _digits(self.margin))}{step} {side} de norm"
        else:
            band = ""
        text = f"op norm: {word} {target}"
        return text + (f"; let op: {band}" if band else "")


@dataclass(frozen=True)
class NormRef:
    """Which rows of the norms register apply to a figure."""

    norm: str | tuple[str, ...]
    keys: tuple[str, ...] | None = None  # None: every key of that norm

    def frame(self) -> pl.DataFrame:
        names = (self.norm,) if isinstance(self.norm, str) else self.norm
        rows = registers.norms().filter(pl.col("norm").is_in(names))
        if self.keys is not None:
            rows = rows.filter(pl.col("sleutel").is_in(self.keys))
        return rows.sort("norm", "sleutel", "geldig_vanaf")


@dataclass(frozen=True)
class Metric:
    """One figure: what it is (label, definition, unit), where it is read (the mart of its
    extract kind, `column`, the rows `where`), the young people it is over (`base`, or the
    figure is itself a count of them), how it is shown (`digits`) and judged (`signal`,
    `norm`). Which providers owe it follows from its extract kind (`registers.owes`)."""

    key: str  # `section.key` as in kerncijfers
    label: str
    definition: str
    unit: str
    query: str  # file under queries/, e.g. "marts/wachtlijst"
    norm: NormRef | None = None
    signal: Signal | None = None
    young_people: bool = False  # counted over young people: small numbers are suppressed
    column: str = ""  # the mart column holding the value ('' : not a single value per provider)
    base: str | None = None  # the mart column counting the young people a percentage or median is over
    digits: int = 1  # decimals shown (and in kerncijfers)
    where: tuple[tuple[str, str], ...] = ()  # which rows of the mart (e.g. niveau = aanbieder)
    short: str = ""  # short label, for chart axes and narrow columns

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def kind(self) -> str:
        """The extract kind the figure is computed from (and which a provider owes)."""
        return self.section

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]

    @property
    def is_count(self) -> bool:
        """A count of young people: 1 to 4 shown as '<5'."""
        return self.young_people and self.base is None and self.unit != "%"

    @property
    def pct(self) -> bool:
        return self.unit == "%"

    @property
    def higher_is_better(self) -> bool | None:
        return None if self.signal is None else self.signal.direction == "hoger"

    @property
    def short_label(self) -> str:
        return self.short or self.label

    @property
    def heading(self) -> str:
        """The label as a column or row heading, with its unit where the label does not say
        it: 'Wachtenden (jeugdigen)', 'Mediane wachttijd (weken)', 'Caseload (per fte)'.
        Every table, tooltip and report row uses this."""
        unit = self.unit
        if unit in ("datum", "ja/nee") or self.label.endswith(")") or (unit != "%" and unit.split()[-1] in self.label.lower()):
            return self.label
        return f"{self.label} ({unit})"

    def norms(self) -> pl.DataFrame:
        return self.norm.frame() if self.norm else registers.norms().clear()

    def norm_on(self, day: date, keys: Iterable[str]) -> float | None:
        """The register norm valid on `day` that all `keys` share; None when they differ."""
        rows = self.norms().filter((pl.col("geldig_vanaf") <= day) & pl.col("sleutel").is_in(list(keys)))
        current = rows.sort("geldig_vanaf").group_by("sleutel").last()
        values = current["waarde"].unique().to_list()
        return values[0] if len(values) == 1 else None


def _digits(x: float) -> int:
    return 0 if float(x).is_integer() else 1


def _singular(unit: str) -> str:
    return {"weken": "week", "dagen": "dag", "werkdagen": "werkdag"}.get(unit, unit)


def _suffix(unit: str) -> str:
    return "%" if unit == "%" else f" {unit}"


_WACHT = "marts/wachtlijst"
_PROCES = NormRef(("proces_werkdagen", "proces_dagen"))
_PROCES_SIGNAL = Signal("hoger", norm=90.0, margin=10.0)

METRICS: tuple[Metric, ...] = (
    Metric(
        "wachtlijst.peildatum",
        "Wachtlijst: peildatum",
        "De peildatum van de nieuwste wachtlijst-momentopname van de aanbieder in de periode. "
        "Alle wachtlijstcijfers gaan over die ene momentopname.",
        "datum",
        _WACHT,
    ),
    Metric(
        "wachtlijst.wachtenden",
        "Wachtenden",
        "Het aantal jeugdigen op de wachtlijst op de peildatum: de rijen in de nieuwste momentopname van de periode.",
        "jeugdigen",
        _WACHT,
        young_people=True,
    ),
    Metric(
        "wachtlijst.mediaan_wachttijd_weken",
        "Mediane wachttijd",
        "De wachttijd van een jeugdige is de peildatum min de aanmelddatum. De mediaan is de "
        "middelste wachttijd (continu, met lineaire interpolatie), omgerekend naar weken. "
        "Niet getoond bij minder dan 5 wachtenden.",
        "weken",
        _WACHT,
        NormRef("wachttijd_weken"),
        Signal("lager", margin=0.10, relative=True, source="wachttijdnorm van wat de jeugdigen op wachten"),
        young_people=True,
    ),
    Metric(
        "wachtlijst.p90_wachttijd_weken",
        "90e percentiel wachttijd",
        "De wachttijd waar 90% van de wachtenden onder blijft, in weken.",
        "weken",
        _WACHT,
        young_people=True,
    ),
    Metric(
        "wachtlijst.boven_norm_pct",
        "Boven de wachttijdnorm",
        "Het deel van de wachtenden dat langer wacht dan de norm voor waar zij op wachten "
        "(strikt langer dan het aantal normweken × 7 dagen).",
        "%",
        _WACHT,
        NormRef("wachttijd_weken"),
        Signal("lager", norm=20.0, margin=5.0, source="Treeknorm-praktijk: minstens 80% binnen de wachttijdnorm"),
        young_people=True,
    ),
    Metric(
        "wachtlijst.met_overbrugging_pct",
        "Met overbrugging",
        "Het deel van de wachtenden dat tijdens het wachten overbruggingshulp of een vast aanspreekpunt heeft (overbrugging = ja).",
        "%",
        _WACHT,
        young_people=True,
    ),
    Metric(
        "wachtlijst.instroom",
        "Instroom wachtlijst",
        "Jeugdigen (client_id's) die nieuw op de wachtlijst staan ten opzichte van de vorige "
        "momentopname van dezelfde aanbieder en hetzelfde product.",
        "jeugdigen",
        "marts/wachtlijst_stroom",
        young_people=True,
    ),
    Metric(
        "wachtlijst.uitstroom",
        "Uitstroom wachtlijst",
        "Jeugdigen die sinds de vorige momentopname van de wachtlijst zijn verdwenen (gestart, verwezen of afgemeld).",
        "jeugdigen",
        "marts/wachtlijst_stroom",
        young_people=True,
    ),
    Metric(
        "wachtlijst.verwachte_doorlooptijd_weken",
        "Verwachte tijd om de wachtlijst weg te werken",
        "Wet van Little: wachtenden ÷ gemiddelde uitstroom per maand over de laatste 3 maanden "
        "× 4,35 weken. 'Onbekend' als er geen uitstroom is.",
        "weken",
        "marts/verwachte_doorlooptijd",
        young_people=True,
    ),
    Metric(
        "wachtlijst.verdeling",
        "Verdeling van de wachtenden",
        "Wachtenden op de peildatum naar wachttijdklasse (0–4, 4–8, 8–13, 13–26, 26–52, > 52 "
        "weken), gebied, leeftijdsklasse, waar zij op wachten of product.",
        "jeugdigen",
        "marts/wachtlijst_verdeling",
        young_people=True,
    ),
    Metric(
        "gestart.aantal",
        "Gestart in de periode",
        "Het aantal trajecten dat in de periode is gestart (startdatum in de periode).",
        "trajecten",
        "marts/gestart",
        young_people=True,
    ),
    Metric(
        "gestart.mediaan_gerealiseerde_wachttijd_dagen",
        "Mediane gerealiseerde wachttijd",
        "De middelste wachttijd van de gestarte trajecten: startdatum min aanmelddatum, in dagen.",
        "dagen",
        "marts/gestart",
        NormRef("gerealiseerde_wachttijd_dagen"),
        young_people=True,
    ),
    Metric(
        "gestart.binnen_norm_pct",
        "Gestart binnen de norm",
        "Het deel van de gestarte trajecten waarvan de gerealiseerde wachttijd ten hoogste de norm van het product is.",
        "%",
        "marts/gestart",
        NormRef("gerealiseerde_wachttijd_dagen"),
        young_people=True,
    ),
    Metric(
        "personeel.bezetting_fte",
        "Bezetting (fte)",
        "Het aantal fte in dienst aan het einde van de periode, opgeteld over de teams.",
        "fte",
        "marts/personeel",
    ),
    Metric(
        "personeel.bezetting_personen",
        "Bezetting (personen)",
        "Het aantal medewerkers in dienst aan het einde van de periode.",
        "personen",
        "marts/personeel",
    ),
    Metric(
        "personeel.verloop_12m_pct",
        "Verloop 12 maanden",
        "Uitstroom van medewerkers over de 12 maanden tot en met de periode, gedeeld door de "
        "gemiddelde bezetting in personen over die maanden. Met minder dan 12 maanden gegevens "
        "wordt het cijfer naar een jaar omgerekend (× 12 ÷ aantal maanden) en als "
        "'geannualiseerd' gemarkeerd.",
        "%",
        "marts/personeel",
        signal=Signal("lager", norm=15.0, margin=5.0),
    ),
    Metric(
        "personeel.vacaturegraad_pct",
        "Vacaturegraad",
        "Openstaande vacatures (fte) ÷ (bezetting fte + vacatures fte) aan het einde van de periode.",
        "%",
        "marts/personeel",
        signal=Signal("lager", norm=5.0, margin=3.0),
    ),
    Metric(
        "personeel.inhuur_pct",
        "Inhuur",
        "Ingehuurd personeel (fte) ÷ (bezetting fte + inhuur fte) aan het einde van de periode.",
        "%",
        "marts/personeel",
    ),
    Metric(
        "personeel.verzuim_pct",
        "Verzuim",
        "Ziekteverzuim in de maanden van de periode, gewogen naar bezetting in fte.",
        "%",
        "marts/personeel",
    ),
    Metric(
        "personeel.skj_pct",
        "SKJ-geregistreerd",
        "Medewerkers met een SKJ-registratie ÷ bezetting in personen, over de teams die dit aanleveren.",
        "%",
        "marts/personeel",
    ),
    Metric(
        "caseload.peildatum",
        "Caseload: peildatum",
        "De peildatum van de nieuwste caseload-momentopname van de aanbieder in de periode.",
        "datum",
        "marts/caseload",
    ),
    Metric(
        "caseload.casussen",
        "Casussen",
        "Lopende casussen op de peildatum (bij de gecertificeerde instelling: maatregelen).",
        "casussen",
        "marts/caseload",
    ),
    Metric(
        "caseload.casushouders_fte", "Casushouders (fte)", "Fte aan casushoudende medewerkers op de peildatum.", "fte", "marts/caseload"
    ),
    Metric(
        "caseload.caseload",
        "Caseload",
        "Casussen ÷ fte casushouders, per team en per aanbieder; 'onbekend' waar de fte 0 is. "
        "Beoordeeld tegen de caseloadnorm die op de peildatum gold.",
        "per fte",
        "marts/caseload",
        NormRef("caseload"),
        Signal("lager", margin=0.10, relative=True, source="caseloadnorm uit het normenregister"),
    ),
    Metric(
        "caseload.norm",
        "Caseloadnorm",
        "De caseloadnorm die op de peildatum gold; voor een team met meerdere producten de norm die de mix van zijn casussen oplevert.",
        "per fte",
        "marts/caseload",
        NormRef("caseload"),
    ),
    Metric(
        "caseload.teams_boven_norm",
        "Teams boven de norm",
        "Teams waarvan de caseload (over alle producten van het team) hoger is dan de norm.",
        "teams",
        "marts/caseload",
        NormRef("caseload"),
    ),
    Metric(
        "caseload.zonder_vaste_casushouder",
        "Zonder vaste casushouder",
        "Casussen zonder vaste casushouder (bij de gecertificeerde instelling: zonder vaste jeugdbeschermer) op de peildatum.",
        "casussen",
        "marts/caseload",
        signal=Signal("lager", norm=0.0, source="iedere casus een vaste casushouder (inspectierapport jeugdbescherming)"),
        young_people=True,
    ),
    Metric(
        "caseload.contact_3m_pct",
        "Contact binnen 3 maanden",
        "Casussen waarin de jeugdige in de laatste 3 maanden face-to-face is gezien ÷ casussen, over de rijen die dit aanleveren.",
        "%",
        "marts/caseload",
        signal=Signal("hoger", norm=95.0, margin=5.0),
    ),
    *(
        Metric(
            f"doorlooptijden.{key}",
            label,
            "Maatregelen ontvangen in de periode die de stap binnen de norm haalden ÷ maatregelen "
            "die beoordeeld kunnen worden: de stap is gezet, of de termijn is op de "
            "evaluatiedatum (einde periode, of vandaag als dat eerder is) verstreken. "
            "Maatregelen die nog binnen hun termijn zitten zonder de stap zijn 'lopend' en tellen "
            "niet mee. Werkdagen: maandag t/m vrijdag zonder feestdagen.",
            "%",
            "marts/doorlooptijden",
            NormRef(("proces_werkdagen", "proces_dagen"), (stap,)),
            _PROCES_SIGNAL,
            young_people=True,
        )
        for stap, key, label in (
            ("beoordeeld", "beoordeeld_2_werkdagen_pct", "Beoordeeld binnen 2 werkdagen"),
            ("eerste_contact", "eerste_contact_5_werkdagen_pct", "Eerste contact binnen 5 werkdagen"),
            ("risicotaxatie", "risicotaxatie_14_werkdagen_pct", "Risicotaxatie binnen 14 werkdagen"),
            ("mdo", "mdo_14_werkdagen_pct", "MDO binnen 14 werkdagen"),
            ("gezinsplan", "gezinsplan_6_weken_pct", "Gezinsplan binnen 6 weken"),
        )
    ),
    # Counts a page shows beside a figure, in breakdowns only (no headline of their own, so
    # no `column`: kerncijfers and the action list leave them out).
    Metric(
        "wachtlijst.boven_norm",
        "Boven de norm",
        "Jeugdigen die op de peildatum langer wachten dan de wachttijdnorm van wat zij op wachten.",
        "jeugdigen",
        _WACHT,
        young_people=True,
    ),
    Metric(
        "personeel.instroom_personen",
        "Instroom (personen)",
        "Medewerkers die in de periode in dienst kwamen.",
        "personen",
        "marts/personeel",
    ),
    Metric(
        "personeel.uitstroom_personen",
        "Uitstroom (personen)",
        "Medewerkers die in de periode uit dienst gingen.",
        "personen",
        "marts/personeel",
    ),
    *(
        Metric(f"doorlooptijden.{key}", label, text, unit, "marts/doorlooptijden", young_people=True)
        for key, label, text, unit in (
            ("maatregelen", "Ontvangen", "Maatregelen die de gecertificeerde instelling in de periode ontving.", "maatregelen"),
            (
                "beoordeelbaar",
                "Beoordeelbaar",
                "Ontvangen maatregelen waarvan de stap is gezet of de termijn verstreken: de noemer.",
                "maatregelen",
            ),
            ("binnen_norm", "Binnen de norm", "Beoordeelbare maatregelen die de stap binnen de norm haalden: de teller.", "maatregelen"),
            (
                "binnen_norm_pct",
                "Binnen de norm",
                "Per stap: binnen de norm ÷ beoordeelbaar × 100, zoals de vijf procesnormen hierboven.",
                "%",
            ),
            ("lopend", "Lopend", "Ontvangen maatregelen die nog binnen hun termijn zitten zonder de stap.", "maatregelen"),
        )
    ),
    *(
        Metric(f"ijw.{key}", label, text, unit, "marts/ijw", norm, young_people=True)
        for key, label, text, unit, norm in (
            (
                "verzoeken",
                "iJw: verzoeken om toewijzing",
                "Aangevraagde producten in verzoeken om toewijzing (JW315) met een dagtekening in de periode. "
                "Bron: het eigen iJw-berichtenverkeer van de gemeente, niet de extracten van de aanbieder.",
                "producten",
                None,
            ),
            (
                "toewijzingen",
                "iJw: toewijzingen",
                "Toegewezen producten (JW301) met een toewijzingsdatum in de periode; alleen eerste toewijzingen "
                "(zonder reden wijziging). Een toewijzing met reden wijziging 13 (verwijderd) telt niet.",
                "producten",
                None,
            ),
            (
                "mediaan_dagen_verzoek_toewijzing",
                "iJw: mediane dagen verzoek → toewijzing",
                "Over de toewijzingen in de periode die een verzoek beantwoorden (zelfde jeugdige, aanbieder en "
                "referentie van de aanbieder): toewijzingsdatum min dagtekening van het verzoek, in dagen; de "
                "middelste waarde. Niet getoond bij minder dan 5 jeugdigen.",
                "dagen",
                None,
            ),
            (
                "toewijzing_binnen_5_werkdagen_pct",
                "iJw: toegewezen binnen 5 werkdagen",
                "Deel van die toewijzingen waarbij het aantal werkdagen na het verzoek tot en met de "
                "toewijzingsdatum hoogstens de norm is (maandag t/m vrijdag zonder feestdagen).",
                "%",
                NormRef("ijw_toewijzing_werkdagen"),
            ),
            (
                "starts",
                "iJw: gestart (JW305)",
                "Gestarte producten (JW305) met een begindatum in de periode, met correcties (status aanlevering 2) "
                "en intrekkingen (3) verwerkt.",
                "producten",
                None,
            ),
            (
                "mediaan_dagen_toewijzing_start",
                "iJw: mediane dagen toewijzing → start",
                "Over de starts in de periode met een bekende toewijzing (zelfde toewijzingsnummer): begindatum min "
                "toewijzingsdatum, in dagen; de middelste waarde.",
                "dagen",
                None,
            ),
            (
                "p90_dagen_toewijzing_start",
                "iJw: 90e percentiel dagen toewijzing → start",
                "Als de mediaan, maar de waarde waaronder 90% van de starts valt.",
                "dagen",
                None,
            ),
            (
                "toegewezen_niet_gestart",
                "iJw: toegewezen, niet gestart",
                "Toewijzingen met een toewijzingsdatum tot en met het einde van de periode, niet beëindigd vóór dat "
                "einde en zonder start tot en met dat einde: de wachtlijst die alleen in het berichtenverkeer bestaat.",
                "producten",
                None,
            ),
            (
                "waarvan_langer_dan_4_weken",
                "iJw: waarvan langer dan 4 weken",
                "Van die toewijzingen: de toewijzingsdatum ligt meer dan 28 dagen voor het einde van de periode.",
                "producten",
                None,
            ),
            (
                "stops",
                "iJw: gestopt (JW307)",
                "Beëindigde producten (JW307) met een einddatum in de periode, correcties en intrekkingen verwerkt.",
                "producten",
                None,
            ),
            (
                "voortijdig_pct",
                "iJw: voortijdig beëindigd",
                "Deel van de stops met reden beëindiging 32, 33, 34 of 35 (JZ588: voortijdig afgesloten).",
                "%",
                None,
            ),
        )
    ),
    Metric(
        "ijw.verschil_met_extract_pct",
        "iJw: verschil starts met gestart-extract",
        "(starts in het berichtenverkeer − gestart volgens het extract van de aanbieder) ÷ gestart volgens "
        "het extract × 100. Leeg als een van beide ontbreekt (geen extract voor de hele periode, of geen "
        "iJw-bericht in de periode) of als een van beide 1 tot 4 is. Een groot verschil betekent dat een "
        "van de twee bronnen onvolledig is.",
        "%",
        "marts/ijw_kruiscontrole",
        NormRef("ijw_extract_verschil_pct"),
        young_people=True,
    ),
    Metric(
        "ijw.bron_klopt_niet",
        "iJw: bron klopt niet",
        "Ja als het verschil tussen de starts in het berichtenverkeer en het gestart-extract groter is dan "
        "de drempel (in procenten, in beide richtingen).",
        "ja/nee",
        "marts/ijw_kruiscontrole",
        NormRef("ijw_extract_verschil_pct"),
    ),
    Metric(
        "aanleveringen.verwacht",
        "Verwachte aanleveringen",
        "Per aanbieder en soort de maanden waarvoor een aanlevering verwacht wordt: vanaf de "
        "eerste aanlevering van die soort tot en met de nieuwste maand met gegevens, per maand "
        "of per kwartaal zoals de aanbieder eerder aanleverde.",
        "maanden",
        "marts/aanleveringen_verwacht",
    ),
)

# How each single-valued figure is read from its mart: column, base, decimals, rows; and
# its short label. Kept beside METRICS (one table of figures), applied once below.
_PROVIDER_LEVEL = (("niveau", "aanbieder"),)
_HOW_READ: dict[str, dict] = {
    "wachtlijst.wachtenden": dict(column="wachtenden", digits=0, short="Wachtenden"),
    "wachtlijst.mediaan_wachttijd_weken": dict(column="mediaan_wachttijd_weken", base="wachtenden", short="Mediane wachttijd"),
    "wachtlijst.p90_wachttijd_weken": dict(column="p90_wachttijd_weken", base="wachtenden", short="P90 wachttijd"),
    "wachtlijst.boven_norm_pct": dict(column="boven_norm_pct", base="wachtenden", short="Boven norm"),
    "wachtlijst.met_overbrugging_pct": dict(column="met_overbrugging_pct", base="wachtenden", short="Met overbrugging"),
    "gestart.aantal": dict(column="aantal", digits=0, short="Gestart"),
    "gestart.mediaan_gerealiseerde_wachttijd_dagen": dict(
        column="mediaan_gerealiseerde_wachttijd_dagen", base="aantal", short="Mediane gerealiseerde wachttijd"
    ),
    "gestart.binnen_norm_pct": dict(column="binnen_norm_pct", base="aantal", short="Gestart binnen norm"),
    **{
        f"personeel.{c}": dict(column=c, digits=d, where=_PROVIDER_LEVEL, short=short)
        for c, d, short in (
            ("bezetting_fte", 1, "Bezetting fte"),
            ("bezetting_personen", 0, "Bezetting personen"),
            ("verloop_12m_pct", 1, "Verloop"),
            ("vacaturegraad_pct", 1, "Vacaturegraad"),
            ("inhuur_pct", 1, "Inhuur"),
            ("verzuim_pct", 1, "Verzuim"),
            ("skj_pct", 1, "SKJ"),
        )
    },
    **{
        f"caseload.{c}": dict(column=c, digits=d, where=_PROVIDER_LEVEL, short=short)
        for c, d, short in (
            ("casussen", 0, "Casussen"),
            ("casushouders_fte", 1, "Casushouders fte"),
            ("caseload", 1, "Caseload"),
            ("norm", 1, "Caseloadnorm"),
            ("zonder_vaste_casushouder", 0, "Zonder vaste casushouder"),
        )
    },
    # A share of cases, each a young person: not shown over fewer than the threshold of the
    # cases that report contact.
    "caseload.contact_3m_pct": dict(column="contact_3m_pct", where=_PROVIDER_LEVEL, base="contact_noemer", short="Contact 3 mnd"),
    **{
        f"doorlooptijden.{key}": dict(column="binnen_norm_pct", base="beoordeelbaar", where=(("stap", stap),), short=short)
        for stap, key, short in (
            ("beoordeeld", "beoordeeld_2_werkdagen_pct", "Beoordeeld"),
            ("eerste_contact", "eerste_contact_5_werkdagen_pct", "Eerste contact"),
            ("risicotaxatie", "risicotaxatie_14_werkdagen_pct", "Risicotaxatie"),
            ("mdo", "mdo_14_werkdagen_pct", "MDO"),
            ("gezinsplan", "gezinsplan_6_weken_pct", "Gezinsplan"),
        )
    },
}
# The iJw figures are read per provider (and per product) by `catalogue.ijw_section`: each
# median or percentage over the young people of its base column.
_IJW_BASE = {
    "mediaan_dagen_verzoek_toewijzing": "toewijzingen_op_verzoek_jeugdigen",
    "toewijzing_binnen_5_werkdagen_pct": "toewijzingen_op_verzoek_jeugdigen",
    "mediaan_dagen_toewijzing_start": "starts_met_toewijzing_jeugdigen",
    "p90_dagen_toewijzing_start": "starts_met_toewijzing_jeugdigen",
    "voortijdig_pct": "stops_jeugdigen",
}
_HOW_READ |= {
    "doorlooptijden.binnen_norm_pct": dict(base="beoordeelbaar"),
    # The chain's figures: each read from the iJw mart's column of its own name.
    **{m.key: dict(column=m.name, base=_IJW_BASE.get(m.name)) for m in METRICS if m.query == "marts/ijw"},
}
METRICS = tuple(replace(m, **_HOW_READ.get(m.key, {})) for m in METRICS)
METRICS = tuple(replace(m, digits=0) if m.is_count else m for m in METRICS)  # a count has no decimals
# Within the iJw section a figure needs no "iJw: " (the section's title says it).
METRICS = tuple(
    replace(m, short=m.label.removeprefix("iJw: ")[:1].upper() + m.label.removeprefix("iJw: ")[1:]) if m.section == "ijw" else m
    for m in METRICS
)
PROCESS_STEPS = {m.where[0][1]: m for m in METRICS if m.section == "doorlooptijden" and m.where}

BY_KEY = {m.key: m for m in METRICS}
SECTIONS = {
    "wachtlijst": "Wachtlijsten",
    "gestart": "Gestarte trajecten",
    "personeel": "Personeel",
    "caseload": "Caseload",
    "doorlooptijden": "Doorlooptijden gecertificeerde instelling",
    "aanleveringen": "Aanleveringen",
    "ijw": "iJw-berichten (eigen bron van de gemeente)",
}


def metric(key: str) -> Metric:
    return BY_KEY[key]


def signal(key: str) -> Signal:
    """The signal of a metric that is judged by one (fails at import for one that is not)."""
    s = BY_KEY[key].signal
    if s is None:
        raise LookupError(f"{key} heeft geen signaalwaarde")
    return s


# Where a figure comes from, as a reader would name it (not the query file behind it).
SOURCES = {
    "wachtlijst": "aanlevering wachtlijst (momentopname)",
    "gestart": "aanlevering gestarte trajecten",
    "personeel": "aanlevering personeel",
    "caseload": "aanlevering caseload (momentopname)",
    "doorlooptijden": "aanlevering doorlooptijden (gecertificeerde instelling)",
    "aanleveringen": "logboek van de aanleveringen",
}


def _key_name(key: str) -> str:
    """A norm's key as people name it: a product ('Voogdij'), a wait ('intake') or a step
    ('eerste contact', 'MDO')."""
    if key in registers.products()["product"].to_list():
        return registers.product_name(None, key)
    if key in PROCESS_STEPS:
        short = PROCESS_STEPS[key].short_label
        return short if short.isupper() else short.lower()
    return key.replace("_", " ")


def since_text(day: date) -> str:
    """A norm's valid-from date; 'altijd' for a norm that holds for all history (stored as
    a date long before any data)."""
    return "altijd" if day.year <= 2000 else fmt.day(day)


def norms_table(norms: pl.DataFrame) -> pl.DataFrame:
    """The norms register as people read it: names instead of keys, 'altijd' for no start."""
    return norms.select(
        pl.col("omschrijving").alias("Norm"),
        pl.col("sleutel").map_elements(_key_name, return_dtype=pl.String).alias("Geldt voor"),
        pl.col("waarde").alias("Waarde"),
        pl.col("eenheid").alias("Eenheid"),
        pl.col("geldig_vanaf").map_elements(since_text, return_dtype=pl.String).alias("Geldig vanaf"),
        pl.col("bron").alias("Bron"),
    )


def norm_text(m: Metric) -> str:
    """The norm in words: each register value with its valid-from date, or the signal value."""
    parts = []
    for r in m.norms().iter_rows(named=True):
        since = "" if r["geldig_vanaf"].year <= 2000 else f" vanaf {fmt.day(r['geldig_vanaf'])}"
        parts.append(
            f"{_key_name(r['sleutel'])}: {fmt.number(r['waarde'], _digits(r['waarde']))} "
            f"{_singular(r['eenheid']) if r['waarde'] == 1 else r['eenheid']}{since}"
        )
    return "; ".join(parts)


def as_frame() -> pl.DataFrame:
    """The dictionary as a table, for the Definities page and its downloads."""
    return pl.DataFrame(
        [
            {
                "Onderdeel": SECTIONS[m.section],
                "Indicator": m.label,
                "Definitie": m.definition,
                "Eenheid": m.unit,
                "Norm": norm_text(m) or "–",
                "Signaal": m.signal.describe(m.unit) if m.signal else "–",
                "Bron signaal": m.signal.source if m.signal else "–",
                "Bron norm": "; ".join(sorted(set(m.norms()["bron"].to_list()))) or "–",
                "Kleine aantallen": "afgeschermd (<5)" if m.young_people else "niet afgeschermd",
                "Bron": SOURCES.get(m.kind, "–"),
            }
            for m in METRICS
        ]
    )


def query_path(m: Metric) -> Path:
    return QUERIES / f"{m.query}.sql"
