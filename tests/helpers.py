"""What several test files share: writing a small extract, a free port and a server that
answers, and reading the dashboard through Streamlit's AppTest as a user would (the text
on the page, a headline cell, the tables, a download's bytes). Fixtures that pytest hands
to tests stay in conftest.py; everything a test imports comes from here."""

from __future__ import annotations

import io
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from streamlit.testing.v1 import AppTest

from dashboard.paths import ROOT

CHROMIUM = "/usr/bin/chromium"  # Debian's; playwright's own browser download is never used
MAIN = ROOT / "dashboard" / "app" / "main.py"
PAGES = [
    "overzicht",
    "regiekaart",
    "wachtlijsten",
    "personeel",
    "caseload",
    "doorlooptijden",
    "aanbevelingen",
    "aanleveringen",
    "vaststellen",
    "definities",
    "toegankelijkheid",
]


# --- files ----------------------------------------------------------------------------


def write_extract(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write a small extract as a provider would save it."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# A valid JBRR wachtlijst of seven young people (uploads in the app tests).
VALID = "aanbieder,peildatum,client_id,product,wacht_op,aanmelddatum,overbrugging\n" + "".join(
    f"JBRR,2025-01-31,JB-TEST-{i:04d},OTS,jeugdbeschermer,2025-01-0{i},ja\n" for i in range(1, 8)
)


# --- servers --------------------------------------------------------------------------


def open_files() -> list[str]:
    """What this process holds open (/proc/self/fd): paths, or `/memfd:<name>` for a file
    in memory."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            held.append(str(fd.readlink()))
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
    return held


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jeugdmonitor serve stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(interval)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


# --- the dashboard through AppTest ----------------------------------------------------


def open_app(
    db: Path, monkeypatch: pytest.MonkeyPatch, query: dict[str, str] | None = None, page: str | None = None, sections: bool = True
) -> AppTest:
    monkeypatch.setenv("JEUGDMONITOR_DB", str(db))
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page and page != "overzicht":
        at.switch_page(f"views/{page}.py").run()
    return open_sections(at) if sections else at


def open_sections(at: AppTest) -> AppTest:
    """Every part of the page that waits under a closed expander until it is opened
    (`components.section`), opened as a reader would, so the whole page can be checked."""
    from dashboard.app.components import SECTION_KEY

    for _ in range(3):  # a section may hold another
        keys = [e.proto.id.split("-", 2)[-1] for e in at.expander]  # "$$ID-<hash>-<key>"
        closed = [k for k in keys if k.startswith(SECTION_KEY) and not (k in at.session_state and at.session_state[k])]
        if not closed:
            break
        for key in closed:
            at.session_state[key] = True
        at.run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def text(at: AppTest) -> str:
    """Everything a reader can read on the page, as one string."""
    parts = [
        e.value for e in [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error]
    ]
    parts += [str(h.proto.body) for h in at.get("html")] + [shown(e.label) for e in at.expander]
    return "\n".join(str(p) for p in parts)


def headline_cell(at: AppTest, label: str) -> list[str]:
    """The values in one row of the side-by-side table, in provider order."""
    for h in at.get("html"):
        body = str(h.proto.body)
        m = re.search(rf'<td class="jm-label"[^>]*>{re.escape(label)}</td>(.*?)</tr>', body)
        if m:
            return re.findall(r'<span class="jm-value">([^<]*)</span>', m.group(1))
    raise AssertionError(f"no row {label!r}")


def show_all_tables(at: AppTest) -> AppTest:
    for t in at.toggle:
        if t.label == "Toon als tabel":
            t.set_value(True)
    return at.run()


class _Grids(HTMLParser):
    """The `jm-grid` tables in an HTML fragment, as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.inside = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and "jm-grid" in (dict(attrs).get("class") or "").split():
            self.inside = True
            self.tables.append([])
        elif self.inside and tag == "tr":
            self.tables[-1].append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.cell is not None and tag in ("th", "td"):
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_tables(body: str) -> list[pl.DataFrame]:
    parser = _Grids()
    parser.feed(body)
    return [
        pl.DataFrame({c: [r[i] or None for r in rows] for i, c in enumerate(head)}, schema=dict.fromkeys(head, pl.String))
        for head, *rows in parser.tables
    ]


def nodes(at: AppTest) -> Iterator[Any]:
    """Every element and block of the page, in page order (AppTest's own lookups, such as
    `at.dataframe`, each give one kind only)."""

    def walk(node: Any) -> Iterator[Any]:
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return walk(at._tree)


def dataframes(at: AppTest) -> list[pl.DataFrame]:
    """Every table on the page in the order a reader meets them, as the text it shows: the
    plain HTML tables (`components.table` up to `display.HTML_ROWS` rows) and the grids."""
    out: list[pl.DataFrame] = []
    for node in nodes(at):
        if getattr(node, "type", None) == "dataframe":
            out.append(pl.from_pandas(node.value))
        elif getattr(node, "type", None) == "html":
            out.extend(html_tables(str(node.proto.body)))
    return out


def capture_downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple]:
    """Every download button's file is made on click (deferred); keep the makers, by file id."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    kept: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # noqa: ANN001
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        kept[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


def download(kept: dict[str, tuple], button) -> tuple[bytes, str]:  # noqa: ANN001
    """Click a download button as the browser would: (the file's bytes, its name)."""
    make, name = kept[button.proto.deferred_file_id]
    made = make()
    return (made.encode("utf-8") if isinstance(made, str) else made), name


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown string built with components.literal."""
    return re.sub(r"\\(.)", r"\1", markdown)


# --------------------------------------------------------------------------------------
# Small good files, one per soort. Row 0 of `rows` is data row 2 as the provider sees it.
# --------------------------------------------------------------------------------------

GOOD: dict[str, tuple[str, list[str], list[list[str]]]] = {
    "wachtlijst": (
        "JBRR_wachtlijst_2024-06.csv",
        ["aanbieder", "peildatum", "client_id", "product", "wacht_op", "aanmelddatum", "urgentie", "overbrugging", "gebied", "leeftijd"],
        [
            ["JBRR", "30-06-2024", "JB-000001", "OTS", "jeugdbeschermer", "15-01-2024", "regulier", "ja", "Delfshaven", "12"],
            ["JBRR", "30-06-2024", "JB-000002", "VOOGDIJ", "jeugdbeschermer", "10-03-2024", "spoed", "nee", "Noord", "15"],
            ["JBRR", "30-06-2024", "JB-000003", "JR", "jeugdbeschermer", "03-06-2024", "", "", "", ""],
        ],
    ),
    "gestart": (
        "ENVER_gestart_2024-06.csv",
        ["aanbieder", "client_id", "product", "aanmelddatum", "startdatum", "urgentie"],
        [
            ["ENVER", "EN-000001", "AMBULANT", "15-01-2024", "03-06-2024", "regulier"],
            ["ENVER", "EN-000002", "VERBLIJF", "20-02-2024", "17-06-2024", "spoed"],
        ],
    ),
    "personeel": (
        "JBRR_personeel_2024-06.csv",
        [
            "aanbieder",
            "periode",
            "team",
            "functie",
            "bezetting_fte",
            "bezetting_personen",
            "instroom_personen",
            "uitstroom_personen",
            "vacatures_fte",
            "inhuur_fte",
            "verzuim_pct",
            "skj_geregistreerd_personen",
        ],
        [
            ["JBRR", "2024-06", "Cluster 7", "jeugdbeschermer", "14,5", "16", "1", "2", "2,0", "1,5", "7,5", "12"],
            ["JBRR", "2024-06", "Cluster 7", "gedragswetenschapper", "3,2", "4", "0", "0", "0", "0", "2", "4"],
        ],
    ),
    "caseload": (
        "JBRR_caseload_2024-06.csv",
        [
            "aanbieder",
            "peildatum",
            "team",
            "product",
            "casussen",
            "casushouders_fte",
            "zonder_vaste_casushouder",
            "contact_binnen_3_maanden",
        ],
        [
            ["JBRR", "30-06-2024", "Cluster 7", "OTS", "210", "14,5", "12", "190"],
            ["JBRR", "30-06-2024", "Cluster 7", "VOOGDIJ", "40", "3,0", "0", "40"],
        ],
    ),
    "doorlooptijden": (
        "JBRR_doorlooptijden_2024-06.csv",
        [
            "aanbieder",
            "client_id",
            "product",
            "maatregel_id",
            "ontvangstdatum",
            "beoordeeld_op",
            "eerste_contact_op",
            "risicotaxatie_op",
            "mdo_op",
            "gezinsplan_op",
        ],
        [
            ["JBRR", "JB-000001", "OTS", "M2024-000001", "03-06-2024", "04-06-2024", "07-06-2024", "18-06-2024", "20-06-2024", ""],
            ["JBRR", "JB-000002", "JR", "M2024-000002", "12-06-2024", "13-06-2024", "", "", "", ""],
        ],
    ),
}


def render(
    kind: str,
    changes: dict[tuple[int, str], str] | None = None,
    *,
    sep: str = ";",
    drop: str | None = None,
    header: list[str] | None = None,
) -> str:
    """The good file of `kind` as CSV text, with cells changed (data-row index, column),
    optionally a column dropped or the header spelled differently."""
    _, cols, rows = GOOD[kind]
    rows = [list(r) for r in rows]
    for (i, col), value in (changes or {}).items():
        rows[i][cols.index(col)] = value
    head = list(header or cols)
    if drop is not None:
        j = cols.index(drop)
        head.pop(j)
        rows = [r[:j] + r[j + 1 :] for r in rows]
    return "\n".join(sep.join(r) for r in [head, *rows]) + "\n"


def xlsx_bytes(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    """An Excel workbook as a provider's spreadsheet saves it: dates as real date cells,
    numbers as numeric cells."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    date_format = wb.add_format({"num_format": "dd-mm-yyyy"})
    for sheet, rows in sheets:
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, date):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
                else:
                    ws.write(r, c, value)
    wb.close()
    return buf.getvalue()


