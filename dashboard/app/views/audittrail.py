"""Audittrail: who logged in, uploaded, changed the register, downloaded or made a report,
and when; for gemeente-beheer only (the page is not in anyone else's menu, and the data
layer gives others nothing). Exportable as CSV and Excel."""

from datetime import datetime

import polars as pl
import streamlit as st

from dashboard import audit
from dashboard.app import components, data, filters


def render() -> None:
    f = filters.current()
    st.title("Audittrail")
    if not f.viewer.may_edit:
        st.info("De audittrail is alleen zichtbaar voor de rol gemeente-beheer.", icon=":material/lock:")
        return
    log = data.audit_log(f)
    st.caption(
        "Alles wat gebruikers deden dat ertoe doet: inloggen (en geweigerde toegang), uploads, "
        "wijzigingen van het register, downloads en gemaakte rapporten. Alleen toevoegen: niets "
        "wordt gewijzigd of gewist. Nieuwste eerst."
    )
    if log.is_empty():
        st.info("Nog geen gebeurtenissen vastgelegd.", icon=":material/info:")
        return
    left, right = st.columns(2)
    events = left.multiselect("Gebeurtenis", audit.EVENTS, key="audit_gebeurtenis", placeholder="Alle gebeurtenissen")
    who = right.text_input("Wie (bevat)", key="audit_wie")
    shown = log.filter(pl.col("gebeurtenis").is_in(events)) if events else log
    if who.strip():
        shown = shown.filter(pl.col("wie").str.to_lowercase().str.contains(who.strip().lower(), literal=True))
    table = shown.select(
        pl.col("tijd").str.to_datetime().alias("Tijd"),
        pl.col("wie").alias("Wie"),
        pl.col("gebeurtenis").alias("Gebeurtenis"),
        pl.col("wat").alias("Wat"),
    )
    components.table_block(f"Gebeurtenissen ({table.height} van {log.height})", table, f"audittrail_{datetime.now():%Y%m%d}")


if __name__ == "__main__":
    render()
