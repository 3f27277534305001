"""Aanleveringen: what arrived and what is missing, upload of new extracts (the same ingest
as `jeugdmonitor ingest`), the delivery log and rejected files with their errors."""

from functools import partial
from pathlib import Path

import streamlit as st

from dashboard import ingest
from dashboard.app import components, data, filters
from dashboard.app.frames import aanleveringen as frames
from dashboard.app.frames import ijw as ijw_frames
from dashboard.errors import MAX_LISTED
from dashboard.periods import Period

_RESULTS, _UPLOADS = "upload_resultaten", "upload_teller"
REPORTS_SHOWN = 20  # rejected files with their error report under the table, newest first


def upload(f: filters.Filters) -> None:
    st.header("Bestanden aanleveren")
    if not f.viewer.may_upload_any:
        st.caption("Aanleveren kan met de rol gemeente-beheer, of als aanbieder voor de eigen extracten.")
        return
    own = "" if f.viewer.may_edit else f" Met uw account levert u alleen extracten van {f.viewer.provider} aan."
    st.caption(
        "Bestandsnaam: AANBIEDER_soort_periode, bijvoorbeeld "
        f"{f.viewer.provider or 'JBRR'}_wachtlijst_2024-06.csv of {f.viewer.provider or 'ENVER'}_personeel_2024-Q2.xlsx. "
        f"Alleen .csv en .xlsx, elk bestand hoogstens {ingest.MAX_UPLOAD_MB} MB. Een bestand wordt helemaal "
        "geladen of helemaal niet."
        + own
        + (
            " iJw-berichten (JW315, JW301, JW305, JW307 als .xml, één bericht per bestand) uit de eigen "
            "backoffice kunnen hier ook; elk bericht wordt helemaal geladen of helemaal niet, en alleen een "
            "pseudoniem van het BSN wordt bewaard."
            if f.viewer.may_edit
            else ""
        )
    )
    key = f"upload_{st.session_state.get(_UPLOADS, 0)}"
    # No `type=` filter: the browser would refuse other files with an English message; the
    # ingest refuses them itself, in Dutch, naming the file.
    files = st.file_uploader("Kies een of meer extracten (.csv of .xlsx)", accept_multiple_files=True, key=key)
    if st.button("Inlezen", type="primary", disabled=not files, key="inlezen"):
        bar = st.progress(0.0, text="Inlezen…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done} van {total}: {name}" if name else "Klaar")

        results = data.upload(f, [(u.name, u.getvalue()) for u in files], progress)
        st.session_state[_RESULTS] = [
            {
                "ok": r.outcome is not ingest.Outcome.REJECTED,
                "regel": r.line(),
                "fouten": [e.text() for e in r.errors],
                "meer": max(0, r.error_count - len(r.errors)),
                "waarschuwingen": [w.text() for w in r.warnings],
                "herzien": data.revision_note(f, r.file) if r.outcome in (ingest.Outcome.LOADED, ingest.Outcome.REPLACED) else None,
            }
            for r in results
        ]
        # A fresh uploader; the rerun picks up the new data version everywhere (sidebar too).
        st.session_state[_UPLOADS] = st.session_state.get(_UPLOADS, 0) + 1
        st.rerun()
    for r in st.session_state.get(_RESULTS, []):
        if r["ok"]:
            st.success(components.literal(r["regel"]), icon=":material/check_circle:")
        else:
            more = f"\n\n… en nog {r['meer']} fout(en)" if r["meer"] else ""
            st.error(
                components.literal(r["regel"]) + "\n\n" + "\n".join(f"- {components.literal(e)}" for e in r["fouten"]) + more,
                icon=":material/block:",
            )
        for w in r["waarschuwingen"]:
            st.warning(f"Waarschuwing: {components.literal(w)}")
        if r.get("herzien"):
            st.warning(components.literal(r["herzien"][:1].upper() + r["herzien"][1:] + "."), icon=":material/history:")


