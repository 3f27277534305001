"""`jeugdmonitor serve` starts Streamlit through this module. Streamlit's server starts
first; as soon as it listens, a side thread imports the heavy libraries and the data layer
and makes their costly first calls, while the browser loads the page and connects (about a
second); the first script run waits for that thread (`wait_for_preload`) rather than import
the same libraries beside it.

Modules using `st.cache_data` (data, components, filters, the pages) are left to the
first script run: their caches must be created inside Streamlit's runtime."""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


def preload() -> None:
    # Not pandas: no page's first screen needs it (the tables are HTML; Streamlit imports it
    # for a grid, the widest tables only), and importing it was half of this thread's time,
    # all of it before the first page (about 1 s of processor time). The first grid a
    # visitor opens imports it then, in its own script run.
    import altair as alt
    import duckdb
    import polars as pl
    import pyarrow  # noqa: F401 - DuckDB hands results to polars through it; imported on first use otherwise

    import dashboard.app.charts  # noqa: F401 - plain modules of the app, without caches
    import dashboard.app.frames.overzicht  # noqa: F401
    from dashboard import figures, indicators, overview, register, reports  # noqa: F401

    # First calls that cost more than later ones: DuckDB's first database, altair's schema validation.
    duckdb.connect().close()
    alt.Chart(pl.DataFrame({"x": [1]})).mark_line().encode(x="x:Q").to_dict()


def _listens_on(argv: list[str]) -> tuple[str, int]:
    """The address and port `serve` passes to Streamlit (an address for all interfaces is
    reached on 127.0.0.1)."""
    options = dict(zip(argv, argv[1:]))
    port = options.get("--server.port", "8501")
    address = options.get("--server.address", "127.0.0.1")
    return ("127.0.0.1" if address in ("", "0.0.0.0", "::") else address), int(port) if port.isdigit() else 8501


# Set when the side thread has finished (or failed); `_started` only in the process `serve`
# starts (under AppTest and `streamlit run` nothing preloads, and nothing waits).
_done = threading.Event()
_started = False


def wait_for_preload(timeout: float = 120.0) -> None:
    """Called by the script before its own imports. Two threads importing the same libraries
    at once are not safe: importlib breaks an import cycle that spans threads (pandas and
    pyarrow import each other) by handing one thread the half-initialised module, and on a
    fresh machine, where nothing is compiled yet, the first page then failed with
    "partially initialized module 'pandas'". So the first script run waits for the side
    thread instead of racing it."""
    if _started:
        _done.wait(timeout)


def later() -> None:
    """What only later pages need, prepared once the first page has been served: pandas,
    which Streamlit imports for every grid (`st.dataframe`, "Toon als tabel"), about 0.4 s
    that a reader's first grid would otherwise wait for; and the standby copy of the
    database that the first write will start from."""
    importlib.import_module("pandas")  # by name: the import is the point, and it has no type stubs here
    importlib.import_module("streamlit.dataframe_util")
    # The server writes again and again (uploads, the action register, establishing
    # figures): each write's copy of the database is made ahead of it (store.keep_standby).
    from dashboard import store
    from dashboard.paths import resolve_db

    store.keep_standby(resolve_db())


# Script runs and the `later` import exclude each other, for the reason wait_for_preload
# gives: `_running` counts the script runs in progress (full runs and a section's own
# reruns), `_importing` is set while the side thread imports. The side thread starts once,
# after the first script run, and imports only when no run is in progress; a run that
# starts meanwhile waits for the import (it would have imported the same itself).
LATER_PAUSE = 0.5  # seconds after the first run: the browser is drawing that page meanwhile
_runs = threading.Condition()
_running = 0
_importing = False
_later_started = False


@contextmanager
def script_run() -> Iterator[None]:
    """Around every script run and every section's own rerun: waits for the preload, then
    for an import of `later` in progress; after the first run, starts that import."""
    global _running
    wait_for_preload()
    with _runs:
        _runs.wait_for(lambda: not _importing)
        _running += 1
    try:
        yield
    finally:
        with _runs:
            _running -= 1
            _runs.notify_all()
        _start_later()


def _start_later() -> None:
    global _later_started
    if not _started:
        return
    with _runs:
        if _later_started:
            return
        _later_started = True
    threading.Thread(target=_import_later, name="jeugdmonitor-later", daemon=True).start()


def _import_later() -> None:
    global _importing
    time.sleep(LATER_PAUSE)
    with _runs:
        _runs.wait_for(lambda: _running == 0)
        _importing = True
    try:
        later()
    except Exception:  # noqa: BLE001, S110 - an optional head start: a grid imports it itself then
        pass
    finally:
        with _runs:
            _importing = False
            _runs.notify_all()


def _after_server_start(where: tuple[str, int], timeout: float = 30.0) -> None:
    """Preload once the server listens: imports hold Python's lock, so run alongside
    Streamlit's own start they would delay its first answer; after it, they overlap the
    browser loading the page's scripts (about a second), before the first script run."""
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(where, timeout=0.2):
                    break
            except OSError:
                time.sleep(0.02)
        preload()
    finally:
        _done.set()


def start(where: tuple[str, int]) -> None:
    global _started
    _started = True
    threading.Thread(target=_after_server_start, args=(where,), name="jeugdmonitor-preload", daemon=True).start()


def _skip_repl_check() -> None:
    """Streamlit checks once per process, on the first element a script sends, whether it
    runs in a Python prompt, with `inspect.stack()`: that looks up the module of every
    frame by walking all loaded modules' file paths, 0.3-0.6 s in the first page once the
    data layer is loaded (a bare app has few modules). Under `streamlit run` it never is a
    prompt, so the check is marked done; if Streamlit renames the flag this sets a name
    nobody reads and the check simply runs."""
    from streamlit import delta_generator

    delta_generator._use_warning_has_been_displayed = True


def main() -> None:
    from streamlit.web import cli

    # This file runs as __main__; the script imports `dashboard.app.launch` by name, so the
    # thread and its event live in that module, which both then share.
    from dashboard.app import launch as shared

    shared.start(_listens_on(sys.argv[1:]))
    _skip_repl_check()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
