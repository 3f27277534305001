"""The words beside the figures on the pages: the toelichtingen of a theme (with a form for
who may write one) and, on the Overzicht, the advisor's text for the wethouderbriefing.
Who may read or write what comes from the data layer (`notes`, `access.Viewer`); every
text is shown as typed (escaped), never as Markdown or HTML."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import notes, registers
from dashboard.app import components, data
from dashboard.app.filters import Filters

RESULT = "_toelichting_resultaat"


def _text_html(text: str, cls: str) -> str:
    return f'<div class="{cls}">' + "<br>".join(html.escape(line) for line in text.splitlines()) + "</div>"


def shown(f: Filters, e: notes.Explanation) -> None:
    with st.container(border=True, key=f"toelichting_{e.aanbieder}_{e.periode}_{e.thema}_{e.namens}"):
        st.html(f'<div class="jm-note-head">{html.escape(e.kop)}</div>' + _text_html(e.tekst, "jm-note-text"))
        st.caption(components.literal(e.wie_wanneer))
        if e.versies > 1:
            with st.expander(f"Eerdere versies ({e.versies - 1})", icon=":material/history:"):
                for h in data.explanation_history(f, e):
                    st.html(_text_html(h.tekst, "jm-note-text"))
                    st.caption(components.literal(f"{h.door}, {h.vastgelegd_op:%d-%m-%Y %H:%M}{notes.demo_mark(h.door, h.demo)}"))


def block(f: Filters, thema: str) -> None:
    """The toelichtingen on this theme for the chosen period and providers, and the form."""
    found = data.explanations(f, [thema])
    writable = [p for p in f.providers if f.viewer.may_explain(p)]
    if not found and not writable:
        return
    st.header("Toelichting bij de cijfers", anchor=False)
    if found:
        for e in found:
            shown(f, e)
    else:
        st.caption(
            f"Nog geen toelichting over {notes.THEME_LABELS[thema].lower()} voor {f.period.display() if f.period else 'deze periode'}."
        )
    if writable and f.period is not None:
        form(f, thema, writable)


def form(f: Filters, thema: str, writable: list[str]) -> None:
    assert f.period is not None
    periods = [f.period, f.period.quarter()] if not f.period.is_quarter else [f.period]
    labels = {p.label: p.display() for p in periods}
    ss = st.session_state
    key = f"toelichting_{thema}"
    with st.expander("Toelichting schrijven", icon=":material/edit_note:", expanded=bool(ss.get(RESULT, ("",))[0] == thema)):
        with st.form(f"{key}_form", border=False):
            st.caption(
                "Een feitelijke toelichting bij de cijfers van deze periode, voor de gemeente en in de "
                "kwartaalrapportage. Niets wordt overschreven: een nieuwe toelichting wordt de geldende, "
                "de eerdere blijven bewaard. Geen namen van cliënten of medewerkers."
            )
            left, right = st.columns(2)
            left.selectbox("Aanbieder", writable, key=f"{key}_aanbieder", format_func=registers.short_name)
            right.selectbox("Periode", list(labels), key=f"{key}_periode", format_func=labels.__getitem__)
            if f.viewer.local:
                st.text_input("Uw naam", key=f"{key}_door", placeholder="Voor- en achternaam")
            st.text_area("Toelichting", key=f"{key}_tekst", max_chars=notes.MAX_EXPLANATION)
            st.form_submit_button(
                "Toelichting opslaan", key=f"{key}_opslaan", type="primary", icon=":material/save:", on_click=_save, args=(f, thema)
            )
        _outcome(thema)


def _save(f: Filters, thema: str) -> None:
    ss = st.session_state
    key = f"toelichting_{thema}"
    problems = data.write_explanation(
        f,
        ss.get(f"{key}_aanbieder") or "",
        ss.get(f"{key}_periode") or "",
        thema,
        ss.get(f"{key}_tekst") or "",
        ss.get(f"{key}_door") or "",
    )
    if not problems:
        ss[f"{key}_tekst"] = ""
    ss[RESULT] = (thema, problems)


def _outcome(what: str) -> None:
    result = st.session_state.get(RESULT)
    if not result or result[0] != what:
        return
    del st.session_state[RESULT]
    if result[1]:
        st.error("Niet opgeslagen:\n" + "\n".join(f"- {components.literal(p)}" for p in result[1]), icon=":material/error:")
    else:
        st.success("Opgeslagen.", icon=":material/check_circle:")


# --- the advisor's words for the wethouderbriefing ----------------------------------------


def briefing(f: Filters) -> None:
    """The current text for the briefing of the chosen period, and for gemeente-beheer the
    form for a new version. Nothing for a provider's user."""
    if not f.viewer.sees_briefing_text or f.period is None:
        return
    current = data.briefing_text(f)
    if current is None and not f.viewer.may_write_briefing_text:
        return
    st.header("Tekst voor de wethouderbriefing", anchor=False)
    if current:
        st.html(_text_html(current["tekst"], "jm-note-text"))
        who = f"{current['door']}, {current['vastgelegd_op']:%d-%m-%Y %H:%M}" + notes.demo_mark(current["door"], current["demo"])
        more = f"; {current['versies'] - 1} eerdere versie(s) bewaard" if current["versies"] > 1 else ""
        st.caption(components.literal(f"Staat in de briefing onder 'In het kort'. {who}{more}."))
    else:
        st.caption(f"Nog geen eigen tekst voor {f.period.display()}: de briefing toont dan alleen de cijfers.")
    if (established := data.briefing_established(f)) is not None:
        st.caption(f"{f.period.display()} is vastgesteld op {established:%d-%m-%Y}: de briefing houdt de tekst van dat moment.")
        return
    if not f.viewer.may_write_briefing_text:
        return
    ss = st.session_state
    with st.expander(
        "Tekst voor de briefing schrijven", icon=":material/edit_note:", expanded=bool(ss.get(RESULT, ("",))[0] == "briefing")
    ):
        with st.form("briefingtekst_form", border=False):
            st.caption(
                f"Een korte duiding in uw eigen woorden voor {f.period.display()}, afgedrukt onder 'In het kort'. "
                "Een nieuwe tekst vervangt de vorige in de briefing; de vorige blijft bewaard."
            )
            if f.viewer.local:
                st.text_input("Uw naam", key="briefingtekst_door", placeholder="Voor- en achternaam")
            st.text_area("Tekst", key="briefingtekst_tekst", max_chars=notes.MAX_BRIEFING_TEXT)
            st.form_submit_button(
                "Tekst opslaan", key="briefingtekst_opslaan", type="primary", icon=":material/save:", on_click=_save_briefing, args=(f,)
            )
        _outcome("briefing")


def _save_briefing(f: Filters) -> None:
    ss = st.session_state
    problems = data.write_briefing_text(f, ss.get("briefingtekst_tekst") or "", ss.get("briefingtekst_door") or "")
    if not problems:
        ss["briefingtekst_tekst"] = ""
    ss[RESULT] = ("briefing", problems)
