"""Every rule of data contract v1 (dashboard/contract.py; for providers
data/aanleverspecificatie.md), each checked with a small
bad file, the way a provider would check the answer: is the file refused, and does the
message name the row (header = row 1), the column, the value and the rule, in Dutch?

Good files are built from the small tables in GOOD below; a bad case changes a cell or
two. Files that need exact bytes (Windows-1252, BOM) are in tests/fixtures/contract/;
XLSX files are written with xlsxwriter in the test."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest

from dashboard.contract import KINDS
from dashboard.errors import MAX_LISTED
from dashboard.validation import Validated, validate, validate_many
from tests.helpers import GOOD, batch_mix, eleven_test, render, valid_bsns, write_extract, xlsx_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "contract"


def check(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Validated:
    """Write the file as a provider saves it and validate it from disk."""
    path = write_extract(tmp_path, name, text, encoding)
    return validate(path.name, path.read_bytes())


def finding_for(v: Validated, row: int | None, column: str | None):
    hits = [f for f in v.errors if f.row == row and f.column == column]
    assert hits, f"no finding at row {row}, column {column!r}; got: {[f.text() for f in v.errors]}"
    return hits[0]


def assert_rejected_with(v: Validated, row: int | None, column: str | None, value: str | None, fragment: str, only: bool = True) -> None:
    """What the provider checks: refused, and the message names row, column, value and rule."""
    assert not v.ok, "the file was accepted"
    assert v.frame is None
    f = finding_for(v, row, column)
    assert f.value == value
    assert fragment in f.rule, f"{fragment!r} not in {f.rule!r}"
    assert f.file == v.file
    text = f.text()
    assert v.file in text and (row is None or f"rij {row}" in text)
    if only:
        assert v.error_count == 1, [e.text() for e in v.errors]


def invalid_nine_digits(count: int) -> list[str]:
    out, n = [], 123_456_789
    while len(out) < count:
        if not eleven_test(str(n)):
            out.append(str(n))
        n += 7
    return out


def test_good_files_are_accepted(tmp_path):
    """Sanity: each small good file passes, so every bad case below fails for its own reason."""
    for kind, (name, _, rows) in GOOD.items():
        v = check(tmp_path, name, render(kind))
        assert v.ok, [e.text() for e in v.errors]
        assert v.rows == len(rows)
        assert v.warnings == []


# --------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        pytest.param("JBRR-wachtlijst-2024-06.csv", "volgt de afspraak niet", id="wrong-convention-dashes"),
        pytest.param("wachtlijst JBRR juni.csv", "volgt de afspraak niet", id="wrong-convention-free-text"),
        pytest.param("ACME_wachtlijst_2024-06.csv", "onbekende aanbieder 'ACME'", id="unknown-provider"),
        pytest.param("JBRR_wachttijden_2024-06.csv", "onbekende soort 'wachttijden'", id="unknown-soort"),
        pytest.param("JBRR_wachtlijst_2024-13.csv", "geen geldige maand", id="month-13"),
        pytest.param("JBRR_wachtlijst_2024-Q5.csv", "geen geldige periode", id="quarter-5"),
        pytest.param("JBRR_wachtlijst_juni-2024.csv", "geen geldige periode", id="period-in-words"),
        pytest.param("JBRR_wachtlijst_2024-06.txt", "'.txt' wordt niet aangenomen", id="extension-txt"),
        pytest.param("JBRR_wachtlijst_2024-06.xls", "'.xls' wordt niet aangenomen", id="extension-xls"),
    ],
)
def test_file_name_must_follow_the_convention(tmp_path, name, fragment):
    """A provider who names the file wrongly is told which part of the name is wrong,
    even though the content itself is fine."""
    v = check(tmp_path, name, render("wachtlijst"))
    assert_rejected_with(v, None, None, None, fragment)
    assert v.errors[0].file == name


def test_file_name_convention_message_shows_an_example(tmp_path):
    """The message for a badly named file shows the convention with an example."""
    v = check(tmp_path, "wachtlijst.csv", render("wachtlijst"))
    assert "JBRR_wachtlijst_2024-06.csv" in v.errors[0].rule
    assert "AANBIEDER_soort_periode" in v.errors[0].rule
    assert "`" not in v.errors[0].rule  # plain text: the dashboard shows a message literally


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("JBRR_wachtlijst_2024-06.CSV", id="upper-case-extension"),
        pytest.param("JBRR_Wachtlijst_2024-06.csv", id="capitalised-soort"),
        pytest.param("JBRR_wachtlijst_2024-q2.csv", id="lower-case-quarter"),
    ],
)
def test_harmless_name_variants_are_accepted(tmp_path, name):
    """Capitals in the extension, the soort or the `q` of a quarter do not refuse a file."""
    v = check(tmp_path, name, render("wachtlijst"))
    assert v.ok, [e.text() for e in v.errors]


# --------------------------------------------------------------------------------------
# Every row inside the file's period; aanbieder equal to the file name's
# --------------------------------------------------------------------------------------

PERIOD_CASES = [
    # (kind, its period column, a value outside June 2024, a value outside 2024-Q2)
    ("wachtlijst", "peildatum", "01-07-2024", "31-03-2024"),
    ("gestart", "startdatum", "01-07-2024", "31-03-2024"),
    ("personeel", "periode", "2024-07", "2024-03"),
    ("caseload", "peildatum", "01-07-2024", "31-03-2024"),
    ("doorlooptijden", "ontvangstdatum", "31-05-2024", "31-03-2024"),
]


@pytest.mark.parametrize(("kind", "column", "outside_month", "outside_quarter"), PERIOD_CASES, ids=[c[0] for c in PERIOD_CASES])
@pytest.mark.parametrize("file_period", ["month", "quarter"])
def test_every_row_falls_inside_the_file_period(tmp_path, kind, column, outside_month, outside_quarter, file_period):
    """A row dated outside the month or quarter in the file name rejects the file, and the
    message names that row and the period."""
    name = GOOD[kind][0]
    if file_period == "quarter":
        name, bad, label = name.replace("2024-06", "2024-Q2"), outside_quarter, "het kwartaal 2024-Q2"
    else:
        bad, label = outside_month, "de maand 2024-06"
    assert KINDS[kind].period_column == column
    v = check(tmp_path, name, render(kind, {(1, column): bad}))
    assert_rejected_with(v, 3, column, bad, "valt buiten de periode van het bestand")
    assert label in v.errors[0].rule


@pytest.mark.parametrize("kind", list(GOOD))
def test_quarter_file_accepts_every_month_of_the_quarter(tmp_path, kind):
    """A quarter file may hold rows of April, May and June alike."""
    name = GOOD[kind][0].replace("2024-06", "2024-Q2")
    column = KINDS[kind].period_column
    first = "2024-04" if kind == "personeel" else "01-04-2024"
    if kind == "doorlooptijden":  # its milestones must not precede the receipt
        changes = {(1, column): first}
    else:
        changes = {(0, column): first}
    v = check(tmp_path, name, render(kind, changes))
    assert v.ok, [e.text() for e in v.errors]


def test_wachtlijst_month_file_may_hold_two_snapshots(tmp_path):
    """The waitlist figures count 'the newest snapshot of the period (the latest peildatum in it)', so
    a month file may hold several snapshots (say 15-06 and 30-06); each row's peildatum
    names its snapshot. The figures then use the latest (tests/test_figures.py)."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(1, "peildatum"): "15-06-2024"}))
    assert v.ok, [e.text() for e in v.errors]
    assert sorted(set(v.frame["peildatum"].cast(str).to_list())) == ["2024-06-15", "2024-06-30"]


