"""Aanbevelingen: the register of inspection recommendations, grouped by report and
recommendation, with each measure's status on the chosen period's end, RAG in words, its
linked indicator on the data, its status history; and the forms that change the register
(every change with a name), export and import."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

import polars as pl
import streamlit as st

from dashboard import fmt, indicators, registers
from dashboard.app import charts, components, data, filters
from dashboard.app.filters import Filters
from dashboard.app.frames import aanbevelingen as frames

NAME = "reg_door"
RESULT = "_register_resultaat"
NONE = "(geen)"
CHOOSE = "Kies een optie"
ACTIONS = (
    "Statusupdate",
    "Maatregel toevoegen",
    "Afspraak uit regieoverleg",
    "Indicator koppelen",
    "Aanbeveling toevoegen",
    "Rapport toevoegen",
)


def render() -> None:
    f = filters.current()
    components.header("Aanbevelingen", f)
    if not components.ready(f, needs_data=False):
        return
    tree = data.register_tree(f)
    measures = data.measures(f)
    on = data.register_on(f)
    if not tree:
        st.info(
            "Het register met inspectieaanbevelingen en verbetermaatregelen is nog niet gevuld. "
            "Hier komen dan per aanbeveling de maatregelen per geadresseerde (de gemeente en de "
            "aanbieders), met eigenaar, deadline, status en voortgang — en waar een maatregel aan een "
            "indicator gekoppeld is, of de doelwaarde op tijd gehaald is."
            + (" Voeg hieronder een rapport toe of importeer een registerbestand." if f.viewer.may_edit else ""),
            icon=":material/pending_actions:",
        )
    else:
        whom = (
            "de gemeente en de gekozen aanbieders"
            if f.viewer.sees_unattributed
            else f"de maatregelen die aan {', '.join(f.providers)} gericht zijn"
        )
        st.toggle(
            "Stand op het einde van de gekozen periode",
            key=filters.REGISTER_AT_PERIOD_END,
            disabled=f.period is None,
            help="Uit: het register zoals het vandaag staat. Aan: zoals het stond op het einde van de "
            "gekozen periode (of vandaag, als dat eerder is).",
        )
        when = "einde van de gekozen periode" if f.register_at_period_end else "vandaag"
        st.caption(
            f"Stand op {fmt.day(on)} ({when}), voor {whom}. Het register wordt "
            "bijgehouden door de gemeente" + (": wijzigen kan onderaan de pagina." if f.viewer.may_edit else ".")
        )
        if not measures.is_empty():
            components.cards(frames.cards(measures))
        chosen = selection(measures)
        register_view(f, tree, frames.select(measures, chosen, on) if chosen.active else measures, chosen)
        if not measures.is_empty():
            # The same measures as the register above, flat: for sorting, searching and the
            # downloads. A closed section, so a visit does not load the 13-column grid for a
            # list the page already shows.
            components.section(
                f"Alle verbetermaatregelen in één tabel ({measures.height})",
                "aanbevelingen_tabel",
                partial(measures_table, measures),
                icon=":material/table:",
            )
    st.divider()
    if f.viewer.may_edit:
        edit(f, tree, measures)
        st.divider()
    export_import(f)


def measures_table(measures: pl.DataFrame) -> None:
    components.table_block(
        "Alle verbetermaatregelen",
        frames.table(measures),
        "aanbevelingen",
        caption="Te laat: de deadline is verstreken en de maatregel is niet gerealiseerd, "
        "doorgewerkt of vervallen. Indicator: of de gekoppelde doelwaarde uit de "
        "aanleveringen gehaald is.",
        heading=False,
    )


# --- the register, grouped ---------------------------------------------------------------


def selection(measures: pl.DataFrame) -> frames.Selection:
    """The filters for a meeting: addressee, status, RAG, late, deadline window. Kept while
    the user visits other pages."""
    if measures.is_empty():
        return frames.Selection()
    keep: dict = {"persist_state": "session"}
    with st.container(horizontal=True, key="reg_filters"):
        whom = st.multiselect(
            "Adressaat", sorted(set(measures["adressaat"].to_list())), key="reg_f_adressaat", placeholder="Alle adressaten", **keep
        )
        statuses = st.multiselect(
            "Status", data.STATUSES, key="reg_f_status", placeholder="Alle statussen", format_func=lambda s: data.STATUS_LABELS[s], **keep
        )
        rag = st.multiselect("Voortgang", list(frames.STAND), key="reg_f_rag", placeholder="Alle", format_func=frames.rag_text, **keep)
        window = st.selectbox("Deadline", list(frames.DEADLINES), key="reg_f_deadline", format_func=lambda k: frames.DEADLINES[k], **keep)
    late = st.toggle("Alleen te laat", key="reg_f_te_laat", **keep)
    return frames.Selection(tuple(whom), tuple(statuses), tuple(rag), late, window)


def register_view(f: Filters, tree: list[dict], measures: pl.DataFrame, chosen: frames.Selection) -> None:
    groups = frames.grouped(tree, measures, data.addressees(f), only_with_measures=chosen.active)
    shown = [m for rep in groups for rec in rep.recommendations for m in rec.measures]
    history = data.history(f, [m["id"] for m in shown]) if shown else None
    if chosen.active:
        st.caption(f"{len(shown)} {'maatregel' if len(shown) == 1 else 'maatregelen'} volgens de filters; te late eerst, dan op deadline.")
        if not shown:
            st.info("Geen maatregelen volgens deze filters.", icon=":material/filter_alt_off:")
    for rep in groups:
        st.header(f"{rep.instantie}: {rep.titel}", anchor=False)
        meta = [f"Datum: {fmt.day(rep.datum)}" if rep.datum else "Datum niet vermeld in de bron"]
        if rep.bron:
            meta.append(f"Bron: {rep.bron}")
        st.caption(" · ".join(meta))
        for rec in rep.recommendations:
            # A statement, not an expression: Streamlit's magic would write the None it gives.
            if rep.is_meeting:
                agreements(rec)
            else:
                recommendation(rec)
            if not rec.measures:
                st.caption("Nog geen verbetermaatregelen vastgelegd voor de gemeente of de gekozen aanbieders.")
                continue
            late = sum(bool(m["te_laat"]) for m in rec.measures)
            # Collapsible per recommendation: open when a measure is late, so a meeting sees those
            # first. A closed one is a lazy section: its measures (facts, history, forms) are built
            # and sent only when opened, so the page does not carry every measure of the register.
            what = "Afspraken" if rep.is_meeting else f"Maatregelen bij aanbeveling {components.literal(rec.nummer)}"
            label = f"{what} ({len(rec.measures)}" + (f", {late} te laat)" if late else ")")
            components.section(
                label, f"maatregelen_{rep.id}_{rec.id}", partial(_measures, f, rec.measures, history), bool(late), ":material/checklist:"
            )


def _measures(f: Filters, measures: Sequence[dict], history: pl.DataFrame | None) -> None:
    for m in measures:
        measure(f, m, history)


def _facts_table(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="jm-facts">{body}</table>'


def recommendation(rec: frames.Recommendation) -> None:
    finding = f'<div class="jm-rec-finding"><b>Bevinding:</b> {html.escape(rec.bevinding)}</div>' if rec.bevinding else ""
    st.html(
        f'<div class="jm-rec"><div class="jm-rec-head">Aanbeveling {html.escape(rec.nummer)} '
        f"— aan {html.escape(', '.join(registers.short_name(a) for a in rec.adressaten))}</div>{finding}"
        f'<div class="jm-rec-text">{html.escape(rec.tekst)}</div></div>'
    )


def agreements(rec: frames.Recommendation) -> None:
    """A regie meeting's agreements: with whom, then each agreement as a measure."""
    st.html(
        f'<div class="jm-rec"><div class="jm-rec-head">Afspraken uit het regieoverleg — '
        f"{html.escape(', '.join(registers.short_name(a) for a in rec.adressaten))}</div></div>"
    )


