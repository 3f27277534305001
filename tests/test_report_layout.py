"""Labels in the printed reports never print over each other, and no norm or signal line
runs through one: the text positions and dashed lines are read back from the rendered PDF
(tests/pdf_layout.py). December 2024 is the month where, before, the ENVER and WIJKTEAMS
end labels of the verloop chart collided and the caseload norm line cut through '14,8'."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli
from tests.pdf_layout import clashes, words

REPORTS = [("briefing", "2024-12"), ("kwartaal", "2024-Q4")]  # June and Q2: test_reports.py


@pytest.fixture(scope="module")
def pdfs(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bytes]:
    out = tmp_path_factory.mktemp("opmaak")
    made = {}
    for soort, periode in REPORTS:
        path = out / f"{soort}-{periode}.pdf"
        assert cli.run(["--db", str(demo_db), "rapport", "--soort", soort, "--periode", periode, "--uit", str(path)]) == 0
        made[soort, periode] = path.read_bytes()
    return made


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: f"{r[0]}-{r[1]}")
def test_no_label_prints_over_another_or_under_a_norm_line(pdfs: dict, report: tuple[str, str]) -> None:
    assert clashes(pdfs[report]) == []


def test_the_labels_checked_are_the_charts_labels(pdfs: dict) -> None:
    """The check reads the words the charts print (else it could not fail)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdfs["kwartaal", "2024-Q4"])
    texts = {w.text for n in range(len(doc)) for w in words(doc[n])}
    doc.close()
    assert {"Enver", "Wijkteams", "14,8", "JBRR"} <= texts