@pytest.mark.parametrize("kind", list(GOOD))
def test_aanbieder_column_must_equal_the_file_name(tmp_path, kind):
    """A row claiming to be from another provider than the file name says rejects the file."""
    other = "WIJKTEAMS"
    v = check(tmp_path, GOOD[kind][0], render(kind, {(1, "aanbieder"): other}))
    assert_rejected_with(v, 3, "aanbieder", other, "gelijk zijn aan die in de bestandsnaam")


# --------------------------------------------------------------------------------------
# CSV dialects: encodings, separators, decimals, dates, booleans, headers
# --------------------------------------------------------------------------------------


def test_windows_1252_is_decoded(tmp_path):
    """A file saved by Dutch Excel as 'CSV (gescheiden door lijstscheidingsteken)' is
    Windows-1252 with `;` and decimal commas; en dash and é arrive intact."""
    data = (FIXTURES / "windows1252_personeel.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the fixture really is not UTF-8
    v = validate("WIJKTEAMS_personeel_2024-06.csv", data)
    assert v.ok, [e.text() for e in v.errors]
    teams = v.frame["team"].to_list()
    assert teams == ["Wijkteam Kralingen–Crooswijk", "Wijkteam Hillegersberg-Schiebroek", "Wijkteam Rozenburg (café-overleg)"]
    assert v.frame["bezetting_fte"].to_list() == [14.5, 3.25, 1.0]


def test_utf8_with_bom_is_accepted(tmp_path):
    """A UTF-8 file with a byte-order mark: the first header is still `aanbieder`."""
    data = (FIXTURES / "utf8_bom_wachtlijst.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    v = validate("ENVER_wachtlijst_2024-06.csv", data)
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["aanbieder"].to_list() == ["ENVER", "ENVER"]
    assert v.frame["gebied"].to_list() == ["Kralingen-Crooswijk", "Prins Alexander"]  # the register's spelling


def test_utf8_without_bom_comma_separated_iso_dates(tmp_path):
    """Plain UTF-8, `,` as separator, ISO dates and true/false booleans."""
    v = validate("JBRR_wachtlijst_2024-06.csv", (FIXTURES / "utf8_komma_wachtlijst.csv").read_bytes())
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["peildatum"].to_list() == [date(2024, 6, 30)] * 2
    assert v.frame["aanmelddatum"].to_list() == [date(2024, 6, 3), date(2024, 4, 18)]
    assert v.frame["overbrugging"].to_list() == [True, False]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_encodings_and_separators(tmp_path, encoding, sep):
    """Each accepted encoding with each separator, with an é in a text cell."""
    text = render("caseload", {(0, "team"): "Team Zuid é", (0, "casushouders_fte"): "14.5", (1, "casushouders_fte"): "3"}, sep=sep)
    v = check(tmp_path, "JBRR_caseload_2024-06.csv", text, encoding)
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["team"].to_list() == ["Team Zuid é", "Cluster 7"]
    assert v.frame["casushouders_fte"].to_list() == [14.5, 3.0]


def test_decimal_comma_with_semicolon(tmp_path):
    """With `;` as separator, `14,5` is fourteen and a half."""
    v = check(tmp_path, "JBRR_personeel_2024-06.csv", render("personeel"))
    assert v.ok
    assert v.frame["bezetting_fte"].to_list() == [14.5, 3.2]
    assert v.frame["verzuim_pct"].to_list() == [7.5, 2.0]


def test_decimal_point_with_comma_separator(tmp_path):
    """With `,` as separator the decimal point is used: `14.5`."""
    text = (
        "\n".join(
            [
                ",".join(GOOD["personeel"][1]),
                "JBRR,2024-06,Cluster 7,jeugdbeschermer,14.5,16,1,2,2.0,1.5,7.5,12",
            ]
        )
        + "\n"
    )
    v = check(tmp_path, "JBRR_personeel_2024-06.csv", text)
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["bezetting_fte"].to_list() == [14.5]


def test_dutch_thousands_separator_in_a_count_is_not_silently_one(tmp_path):
    """In a `;` file with decimal commas, `1.000` casussen means one thousand. Storing it as 1
    would show a caseload a thousand times too low; it must be refused (or read as 1000)."""
    v = check(
        tmp_path,
        "JBRR_caseload_2024-06.csv",
        render("caseload", {(0, "casussen"): "1.000", (0, "zonder_vaste_casushouder"): "0", (0, "contact_binnen_3_maanden"): "0"}),
    )
    assert not v.ok or v.frame["casussen"][0] == 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-06-30", date(2024, 6, 30), id="ISO"),
        pytest.param("30-06-2024", date(2024, 6, 30), id="DD-MM-YYYY"),
        pytest.param("30-6-2024", date(2024, 6, 30), id="D-M-YYYY-dutch-excel"),
        pytest.param("3-6-2024", date(2024, 6, 3), id="D-M-YYYY-single-digits"),
    ],
)
def test_date_formats(tmp_path, text, expected):
    """Dates as ISO, as Dutch DD-MM-YYYY and as Dutch Excel's D-M-YYYY are all read."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(0, "aanmelddatum"): text, (0, "peildatum"): "30-06-2024"}))
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["aanmelddatum"][0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True),
        ("nee", False),
        ("Ja", True),
        ("NEE", False),
        ("true", True),
        ("false", False),
        ("TRUE", True),
        ("1", True),
        ("0", False),
        ("WAAR", True),
        ("ONWAAR", False),
    ],
)
def test_booleans(tmp_path, text, expected):
    """overbrugging accepts ja/nee, true/false, 1/0 and Dutch Excel's WAAR/ONWAAR."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(0, "overbrugging"): text}))
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["overbrugging"][0] is expected