HISTORY_HEAD = ("Datum", "Status", "Toelichting", "Bewijs", "Door", "Vastgelegd op")


def history_details(measure_id: str, rows: Sequence[tuple[str, ...]]) -> str:
    """A measure's status history as a closed HTML <details>: part of the measure's one HTML
    element rather than an expander with a table and a caption of its own (an open register
    section holds a dozen measures: three elements fewer each, for the browser to build on
    every visit). The browser's own disclosure: Tab to it, Enter or Space opens it."""
    label = f"Statushistorie {html.escape(measure_id)} ({len(rows)})"
    if not rows:
        inside = '<p class="jm-note">Nog geen statusupdates: de maatregel telt als niet gestart.</p>'
    else:
        head = "".join(f"<th>{h}</th>" for h in HISTORY_HEAD)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        inside = (
            f'<table class="jm-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            '<p class="jm-note">Oudste eerst, nieuwste onderaan. Niets wordt overschreven: elke update is een nieuwe regel.</p>'
        )
    return f'<details class="jm-history"><summary>{label}</summary>{inside}</details>'


def measure(f: Filters, m: dict, history: pl.DataFrame | None) -> None:
    with st.container(border=True, key=f"maatregel_{m['id']}"):
        rag = m["rag"]
        rows = frames.history_rows(history.filter(history["maatregel_id"] == m["id"])) if history is not None else []
        st.html(
            f'<div class="jm-measure-title">{html.escape(m["omschrijving"])} '
            f'<span class="jm-status {frames.RAG_CLASS.get(rag, "jm-na")}">{html.escape(frames.rag_text(rag))}'
            f'</span></div><div class="jm-sub">{"Afspraak" if m.get("soort") == data.MEETING else "Maatregel"} {html.escape(m["id"])}</div>'
            + _facts_table(frames.facts(m) + frames.indicator_facts(m))
            + history_details(m["id"], rows)
        )
        if m["cijfer"]:
            # The indicator's course: drawn and sent when opened (the facts above say where it stands).
            components.section(
                components.literal(f"Verloop: {frames.indicator_label(m)}"),
                f"indicator_{m['id']}",
                partial(indicator_chart, f, m),
                icon=":material/show_chart:",
            )


