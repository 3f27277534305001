"""Small iJw 3.2 messages for tests, written to the published structure (the stored XSDs of
JW315, JW301, JW305 and JW307): one `Bericht` per file. The people are fictitious; their
BSNs lie in the test range 999990000-999999999 and pass the eleven-test."""

from __future__ import annotations

from pathlib import Path

NS = "http://www.istandaarden.nl/ijw/3_2/{}/schema"
BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
CODES = {"jw315": "446", "jw301": "436", "jw305": "438", "jw307": "440"}
GEMEENTE = "0599"
AGB = {"JBRR": "98000011", "ENVER": "98000022", "WIJKTEAMS": "98000033"}
KEY = "test-sleutel-die-lang-genoeg-is-voor-hmac-0123456789"

# Fictitious people: BSN, name, birth date — none of these may end up anywhere.
PEOPLE = {
    "anna": ("999990019", "Jansen-Testpersoon", "2012-03-15"),
    "bram": ("999990020", "Bakker-Testpersoon", "2010-11-30"),
    "cem": ("999990032", "Yilmaz-Testpersoon", "2015-07-01"),
    "dana": ("999990044", "de Vries-Testpersoon", "2008-01-20"),
    "eva": ("999990056", "Visser-Testpersoon", "2011-05-05"),
    "finn": ("999990068", "Smit-Testpersoon", "2013-09-09"),
}


def product(categorie: str | None, code: str | None, prefix: str) -> str:
    if categorie is None:
        return ""
    inner = f"<{prefix}:Categorie>{categorie}</{prefix}:Categorie>"
    if code:
        inner += f"<{prefix}:Code>{code}</{prefix}:Code>"
    return f"<m:Product>{inner}</m:Product>"


