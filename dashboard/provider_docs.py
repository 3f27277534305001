"""The delivery specification for providers (Dutch), generated from the contract the
validator runs, so the document and the checks cannot drift apart. The committed copy is
data/aanleverspecificatie.md; a test keeps it equal to this output."""

from __future__ import annotations

from dashboard import registers
from dashboard.contract import FUNCTIES, KINDS, PERSONAL_NAME_PARTS, URGENTIE, WACHT_OP, Column
from dashboard.errors import MAX_LISTED
from dashboard.filenames import CONVENTION

TYPES = {
    "code": "code",
    "date": "datum",
    "text": "tekst",
    "int": "geheel getal",
    "decimal": "getal",
    "bool": "ja/nee",
    "month": "maand `JJJJ-MM`",
}


def _rule(col: Column) -> str:
    parts = ["verplicht" if col.required else "optioneel"]
    if col.codes == "@aanbieder":
        parts.append("gelijk aan de aanbieder in de bestandsnaam")
    elif col.codes == "@product":
        parts.append("een product van de aanbieder (zie onder)")
    elif col.codes == "@gebied":
        parts.append("een van de Rotterdamse gebieden (zie onder); hoofdletters, spaties en streepjes maken niet uit")
    elif isinstance(col.codes, tuple):
        parts.append("een van: " + ", ".join(f"`{c}`" for c in col.codes))
    if col.pattern_text:
        parts.append(col.pattern_text)
    if col.minimum is not None and col.maximum is not None:
        parts.append(f"{col.minimum:g} tot en met {col.maximum:g}")
    elif col.minimum is not None:
        parts.append(f"minimaal {col.minimum:g}")
    if col.default is not None:
        shown = {True: "ja", False: "nee"}.get(col.default, col.default) if isinstance(col.default, bool) else col.default
        parts.append(f"leeg = `{shown}`")
    return "; ".join(str(p) for p in parts)