def indicator_chart(f: Filters, m: dict) -> None:
    series = frames.series_of(m)  # the values the measure was judged on
    if series.is_empty():
        st.caption("Nog geen gegevens voor deze indicator tot de gekozen periode.")
        return
    view = frames.indicator_view(series, m)
    fig = indicators.CATALOG[m["cijfer"]]
    doel = frames.target_text(m["cijfer"], m["vergelijking"], m["doel"])
    chart = charts.indicator(
        view.chart, fig.label, m["doel"], doel, m["doeldatum"], fmt.day(m["doeldatum"]), percent=fig.label.endswith("(%)")
    )
    title = f"{frames.indicator_label(m)}: verloop, doel {doel} op {fmt.day(m['doeldatum'])}"
    st.altair_chart(components.unvalidated(chart), width="stretch", key=f"indicator_{m['id']}", alt=title)
    st.caption("Gestreepte zwarte lijn: het doel; gestippelde oranje lijn: de doeldatum. " + (view.note or ""))


# --- changing the register ------------------------------------------------------------------


def _clean(value: object) -> object:
    if value == NONE:
        return None
    return (value.strip() or None) if isinstance(value, str) else value


def _submit(
    f: Filters,
    action: str,
    target: Callable[[], list[str]],
    fields: dict[str, str],
    done: str,
    reset: Sequence[str] = (),
    extra: Callable[[], dict] | None = None,
) -> None:
    """A form's callback (runs before the page): one change through data.change_register;
    the outcome is shown by the form on this run."""
    ss = st.session_state
    values = {name: _clean(ss.get(key)) for name, key in fields.items()}
    values = {k: v for k, v in values.items() if v is not None} | (extra() if extra else {})
    problems = data.change_register(f, action, ss.get(NAME) or "", *target(), **values)
    if not problems:
        for key in reset:
            ss[key] = ""
    ss[RESULT] = (action, problems, done)


