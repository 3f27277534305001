"""A sparkline as a small SVG: the course of one figure over the last periods, with its
norm as a dashed line, for the regiekaart on the dashboard and in its PDF (the same
drawing for both). Numbers in, markup out; a value that may not be shown is a gap."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence

LINE, NORM, DOT = "#0072B2", "#555555", "#D55E00"


def _y(v: float, low: float, high: float, height: float, pad: float) -> float:
    return pad + (height - 2 * pad) * (1 - (v - low) / (high - low))


def svg(values: Sequence[float | None], norm: float | None = None, label: str = "", width: int = 120, height: int = 30) -> str:
    """The values (oldest first, None: not shown) as a line, the last point marked; `label`
    is what a screen reader says (the chart's text alternative)."""
    known = [v for v in values if v is not None]
    title = f"<title>{html.escape(label)}</title>" if label else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{html.escape(label)}">{title}'
    )
    if not known:
        return head + "</svg>"
    span = [*known, *([norm] if norm is not None else [])]
    low, high = min(span), max(span)
    if high == low:
        low, high = low - 1, high + 1
    pad, step = 3.0, (width - 6) / max(len(values) - 1, 1)
    parts: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for i, v in enumerate(values):
        if v is None:
            if run:
                parts.append(run)
            run = []
            continue
        run.append((3 + i * step, _y(v, low, high, height, pad)))
    if run:
        parts.append(run)
    body = []
    if norm is not None:
        y = _y(norm, low, high, height, pad)
        body.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{NORM}" stroke-width="1" stroke-dasharray="3 2"/>')
    for run in parts:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        if len(run) == 1:
            body.append(f'<circle cx="{run[0][0]:.1f}" cy="{run[0][1]:.1f}" r="1.5" fill="{LINE}"/>')
        else:
            body.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.6" stroke-linejoin="round"/>')
    last = next(((3 + i * step, _y(v, low, high, height, pad)) for i, v in reversed(list(enumerate(values))) if v is not None), None)
    if last:
        body.append(f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.4" fill="{DOT}"/>')
    return head + "".join(body) + "</svg>"


def img(values: Sequence[float | None], norm: float | None = None, label: str = "", width: int = 120, height: int = 30) -> str:
    """The sparkline as an <img> with a data URI and `label` as its text alternative: the
    dashboard's HTML is sanitised, which drops inline SVG; a data URI asks no host."""
    data = base64.b64encode(svg(values, norm, label, width, height).encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" alt="{html.escape(label)}">'