def test_headers_are_case_insensitive_and_trimmed(tmp_path):
    """`  Aanbieder `, `PEILDATUM` and `Client_ID` are the contract's columns."""
    cols = GOOD["wachtlijst"][1]
    header = ["  Aanbieder ", "PEILDATUM", "Client_ID", " Product"] + [c.title() for c in cols[4:]]
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", header=header))
    assert v.ok, [e.text() for e in v.errors]
    assert v.warnings == []
    assert v.frame.columns == cols
    assert v.frame["client_id"][0] == "JB-000001"


def test_cells_are_trimmed_and_codes_case_insensitive(tmp_path):
    """Spaces around a value and the case of codes do not matter."""
    v = check(
        tmp_path,
        "JBRR_wachtlijst_2024-06.csv",
        render(
            "wachtlijst", {(0, "product"): " ots ", (0, "wacht_op"): "Jeugdbeschermer", (0, "urgentie"): "SPOED", (0, "aanbieder"): "jbrr"}
        ),
    )
    assert v.ok, [e.text() for e in v.errors]
    row = v.frame.row(0, named=True)
    assert (row["aanbieder"], row["product"], row["wacht_op"], row["urgentie"]) == ("JBRR", "OTS", "jeugdbeschermer", "spoed")


def test_windows_line_endings(tmp_path):
    """CRLF line endings (Windows) read the same as LF."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst").replace("\n", "\r\n"))
    assert v.ok
    assert v.frame["leeftijd"].to_list() == [12, 15, None]


def test_optional_columns_get_their_defaults(tmp_path):
    """Left out or left empty: urgentie is `regulier`, overbrugging `nee`, inhuur_fte 0."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst"))
    assert v.frame["urgentie"][2] == "regulier" and v.frame["overbrugging"][2] is False
    for col in ("urgentie", "overbrugging", "gebied", "leeftijd"):
        v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", drop=col))
        assert v.ok, (col, [e.text() for e in v.errors])
    v = validate("JBRR_wachtlijst_2024-06.csv", render("wachtlijst", drop="overbrugging").encode())
    assert v.frame["overbrugging"].to_list() == [False, False, False]
    v = validate("JBRR_wachtlijst_2024-06.csv", render("wachtlijst", drop="urgentie").encode())
    assert v.frame["urgentie"].to_list() == ["regulier"] * 3
    v = validate("JBRR_personeel_2024-06.csv", render("personeel", drop="inhuur_fte").encode())
    assert v.ok and v.frame["inhuur_fte"].to_list() == [0.0, 0.0]
    v = validate("JBRR_personeel_2024-06.csv", render("personeel", {(1, "inhuur_fte"): ""}).encode())
    assert v.ok and v.frame["inhuur_fte"].to_list() == [1.5, 0.0]
    # Optional without default stays empty (unknown), not zero.
    v = validate("JBRR_personeel_2024-06.csv", render("personeel", {(1, "verzuim_pct"): ""}).encode())
    assert v.ok and v.frame["verzuim_pct"][1] is None


# --------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------

PERSONEEL_XLSX = [
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
        "verzuim_pct",
    ],
    ["ENVER", date(2024, 4, 1), "Enver Ambulant Noord", "hulpverlener", 21.75, 25, 2, 1, 3.5, 6.25],
    ["ENVER", "2024-05", "Enver Ambulant Noord", "hulpverlener", 21, 24, 0, 1, 4, None],
]


def test_xlsx_data_on_the_first_sheet(tmp_path):
    """An Excel file with the data on its only sheet: numeric cells are numbers, a date cell
    in the month column is read as that month."""
    v = validate("ENVER_personeel_2024-Q2.xlsx", xlsx_bytes([("Blad1", PERSONEEL_XLSX)]))
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["periode"].to_list() == [date(2024, 4, 1), date(2024, 5, 1)]
    assert v.frame["bezetting_fte"].to_list() == [21.75, 21.0]
    assert v.frame["bezetting_personen"].to_list() == [25, 24]
    assert v.frame["verzuim_pct"].to_list() == [6.25, None]
    assert v.frame["inhuur_fte"].to_list() == [0.0, 0.0]


def test_xlsx_data_on_the_sheet_named_after_the_soort(tmp_path):
    """When the first sheet is an explanation, the sheet named `Personeel` is read."""
    data = xlsx_bytes([("Toelichting", [["Aanlevering Enver, opgesteld door afdeling BI"]]), ("Personeel", PERSONEEL_XLSX)])
    v = validate("ENVER_personeel_2024-Q2.xlsx", data)
    assert v.ok, [e.text() for e in v.errors]
    assert v.rows == 2


def test_xlsx_real_date_cells(tmp_path):
    """Date cells (not text) for peildatum and aanmelddatum, numeric leeftijd."""
    rows = [
        ["aanbieder", "peildatum", "client_id", "product", "wacht_op", "aanmelddatum", "leeftijd", "overbrugging"],
        ["JBRR", date(2024, 6, 30), "JB-000001", "OTS", "jeugdbeschermer", date(2024, 6, 3), 12, "ja"],
        ["JBRR", date(2024, 6, 30), "JB-000002", "VOOGDIJ", "jeugdbeschermer", date(2023, 12, 1), 17, True],
    ]
    v = validate("JBRR_wachtlijst_2024-06.xlsx", xlsx_bytes([("wachtlijst", rows)]))
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["peildatum"].to_list() == [date(2024, 6, 30)] * 2
    assert v.frame["aanmelddatum"].to_list() == [date(2024, 6, 3), date(2023, 12, 1)]
    assert v.frame["leeftijd"].to_list() == [12, 17]
    assert v.frame["overbrugging"].to_list() == [True, True]