def _outcome(action: str) -> None:
    result = st.session_state.get(RESULT)
    if not result or result[0] != action:
        return
    del st.session_state[RESULT]
    _, problems, done = result
    if problems:
        st.error("Niet opgeslagen:\n" + "\n".join(f"- {components.literal(p)}" for p in problems), icon=":material/error:")
    else:
        st.success(components.literal(done), icon=":material/check_circle:")


def edit(f: Filters, tree: list[dict], measures: pl.DataFrame) -> None:
    st.header("Register bijwerken", anchor=False)
    if f.viewer.local:
        st.text_input(
            "Uw naam",
            key=NAME,
            placeholder="Voor- en achternaam",
            help="Elke wijziging wordt vastgelegd met wie en wanneer (zonder inloggen: de naam die u hier invult).",
        )
    else:
        st.caption(f"Elke wijziging wordt vastgelegd met wie en wanneer: als {components.literal(f.viewer.name)}.")
    action = st.radio("Wat wilt u doen?", ACTIONS, key="reg_actie", horizontal=True)
    if action == "Rapport toevoegen":
        report_form(f)
    elif action == "Afspraak uit regieoverleg":
        agreement_form(f)
    elif not tree:
        st.info("Voeg eerst een rapport toe (of importeer een registerbestand).", icon=":material/info:")
    elif action == "Aanbeveling toevoegen":
        recommendation_form(f, tree)
    elif action == "Maatregel toevoegen":
        measure_form(f, tree)
    elif measures.is_empty():
        st.info("Er zijn nog geen verbetermaatregelen voor de gemeente of de gekozen aanbieders.", icon=":material/info:")
    elif action == "Statusupdate":
        status_form(f, measures)
    else:
        indicator_form(f, measures)


def _measure_options(measures: pl.DataFrame) -> dict[str, str]:
    return {r["id"]: f"{r['id']} — {r['omschrijving'][:70]}" for r in measures.sort("id").iter_rows(named=True)}


def status_form(f: Filters, measures: pl.DataFrame) -> None:
    options = _measure_options(measures)
    ss = st.session_state
    # The measure is chosen outside the form, so that the status starts from its current
    # status: a careless save repeats it instead of setting it back to "niet gestart".
    st.selectbox("Maatregel", list(options), key="status_maatregel", format_func=lambda k: options[k], placeholder=CHOOSE)
    chosen = ss.get("status_maatregel")
    if chosen and ss.get("_status_van") != chosen:
        current = dict(zip(measures["id"].to_list(), measures["status"].to_list()))
        if current.get(chosen) in data.STATUSES:
            ss["status_status"] = current[chosen]
        ss["_status_van"] = chosen
    with st.form("statusupdate", border=True):
        st.markdown(
            f"**Statusupdate bij {components.literal(chosen or 'een maatregel')}** — de historie blijft; "
            "dit wordt een nieuwe regel. De status staat op de huidige status."
        )
        left, right = st.columns(2)
        left.selectbox("Status", data.STATUSES, key="status_status", format_func=lambda s: data.STATUS_LABELS[s], placeholder=CHOOSE)
        right.date_input("Datum", value=date.today(), key="status_datum", format="DD-MM-YYYY", max_value=date.today())
        st.text_area("Toelichting", key="status_toelichting", placeholder="Wat is er gebeurd?")
        st.text_input("Bewijs", key="status_bewijs", placeholder="Document of bron dat de status onderbouwt")
        st.form_submit_button(
            "Statusupdate opslaan",
            key="status_opslaan",
            type="primary",
            icon=":material/save:",
            on_click=lambda: _submit(
                f,
                "status",
                lambda: [ss["status_maatregel"]],
                {"status": "status_status", "datum": "status_datum", "toelichting": "status_toelichting", "bewijs": "status_bewijs"},
                f"Opgeslagen: statusupdate bij {ss['status_maatregel']} "
                f"({data.STATUS_LABELS.get(ss['status_status'])}, {fmt.day(ss['status_datum'])}). "
                "Zie de statushistorie van de maatregel.",
                reset=("status_toelichting", "status_bewijs"),
            ),
        )
    _outcome("status")


