"""Where text and lines land on a rendered PDF page, read with pypdfium2: the words as
boxes (characters on one baseline, next to each other), and the dashed lines (norm and
signal lines in the charts) as segments. Used to check that no label prints over another
and no norm line runs through a label."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

WATERMARK_PT = 30  # the diagonal DEMODATA mark: not a label


@dataclass(frozen=True)
class Box:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box, slack: float = 0.6, share: float = 0.3) -> bool:
        """Ink on ink: the boxes share more than `slack` points and `share` of the smaller
        box both ways (tightly set lines of small text touch: a descender meets the next
        line's capitals, which is not one label printed over another)."""
        dx = min(self.right, other.right) - max(self.left, other.left)
        dy = min(self.top, other.top) - max(self.bottom, other.bottom)
        width = min(self.right - self.left, other.right - other.left)
        height = min(self.top - self.bottom, other.top - other.bottom)
        return dx > max(slack, share * width) and dy > max(slack, share * height)

    def crossed_by(self, a: tuple[float, float], b: tuple[float, float], inset: float = 1.0) -> bool:
        """Whether the segment a–b passes through the box (shrunk by `inset` points)."""
        left, bottom, right, top = self.left + inset, self.bottom + inset, self.right - inset, self.top - inset
        if left >= right or bottom >= top:
            return False
        t0, t1 = 0.0, 1.0
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - bottom), (dy, top - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
        return True


def words(page: pdfium.PdfPage) -> list[Box]:
    """Runs of characters on one baseline without a space or a gap wider than half a
    character between them."""
    tp = page.get_textpage()
    out: list[Box] = []
    run: list[tuple[str, tuple[float, float, float, float]]] = []

    def flush() -> None:
        if run:
            out.append(
                Box(
                    "".join(c for c, _ in run),
                    min(b[0] for _, b in run),
                    min(b[1] for _, b in run),
                    max(b[2] for _, b in run),
                    max(b[3] for _, b in run),
                )
            )
            run.clear()

    rgba = [ctypes.c_uint() for _ in range(4)]
    for i in range(tp.count_chars()):
        char = tp.get_text_range(i, 1)
        raw.FPDFText_GetFillColor(tp.raw, i, *(ctypes.byref(c) for c in rgba))
        # Transparent text is not printed (an axis label the chart hid to avoid overlap).
        if not char.strip() or rgba[3].value == 0 or raw.FPDFText_GetFontSize(tp.raw, i) > WATERMARK_PT:
            flush()
            continue
        box = tp.get_charbox(i)
        if run and box == run[-1][1]:  # one glyph for two characters (the "fi" ligature)
            run.append((char, box))
            continue
        if run:
            prev = run[-1][1]
            height = max(prev[3] - prev[1], 1.0)
            # A new word: another baseline, a gap, or a character printed over the one before
            # (by more than kerning: "TA", "fi" touch).
            if abs(box[1] - prev[1]) > height * 0.6 or box[0] - prev[2] > height * 0.5 or box[0] < prev[2] - height * 0.3:
                flush()
        run.append((char, box))
    flush()
    return out


def dashed_segments(page: pdfium.PdfPage) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight pieces of every dashed path, in page coordinates."""
    segments = []
    for obj in page.get_objects(max_depth=15):
        if obj.type != raw.FPDF_PAGEOBJ_PATH or raw.FPDFPageObj_GetDashCount(obj.raw) <= 0:
            continue
        m = obj.get_matrix()
        points: list[tuple[float, float]] = []
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, k)
            x, y = ctypes.c_float(), ctypes.c_float()
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO or not points:
                points = [point]
                continue
            segments.append((points[-1], point))
            points.append(point)
    return segments


def clashes(pdf: bytes) -> list[str]:
    """Every pair of words that print over each other, and every word a dashed line runs
    through, as 'page N: …'."""
    doc = pdfium.PdfDocument(pdf)
    found = []
    try:
        for n in range(len(doc)):
            page = doc[n]
            boxes = words(page)
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    if a.overlaps(b):
                        found.append(f"pagina {n + 1}: '{a.text}' over '{b.text}'")
            for a, b in dashed_segments(page):
                for box in boxes:
                    if box.crossed_by(a, b):
                        found.append(f"pagina {n + 1}: stippellijn door '{box.text}'")
    finally:
        doc.close()
    return found