def render() -> str:
    out = [
        "# Aanleverspecificatie jeugdmonitor (datacontract v1)",
        "",
        "Dit document is gegenereerd uit de controles die de jeugdmonitor uitvoert "
        "(`uv run python -m dashboard.provider_docs`). Wat hier staat, is precies wat wordt gecontroleerd.",
        "",
        "## Aanbieders en producten",
        "",
        "| code | naam | producten |",
        "|---|---|---|",
    ]
    for p in registers.providers().iter_rows(named=True):
        out.append(f"| `{p['code']}` | {p['naam']} | {', '.join(f'`{x}`' for x in registers.products_of(p['code']))} |")
    out += [
        "",
        "## Bestanden",
        "",
        f"- Naam: {CONVENTION}. De periode is een maand `JJJJ-MM` of een kwartaal `JJJJ-Qn`.",
        "- Elke datum of maand in het bestand valt binnen die periode, en elke `aanbieder` is die uit de bestandsnaam.",
        "- De periode is al begonnen, en geen datum ligt na de dag van aanleveren: een aanlevering gaat over wat al gebeurd is.",
        "- CSV: UTF-8 (met of zonder BOM) of Windows-1252; scheidingsteken `,` of `;`; een decimale komma (`14,5`) "
        "mag. Datums als `JJJJ-MM-DD` of `DD-MM-JJJJ` (ook `D-M-JJJJ`, zoals Excel ze opslaat). "
        "Ja/nee als `ja`/`nee`, `true`/`false`, `1`/`0` of `WAAR`/`ONWAAR`. Kolomnamen: hoofdletters en spaties "
        "rondom maken niet uit.",
        "- Excel (`.xlsx`): het tabblad met de naam van de soort (bijvoorbeeld `wachtlijst`), anders het eerste tabblad; één kopregel.",
        "- Onbekende extra kolommen geven een waarschuwing en worden genegeerd. Een ontbrekende verplichte kolom, "
        "een verkeerd type, een onbekende code of een waarde buiten het bereik keurt het hele bestand af.",
        "- Codes (`aanbieder`, `product`, `wacht_op`, …) mogen in hoofd- of kleine letters.",
        "- Geen stuurtekens in een cel of kolomnaam: geen tab, regeleinde binnen een cel, escape- of nulteken, "
        "geen onzichtbare leesrichtingstekens (U+202A–U+202E, U+2066–U+2069) en geen niet-tekens (U+FFFE, U+FFFF). "
        'UTF-16 ("Unicode-tekst") wordt niet aangenomen.',
        "",
        "## Persoonsgegevens worden nooit aangenomen",
        "",
        "Geen BSN, namen, adressen of geboortedatums. Een kolom met een naam die daarop lijkt ("
        + ", ".join(f"`{p}`" for p in PERSONAL_NAME_PARTS)
        + "), of met een BSN in een waarde, keurt het bestand af: 8 of 9 cijfers die de elfproef doorstaan, ook "
        "geschreven als `1234.56.782`, `123 456 782` of `1234-56-782`, los of in andere tekst, of een nummer na "
        "`BSN`. Een datum in een teamnaam (mogelijk een geboortedatum) keurt het bestand ook af. "
        "`client_id` is uw eigen pseudoniem: gebruik letters en cijfers, geen BSN. Een foutmelding over "
        "`client_id` of `gebied` noemt rij en kolom, nooit de waarde.",
        "",
    ]
    for kind in KINDS.values():
        out += [
            f"## Soort `{kind.name}`",
            "",
            kind.description[0].upper() + kind.description[1:] + ".",
            "",
            "| kolom | type | regel | betekenis |",
            "|---|---|---|---|",
        ]
        for col in kind.columns:
            out.append(f"| `{col.name}` | {TYPES[col.type]} | {_rule(col)} | {col.description} |")
        extra = [f"`{kind.period_column}` valt binnen de periode van het bestand."]
        extra += [f"`{c.left}` {c.words(kind.column(c.left).type == 'date')} `{c.right}`." for c in kind.compares]
        if kind.unique_text:
            extra.append(kind.unique_text[0].upper() + kind.unique_text[1:] + ".")
        out += ["", *(f"- {e}" for e in extra), ""]
    out += [
        "## Aanleveren, correcties en geschiedenis",
        "",
        "- Een bestand is één aanlevering, en wordt helemaal of helemaal niet geladen.",
        "- Een later bestand voor dezelfde aanbieder, soort en periode vervangt het eerdere; het eerdere blijft in "
        "de geschiedenis (status `vervangen`) met een overzicht van wat er veranderde. Een maandbestand na een "
        "kwartaalbestand vervangt alleen zijn eigen maand.",
        "- Hetzelfde bestand (dezelfde inhoud) twee keer aanleveren slaat het één keer op.",
        "- Een afgewezen bestand wordt bewaard (quarantaine) met het foutenrapport.",
        f"- Een foutmelding noemt bestand, rij (de kopregel is rij 1), kolom, waarde en regel; de waarde niet als "
        f"die persoonsgegevens kan bevatten of een stuurteken is. Alle fouten van een "
        f"bestand worden geteld; de eerste {MAX_LISTED} worden getoond.",
        "- Controleer een bestand vooraf zonder iets op te slaan: `jeugdmonitor validate BESTAND`.",
        "",
        "## Termijnen",
        "",
        "Een aanlevering is op tijd als zij uiterlijk op de laatste werkdag van de termijn binnen is: het aantal "
        "werkdagen na afloop van de periode (maand of kwartaal) hieronder. Werkdagen zijn maandag tot en met vrijdag, "
        "zonder feestdagen. Een correctie achteraf telt niet als te laat: de eerste aanlevering telt.",
        "",
        "| soort | werkdagen na afloop van de periode |",
        "|---|---|",
        *(f"| `{kind}` | {registers.deadline_days(kind)} |" for kind in KINDS),
        "",
        "## Codes",
        "",
        "- `wacht_op`: " + ", ".join(f"`{c}`" for c in WACHT_OP),
        "- `urgentie`: " + ", ".join(f"`{c}`" for c in URGENTIE),
        "- `functie`: " + ", ".join(f"`{c}`" for c in FUNCTIES),
        "- `gebied`: " + ", ".join(f"`{a}`" for a in registers.areas()),
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":
    from dashboard.paths import DATA

    (DATA / "aanleverspecificatie.md").write_text(render(), encoding="utf-8")
    print(f"geschreven: {DATA / 'aanleverspecificatie.md'}")