def measure_form(f: Filters, tree: list[dict]) -> None:
    choices = frames.recommendation_choices(tree)
    rec = st.selectbox("Aanbeveling", list(choices), key="maatregel_aanbeveling", format_func=lambda k: choices[k][0])
    addressees = choices[rec][1]
    ss = st.session_state
    with st.form("maatregel", border=True):
        st.markdown(f"**Nieuwe verbetermaatregel bij aanbeveling {components.literal(rec)}** — alleen voor haar adressaten.")
        st.selectbox("Adressaat", addressees, key="maatregel_adressaat", placeholder=CHOOSE, format_func=registers.short_name)
        st.text_area("Omschrijving", key="maatregel_omschrijving")
        left, right = st.columns(2)
        left.text_input("Eigenaar", key="maatregel_eigenaar", placeholder="Organisatie en functie")
        right.date_input("Deadline", value=None, key="maatregel_deadline", format="DD-MM-YYYY")
        st.text_input("Id (leeg: automatisch)", key="maatregel_id", placeholder="M-…")

        def new_id() -> dict:
            wanted = (ss.get("maatregel_id") or "").strip()
            return {"id": wanted or frames.new_measure_id(tree, rec, ss.get("maatregel_adressaat") or "")}

        st.form_submit_button(
            "Maatregel opslaan",
            key="maatregel_opslaan",
            type="primary",
            icon=":material/save:",
            on_click=lambda: _submit(
                f,
                "maatregel",
                lambda: [rec],
                {
                    "adressaat": "maatregel_adressaat",
                    "omschrijving": "maatregel_omschrijving",
                    "eigenaar": "maatregel_eigenaar",
                    "deadline": "maatregel_deadline",
                },
                f"Opgeslagen: nieuwe maatregel bij aanbeveling {rec}.",
                reset=("maatregel_omschrijving", "maatregel_eigenaar", "maatregel_id"),
                extra=new_id,
            ),
        )
    _outcome("maatregel")


def agreement_form(f: Filters) -> None:
    """An agreement of a regie meeting: with which provider and when, what, who acts, by
    when. Followed up afterwards with status updates, like every measure."""
    ss = st.session_state
    providers = [p for p in registers.provider_codes() if p in f.providers] or list(registers.provider_codes())
    st.selectbox("Regieoverleg met", providers, key="afspraak_aanbieder", format_func=registers.short_name)
    provider = ss.get("afspraak_aanbieder") or providers[0]
    with st.form("afspraak", border=True):
        st.markdown(
            "**Nieuwe afspraak uit het regieoverleg** — daarna gevolgd met statusupdates, zoals elke "
            "verbetermaatregel, en te laat of achter op schema zichtbaar in dezelfde lijsten."
        )
        left, right = st.columns(2)
        left.date_input("Datum van het overleg", value=date.today(), key="afspraak_datum", format="DD-MM-YYYY", max_value=date.today())
        right.selectbox("Wie voert uit", [data.MUNICIPALITY, provider], key="afspraak_adressaat", format_func=registers.short_name)
        st.text_area("Afspraak", key="afspraak_omschrijving", placeholder="Wat is afgesproken?")
        left, right = st.columns(2)
        left.text_input("Eigenaar", key="afspraak_eigenaar", placeholder="Organisatie en functie")
        right.date_input("Deadline", value=None, key="afspraak_deadline", format="DD-MM-YYYY")
        st.form_submit_button(
            "Afspraak opslaan",
            key="afspraak_opslaan",
            type="primary",
            icon=":material/save:",
            on_click=lambda: _submit(
                f,
                "afspraak",
                lambda: [],
                {
                    "aanbieder": "afspraak_aanbieder",
                    "datum": "afspraak_datum",
                    "adressaat": "afspraak_adressaat",
                    "omschrijving": "afspraak_omschrijving",
                    "eigenaar": "afspraak_eigenaar",
                    "deadline": "afspraak_deadline",
                },
                f"Opgeslagen: afspraak uit het regieoverleg met {registers.short_name(ss.get('afspraak_aanbieder') or provider)}.",
                reset=("afspraak_omschrijving", "afspraak_eigenaar"),
            ),
        )
    _outcome("afspraak")


