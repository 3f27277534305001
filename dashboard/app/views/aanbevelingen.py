"""Aanbevelingen: the improvement measures from the recommendations register, read-only;
while the register is empty, a plain note instead of made-up measures."""

import streamlit as st

from dashboard.app import components, data, filters
from dashboard.app.frames import aanbevelingen as frames


def render() -> None:
    f = filters.current()
    components.header("Aanbevelingen", f)
    if not components.ready(f, needs_data=False):
        return
    measures = data.measures(f)
    if measures.is_empty():
        st.info("Het register met inspectieaanbevelingen en verbetermaatregelen is nog niet gevuld. "
                "Hier komen dan per aanbeveling de maatregelen per geadresseerde (gemeente, JBRR, Enver, "
                "wijkteams), met eigenaar, deadline, status en voortgang — en waar een maatregel aan een "
                "indicator gekoppeld is, of de doelwaarde op tijd gehaald is.", icon=":material/pending_actions:")
        return
    on = min(f.period.end, f.today) if f.period else f.today
    st.caption(f"Stand op {on:%d-%m-%Y} (einde van de gekozen periode), voor de gemeente en de gekozen "
               "aanbieders. Het register wordt bijgehouden door de gemeente; bewerken volgt in een eigen onderdeel.")
    components.cards(frames.cards(measures))
    components.table_block("Verbetermaatregelen", frames.table(measures), "aanbevelingen",
                           caption="Te laat: de deadline is verstreken en de maatregel is niet gerealiseerd, "
                                   "doorgewerkt of vervallen. Indicator: of de gekoppelde doelwaarde uit de "
                                   "aanleveringen gehaald is.")


if __name__ == "__main__":
    render()
