"""Printed reports (PDF) built from the same figures as the dashboard and `kerncijfers`:
the one-page Wethouderbriefing and the multi-page Kwartaalrapportage. No streamlit here:
`render_briefing` and `render_quarterly` return PDF bytes for the CLI and for download
buttons. The dashboard and the CLI render through `make` (`isolated.py`): in a child
process, so that a crash of a render never takes the server with it."""

from __future__ import annotations

from typing import Any

from dashboard.reports.errors import GeenGegevens
from dashboard.reports.isolated import RenderFailed, make


def render_briefing(*args: Any, **kwargs: Any) -> bytes:
    from dashboard.reports.briefing import render_briefing as render

    return render(*args, **kwargs)


def render_quarterly(*args: Any, **kwargs: Any) -> bytes:
    from dashboard.reports.quarterly import render_quarterly as render

    return render(*args, **kwargs)


__all__ = ["GeenGegevens", "RenderFailed", "make", "render_briefing", "render_quarterly"]
