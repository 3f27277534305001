"""`jeugdmonitor serve` starts Streamlit through this module. Streamlit's server starts
first; meanwhile a side thread imports the heavy libraries and the data layer and makes
their costly first calls, while the browser loads the page and connects (about a second),
so the first script run finds them ready instead of waiting for them.

Modules using `st.cache_data` (data, components, filters, the pages) are left to the
first script run: their caches must be created inside Streamlit's runtime."""

from __future__ import annotations

import sys
import threading


def preload() -> None:
    import altair as alt
    import duckdb
    import pandas  # type: ignore[import-untyped]  # noqa: F401 - st.dataframe imports it on the first table a visitor sees
    import polars as pl
    import pyarrow  # noqa: F401 - DuckDB hands results to polars through it; imported on first use otherwise

    import dashboard.app.charts  # noqa: F401 - plain modules of the app, without caches
    import dashboard.app.frames.overzicht  # noqa: F401
    from dashboard import figures, indicators, overview, register, reports  # noqa: F401

    # First calls that cost more than later ones: DuckDB's first database, altair's schema validation.
    duckdb.connect().close()
    alt.Chart(pl.DataFrame({"x": [1]})).mark_line().encode(x="x:Q").to_dict()


def main() -> None:
    from streamlit.web import cli

    # Python's import lock makes a script run that needs one of these wait for the side
    # thread to finish it, never import it twice or see half of it.
    threading.Thread(target=preload, name="jeugdmonitor-preload", daemon=True).start()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
