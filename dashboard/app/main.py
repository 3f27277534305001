"""Entry point: `streamlit run dashboard/app/main.py` (what `jeugdmonitor serve` runs).
The database is $JEUGDMONITOR_DB or the default (dashboard.paths.resolve_db)."""

from pathlib import Path

import streamlit as st

from dashboard.app import launch

# The whole run inside launch.script_run: its imports wait for what serve's side threads may
# be importing now (the preload, then what later pages need), and those wait for the run.
with launch.script_run():
    from dashboard import demo, warehouse
    from dashboard.app import auth, components, filters
    from dashboard.paths import resolve_db

    # The tab icon is a file served by the dashboard itself: a `:material/…:` page icon is
    # fetched from Google's font server, an emoji from a CDN — both outside requests.
    st.set_page_config(page_title="Jeugdmonitor Rotterdam", page_icon=str(Path(__file__).with_name("icon.png")), layout="wide")

    PAGES = [
        st.Page("views/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
        st.Page("views/regiekaart.py", title="Regiekaart", icon=":material/badge:"),
        st.Page("views/wachtlijsten.py", title="Wachtlijsten", icon=":material/hourglass_top:"),
        st.Page("views/personeel.py", title="Personeel", icon=":material/groups:"),
        st.Page("views/caseload.py", title="Caseload", icon=":material/work:"),
        st.Page("views/doorlooptijden.py", title="Doorlooptijden", icon=":material/timer:"),
        st.Page("views/aanbevelingen.py", title="Aanbevelingen", icon=":material/checklist:"),
        st.Page("views/aanleveringen.py", title="Aanleveringen", icon=":material/upload_file:"),
        st.Page("views/vaststellen.py", title="Vaststellen", icon=":material/verified:"),
        st.Page("views/definities.py", title="Definities", icon=":material/menu_book:"),
        st.Page("views/toegankelijkheid.py", title="Toegankelijkheid", icon=":material/accessibility:"),
    ]
    AUDIT = st.Page("views/audittrail.py", title="Audittrail", icon=":material/policy:")

    # On a first `jeugdmonitor serve` the demo loads while Streamlit starts; wait for its figures
    # (its quarter is established just after: a notice below says so meanwhile).
    if demo.marker(resolve_db()).exists():
        with st.spinner("Demodata wordt geladen…"):
            demo.wait_until_built(resolve_db())
    if not resolve_db().exists():  # reading never creates the database; the app makes an empty one
        warehouse.ensure(resolve_db())

    # Nobody sees anything before it is known who they are (a login screen or a Dutch
    # explanation stops the script here).
    viewer = auth.viewer()

    # Page modules live in views/, not pages/: a pages/ folder beside the entry point switches
    # Streamlit (and AppTest, on every run) to its legacy pages-directory mode.
    page = st.navigation(PAGES + ([AUDIT] if viewer.may_edit else []))
    components.setup()
    with st.sidebar:
        st.markdown("## Jeugdmonitor\nGemeente Rotterdam — regie jeugdhulp")
        auth.sidebar_user(viewer)
    current = filters.sidebar(viewer)
    # The standing notices, compact, so the first screen is the page's own content.
    with st.container(key="jm_banners", gap="small"):
        auth.local_banner(viewer)
        components.demo_banner(current)
        if establishing := demo.establishing_notice(resolve_db()):
            st.info(establishing, icon=":material/hourglass_top:")
        for notice in filters.url_notices():
            st.info(f"Uit de adresregel: {components.literal(notice)}.", icon=":material/link_off:")
    page.run()