def test_xlsx_date_cell_outside_period_is_named_by_row(tmp_path):
    """In Excel too, a date outside the period names the spreadsheet row."""
    rows = [
        ["aanbieder", "peildatum", "team", "product", "casussen", "casushouders_fte", "zonder_vaste_casushouder"],
        ["JBRR", date(2024, 6, 30), "Cluster 1", "OTS", 200, 14.5, 3],
        ["JBRR", date(2024, 7, 31), "Cluster 2", "OTS", 180, 12, 0],
    ]
    v = validate("JBRR_caseload_2024-06.xlsx", xlsx_bytes([("caseload", rows)]))
    assert_rejected_with(v, 3, "peildatum", "2024-07-31", "valt buiten de periode")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04 dit is geen echte werkmap", id="zip-header-then-garbage"),
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"aanbieder;peildatum\nJBRR;30-06-2024\n", id="csv-saved-as-xlsx"),
    ],
)
def test_corrupt_xlsx_is_a_clear_rejection(tmp_path, data):
    """A damaged Excel file gives one Dutch message, not a traceback."""
    v = validate("JBRR_wachtlijst_2024-06.xlsx", data)
    assert_rejected_with(v, None, None, None, "geen leesbaar Excel-bestand")


def test_truncated_xlsx_is_a_clear_rejection(tmp_path):
    """A workbook cut off halfway through sending."""
    good = xlsx_bytes([("Blad1", PERSONEEL_XLSX)])
    v = validate("ENVER_personeel_2024-Q2.xlsx", good[: len(good) // 2])
    assert_rejected_with(v, None, None, None, "geen leesbaar Excel-bestand")


def test_a_workbook_whose_packed_sheet_is_damaged_is_a_clear_rejection(tmp_path):
    """Bytes changed inside a sheet's compressed data (a bad disk, a broken transfer): the
    size check unpacking it raised zlib's error, a traceback (found by a property search)."""
    good = xlsx_bytes([("Blad1", PERSONEEL_XLSX)])
    member = zipfile.ZipFile(io.BytesIO(good)).getinfo("xl/worksheets/sheet1.xml")
    assert member.compress_type == zipfile.ZIP_DEFLATED
    name_len, extra_len = struct.unpack("<HH", good[member.header_offset + 26 : member.header_offset + 30])
    start = member.header_offset + 30 + name_len + extra_len
    bad = good[:start] + b"\xff" * 8 + good[start + 8 :]
    v = validate("ENVER_personeel_2024-Q2.xlsx", bad)
    assert_rejected_with(v, None, None, None, "geen leesbaar Excel-bestand")


# --------------------------------------------------------------------------------------
# Columns: unknown, missing, duplicated
# --------------------------------------------------------------------------------------


def test_unknown_extra_column_is_only_a_warning(tmp_path):
    """An extra column is ignored with a warning naming it; the file is accepted."""
    _, cols, rows = GOOD["caseload"]
    text = ";".join(cols + ["Opmerking"]) + "\n" + "\n".join(";".join(r + ["geen"]) for r in rows) + "\n"
    v = check(tmp_path, "JBRR_caseload_2024-06.csv", text)
    assert v.ok
    assert [(w.row, w.column) for w in v.warnings] == [(1, "opmerking")]
    assert "onbekende kolom" in v.warnings[0].rule
    assert "opmerking" not in v.frame.columns


REQUIRED = [(kind, col) for kind in GOOD for col in KINDS[kind].required]


@pytest.mark.parametrize(("kind", "column"), REQUIRED, ids=[f"{k}-{c}" for k, c in REQUIRED])
def test_missing_required_column(tmp_path, kind, column):
    """Leaving out a required column rejects the file; the header row (1) and the column are named."""
    v = check(tmp_path, GOOD[kind][0], render(kind, drop=column))
    assert_rejected_with(v, 1, column, None, "verplichte kolom ontbreekt")


@pytest.mark.parametrize(("kind", "column"), REQUIRED, ids=[f"{k}-{c}" for k, c in REQUIRED])
def test_empty_required_value(tmp_path, kind, column):
    """An empty cell in a required column rejects the file, naming row and column."""
    v = check(tmp_path, GOOD[kind][0], render(kind, {(1, column): ""}))
    assert_rejected_with(v, 3, column, None, "verplicht veld is leeg")


def test_same_column_twice_in_different_case_is_refused(tmp_path):
    """`Product` and `product` in one header: which one counts? The file is refused."""
    _, cols, rows = GOOD["wachtlijst"]
    text = ";".join(cols + ["Product"]) + "\n" + "\n".join(";".join(r + ["VOOGDIJ"]) for r in rows) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert_rejected_with(v, 1, "product", None, "staat twee keer in de kopregel")


def test_same_column_twice_exactly_is_refused(tmp_path):
    """`product;...;product` with different values: the file must be refused, not read
    with one of the two silently dropped."""
    _, cols, rows = GOOD["wachtlijst"]
    text = ";".join(cols + ["product"]) + "\n" + "\n".join(";".join(r + ["AMBULANT"]) for r in rows) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert not v.ok
    assert any("twee keer" in f.rule for f in v.errors)


# --------------------------------------------------------------------------------------
# Values: types, codes, ranges, comparisons
# --------------------------------------------------------------------------------------

VALUE_CASES = [
    # id, kind, {(row index, column): value}, reported row, column, value, Dutch rule fragment
    # wrong type, one per type
    ("date-impossible-day", "wachtlijst", {(0, "aanmelddatum"): "31-02-2024"}, 2, "aanmelddatum", "31-02-2024", "deze datum bestaat niet"),
    ("date-slashes", "wachtlijst", {(1, "aanmelddatum"): "2024/05/10"}, 3, "aanmelddatum", "2024/05/10", "geen geldige datum"),
    ("date-in-words", "gestart", {(0, "aanmelddatum"): "15 januari 2024"}, 2, "aanmelddatum", "15 januari 2024", "geen geldige datum"),
    ("date-implausible-year", "gestart", {(0, "aanmelddatum"): "15-01-1924"}, 2, "aanmelddatum", "15-01-1924", "niet aannemelijk"),
    ("month-in-words", "personeel", {(0, "periode"): "juni 2024"}, 2, "periode", "juni 2024", "geen geldige maand"),
    ("month-13", "personeel", {(1, "periode"): "2024-13"}, 3, "periode", "2024-13", "geen geldige maand"),
    ("int-with-fraction", "wachtlijst", {(0, "leeftijd"): "12,5"}, 2, "leeftijd", "12,5", "geen geheel getal"),
    ("int-text", "personeel", {(1, "bezetting_personen"): "vier"}, 3, "bezetting_personen", "vier", "geen geheel getal"),
    ("decimal-text", "personeel", {(0, "bezetting_fte"): "veertien"}, 2, "bezetting_fte", "veertien", "geen getal"),
    ("decimal-thousands", "caseload", {(0, "casushouders_fte"): "1.014,5"}, 2, "casushouders_fte", "1.014,5", "geen duizendtallen"),
    ("bool-maybe", "wachtlijst", {(1, "overbrugging"): "misschien"}, 3, "overbrugging", "misschien", "geen geldige ja/nee-waarde"),
    # unknown codes
    ("product-of-other-provider", "wachtlijst", {(0, "product"): "AMBULANT"}, 2, "product", "AMBULANT", "onbekend product voor JBRR"),
    ("product-unknown", "caseload", {(1, "product"): "BESCHERMING"}, 3, "product", "BESCHERMING", "onbekend product voor JBRR"),
    ("product-jbrr-in-enver", "gestart", {(0, "product"): "OTS"}, 2, "product", "OTS", "onbekend product voor ENVER"),
    ("wacht_op-unknown", "wachtlijst", {(1, "wacht_op"): "wachtkamer"}, 3, "wacht_op", "wachtkamer", "onbekende code"),
    ("functie-unknown", "personeel", {(1, "functie"): "directeur"}, 3, "functie", "directeur", "onbekende code"),
    ("urgentie-unknown", "wachtlijst", {(0, "urgentie"): "hoog"}, 2, "urgentie", "hoog", "onbekende code"),
    ("urgentie-unknown-gestart", "gestart", {(1, "urgentie"): "dringend"}, 3, "urgentie", "dringend", "onbekende code"),
    # out of range
    ("leeftijd-24", "wachtlijst", {(0, "leeftijd"): "24"}, 2, "leeftijd", "24", "groter dan 23"),
    ("leeftijd-negative", "wachtlijst", {(1, "leeftijd"): "-1"}, 3, "leeftijd", "-1", "kleiner dan 0"),
    ("bezetting_fte-negative", "personeel", {(0, "bezetting_fte"): "-0,5"}, 2, "bezetting_fte", "-0,5", "kleiner dan 0"),
    ("instroom-negative", "personeel", {(0, "instroom_personen"): "-1"}, 2, "instroom_personen", "-1", "kleiner dan 0"),
    ("uitstroom-negative", "personeel", {(1, "uitstroom_personen"): "-2"}, 3, "uitstroom_personen", "-2", "kleiner dan 0"),
    ("vacatures-negative", "personeel", {(1, "vacatures_fte"): "-1"}, 3, "vacatures_fte", "-1", "kleiner dan 0"),
    ("inhuur-negative", "personeel", {(0, "inhuur_fte"): "-1,5"}, 2, "inhuur_fte", "-1,5", "kleiner dan 0"),
    ("verzuim-101", "personeel", {(0, "verzuim_pct"): "101"}, 2, "verzuim_pct", "101", "groter dan 100"),
    ("verzuim-negative", "personeel", {(1, "verzuim_pct"): "-1"}, 3, "verzuim_pct", "-1", "kleiner dan 0"),
    (
        "casussen-negative",
        "caseload",
        {(1, "casussen"): "-40", (1, "zonder_vaste_casushouder"): "-40", (1, "contact_binnen_3_maanden"): "-40"},
        3,
        "casussen",
        "-40",
        "kleiner dan 0",
    ),
    ("casushouders-negative", "caseload", {(0, "casushouders_fte"): "-3"}, 2, "casushouders_fte", "-3", "kleiner dan 0"),
    # comparisons between columns
    (
        "skj-above-bezetting",
        "personeel",
        {(0, "skj_geregistreerd_personen"): "17"},
        2,
        "skj_geregistreerd_personen",
        "17",
        "mag niet groter zijn dan bezetting_personen",
    ),
    (
        "zonder-vaste-above-casussen",
        "caseload",
        {(0, "zonder_vaste_casushouder"): "211"},
        2,
        "zonder_vaste_casushouder",
        "211",
        "mag niet groter zijn dan casussen",
    ),
    (
        "contact-above-casussen",
        "caseload",
        {(1, "contact_binnen_3_maanden"): "41"},
        3,
        "contact_binnen_3_maanden",
        "41",
        "mag niet groter zijn dan casussen",
    ),
    (
        "aanmelddatum-after-peildatum",
        "wachtlijst",
        {(1, "aanmelddatum"): "01-07-2024"},
        3,
        "aanmelddatum",
        "01-07-2024",
        "mag niet later zijn dan peildatum",
    ),
    (
        "startdatum-before-aanmelddatum",
        "gestart",
        {(1, "aanmelddatum"): "18-06-2024"},
        3,
        "startdatum",
        "17-06-2024",
        "mag niet eerder zijn dan aanmelddatum",
    ),
    *[
        (f"{m}-before-ontvangst", "doorlooptijden", {(0, m): "02-06-2024"}, 2, m, "02-06-2024", "mag niet eerder zijn dan ontvangstdatum")
        for m in ("beoordeeld_op", "eerste_contact_op", "risicotaxatie_op", "mdo_op", "gezinsplan_op")
    ],
    # client_id: the provider's pseudonym; a wrong one may be a name, so it is never quoted
    ("client_id-too-short", "wachtlijst", {(0, "client_id"): "JB-01"}, 2, "client_id", None, "6 tot 64 tekens"),
    ("client_id-too-long", "gestart", {(0, "client_id"): "E" * 65}, 2, "client_id", None, "6 tot 64 tekens"),
    ("client_id-space", "wachtlijst", {(1, "client_id"): "JB 000002"}, 3, "client_id", None, "ongeldige waarde"),
    ("client_id-slash", "doorlooptijden", {(1, "client_id"): "JB/000002"}, 3, "client_id", None, "ongeldige waarde"),
    ("client_id-accent", "gestart", {(1, "client_id"): "EN-00000é"}, 3, "client_id", None, "A-Z, a-z, 0-9"),
    # gebied: a closed list; anything else may be a name or an address, so it is never quoted
    ("gebied-unknown", "wachtlijst", {(0, "gebied"): "Jan de Vries"}, 2, "gebied", None, "onbekend gebied"),
    # text length
    ("team-too-long", "caseload", {(0, "team"): "x" * 201}, 2, "team", "x" * 201, "langer dan 200 tekens"),
]


@pytest.mark.parametrize(
    ("kind", "changes", "row", "column", "value", "fragment"), [c[1:] for c in VALUE_CASES], ids=[c[0] for c in VALUE_CASES]
)
def test_bad_value_rejects_the_file(tmp_path, kind, changes, row, column, value, fragment):
    """One bad cell rejects the whole file; the message names its row, column, value and rule."""
    v = check(tmp_path, GOOD[kind][0], render(kind, changes))
    assert_rejected_with(v, row, column, value, fragment, only=kind != "caseload" or column != "casussen")


def test_client_id_at_the_limits_is_accepted(tmp_path):
    """Exactly 6 and exactly 64 characters, with `_` and `-`, are fine."""
    v = check(tmp_path, "ENVER_gestart_2024-06.csv", render("gestart", {(0, "client_id"): "a_B-9z", (1, "client_id"): "X" * 62 + "_-"}))
    assert v.ok, [e.text() for e in v.errors]


def test_edges_of_ranges_are_accepted(tmp_path):
    """leeftijd 0 and 23, verzuim 0 and 100, skj equal to bezetting, counts equal to casussen."""
    assert check(
        tmp_path,
        "JBRR_wachtlijst_2024-06.csv",
        render("wachtlijst", {(0, "leeftijd"): "0", (1, "leeftijd"): "23", (1, "aanmelddatum"): "30-06-2024"}),
    ).ok
    assert check(
        tmp_path,
        "JBRR_personeel_2024-06.csv",
        render("personeel", {(0, "verzuim_pct"): "100", (1, "verzuim_pct"): "0", (0, "skj_geregistreerd_personen"): "16"}),
    ).ok
    assert check(
        tmp_path,
        "JBRR_caseload_2024-06.csv",
        render("caseload", {(0, "zonder_vaste_casushouder"): "210", (0, "contact_binnen_3_maanden"): "210"}),
    ).ok
    assert check(tmp_path, "ENVER_gestart_2024-06.csv", render("gestart", {(0, "aanmelddatum"): "03-06-2024"})).ok


# --------------------------------------------------------------------------------------
# Duplicates
# --------------------------------------------------------------------------------------

DUPLICATE_CASES = [
    (
        "wachtlijst-client-per-peildatum-product",
        "wachtlijst",
        {(2, "client_id"): "JB-000001", (2, "product"): "OTS"},
        "client_id",
        None,
        "client_id komt maar één keer voor per peildatum en product",
    ),
    (
        "personeel-periode-team-functie",
        "personeel",
        {(1, "functie"): "jeugdbeschermer"},
        "functie",
        "jeugdbeschermer",
        "één rij per periode, team en functie",
    ),
    ("caseload-peildatum-team-product", "caseload", {(1, "product"): "OTS"}, "product", "OTS", "één rij per peildatum, team en product"),
    (
        "doorlooptijden-maatregel_id",
        "doorlooptijden",
        {(1, "maatregel_id"): "M2024-000001"},
        "maatregel_id",
        "M2024-000001",
        "maatregel_id is uniek per aanbieder",
    ),
    (
        "gestart-same-trajectory",
        "gestart",
        {(1, "client_id"): "EN-000001", (1, "product"): "AMBULANT", (1, "startdatum"): "03-06-2024"},
        "startdatum",
        "03-06-2024",
        "komt maar één keer voor",
    ),
]


@pytest.mark.parametrize(
    ("kind", "changes", "column", "value", "fragment"), [c[1:] for c in DUPLICATE_CASES], ids=[c[0] for c in DUPLICATE_CASES]
)
def test_duplicate_rows_reject_the_file(tmp_path, kind, changes, column, value, fragment):
    """A second row with the same key: the second one is named, with 'dubbele rij'."""
    v = check(tmp_path, GOOD[kind][0], render(kind, changes))
    row = max(i for i, _ in changes) + 2
    assert_rejected_with(v, row, column, value, "dubbele rij")
    assert fragment in v.errors[0].rule


def test_same_client_for_two_products_is_fine(tmp_path):
    """One young person waiting for OTS and for VOOGDIJ on the same day is two rows, not a duplicate."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(1, "client_id"): "JB-000001"}))
    assert v.ok, [e.text() for e in v.errors]


def test_same_team_for_two_products_and_functies_is_fine(tmp_path):
    """Caseload: one team, two products; personeel: one team, two functies."""
    assert check(tmp_path, "JBRR_caseload_2024-06.csv", render("caseload")).ok
    assert check(tmp_path, "JBRR_personeel_2024-06.csv", render("personeel")).ok


def test_same_client_on_two_peildata_in_a_quarter_is_fine(tmp_path):
    """In a quarter file the same young person can be on the April and the May snapshot."""
    v = check(
        tmp_path,
        "JBRR_wachtlijst_2024-Q2.csv",
        render("wachtlijst", {(1, "client_id"): "JB-000001", (1, "product"): "OTS", (1, "peildatum"): "31-05-2024"}),
    )
    assert v.ok, [e.text() for e in v.errors]


# --------------------------------------------------------------------------------------
# Personal data
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "column",
    [
        "bsn",
        "BSN",
        "naam",
        "achternaam",
        "Voornaam",
        "geboortedatum",
        "adres",
        "Woonadres",
        "postcode",
        "burgerservicenummer",
        # A birth date under another name (these loaded with only a warning once).
        "geb_datum",
        "gebdat",
        "Geboren_op",
        "birth_date",
        "home_address",
    ],
)
def test_personal_data_column_name_rejects(tmp_path, column):
    """A column named like personal data is refused whatever it holds, even empty."""
    _, cols, rows = GOOD["wachtlijst"]
    text = ";".join(cols + [column]) + "\n" + "\n".join(";".join(r + [""]) for r in rows) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert_rejected_with(v, 1, column.lower(), None, "persoonsgegevens")
    assert "Verwijder de kolom" in v.errors[0].rule


def test_the_eleven_test_helper():
    """The test's own eleven-test agrees with known examples."""
    assert eleven_test("111222333") and eleven_test("123456782")
    assert not eleven_test("123456789") and not eleven_test("000000000")
    assert all(eleven_test(b) for b in valid_bsns(3)) and all(b[0] == "0" for b in valid_bsns(2, True))


@pytest.mark.parametrize("bsn", ["111222333", *valid_bsns(2)[1:], "123456782"])
def test_bsn_in_client_id_rejects(tmp_path, bsn):
    """A provider who uses the BSN as client_id is refused: the value passes the eleven-test."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(1, "client_id"): bsn}))
    assert_rejected_with(v, 3, "client_id", None, "elfproef")  # the BSN itself is never echoed
    assert "BSN" in v.errors[0].rule and bsn not in v.errors[0].text()


def test_bsn_with_dropped_leading_zero_rejects(tmp_path):
    """Excel drops a BSN's leading zero: 8 digits that pass the eleven-test after padding."""
    bsn = valid_bsns(1, leading_zero=True)[0]
    short = bsn.lstrip("0")
    assert len(short) == 8
    v = check(tmp_path, "ENVER_gestart_2024-06.csv", render("gestart", {(0, "client_id"): short}))
    assert_rejected_with(v, 2, "client_id", None, "elfproef")


def test_nine_digits_failing_the_eleven_test_are_fine(tmp_path):
    """Nine-digit pseudonyms that fail the eleven-test are not BSNs and are accepted."""
    ids = invalid_nine_digits(3)
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", {(i, "client_id"): x for i, x in enumerate(ids)}))
    assert v.ok, [e.text() for e in v.errors]
    assert v.frame["client_id"].to_list() == ids


def test_nine_digits_failing_the_eleven_test_in_an_extra_column_are_fine(tmp_path):
    """An extra column of non-BSN nine-digit numbers is only an unknown column."""
    _, cols, rows = GOOD["wachtlijst"]
    ids = invalid_nine_digits(3)
    text = ";".join(cols + ["dossier"]) + "\n" + "\n".join(";".join(r + [x]) for r, x in zip(rows, ids)) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert v.ok
    assert [w.column for w in v.warnings] == ["dossier"]


def test_bsn_in_numeric_xlsx_cell_rejects(tmp_path):
    """A BSN typed into Excel as a number is still found."""
    bsn = valid_bsns(1)[0]
    rows = [
        ["aanbieder", "peildatum", "client_id", "product", "wacht_op", "aanmelddatum"],
        ["JBRR", date(2024, 6, 30), int(bsn), "OTS", "jeugdbeschermer", date(2024, 6, 3)],
    ]
    v = validate("JBRR_wachtlijst_2024-06.xlsx", xlsx_bytes([("Blad1", rows)]))
    assert_rejected_with(v, 2, "client_id", None, "elfproef")


def test_bsn_in_an_extra_column_rejects(tmp_path):
    """The most likely leak: an extra column `dossier` holding BSNs. Refused, naming row
    and column — never the value, never a traceback."""
    bsns = valid_bsns(3)
    _, cols, rows = GOOD["wachtlijst"]
    text = ";".join(cols + ["dossier"]) + "\n" + "\n".join(";".join(r + [b]) for r, b in zip(rows, bsns)) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert not v.ok
    assert [(f.row, f.column, f.value) for f in v.errors] == [(2, "dossier", None), (3, "dossier", None), (4, "dossier", None)]
    assert all("elfproef" in f.rule for f in v.errors)


# --------------------------------------------------------------------------------------
# All errors at once, and the cap
# --------------------------------------------------------------------------------------


def test_all_errors_of_a_file_are_listed_at_once(tmp_path):
    """Errors in several rows and columns are all reported in one go, in row order."""
    _, cols, rows = GOOD["wachtlijst"]
    planted = {
        (0, "product"): "AMBULANT",
        (0, "leeftijd"): "30",
        (1, "overbrugging"): "soms",
        (1, "wacht_op"): "wachten",
        (2, "aanmelddatum"): "99-99-2024",
        (2, "client_id"): "kort",
    }
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst", planted))
    assert not v.ok
    assert v.error_count == len(planted) == len(v.errors)
    assert {(f.row, f.column, f.value) for f in v.errors} == {(i + 2, c, None if c == "client_id" else x) for (i, c), x in planted.items()}
    assert [f.row for f in v.errors] == sorted(f.row for f in v.errors)


def test_more_than_the_cap_counts_all_but_lists_the_cap(tmp_path):
    """A file with 250 bad rows: the count is 250, the list stops at 100."""
    assert MAX_LISTED == 100
    _, cols, _ = GOOD["wachtlijst"]
    lines = [";".join(cols[:6])]
    lines += [f"JBRR;30-06-2024;JB-{i:06d};ONBEKEND;jeugdbeschermer;01-06-2024" for i in range(250)]
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", "\n".join(lines) + "\n")
    assert not v.ok
    assert v.error_count == 250
    assert len(v.errors) == 100
    assert [f.row for f in v.errors] == list(range(2, 102))


def test_the_cap_holds_across_different_rules(tmp_path):
    """Two different errors on each of 80 rows: 160 counted, 100 listed."""
    lines = [";".join(GOOD["wachtlijst"][1][:6] + ["leeftijd"])]
    lines += [f"JBRR;30-06-2024;JB-{i:06d};ONBEKEND;jeugdbeschermer;01-06-2024;99" for i in range(80)]
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", "\n".join(lines) + "\n")
    assert v.error_count == 160 and len(v.errors) == 100


# --------------------------------------------------------------------------------------
# Empty files, header only, and never a traceback
# --------------------------------------------------------------------------------------


def test_zero_byte_file_is_rejected(tmp_path):
    """An empty file is refused with a message saying so."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", "")
    assert_rejected_with(v, None, None, None, "het bestand is leeg")


def test_whitespace_only_file_is_rejected(tmp_path):
    """A file with only blank lines is as empty as a 0-byte file."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", "\n\r\n  \n")
    assert_rejected_with(v, None, None, None, "leeg")


@pytest.mark.parametrize("kind", list(GOOD))
def test_header_only_file_is_accepted_with_a_warning(tmp_path, kind):
    """A header and no rows means nothing to report (for a waitlist: nobody waiting). It is
    accepted, with a warning so the provider can confirm it is meant."""
    v = check(tmp_path, GOOD[kind][0], ";".join(GOOD[kind][1]) + "\n")
    assert v.ok
    assert v.rows == 0
    assert any("geen gegevensrijen" in w.rule for w in v.warnings)


def test_header_only_file_missing_a_column_is_rejected(tmp_path):
    """Even without rows the header must have the required columns."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", "aanbieder;peildatum;client_id\n")
    assert not v.ok
    assert {f.column for f in v.errors} == {"product", "wacht_op", "aanmelddatum"}


def _garbage(seed: int, alphabet: list[int]) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.choice(alphabet) for _ in range(rng.randrange(1, 600)))


GARBAGE = [
    pytest.param(_garbage(1, list(range(256))), id="random-bytes"),
    pytest.param(_garbage(2, [b for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)]), id="random-bytes-valid-cp1252"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), id="png-named-csv"),
    pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 64, id="binary-with-nul-bytes"),
    pytest.param(xlsx_bytes([("Blad1", PERSONEEL_XLSX)]), id="xlsx-named-csv"),
    pytest.param("aanbieder;peildatum\n".encode("utf-16"), id="utf-16"),
    pytest.param(b"\x00" * 100, id="only-nul-bytes"),
    pytest.param(b'"""";;;\n"\n', id="only-quotes"),
]


