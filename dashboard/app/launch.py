"""`jeugdmonitor serve` starts Streamlit through this module. It imports the heavy
libraries and the data layer before the server accepts visitors, so the first page does
not wait for them (about 1.5 s), then hands over to Streamlit's own command line.

Modules using `st.cache_data` (dashboard.app.*) are left to the first script run: their
caches must be created inside Streamlit's runtime."""

from __future__ import annotations

import sys


def main() -> None:
    import altair  # noqa: F401
    import streamlit  # noqa: F401
    from streamlit.web import cli

    from dashboard import figures, indicators, overview, register  # noqa: F401

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
