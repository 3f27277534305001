"""Toegankelijkheid: the accessibility statement, in the structure of the Dutch government's
model statement (toegankelijkheidsverklaring: status, how it was evaluated, known problems
with a way around each, what is being done, contact). What axe-core checks on every CI run
is in tests/test_browser.py; what it cannot fix from the app (Streamlit's own texts and
labels) is listed here, so a user knows what to expect and how to get around it."""

import streamlit as st

from dashboard import ingest
from dashboard.app import components, filters
from dashboard.app.frames.display import HTML_COLUMNS, HTML_ROWS

STATUS = "B — voldoet gedeeltelijk"

# (problem, who it hinders, way around it): each sits inside Streamlit, the framework the
# dashboard is built on, and cannot be changed from the dashboard itself.
KNOWN = [
    (
        "Enkele knoppen en schermlezerteksten van het framework zijn Engels, bijvoorbeeld 'Remove' op een "
        "gekozen aanbieder, 'Clear all', 'No results' in een keuzelijst, 'Running…' en 'Stop' tijdens het laden, "
        "en de knoppen boven een lange of brede tabel ('Download', 'Search', 'Fullscreen').",
        "Gebruikers van een schermlezer en wie geen Engels leest.",
        "Een gekozen aanbieder verwijdert u ook door in de zijbalk de keuzelijst te openen en de aanbieder uit te "
        "vinken; elke tabel is ook als CSV en Excel te downloaden met de Nederlandse knoppen eronder.",
    ),
    (
        "De kalender van een datumveld toont Engelse maand- en dagnamen, en een leeg datumveld toont het voorbeeld 'DD-MM-YYYY'.",
        "Wie een datum kiest in de registerformulieren.",
        "Typ de datum als dag-maand-jaar, bijvoorbeeld 31-12-2024; de kalender is niet nodig.",
    ),
    (
        "Bij een gekozen bestand in het uploadveld toont het framework de bestandsgrootte in Engelse notatie "
        "(bijvoorbeeld '1.2KB') en een Engelse knoptekst om het bestand te verwijderen.",
        "Wie bestanden aanlevert.",
        f"De uitslag per bestand (geladen of afgewezen, met de reden) is Nederlands; de grens is {ingest.MAX_UPLOAD_MB} "
        "MB per bestand. Verwijder een gekozen bestand met het kruisje naast de naam.",
    ),
    (
        "De pagina meldt zich bij het openen een fractie van een seconde als Engelstalig, tot de jeugdmonitor "
        "geladen is; daarna staat de taal op Nederlands.",
        "Schermlezers die de taal bij het openen vastleggen; browsers die dan vertaling aanbieden.",
        "Wijs een aangeboden vertaling af; herlaad de pagina als uw schermlezer Engels voorleest.",
    ),
    (
        "Grafieken zijn afbeeldingen.",
        "Blinde en slechtziende gebruikers.",
        "Elke grafiek heeft een tekstalternatief en de schakelaar 'Toon als tabel' met dezelfde cijfers, en de "
        "cijfers zijn als CSV en Excel te downloaden. Status staat nooit alleen in kleur: er staat altijd een "
        "teken en een woord bij (✓ op norm, ! let op, ▲ boven norm, ▼ onder norm).",
    ),
    (
        f"Een tabel van meer dan {HTML_ROWS} rijen of meer dan {HTML_COLUMNS} kolommen (zoals de lijst van alle "
        "afgewezen bestanden en het register van maatregelen) is een interactieve tabel van het framework, met "
        "zoeken en sorteren; die wordt getekend, niet als gewone HTML-tabel, en niet elke schermlezer leest hem "
        "cel voor cel.",
        "Gebruikers van een schermlezer.",
        f"Download de tabel als CSV of Excel. Alle kleinere tabellen (tot en met {HTML_ROWS} rijen en "
        f"{HTML_COLUMNS} kolommen) zijn gewone tabellen met kolomkoppen.",
    ),
    (
        "De PDF-rapportages hebben taal, titel en een gestructureerde opbouw, maar zijn niet getoetst aan PDF/UA.",
        "Gebruikers van een schermlezer.",
        "Dezelfde cijfers staan in het dashboard, met tabellen en downloads.",
    ),
]