@pytest.mark.parametrize("data", GARBAGE)
def test_garbage_is_rejected_without_traceback(tmp_path, data):
    """Whatever arrives named .csv: a rejection with a Dutch message, never an exception."""
    v = validate("JBRR_wachtlijst_2024-06.csv", data)
    assert not v.ok
    assert v.errors and all(f.file == "JBRR_wachtlijst_2024-06.csv" for f in v.errors)
    assert v.error_count >= len(v.errors)


RAGGED = [
    pytest.param("JBRR;30-06-2024;JB-000001;OTS;jeugdbeschermer;15-01-2024;regulier;ja;Noord;12;extra;meer\n", id="too-many-fields"),
    pytest.param('JBRR;30-06-2024;"JB-000001;OTS;jeugdbeschermer;15-01-2024;regulier;ja;Noord;12\n', id="unclosed-quote"),
]


@pytest.mark.parametrize("bad_line", RAGGED)
def test_ragged_rows_are_rejected_without_traceback(tmp_path, bad_line):
    """A row with more cells than the header, or a quote left open: refused, no traceback."""
    good = render("wachtlijst")
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", good + bad_line)
    assert not v.ok and v.errors
    assert "geen leesbare CSV" in v.errors[0].rule


def test_short_row_names_the_missing_cells(tmp_path):
    """A row cut short: its empty required cells are named with the row number."""
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst") + "JBRR;30-06-2024;JB-000009;OTS\n")
    assert not v.ok
    assert {(f.row, f.column) for f in v.errors} == {(5, "wacht_op"), (5, "aanmelddatum")}
    assert all("verplicht" in f.rule for f in v.errors)