def bericht(
    kind: str,
    ident: str,
    dagtekening: str,
    person: str,
    lines: list[str],
    provider: str = "ENVER",
    basis_prefix: str = "ijw",
    berichtcode: str | None = None,
    namespace: str | None = None,
) -> str:
    """A whole message. Composite parts (Identificatie, Dagtekening, Datum, Categorie, Code,
    the XSD versions) are in the basisschema namespace, or in the message's own with
    `basis_prefix="m"`: both appear in practice."""
    bsn, name, born = PEOPLE[person]
    ns = namespace or NS.format(kind)
    if kind == "jw301":
        sender, receiver = GEMEENTE, AGB[provider]
    else:
        sender, receiver = AGB[provider], GEMEENTE
    b = basis_prefix
    containers = {"jw315": "AangevraagdeProducten", "jw301": "ToegewezenProducten", "jw305": "StartProducten", "jw307": "StopProducten"}
    extra = ""
    if kind == "jw301":
        extra = (
            "<m:Commentaar>Moeder belt liever niet na 17 uur</m:Commentaar>"
            "<m:Contactgegevens><m:Contact><m:Soort>01</m:Soort><m:Adres>"
            f"<{b}:Straatnaam>Teststraat</{b}:Straatnaam><{b}:Huisnummer>12</{b}:Huisnummer>"
            f"<{b}:Postcode>3011AA</{b}:Postcode><{b}:Plaatsnaam>Rotterdam</{b}:Plaatsnaam>"
            "</m:Adres></m:Contact></m:Contactgegevens>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<m:Bericht xmlns:m="{ns}" xmlns:ijw="{BASIS}">
  <m:Header>
    <m:BerichtCode>{berichtcode or CODES[kind]}</m:BerichtCode>
    <m:BerichtVersie>3</m:BerichtVersie>
    <m:BerichtSubversie>2</m:BerichtSubversie>
    <m:Afzender>{sender}</m:Afzender>
    <m:Ontvanger>{receiver}</m:Ontvanger>
    <m:BerichtIdentificatie>
      <{b}:Identificatie>{ident}</{b}:Identificatie>
      <{b}:Dagtekening>{dagtekening}</{b}:Dagtekening>
    </m:BerichtIdentificatie>
    <m:XsdVersie>
      <{b}:BasisschemaXsdVersie>1.0.0</{b}:BasisschemaXsdVersie>
      <{b}:BerichtXsdVersie>1.0.0</{b}:BerichtXsdVersie>
    </m:XsdVersie>
  </m:Header>
  <m:Client>
    <m:Bsn>{bsn}</m:Bsn>
    <m:Geboortedatum><{b}:Datum>{born}</{b}:Datum><{b}:DatumGebruik>1</{b}:DatumGebruik></m:Geboortedatum>
    <m:Geslacht>2</m:Geslacht>
    <m:Naam><{b}:Geslachtsnaam><{b}:Achternaam>{name}</{b}:Achternaam></{b}:Geslachtsnaam></m:Naam>
    {extra}
    <m:{containers[kind]}>{"".join(lines)}</m:{containers[kind]}>
  </m:Client>
</m:Bericht>
"""


def verzoek(ref: str, categorie: str | None = "45", code: str | None = "45A01", ingang: str = "2024-06-01", b: str = "ijw") -> str:
    return (
        f"<m:AangevraagdProduct><m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder>{product(categorie, code, b)}"
        f"<m:ToewijzingIngangsdatum>{ingang}</m:ToewijzingIngangsdatum>"
        "<m:Verwijzer><ijw:Type>01</ijw:Type><ijw:Naam>Huisarts Test</ijw:Naam></m:Verwijzer>"
        "<m:Commentaar>Vader is ziek</m:Commentaar></m:AangevraagdProduct>"
    )


def toewijzing(
    nummer: str,
    datum: str,
    ref: str | None = None,
    categorie: str | None = "45",
    code: str | None = "45A01",
    ingang: str | None = None,
    eind: str | None = None,
    reden: str | None = None,
    b: str = "ijw",
) -> str:
    return (
        f"<m:ToegewezenProduct><m:ToewijzingNummer>{nummer}</m:ToewijzingNummer>"
        + (f"<m:ReferentieAanbieder>{ref}</m:ReferentieAanbieder>" if ref else "")
        + product(categorie, code, b)
        + f"<m:Toewijzingsdatum>{datum}</m:Toewijzingsdatum><m:Toewijzingstijd>10:00:00</m:Toewijzingstijd>"
        f"<m:Ingangsdatum>{ingang or datum}</m:Ingangsdatum>"
        + (f"<m:Einddatum>{eind}</m:Einddatum>" if eind else "")
        + (f"<m:RedenWijziging>{reden}</m:RedenWijziging>" if reden else "")
        + "</m:ToegewezenProduct>"
    )


def start(
    nummer: str | None, begin: str, status: str = "1", categorie: str | None = "45", code: str | None = "45A01", b: str = "ijw"
) -> str:
    return (
        "<m:StartProduct>"
        + (f"<m:ToewijzingNummer>{nummer}</m:ToewijzingNummer>" if nummer else "")
        + product(categorie, code, b)
        + f"<m:Begindatum>{begin}</m:Begindatum><m:StatusAanlevering>{status}</m:StatusAanlevering>"
        "</m:StartProduct>"
    )


def stop(
    nummer: str | None,
    begin: str,
    eind: str,
    reden: str = "31",
    status: str = "1",
    categorie: str | None = "45",
    code: str | None = "45A01",
    b: str = "ijw",
) -> str:
    return (
        "<m:StopProduct>"
        + (f"<m:ToewijzingNummer>{nummer}</m:ToewijzingNummer>" if nummer else "")
        + product(categorie, code, b)
        + f"<m:Begindatum>{begin}</m:Begindatum><m:RedenBeeindiging>{reden}</m:RedenBeeindiging>"
        f"<m:Einddatum>{eind}</m:Einddatum><m:StatusAanlevering>{status}</m:StatusAanlevering></m:StopProduct>"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