def indicator_form(f: Filters, measures: pl.DataFrame) -> None:
    options = _measure_options(measures)
    products = sorted(set(registers.products()["product"].to_list()))
    ss = st.session_state
    with st.form("indicator", border=True):
        st.markdown("**Indicator koppelen** — de maatregel wordt dan beoordeeld op de aangeleverde cijfers.")
        st.selectbox("Maatregel", list(options), key="indicator_maatregel", format_func=lambda k: options[k], placeholder=CHOOSE)
        st.selectbox("Cijfer", list(indicators.CATALOG), key="indicator_cijfer", format_func=lambda k: indicators.CATALOG[k].label)
        a, b, c = st.columns(3)
        a.selectbox(
            "Aanbieder", registers.provider_codes(), key="indicator_aanbieder", placeholder=CHOOSE, format_func=registers.short_name
        )
        b.selectbox(
            "Product (optioneel)",
            [NONE, *products],
            key="indicator_product",
            help="Alleen bij cijfers over de wachtlijst of gestarte trajecten.",
        )
        c.text_input("Team (optioneel)", key="indicator_team", help="Alleen bij caseload en personeel.")
        a, b, c = st.columns(3)
        a.selectbox(
            "Vergelijking",
            list(indicators.COMPARISONS),
            key="indicator_vergelijking",
            format_func=lambda k: f"{k} ({frames.COMPARISON_WORDS[k]})",
        )
        # Text, not st.number_input: that one shows a decimal point ("0.0"); this reads "12,5".
        b.text_input("Doel", key="indicator_doel", placeholder="bijv. 0 of 12,5", help="Een getal; een decimaal met een komma.")
        c.date_input("Doeldatum", value=None, key="indicator_doeldatum", format="DD-MM-YYYY")
        st.form_submit_button(
            "Indicator koppelen",
            key="indicator_opslaan",
            type="primary",
            icon=":material/link:",
            on_click=lambda: _submit(
                f,
                "indicator",
                lambda: [ss["indicator_maatregel"]],
                {
                    "cijfer": "indicator_cijfer",
                    "aanbieder": "indicator_aanbieder",
                    "product": "indicator_product",
                    "team": "indicator_team",
                    "vergelijking": "indicator_vergelijking",
                    "doeldatum": "indicator_doeldatum",
                },
                f"Opgeslagen: indicator gekoppeld aan {ss['indicator_maatregel']}.",
                extra=lambda: {"doel": _clean(ss.get("indicator_doel"))},
            ),
        )
    _outcome("indicator")


def recommendation_form(f: Filters, tree: list[dict]) -> None:
    reports = {r["id"]: f"{r['id']} — {r.get('titel', '')}" for r in tree}
    ss = st.session_state
    with st.form("aanbeveling", border=True):
        st.markdown("**Nieuwe aanbeveling** — neem de tekst letterlijk over uit het rapport.")
        st.selectbox("Rapport", list(reports), key="aanbeveling_rapport", format_func=lambda k: reports[k], placeholder=CHOOSE)
        a, b = st.columns(2)
        a.text_input("Nummer", key="aanbeveling_nummer", placeholder="bijv. 2c")
        b.text_input("Id (leeg: rapport-id en nummer)", key="aanbeveling_id")
        st.text_area("Bevinding (optioneel)", key="aanbeveling_bevinding")
        st.text_area("Tekst van de aanbeveling", key="aanbeveling_tekst")
        st.multiselect(
            "Adressaten", data.ADDRESSEES, key="aanbeveling_adressaten", placeholder="Kies een of meer", format_func=registers.short_name
        )

        def extra() -> dict:
            wanted = (ss.get("aanbeveling_id") or "").strip()
            nummer = (ss.get("aanbeveling_nummer") or "").strip()
            return {
                "id": wanted or (f"{ss['aanbeveling_rapport']}-{nummer}" if nummer else ""),
                "adressaten": list(ss.get("aanbeveling_adressaten") or []),
            }

        st.form_submit_button(
            "Aanbeveling opslaan",
            key="aanbeveling_opslaan",
            type="primary",
            icon=":material/save:",
            on_click=lambda: _submit(
                f,
                "aanbeveling",
                lambda: [ss["aanbeveling_rapport"]],
                {"nummer": "aanbeveling_nummer", "bevinding": "aanbeveling_bevinding", "tekst": "aanbeveling_tekst"},
                f"Opgeslagen: aanbeveling bij {ss['aanbeveling_rapport']}.",
                reset=("aanbeveling_nummer", "aanbeveling_id", "aanbeveling_bevinding", "aanbeveling_tekst"),
                extra=extra,
            ),
        )
    _outcome("aanbeveling")