def test_too_many_fields_names_the_row(tmp_path):
    """Contract: an error names the row as the provider sees it. The extra cells are in row 5."""
    bad = "JBRR;30-06-2024;JB-000009;OTS;jeugdbeschermer;15-01-2024;regulier;ja;Noord;12;extra\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", render("wachtlijst") + bad)
    assert not v.ok
    assert v.errors[0].row == 5
    assert "Schema" not in v.errors[0].rule


def test_blank_lines_keep_row_numbers(tmp_path):
    """An empty line or a row of only separators is skipped, and later rows keep the number
    the provider sees in their editor."""
    good = render("wachtlijst", {(2, "product"): "XXX"}).splitlines()
    text = "\n".join(good[:2] + ["", ";;;;;;;;;"] + good[2:]) + "\n"
    v = check(tmp_path, "JBRR_wachtlijst_2024-06.csv", text)
    assert_rejected_with(v, 6, "product", "XXX", "onbekend product")


# --------------------------------------------------------------------------------------
# Files checked together (a folder is validated per provider, kind and header in one
# pass): each file gets exactly the findings, frame and row numbers it gets alone.
# --------------------------------------------------------------------------------------


def test_files_checked_together_get_exactly_the_outcome_they_get_alone():
    blobs = batch_mix()
    together = validate_many(blobs)
    alone = [validate(name, data) for name, data in blobs]
    assert sum(v.ok for v in alone) >= 8 and sum(not v.ok for v in alone) >= 8  # the mix has both
    assert any(v.error_count > MAX_LISTED for v in alone)
    for t, a in zip(together, alone):
        assert (t.file, t.name, t.errors, t.error_count, t.warnings) == (a.file, a.name, a.errors, a.error_count, a.warnings), a.file
        assert (t.frame is None) == (a.frame is None), a.file
        if a.frame is not None:
            assert t.frame.equals(a.frame), a.file
            assert t.frame.schema == a.frame.schema, a.file
            assert t.row_numbers.to_list() == a.row_numbers.to_list(), a.file


def test_files_checked_together_name_their_own_period_and_rows():
    """Spot checks of the mix, as a provider reads them."""
    by_name = {v.file: v for v in validate_many(batch_mix())}
    q2, april = by_name["JBRR_wachtlijst_2024-Q2.csv"], by_name["JBRR_wachtlijst_2024-04.csv"]
    assert_rejected_with(q2, 3, "peildatum", "01-07-2024", "het kwartaal 2024-Q2: 01-04-2024 t/m 30-06-2024")
    assert april.error_count == 240 and len(april.errors) == MAX_LISTED
    assert by_name["JBRR_wachtlijst_2024-05.csv"].ok and by_name["JBRR_wachtlijst_2024-06.csv"].ok
    assert_rejected_with(by_name["JBRR_wachtlijst_2024-07.csv"], 3, "client_id", None, "dubbele rij")
    assert by_name["JBRR_wachtlijst_2024-10.csv"].ok and by_name["JBRR_wachtlijst_2024-10.csv"].warnings