def render() -> None:
    f = filters.current()
    components.header("Toegankelijkheid", f)
    st.markdown(
        "De gemeente Rotterdam wil dat iedereen de jeugdmonitor kan gebruiken, ook met een beperking, met een "
        "schermlezer, alleen met het toetsenbord of op een projector in een vergaderzaal. Het dashboard moet "
        "voldoen aan de Europese norm EN 301 549, die gelijk is aan de Web Content Accessibility Guidelines "
        "(WCAG) 2.1 niveau AA (Besluit digitale toegankelijkheid overheid). Dit is de "
        "toegankelijkheidsverklaring, opgebouwd volgens het model van de Rijksoverheid."
    )

    st.header("Status")
    st.markdown(
        f"**Nalevingsstatus: {STATUS}.** De jeugdmonitor voldoet aan de meeste eisen; de bekende "
        "problemen hieronder zitten in het framework waarmee het dashboard gebouwd is (Streamlit) "
        "en staan er met een omweg bij."
    )

    st.header("Hoe is dit onderzocht")
    st.markdown(
        "- **Automatisch, bij elke wijziging van de software**: elke pagina wordt in een echte browser "
        "(Chromium) geopend, als medewerker van de gemeente en als gebruiker van een aanbieder, en "
        "gecontroleerd met axe-core op de WCAG 2.1 A- en AA-regels. Een ernstige of kritieke overtreding "
        "(onder meer onvoldoende kleurcontrast, ontbrekende namen van knoppen of velden, ontbrekende taal) "
        "houdt de wijziging tegen; ook een overgeslagen kopniveau.\n"
        '- **Taal**: de pagina\'s melden zich als Nederlands (`lang="nl"`); alle teksten van het dashboard zijn '
        "Nederlands, ook getallen (decimale komma) en datums (dag-maand-jaar).\n"
        "- **Geen verzoeken naar buiten**: de browsertest faalt als een pagina iets opvraagt bij een andere "
        "server dan de jeugdmonitor zelf (lettertypen, pictogrammen, statistieken). Het dashboard werkt "
        "daardoor ook zonder internet, en geen derde partij ziet wie het gebruikt.\n"
        "- **Handmatig**: schermafbeeldingen van elke pagina op 1440×1000 en op een projectorscherm van "
        "1024×768 bekeken (leesbaarheid, en wat zonder scrollen zichtbaar is). Een systematische controle van "
        "bediening met alleen het toetsenbord en van vergroten tot 200 % is nog niet gedaan.\n"
        "- Een onafhankelijke toetsing door een gecertificeerd onderzoeksbureau is nog niet gedaan."
    )

    st.header("Bekende problemen en hoe u ze omzeilt")
    for problem, who, around in KNOWN:
        st.markdown(f"- **{problem}**  \n  Voor wie: {who}  \n  Omweg: {around}")

    st.header("Wat wij doen")
    st.markdown(
        "De automatische controle draait bij elke wijziging, zodat een nieuw probleem niet ongemerkt blijft. "
        "Wordt een probleem in het framework opgelost, dan nemen we die versie over en halen we het hier weg. "
        "Meldingen van gebruikers gaan voor."
    )

    st.header("Contact, feedback en klachten")
    st.markdown(
        "Loopt u ergens tegenaan, of mist u informatie in een vorm die u kunt gebruiken? Meld het aan de "
        "beheerder van de jeugdmonitor via uw contactpersoon bij de gemeente Rotterdam. Noem de pagina en wat "
        "u probeerde te doen. U krijgt binnen 5 werkdagen een ontvangstbevestiging en binnen 2 weken een "
        "inhoudelijke reactie; tot het probleem is opgelost, krijgt u de cijfers op een andere manier. Bent u "
        "niet tevreden over hoe uw melding is afgehandeld, dan kunt u een klacht indienen bij de gemeente "
        "Rotterdam en daarna bij de Nationale ombudsman."
    )


if __name__ == "__main__":
    render()