def report_form(f: Filters) -> None:
    with st.form("rapport", border=True):
        st.markdown("**Nieuw rapport** — daarna kunt u er aanbevelingen aan toevoegen.")
        a, b = st.columns(2)
        a.text_input("Id", key="rapport_id", placeholder="bijv. IGJ-2025-JBRR")
        b.date_input("Datum (optioneel)", value=None, key="rapport_datum", format="DD-MM-YYYY")
        st.text_input("Instantie", key="rapport_instantie", placeholder="bijv. Inspectie Gezondheidszorg en Jeugd (IGJ)")
        st.text_input("Titel", key="rapport_titel")
        st.text_input("Bron (optioneel)", key="rapport_bron")
        st.form_submit_button(
            "Rapport opslaan",
            key="rapport_opslaan",
            type="primary",
            icon=":material/save:",
            on_click=lambda: _submit(
                f,
                "rapport",
                lambda: [],
                {
                    "id": "rapport_id",
                    "datum": "rapport_datum",
                    "instantie": "rapport_instantie",
                    "titel": "rapport_titel",
                    "bron": "rapport_bron",
                },
                f"Opgeslagen: rapport {st.session_state.get('rapport_id') or ''}.",
                reset=("rapport_id", "rapport_instantie", "rapport_titel", "rapport_bron"),
            ),
        )
    _outcome("rapport")


# --- export and import -----------------------------------------------------------------------


def _import(f: Filters) -> None:
    ss = st.session_state
    upload = ss.get("reg_import_bestand")
    if upload is None:
        ss[RESULT] = ("import", ["Kies eerst een .yaml-bestand."], "")
        return
    if not upload.name.lower().endswith((".yaml", ".yml")):
        ss[RESULT] = ("import", [f"{upload.name}: geen .yaml-bestand; het register wordt geïmporteerd uit YAML."], "")
        return
    added, problems = data.import_register(f, upload.getvalue(), ss.get(NAME) or "", upload.name)
    ss[RESULT] = ("import", problems, frames.added_text(added) if added is not None else "")


def export_import(f: Filters) -> None:
    st.header("Exporteren en importeren" if f.viewer.may_edit else "Exporteren", anchor=False)
    left, right = st.columns(2)
    with left:
        st.markdown(
            ("Het hele register" if f.viewer.sees_unattributed else "De aanbevelingen en maatregelen die aan u gericht zijn")
            + ", met de volledige historie van elke maatregel, als bewerkbaar en "
            "archiveerbaar YAML-bestand."
        )
        components.download(
            st.container(),
            "Register exporteren (YAML)",
            lambda: data.export_register(f).encode("utf-8"),
            f"register-aanbevelingen-{date.today().isoformat()}.yaml",
            "application/x-yaml",
            "reg_export",
        )
    if not f.viewer.may_edit:
        return
    with right:
        # No `type=` filter: the browser would refuse another file in English; _import does, in Dutch.
        st.file_uploader(
            "Registerbestand importeren (.yaml)",
            key="reg_import_bestand",
            help="Alles of niets: bij een fout wordt niets opgeslagen. Wat al zo in het register "
            "staat, wordt niet dubbel opgeslagen." + (" Vul bovenaan uw naam in." if f.viewer.local else ""),
        )
        st.button("Importeren", key="reg_importeren", icon=":material/upload:", on_click=_import, args=(f,))
        _outcome("import")


if __name__ == "__main__":
    render()
