"""Every report is rendered in a child process, so nothing a render does can take the
process that asked for it along: the chart renderer (vl-convert) and the Typst compiler
are Rust code that may abort the whole process on a panic, which in the dashboard would
end the Streamlit server for every user. The child gets its arguments as JSON on stdin and
writes the PDF to stdout; a crash, a hang or any error becomes `RenderFailed`, in Dutch.

A new report adds its render function to `RENDERS`; the dashboard and the CLI reach every
report through `make` here."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from dashboard.reports.errors import GeenGegevens

RENDERS = {
    "briefing": "dashboard.reports.briefing:render_briefing",
    "kwartaal": "dashboard.reports.quarterly:render_quarterly",
    "regiekaart": "dashboard.reports.regiekaart:render_regiekaart",
}
WITH_CHARTS = {"briefing", "kwartaal"}  # drawn by vl-convert (the regiekaart's sparklines are plain SVG)
TIMEOUT_S = 300
_NO_DATA = 3  # the child's exit status for GeenGegevens


class RenderFailed(RuntimeError):
    """The render stopped without a report; the message is Dutch, for the page or the CLI."""


def make(
    kind: str,
    db: Path | str,
    period: str,
    providers: Sequence[str] | None = None,
    today: date | None = None,
    adressaten: Sequence[str] | None = None,
    register_op: date | None = None,
) -> bytes:
    """The PDF of report `kind`, rendered in a child process. Raises `GeenGegevens` when the
    period has no data, `RenderFailed` for anything else that went wrong."""
    request = json.dumps(
        {
            "kind": kind,
            "render": RENDERS[kind],
            "db": str(db),
            "period": period,
            "providers": None if providers is None else list(providers),
            "today": today.isoformat() if today else None,
            "adressaten": None if adressaten is None else list(adressaten),
            "register_op": register_op.isoformat() if register_op else None,
        }
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.reports.isolated"],
            input=request.encode(),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderFailed(
            f"het rapport is na {TIMEOUT_S // 60} minuten nog niet klaar en is afgebroken; "
            "probeer het later opnieuw of meld het aan de beheerder"
        ) from None
    if done.returncode == 0 and done.stdout.startswith(b"%PDF"):
        return done.stdout
    if done.returncode == _NO_DATA:
        raise GeenGegevens(done.stderr.decode("utf-8", "replace").strip())
    # For the operator's log; the user gets the Dutch sentence without the details.
    sys.stderr.write(
        f"rapport {kind} {period}: render afgebroken (exit {done.returncode})\n" + done.stderr.decode("utf-8", "replace")[-4000:]
    )
    raise RenderFailed(
        "het rapport kon niet worden gemaakt: het opmaken is onverwacht afgebroken. "
        "Het dashboard werkt gewoon verder; meld dit aan de beheerder van de jeugdmonitor"
    )


def _warm_up() -> None:
    """The chart renderer's first call starts its JavaScript engine (about half a second);
    vl-convert leaves Python's lock meanwhile, so in a side thread that start overlaps the
    imports and the figures' queries instead of waiting for the first chart."""
    import vl_convert as vlc

    vlc.vegalite_to_svg({"mark": "text", "encoding": {"text": {"value": "·"}}})


def _child() -> int:
    args = json.loads(sys.stdin.buffer.read())
    if args["kind"] in WITH_CHARTS:
        threading.Thread(target=_warm_up, name="vl-convert-start", daemon=True).start()
    module, function = args["render"].split(":")
    fn = getattr(importlib.import_module(module), function)
    today = date.fromisoformat(args["today"]) if args["today"] else None
    on = date.fromisoformat(args["register_op"]) if args["register_op"] else None
    try:
        pdf = fn(Path(args["db"]), args["period"], args["providers"], today=today, adressaten=args["adressaten"], register_op=on)
    except GeenGegevens as e:
        sys.stderr.write(str(e))
        return _NO_DATA
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
