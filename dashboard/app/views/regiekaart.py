"""Regiekaart: one provider's whole picture for the regie meeting. Its figures per domain
with status, norm and sparkline first (the first screen of a 1024×768 projector), then what
needs action, its measures and agreements, and its deliveries; the same as a one-page PDF."""

import streamlit as st

from dashboard.app import components, data, filters
from dashboard.app.frames import actielijst
from dashboard.app.frames import regiekaart as frames


def render() -> None:
    f = filters.current()
    components.header("Regiekaart", f)  # the provider's full name comes with its card, below
    if not components.ready(f):
        return
    # A provider's user has one provider: nothing to choose.
    provider = components.provider_choice(f.providers, "rk_aanbieder", show_label=True) if len(f.providers) > 1 else f.providers[0]
    card = data.card(f, provider)
    if not card.has_data:
        components.nothing_for(f"{card.short_name} in {card.period.display()} (geen aanleveringen)")
        return
    st.markdown(f"**{components.literal(card.name)}**")
    components.regiekaart(frames.blocks(card))
    st.caption(frames.caption(card))

    st.header("Wat vraagt actie")
    if card.actions:
        components.action_table([actielijst.line(i, a) for i, a in enumerate(card.actions, 1)])
    else:
        st.success(f"Bij {card.short_name} is niets buiten de norm en geen maatregel te laat.", icon=":material/check_circle:")

    st.header("Maatregelen en afspraken")
    rows = frames.measure_rows(card)
    if rows:
        components.fact_rows(("Maatregel of afspraak", "Soort", "Van", "Deadline", "Status", "Oordeel"), rows)
        st.caption(
            f"Uit het register van aanbevelingen, stand op {card.on:%d-%m-%Y}: maatregelen bij inspectieaanbevelingen "
            "en afspraken uit het regieoverleg; eerst wat open is."
        )
    else:
        st.caption("Geen maatregelen of afspraken in het register voor deze aanbieder.")
    for section in card.sections:
        st.header(section.title)
        components.bullet_list(section.lines or (section.empty,))
    components.privacy_note()
    components.report_button(st.container(horizontal=True), f, "regiekaart", (provider,))


if __name__ == "__main__":
    render()