# Provider, addressee and product codes (OTS and JR are also ordinary Dutch abbreviations),
# internal source names, and the 'since ever' date of a norm.
CODES = re.compile(
    r"\b(WIJKTEAMS|GEMEENTE|ENVER|VOOGDIJ|AMBULANT|DAGBEHANDELING|DIAGNOSTIEK|VERBLIJF|PLEEGZORG"
    r"|CRISIS|ONDERSTEUNING)\b|seeds/\d|queries/|metrics\.md|\.sql\b|01-01-2000"
)
MEASURE_ID = re.compile(r"\bM-[\w-]+")  # a measure's reference, as a file name is a file's


def pdf_pages(blob: bytes) -> list[str]:
    """The text of every page of a PDF."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(blob)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


# --- BSNs and a mixed folder of deliveries (contract rules, chunked reading) -----------


def eleven_test(digits: str) -> bool:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights))
    return total % 11 == 0 and total != 0


def valid_bsns(count: int, leading_zero: bool = False) -> list[str]:
    """Numbers that pass the BSN eleven-test, computed here rather than copied."""
    start = 10_000_000 if leading_zero else 111_222_333
    out, n = [], start
    while len(out) < count:
        s = f"{n:09d}"
        if eleven_test(s) and (s[0] == "0") == leading_zero:
            out.append(s)
        n += 1
    return out


def batch_mix() -> list[tuple[str, bytes]]:
    """A folder of deliveries of every kind, accepted and rejected for many reasons: what
    validating them together must answer exactly as validating each alone."""
    wl_cols = GOOD["wachtlijst"][1]
    many_bad = [";".join(wl_cols[:6] + ["leeftijd"])]
    many_bad += [f"JBRR;30-04-2024;JB-{i:06d};ONBEKEND;jeugdbeschermer;01-04-2024;99" for i in range(120)]
    files = {
        "JBRR_wachtlijst_2024-06.csv": render("wachtlijst"),
        # The same clients in another month: duplicates are per file, not across files.
        "JBRR_wachtlijst_2024-05.csv": render("wachtlijst").replace("30-06-2024", "31-05-2024").replace("03-06-2024", "03-05-2024"),
        # The same peildatum is inside the quarter, outside the month: the period is the file's own.
        "JBRR_wachtlijst_2024-Q2.csv": render("wachtlijst", {(1, "peildatum"): "01-07-2024"}),
        "JBRR_wachtlijst_2024-03.csv": render("wachtlijst")
        .replace("30-06-2024", "31-03-2024")
        .replace("03-06-2024", "03-03-2024")
        .replace("10-03-2024", "10-02-2024"),
        "JBRR_wachtlijst_2024-07.csv": render("wachtlijst", {(1, "client_id"): "JB-000001", (1, "product"): "OTS"}).replace(
            "30-06-2024", "31-07-2024"
        ),
        "JBRR_wachtlijst_2024-04.csv": "\n".join(many_bad) + "\n",
        "JBRR_wachtlijst_2024-08.csv": ";".join(wl_cols) + "\n",
        "JBRR_wachtlijst_2024-09.csv": render("wachtlijst", {(2, "client_id"): "111222333", (0, "aanbieder"): "ENVER"}),
        "JBRR_wachtlijst_2024-10.csv": render("wachtlijst", header=[*wl_cols[:-1], "opmerking"]).replace("30-06-2024", "31-10-2024"),
        "JBRR_wachtlijst_2024-11.csv": render("wachtlijst", sep=",").replace("30-06-2024", "30-11-2024"),
        "ENVER_gestart_2024-06.csv": render("gestart"),
        "ENVER_gestart_2024-05.csv": render("gestart", {(1, "product"): "OTS"}),
        "ENVER_gestart_2024-04.csv": render("gestart"),
        "JBRR_caseload_2024-06.csv": render("caseload"),
        "JBRR_caseload_2024-05.csv": render("caseload", {(1, "zonder_vaste_casushouder"): "41"}),
        "JBRR_personeel_2024-06.csv": render("personeel"),
        "JBRR_personeel_2024-Q2.csv": render("personeel", {(0, "periode"): "2024-04", (1, "periode"): "2024-07"}),
        "JBRR_doorlooptijden_2024-06.csv": render("doorlooptijden"),
        "JBRR_doorlooptijden_2024-05.csv": render("doorlooptijden", {(1, "ontvangstdatum"): "12-05-2024"}),
        "JBRR_onbekend_2024-06.csv": render("caseload"),
        "JBRR_caseload_2024-07.csv": "",
    }
    return [(name, text.encode()) for name, text in files.items()]