def render() -> None:
    f = filters.current()
    components.header("Aanleveringen", f)
    upload(f)
    if not components.ready(f, needs_data=False):
        return
    if f.has_data:
        periods = f.trend()[-12:]
        view = frames.matrix(data.figure("verwachte_aanleveringen", f, periods), periods)
        components.table_block(
            "Wat is geleverd",
            view.table,
            "aanleveringen_matrix",
            caption="Nieuwste periode eerst. Verwacht: elke soort die een aanbieder eerder "
            "leverde, per maand of per kwartaal zoals hij eerder leverde. "
            "✓ geleverd · ◐ deels · ✕ ontbreekt.",
        )
        gaps = frames.missing_lines(view)
        if gaps:
            st.markdown("**Ontbreekt of onvolledig:**")
            components.bullet_list(gaps)
        else:
            st.markdown("**Alles wat verwacht werd is geleverd.**")

        timeliness(f, periods)
        crosscheck(f, periods)

    reports = data.rejected(f)
    st.header("Afgewezen bestanden")
    if not reports:
        st.markdown("Geen afgewezen bestanden.")
    else:
        components.table(frames.rejected_table(reports), key="afgewezen", label="Tabel: afgewezen bestanden")
        if len(reports) > REPORTS_SHOWN:  # a page does not grow with every file ever refused
            st.caption(f"De foutmeldingen van de {REPORTS_SHOWN} nieuwste; alle {len(reports)} afgewezen bestanden staan in de tabel.")
        for r in reports[:REPORTS_SHOWN]:
            with st.expander(f"{components.literal(r['bestand'])} — {r['aantal_fouten']} fout(en)"):
                components.bullet_list(r["meldingen"][:MAX_LISTED])
                if r.get("bestand_bewaard", True):
                    # Where on the server it lies is for the municipality's administrators only.
                    kept = r["kopie"] if f.viewer.may_edit else Path(r["kopie"]).name
                    st.caption(f"Het bestand is bewaard in quarantaine: {components.literal(kept)}")
                else:
                    st.caption("Een iJw-bericht bevat persoonsgegevens en wordt daarom niet bewaard; alleen dit foutenrapport is bewaard.")

    log = data.deliveries(f)
    if log.height:
        # Every delivery ever made: read and sent when opened.
        components.section(LOG, "aanleveringen_logboek", partial(delivery_log, f))


LOG = "Logboek van aanleveringen"


def delivery_log(f: filters.Filters) -> None:
    components.table_block(
        LOG,
        frames.log(data.deliveries(f)),
        "aanleveringen_logboek",
        caption="Nieuwste eerst. Een latere levering voor dezelfde periode vervangt de eerdere (status vervangen).",
        heading=False,
    )


def timeliness(f: filters.Filters, periods: list[Period]) -> None:
    """Herinneringen: what is overdue or still open, and what arrived late, per provider."""
    rows = data.due(f)
    st.header("Aanlevertermijnen en herinneringen")
    st.caption(data.deadline_rule())
    due = frames.reminders(rows)
    if due:
        st.markdown("**Herinneringen (ontbreekt of nog niet binnen):**")
        components.bullet_list(due)
    else:
        st.markdown("**Geen herinneringen: alles wat verschuldigd was, is binnen.**")
    late = frames.late_lines(rows, periods)
    if late:
        st.markdown("**Te laat ontvangen:**")
        components.bullet_list(late)
    else:
        st.markdown("**Alles in deze periodes is op tijd ontvangen.**")
    table = frames.deadline_table(rows, periods)
    if table.height:
        components.section(
            TERMS,
            "aanleveringen_termijnen",
            partial(components.table_block, TERMS, table, "aanleveringen_termijnen", caption="Nieuwste periode eerst.", heading=False),
        )


TERMS = "Termijn per aanlevering"


def crosscheck(f: filters.Filters, periods: list[Period]) -> None:
    """The starts in the iJw message traffic against the providers' `gestart` extracts."""
    kc = data.figure("ijw_kruiscontrole", f, periods)
    labels = [p.label for p in periods]
    table = ijw_frames.crosscheck(kc, labels)
    if table.height == 0:
        return
    components.table_block(
        "Kruiscontrole met het iJw-berichtenverkeer",
        table,
        "aanleveringen_ijw",
        caption="Starts (JW305) in het eigen berichtenverkeer van de gemeente tegen het "
        "gestart-extract van de aanbieder. Wijken ze meer dan de drempel af, dan is een "
        "van beide bronnen onvolledig: 'bron klopt niet'.",
    )
    lines = ijw_frames.flagged(kc, labels)
    if lines:
        st.markdown("**Bron klopt niet:**")
        components.bullet_list(lines)


if __name__ == "__main__":
    render()
